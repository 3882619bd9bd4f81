"""The user documentation keeps up with the code: every diagnostic code and every command."""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from pathlib import Path

import pytest

from aeportal.cli.commands import build_parser
from aeportal.cli.output import as_json
from aeportal.diagnostics import CODES, Diagnostic, Loc, Severity

DOCS = Path(__file__).resolve().parent.parent / "docs"
DIAGNOSTICS = DOCS / "diagnostics.md"
CLI = DOCS / "cli.md"

FENCE = re.compile(r"^```[a-z]*\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def slug(heading: str) -> str:
    """The anchor MkDocs (and GitHub) give a heading."""
    text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode()
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def headings(text: str) -> list[tuple[int, str]]:
    """(level, text) of every heading, in order; lines inside fenced blocks are not headings."""
    found = []
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (match := re.match(r"(#{1,6}) (.+?)\s*$", line)):
            found.append((len(match.group(1)), match.group(2)))
    return found


def sections(text: str, level: int) -> dict[str, str]:
    """Heading text → its section (up to the next heading of the same or a higher level)."""
    out: dict[str, str] = {}
    current: str | None = None
    fenced = False
    for line in text.splitlines(keepends=True):
        if line.startswith("```"):
            fenced = not fenced
        match = None if fenced else re.match(r"(#{1,6}) (.+?)\s*$", line)
        if match and len(match.group(1)) <= level:
            current = match.group(2) if len(match.group(1)) == level else None
            if current is not None:
                out[current] = ""
        elif current is not None:
            out[current] += line
    return out


def code_headings() -> list[tuple[str, str]]:
    """(code, title) of every `### CODE: title` heading of docs/diagnostics.md, in order."""
    found = []
    for level, text in headings(read(DIAGNOSTICS)):
        if level == 3 and (match := re.match(r"([A-Z]+[0-9]+)\b:?\s*(.*)", text)):
            found.append((match.group(1), match.group(2)))
    return found


def command_headings() -> list[str]:
    """NAME of every `## aeportal NAME` heading of docs/cli.md."""
    return [
        text.removeprefix("aeportal ")
        for level, text in headings(read(CLI))
        if level == 2 and text.startswith("aeportal ")
    ]


def code_section(code: str) -> str:
    heading = f"{code}: {CODES[code][1]}"
    found = sections(read(DIAGNOSTICS), 3)
    assert heading in found, f"docs/diagnostics.md has no heading `### {heading}`"
    return found[heading]


def fence_after(section: str, marker: str) -> str:
    """The first fenced block after ``marker`` in ``section``."""
    at = section.find(marker)
    assert at >= 0, f"no {marker}"
    block = FENCE.search(section, at)
    assert block is not None, f"no fenced example after {marker}"
    return block.group(1)


def subcommands() -> dict[str, str]:
    """Name → help text of every subcommand of the ``aeportal`` parser."""
    parser = build_parser()
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {choice.dest: choice.help or "" for choice in sub._choices_actions}
    assert set(helps) == set(sub.choices)
    return helps


def options_of(name: str) -> list[str]:
    parser = build_parser()
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    command = sub.choices[name]
    return [
        max(action.option_strings, key=len)
        for action in command._actions
        if action.option_strings
        and action.help != argparse.SUPPRESS
        and not isinstance(action, argparse._HelpAction)
    ]


# --- docs/diagnostics.md -----------------------------------------------------


@pytest.mark.parametrize("code", list(CODES))
def test_every_code_has_a_heading_with_its_title(code: str) -> None:
    titles = dict(code_headings())
    assert code in titles, f"docs/diagnostics.md has no `### {code}: ...` section"
    assert titles[code] == CODES[code][1], f"the title of {code} differs from CODES"


def test_every_code_heading_is_a_real_code() -> None:
    headed = [code for code, _ in code_headings()]
    unknown = [code for code in headed if code not in CODES]
    assert not unknown, f"docs/diagnostics.md documents codes that do not exist: {unknown}"
    twice = sorted({code for code in headed if headed.count(code) > 1})
    assert not twice, f"docs/diagnostics.md documents these codes twice: {twice}"


def test_code_sections_are_in_the_order_of_codes() -> None:
    headed = [code for code, _ in code_headings()]
    expected = [code for code in CODES if code in headed]
    assert headed == expected, "the sections of docs/diagnostics.md are not in the order of CODES"


@pytest.mark.parametrize("code", list(CODES))
def test_every_code_has_severity_bad_example_message_and_fix(code: str) -> None:
    severity = str(CODES[code][0])
    section = code_section(code)
    assert f"**Severity:** {severity}\n" in section, f"{code}: no `**Severity:** {severity}`"
    bad, message, fix = (section.find(m) for m in ("**Bad example**", "**Message**", "**Fix**"))
    assert -1 < bad < message < fix, f"{code}: needs **Bad example**, **Message**, **Fix** in order"
    assert fence_after(section, "**Bad example**").strip(), f"{code}: the bad example is empty"
    shown = fence_after(section, "**Message**")
    assert f": {severity} {code} " in shown, (
        f"{code}: the message block shows no `{severity} {code}`"
    )
    assert fence_after(section, "**Fix**").strip(), f"{code}: the fix is empty"


@pytest.mark.parametrize("code", list(CODES))
def test_table_of_contents_links_every_code(code: str) -> None:
    anchor = slug(f"{code}: {CODES[code][1]}")
    row = f"| [{code}](#{anchor}) | {CODES[code][1]} | {CODES[code][0]} |"
    assert row in read(DIAGNOSTICS), f"the table of contents has no row `{row}`"


def test_slug_matches_the_anchors_headings_get() -> None:
    assert slug("ACCT001: account folder has no account.yml") == (
        "acct001-account-folder-has-no-accountyml"
    )
    assert slug("YAML006: anchors, aliases and merge keys are not allowed") == (
        "yaml006-anchors-aliases-and-merge-keys-are-not-allowed"
    )


# --- docs/cli.md -------------------------------------------------------------


@pytest.mark.parametrize("name", list(subcommands()))
def test_every_command_is_documented_and_has_help(name: str) -> None:
    assert subcommands()[name].strip(), f"`aeportal {name}` has no help text in build_parser()"
    assert name in command_headings(), f"docs/cli.md has no `## aeportal {name}` section"


@pytest.mark.parametrize("name", list(subcommands()))
def test_every_option_of_a_command_is_in_its_section(name: str) -> None:
    section = sections(read(CLI), 2).get(f"aeportal {name}", "")
    missing = [option for option in options_of(name) if option not in section]
    assert not missing, f"`## aeportal {name}` in docs/cli.md does not mention {missing}"


def test_every_documented_command_exists() -> None:
    unknown = [name for name in command_headings() if name not in subcommands()]
    assert not unknown, f"docs/cli.md documents commands that do not exist: {unknown}"


def test_every_key_of_the_json_output_is_documented() -> None:
    one = Diagnostic("FILE003", Severity.ERROR, Loc("accounts/a/account.yml", 1, 1), "m", "h")
    document = json.loads(as_json([one], 1))
    section = sections(read(CLI), 2)["aeportal validate"]
    keys = [*document, *document["diagnostics"][0]]
    missing = [key for key in keys if f"| `{key}` |" not in section]
    assert not missing, f"`aeportal validate` in docs/cli.md does not describe {missing}"
    assert f"currently `{document['version']}`" in section, "the documented version is not current"
