"""Located problems: what every stage reports instead of raising."""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Loc:
    """A place in a source file; line and column are 1-based (0 means "the whole file")."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"

    def __reduce__(self) -> tuple[type[Loc], tuple[str, int, int]]:
        # A loaded account holds one Loc per value; the generic state of a frozen class
        # with slots sets each field through fields() and took most of a cache read.
        return Loc, (self.path, self.line, self.col)


class Mark(Protocol):
    """A YAML reader's position: 0-based line and column, and the character offset."""

    line: int
    column: int
    index: int


# Line breaks to YAML 1.1 readers (PyYAML and libyaml), but not to editors, git or Markdown.
# AE Portal counts lines as they do: a line ends at "\n" (a CR is folded into one on reading).
_YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")


class Lines:
    """Line and column (1-based) of places in one text whose lines end at "\n" only.

    ``line_offset`` is added to every line: the lines above the text in its file
    (the `---` above a Markdown document's front matter).
    """

    def __init__(self, text: str, line_offset: int = 0) -> None:
        self.text = text
        self.line_offset = line_offset
        # Without these, YAML counts lines as an editor does, and its marks are taken as
        # they are; the offsets of every line are only worked out for a file with one.
        self.yaml_counts_more = _YAML_ONLY_BREAKS.search(text) is not None
        self._starts: list[int] | None = None

    def at(self, index: int) -> tuple[int, int]:
        """Line and column of the character at ``index``."""
        if self._starts is None:
            self._starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        line = bisect.bisect_right(self._starts, index)
        return line + self.line_offset, index - self._starts[line - 1] + 1

    def of_mark(self, mark: Mark) -> tuple[int, int]:
        """Line and column of a YAML reader's mark, counted as an editor counts them."""
        if self.yaml_counts_more:
            return self.at(mark.index)
        return mark.line + 1 + self.line_offset, mark.column + 1

    def loc(self, path: str, mark: Mark) -> Loc:
        return Loc(path, *self.of_mark(mark))


