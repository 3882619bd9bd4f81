"""The aeportal command: parse options, call one library function, print the result."""

# The console script (pyproject: aeportal.cli:main) and `from aeportal.cli import main`
# keep working in environments installed before the move.
from aeportal.cli.commands import main

__all__ = ["main"]
