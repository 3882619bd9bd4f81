"""The aeportal command: parse options, call one library function, print the result."""

# The console script (pyproject: aeportal.cli:run); `from aeportal.cli import main` runs a
# command in this process and returns its status.
from aeportal.cli.commands import main, run

__all__ = ["main", "run"]
