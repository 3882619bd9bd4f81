"""The exception tree.

    AEPortalError            anything the CLI turns into a message and exit status 2
     ├── UsageError          a bad option or argument
     ├── InputError          a path that cannot be read as an AE Portal repository
     ├── BuildError          a build that could not complete (the previous site stays whole)
     ├── SendError           scheduled e-mails that could not all be sent (what was, is recorded)
     └── ForgeError          GitHub or GitLab could not be asked for reviews (exit status 3)

Problems *inside* the content are never exceptions: they are collected as
``Diagnostic`` records so that one run reports all of them.
"""


class AEPortalError(Exception):
    """Base of every error the CLI reports without a traceback."""

    exit_code = 2


class UsageError(AEPortalError):
    """A command was called with options that do not fit."""


class InputError(AEPortalError):
    """The input cannot be read at all (missing folder, permission denied)."""


class BuildError(AEPortalError):
    """A build failed; the previous site is untouched."""

    exit_code = 1


class SendError(AEPortalError):
    """The mail server refused or could not be reached; what was sent before is recorded."""

    exit_code = 1


class ForgeError(AEPortalError):
    """GitHub or GitLab could not be asked (refused, not found, unreachable, rate limited)."""

    exit_code = 3
