"""AE Portal: client portals for agency account executives, built from git."""

__version__ = "0.1.0"
