"""Built portals to a deploy tree behind HTTP Basic authentication."""
