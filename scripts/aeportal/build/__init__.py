"""The site engine: pages to MkDocs sites, the builder, preview and privacy audit."""
