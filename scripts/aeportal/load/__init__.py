"""Files to model: YAML read with positions, converted strictly, kept between runs."""
