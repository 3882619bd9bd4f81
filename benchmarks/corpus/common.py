"""The corpus's fixed date, time zone, kinds of document and history shape."""

from __future__ import annotations

import datetime as dt

TODAY = dt.date(2026, 11, 23)
TZ = "+0700"  # the agency works from Vietnam
TZ_SECONDS = 7 * 3600
KINDS = ("briefs", "changes", "meetings", "reports", "internal")
SCHEMA = "# yaml-language-server: $schema=../../../docs/schemas/{}.schema.json"
# Steps (document versions) per commit after the initial import: older steps are folded
# into the import so that the history keeps about this density.
STEPS_PER_COMMIT = 1.3
ENDGAME = 3  # commits kept at the end to merge open pull requests and sweep what is left
OPEN_PRS = 6  # pull requests open at the same time, at most
PR_DAYS = 4  # days a pull request stays open, at most
GITHUB = ("GitHub", "noreply@github.com")


def split(text: str) -> list[str]:
    """Items of a word list written one per line, or on one line separated by `|`."""
    return [item.strip() for item in text.split("\n" if "\n" in text else "|") if item.strip()]
