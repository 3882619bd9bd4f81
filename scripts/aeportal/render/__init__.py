"""Model and derived facts to pages, charts, feeds and status text, per audience."""