# Every code AE Portal can report, with its default severity and a one-line title.
# docs/diagnostics.md documents each one (a test keeps the two in step).
CODES: dict[str, tuple[Severity, str]] = {
    # files
    "FILE001": (Severity.ERROR, "file is not valid UTF-8"),
    "FILE002": (Severity.ERROR, "file is binary"),
    "FILE003": (Severity.ERROR, "file is empty"),
    "FILE004": (Severity.WARNING, "file starts with a byte order mark"),
    "FILE005": (Severity.ERROR, "symbolic link leaves the account folder"),
    "FILE006": (Severity.WARNING, "file is not part of the format and is ignored"),
    "FILE007": (Severity.ERROR, "file is too large"),
    "FILE008": (Severity.ERROR, "file cannot be read"),
    "FILE009": (Severity.ERROR, "file or folder name is not a valid slug"),
    # accounts
    "ACCT001": (Severity.ERROR, "account folder has no account.yml"),
    "ACCT002": (Severity.ERROR, "no accounts found"),
    # YAML
    "YAML001": (Severity.ERROR, "YAML syntax error"),
    "YAML002": (Severity.ERROR, "duplicate key"),
    "YAML003": (Severity.ERROR, "tab character in indentation"),
    "YAML004": (Severity.ERROR, "unquoted value that YAML 1.1 reads as a boolean"),
    "YAML005": (Severity.ERROR, "unquoted value that YAML reads as a different number"),
    "YAML006": (Severity.ERROR, "anchors, aliases and merge keys are not allowed"),
    "YAML007": (Severity.ERROR, "key is not a plain string"),
    "YAML008": (Severity.ERROR, "more than one YAML document in a file"),
    # front matter
    "FM001": (Severity.ERROR, "Markdown file has no front matter"),
    "FM002": (Severity.ERROR, "front matter is not terminated"),
    # schema
    "SCHEMA001": (Severity.ERROR, "unknown key"),
    "SCHEMA002": (Severity.ERROR, "required key is missing"),
    "SCHEMA003": (Severity.ERROR, "value has the wrong type"),
    "SCHEMA004": (Severity.ERROR, "value is not one of the allowed choices"),
    "SCHEMA005": (Severity.ERROR, "date is not in the form YYYY-MM-DD"),
    "SCHEMA006": (Severity.ERROR, "identifier is not a valid slug"),
    "SCHEMA007": (Severity.ERROR, "number is out of range"),
    "SCHEMA008": (Severity.ERROR, "value is not a valid e-mail address"),
    "SCHEMA009": (Severity.ERROR, "line break in a name or title"),
    "SCHEMA010": (Severity.ERROR, "date is out of range"),
    # references
    "REF001": (Severity.ERROR, "unknown person"),
    "REF002": (Severity.ERROR, "unknown objective"),
    "REF003": (Severity.ERROR, "unknown scope item"),
    "REF004": (Severity.ERROR, "unknown brief"),
    "REF005": (Severity.ERROR, "unknown milestone"),
    "REF006": (Severity.ERROR, "duplicate id"),
    "REF007": (Severity.ERROR, "unknown change request"),
    # scope
    "SCOPE001": (Severity.ERROR, "work beyond contracted scope without an approved change request"),
    "SCOPE002": (Severity.ERROR, "brief in production covered only by a proposed change request"),
    "SCOPE003": (Severity.WARNING, "more revision rounds than contracted"),
    "SCOPE004": (Severity.WARNING, "scope item nearly used up"),
    "SCOPE005": (Severity.ERROR, "brief relies on a change request that was rejected or withdrawn"),
    "SCOPE006": (Severity.ERROR, "change request adds to a scope item of another brief"),
    "SCOPE007": (Severity.ERROR, "change request priced in another currency than the contract"),
    # timeline
    "TIME001": (Severity.ERROR, "milestone starts after it is due"),
    "TIME002": (Severity.ERROR, "dependency cycle"),
    "TIME003": (Severity.WARNING, "dependency is due after the milestone that depends on it"),
    "TIME004": (Severity.ERROR, "done date is in the future"),
    "TIME005": (Severity.ERROR, "approval dates out of order"),
    "TIME006": (Severity.ERROR, "contract ends before it starts"),
    # meetings and approvals
    "MEET001": (Severity.ERROR, "action item has no owner"),
    "MEET002": (Severity.ERROR, "action item has no due date"),
    "APPR001": (Severity.ERROR, "approver is not in the account's approval policy"),
    "APPR002": (Severity.ERROR, "approval is incomplete"),
    "APPR003": (Severity.ERROR, "approval date is in the future"),
    "APPR004": (Severity.WARNING, "client pages cannot offer Approve and Request changes"),
    "APPR005": (Severity.WARNING, "an approver has no e-mail address"),
    # document bodies
    "HTML001": (Severity.ERROR, "script, frame or event handler in a document"),
    "HTML002": (Severity.WARNING, "raw HTML in a document"),
    "HTML003": (Severity.ERROR, "code fence on a line of a value"),
    "BODY001": (Severity.ERROR, "lists or quotes nested too deep"),
    "BODY002": (Severity.ERROR, "too many unclosed brackets in a paragraph"),
    "BODY003": (Severity.ERROR, "too many Markdown marks for the length of a paragraph"),
    # links and images in document bodies
    "LINK001": (Severity.ERROR, "link or image leads to a file that does not exist"),
    "LINK002": (Severity.ERROR, "link from a page the client sees to an internal page"),
    "LINK003": (Severity.ERROR, "link or image leads out of the account folder"),
    "LINK004": (Severity.ERROR, "image of a file offered as a download only (SVG, HTML)"),
    "LINK005": (Severity.ERROR, "link to a file that is no page of the portal"),
    "LINK006": (Severity.WARNING, "absolute link"),
    "LINK007": (Severity.WARNING, "relative link that names no file"),
    # versions of a deliverable: files, decisions, feedback
    "PROOF001": (Severity.ERROR, "file of a version does not exist"),
    "PROOF002": (Severity.ERROR, "file of a version is not under the account's assets/"),
    "PROOF003": (Severity.ERROR, "file of a version belongs to another account"),
    "PROOF004": (Severity.ERROR, "file type is not published"),
    "PROOF005": (Severity.ERROR, "file is too large"),
    "PROOF006": (Severity.ERROR, "Git LFS file is not fetched"),
    "PROOF007": (Severity.WARNING, "file in assets/ that nothing refers to"),
    "PROOF008": (Severity.ERROR, "versions out of order"),
    "PROOF009": (Severity.ERROR, "decision by someone who is not an approver"),
    "PROOF010": (Severity.WARNING, "file changed after the decision"),
    "PROOF011": (Severity.ERROR, "feedback by someone who is not a client contact"),
    "PROOF012": (Severity.WARNING, "feedback left open when a newer version was sent"),
    "PROOF013": (Severity.WARNING, "two contacts' feedback on the same place in one round"),
    "PROOF014": (Severity.ERROR, "feedback done in no later version, or done and declined"),
    "PROOF015": (Severity.ERROR, "external link is not an https:// address"),
    "PROOF016": (Severity.ERROR, "decision on an internal version"),
    # the relationship: contract history, complaints, proposals (relationship.yml)
    "HEALTH001": (Severity.ERROR, "contracts overlap"),
    "HEALTH002": (Severity.ERROR, "renewal starts before the contract it renews"),
    "HEALTH003": (Severity.ERROR, "unknown contract"),
    "HEALTH004": (Severity.ERROR, "contract outcome does not match what followed it"),
    "HEALTH005": (Severity.ERROR, "amount in another currency than its contract"),
    "HEALTH006": (Severity.ERROR, "resolved or decided before it was raised"),
    "HEALTH007": (Severity.ERROR, "resolution is incomplete"),
    "HEALTH008": (Severity.ERROR, "proposal decision is incomplete"),
    "HEALTH009": (Severity.ERROR, "proposal decided or shown to the client but never sent"),
    "HEALTH010": (Severity.ERROR, "person on the wrong side (client contact or team member)"),
    # history (the approval trail in git)
    "HIST001": (Severity.WARNING, "document changed since it was approved"),
    "HIST002": (Severity.WARNING, "approval reached the main line without review"),
    "HIST003": (Severity.WARNING, "shallow clone: the approval trail is incomplete"),
    "HIST004": (Severity.WARNING, "approval trailer names nobody of the account"),
}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem at one place, with a hint that says how to fix it."""

    code: str
    severity: Severity
    loc: Loc
    message: str
    hint: str = ""

    def __reduce__(self) -> tuple[type[Diagnostic], tuple[str, Severity, Loc, str, str]]:
        return Diagnostic, (self.code, self.severity, self.loc, self.message, self.hint)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.loc.path, self.loc.line, self.loc.col, self.code)

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "path": self.loc.path,
            "line": self.loc.line,
            "col": self.loc.col,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass
class Report:
    """Diagnostics collected across a run: collect all, then fail once."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(
        self, code: str, loc: Loc, message: str, hint: str = "", severity: Severity | None = None
    ) -> None:
        """Record a problem; ``severity`` overrides the code's default (a stricter policy)."""
        self.items.append(Diagnostic(code, severity or CODES[code][0], loc, message, hint))

    def extend(self, items: Iterable[Diagnostic]) -> None:
        self.items.extend(items)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items), key=Diagnostic.sort_key)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]
