"""Malformed input, table-driven: each becomes a located diagnostic, never a traceback.

Each case puts a few files over conftest.VALID and lists every diagnostic
expected as (code, path, line); the `check` fixture fails on anything written
to stderr, so a traceback cannot slip through.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import pytest

from aeportal.cli.commands import main
from conftest import ACCOUNT, BRIEF, MEETING, TIMELINE, VALID, edit, md

BOM = b"\xef\xbb\xbf"
MiB = 1024 * 1024


class Case(NamedTuple):
    files: dict[str, Any]
    expected: list[tuple[str, str, int]]
    status: int = 1
    hint: str | None = None  # the last diagnostic's exact hint, where it matters
    message: str | None = None  # and its exact message, where the wording is AE Portal's
    # How the message ends, where AE Portal adds to the YAML parser's own wording (which
    # changes between PyYAML releases and is not asserted).
    message_end: str | None = None
    col: int | None = None  # and its column


def crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode()


CASES: dict[str, Case] = {
    # --- YAML pitfalls ---------------------------------------------------------
    "duplicate key, top level": Case(
        {TIMELINE: VALID[TIMELINE] + "milestones: []\n"},
        [("YAML002", TIMELINE, 25)],
    ),
    "duplicate key, nested": Case(
        edit(ACCOUNT, "role: Marketing Director\n", "role: Marketing Director\n      role: CMO\n"),
        [("YAML002", ACCOUNT, 10)],
    ),
    "`no` where text is expected": Case(
        edit(BRIEF, "title: Launch post", "title: no"),
        [("YAML004", BRIEF, 2)],
    ),
    "`on` where a choice is expected": Case(
        edit(BRIEF, "status: in_review", "status: on"),
        [("YAML004", BRIEF, 5)],
    ),
    "`yes` where text is expected": Case(
        edit(ACCOUNT, "currency: USD", "currency: yes"),
        [("YAML004", ACCOUNT, 25)],
    ),
    "`off` where a choice is expected": Case(
        edit(TIMELINE, "impact: medium", "impact: off"),
        [("YAML004", TIMELINE, 22)],
    ),
    "`yes` where true or false is expected": Case(
        edit(ACCOUNT, "approver: true", "approver: yes"),
        [("YAML004", ACCOUNT, 11)],
    ),
    "`12:30` where text is expected": Case(
        edit(MEETING, "title: Kickoff workshop", "title: 12:30"),
        [("YAML005", MEETING, 2)],
    ),
    "`1.10` where text is expected": Case(
        edit(ACCOUNT, "id: C-2026-01", "id: 1.10"),
        [("YAML005", ACCOUNT, 21)],
    ),
    "octal `010` where text is expected": Case(
        edit(ACCOUNT, "id: C-2026-01", "id: 010"),
        [("YAML005", ACCOUNT, 21)],
    ),
    "hexadecimal `0x10` where a number is expected": Case(
        edit(BRIEF, "quantity: 1", "quantity: 0x10"),
        [("YAML005", BRIEF, 4)],
    ),
    "tab in indentation": Case(
        edit(ACCOUNT, "    name: Minh Tran", "\tname: Minh Tran"),
        [("YAML003", ACCOUNT, 17)],
    ),
    "two YAML documents in one file": Case(
        {ACCOUNT: VALID[ACCOUNT] + "---\nname: Again\n"},
        [("YAML008", ACCOUNT, 48)],
    ),
    "anchor and alias": Case(
        {
            MEETING: VALID[MEETING]
            .replace("[lan, hoa, minh]", "[&l lan, hoa, minh]")
            .replace("owner: lan", "owner: *l")
        },
        [("YAML006", MEETING, 4), ("YAML006", MEETING, 9)],
    ),
    "merge key": Case(
        edit(TIMELINE, "      by: lan\n", "      <<: {by: lan}\n"),
        # The approval is left out, so it also has no `by`.
        [("SCHEMA002", TIMELINE, 17), ("YAML006", TIMELINE, 17)],
    ),
    "key that is not plain text": Case(
        edit(BRIEF, "quantity: 1\n", "? [a, b]\n: 1\n"),
        [("YAML007", BRIEF, 4)],
    ),
    "unclosed bracket": Case(
        edit(ACCOUNT, "approvers: [lan]", "approvers: [lan"),
        [("YAML001", ACCOUNT, 29)],
    ),
    "unclosed quote": Case(
        edit(BRIEF, "title: Launch post", 'title: "Launch post'),
        # Found where the front matter ends, and said where the quote opened.
        [("YAML001", BRIEF, 12)],
        message_end=" started on line 2)",
    ),
    "nesting too deep to compose": Case(
        edit(
            BRIEF,
            "summary: Shorter headline\n",
            "summary: Shorter headline\n" + "internal: " + "[" * 100_000 + "]" * 100_000 + "\n",
        ),
        [("YAML001", BRIEF, 13)],
        message="values are nested more than 64 levels deep",
    ),
    # --- dates -----------------------------------------------------------------
    "date as 20/11/2026": Case(
        edit(BRIEF, "due: 2026-12-01", "due: 20/11/2026"),
        [("SCHEMA005", BRIEF, 7)],
        hint="write 2026-11-20",
    ),
    "date as 2026/11/20": Case(
        edit(TIMELINE, "start: 2026-01-05", "start: 2026/01/05"),
        [("SCHEMA005", TIMELINE, 6)],
        hint="write 2026-01-05",
    ),
    "date 2026-13-01 that does not exist": Case(
        edit(ACCOUNT, "start: 2026-01-01", "start: 2026-13-01"),
        [("SCHEMA005", ACCOUNT, 22)],
    ),
    "date with a time": Case(
        edit(MEETING, "date: 2026-01-09", "date: 2026-01-09T10:00:00"),
        [("SCHEMA005", MEETING, 3)],
        hint="give the date only, without a time: YYYY-MM-DD",
    ),
    "date with hours and minutes": Case(
        edit(BRIEF, "due: 2026-12-01", "due: 2026-12-01 10:00"),
        [("SCHEMA005", BRIEF, 7)],
        hint="give the date only, without a time: YYYY-MM-DD",
    ),
    "date as a number": Case(
        edit(BRIEF, "due: 2026-12-01", "due: 20261201"),
        [("SCHEMA005", BRIEF, 7)],
    ),
    # --- file level ------------------------------------------------------------
    "byte order mark with another error": Case(
        {TIMELINE: BOM + VALID[TIMELINE].replace("phase: kickoff", "phase: kick-off").encode()},
        [("FILE004", TIMELINE, 1), ("SCHEMA004", TIMELINE, 4)],
    ),
    "CRLF line endings with a later error": Case(
        {MEETING: crlf(VALID[MEETING].replace("done: 2026-01-19", "done: 2026-1-19"))},
        [("SCHEMA005", MEETING, 11)],
        hint="write 2026-01-19",
    ),
    "empty file": Case({MEETING: ""}, [("FILE003", MEETING, 1)]),
    "whitespace-only file": Case({ACCOUNT: "  \n\n   \n"}, [("FILE003", ACCOUNT, 1)]),
    "comments-only YAML": Case({TIMELINE: "# to do\n\n# later\n"}, [("FILE003", TIMELINE, 1)]),
    "document marker only": Case({TIMELINE: "---\n"}, [("FILE003", TIMELINE, 1)]),
    "Markdown without front matter": Case(
        {MEETING: "# Kickoff\n\nNotes.\n"}, [("FM001", MEETING, 1)]
    ),
    "unterminated front matter": Case(
        {BRIEF: VALID[BRIEF].replace("---\n# Launch post", "# Launch post")},
        [("FM002", BRIEF, 1)],
    ),
    "empty front matter": Case({BRIEF: "---\n---\n# Launch post\n"}, [("SCHEMA002", BRIEF, 1)]),
    "comments-only front matter": Case(
        {BRIEF: "---\n# to do\n---\n# Launch post\n"}, [("SCHEMA002", BRIEF, 1)]
    ),
    "invalid UTF-8": Case(
        {MEETING: VALID[MEETING].replace("Start with", "Start \xe0 with").encode("latin-1")},
        [("FILE001", MEETING, 6)],
        col=11,  # of the bad byte
    ),
    "binary file with NUL bytes": Case(
        {ACCOUNT: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}, [("FILE002", ACCOUNT, 0)]
    ),
    "file too large": Case(
        {TIMELINE: VALID[TIMELINE] + ("# padding\n" * (MiB // 5))},
        [("FILE007", TIMELINE, 0)],
    ),
    "file that is not Markdown in briefs/": Case(
        {"accounts/acme/briefs/moodboard.png": b"\x89PNG"},
        [("FILE006", "accounts/acme/briefs/moodboard.png", 0)],
        status=0,
    ),
    "document name that is not a slug": Case(
        {"accounts/acme/changes/CR-001.md": md(title="X", requested_by="lan")},
        [("FILE009", "accounts/acme/changes/CR-001.md", 0)],
    ),
    "account folder without account.yml": Case(
        {"accounts/beta/timeline.yml": "milestones: []\n"},
        [("ACCT001", "accounts/beta", 0)],
    ),
    # --- schema ----------------------------------------------------------------
    "unknown key `stauts`": Case(
        edit(BRIEF, "status: in_review", "stauts: in_review"),
        [("SCHEMA001", BRIEF, 5)],
        hint="did you mean `status`?",
    ),
    "unknown choice `in-review`": Case(
        edit(BRIEF, "status: in_review", "status: in-review"),
        [("SCHEMA004", BRIEF, 5)],
        hint="did you mean `in_review`?",
    ),
    "list where a mapping is expected": Case(
        edit(ACCOUNT, "  approvers: [lan]\n  sla_days: 2\n  channel: e-mail\n", "  - lan\n"),
        [("SCHEMA003", ACCOUNT, 28)],
    ),
    "mapping where text is expected": Case(
        edit(BRIEF, "title: Launch post", "title: {en: Launch post}"),
        [("SCHEMA003", BRIEF, 2)],
    ),
    "text where a number is expected": Case(
        edit(ACCOUNT, "target: 50000", "target: lots"),
        [("SCHEMA003", ACCOUNT, 35)],
    ),
    "quoted number": Case(
        edit(BRIEF, "quantity: 1", 'quantity: "1"'),
        [("SCHEMA003", BRIEF, 4)],
    ),
    "float where a whole number is expected": Case(
        edit(ACCOUNT, "revision_rounds: 1", "revision_rounds: 1.5"),
        [("SCHEMA003", ACCOUNT, 47)],
    ),
    "negative quantity": Case(
        edit(ACCOUNT, "quantity: 2", "quantity: -1"),
        [("SCHEMA007", ACCOUNT, 46)],
    ),
    # Numbers too long to be read: Python's int() refuses more than 4300 digits, and a
    # float of more than 308 is infinite; each is reported where it is written.
    "a whole number of 5000 digits": Case(
        edit(ACCOUNT, "quantity: 2", "quantity: " + "9" * 5000),
        [("SCHEMA007", ACCOUNT, 46)],
        message=f"`quantity`: `{'9' * 20}…{'9' * 10}` (5000 characters) is too large a number "
        "to be read",
        col=15,
    ),
    "an amount of 400 digits": Case(
        edit(ACCOUNT, "value: 12000", "value: " + "1" * 400),
        [("SCHEMA007", ACCOUNT, 24)],
    ),
    "an amount of 400 digits and a fraction": Case(
        edit(ACCOUNT, "value: 12000", "value: " + "1" * 400 + ".5"),
        [("SCHEMA007", ACCOUNT, 24)],
    ),
    "a hexadecimal number of 5000 digits": Case(
        edit(ACCOUNT, "value: 12000", "value: 0x" + "f" * 5000),
        [("YAML005", ACCOUNT, 24)],
        message=f"`value`: `0x{'f' * 18}…{'f' * 10}` is read as a number too long to print "
        "by YAML 1.1 tools",
    ),
    "an octal-looking text of 5000 digits": Case(
        edit(ACCOUNT, "role: Marketing Director", "role: 0" + "7" * 5000),
        [("YAML005", ACCOUNT, 9)],
    ),
    "sexagesimal text of 3000 parts": Case(
        edit(ACCOUNT, "unit: people", "unit: 1" + ":59" * 3000),
        [("YAML005", ACCOUNT, 36)],
    ),
    "id that is not a slug": Case(
        edit(TIMELINE, "id: late-assets", "id: Late Assets"),
        [("SCHEMA006", TIMELINE, 20)],
        hint="use lowercase letters, digits and dashes, starting with a letter or digit, "
        "at most 63 characters, e.g. `late-assets`",
    ),
    "invalid e-mail address": Case(
        edit(ACCOUNT, "minh@agency.example", "minh@agency"),
        [("SCHEMA008", ACCOUNT, 19)],
    ),
    "`null` for a required key": Case(
        edit(MEETING, "title: Kickoff workshop", "title: null"),
        [("SCHEMA002", MEETING, 2)],
    ),
    "empty owner of an action": Case(
        edit(MEETING, "owner: lan", "owner:"),
        [("MEET001", MEETING, 9)],
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_malformed_input_is_located(case: Case, make_repo, validate) -> None:
    status, doc = validate(make_repo({**VALID, **case.files}))
    assert [(d["code"], d["path"], d["line"]) for d in doc["diagnostics"]] == case.expected
    assert status == case.status
    if case.hint is not None:
        assert doc["diagnostics"][-1]["hint"] == case.hint
    if case.message is not None:
        assert doc["diagnostics"][-1]["message"] == case.message
    if case.message_end is not None:
        assert doc["diagnostics"][-1]["message"].endswith(case.message_end)
    if case.col is not None:
        assert doc["diagnostics"][-1]["col"] == case.col


def test_there_are_at_least_30_cases() -> None:
    assert len(CASES) >= 30


def test_byte_order_mark_alone_is_a_warning_and_the_file_is_read(check) -> None:
    assert check({ACCOUNT: BOM + VALID[ACCOUNT].encode()}) == (
        0,
        [("FILE004", "warning", ACCOUNT, 1, 1)],
    )


def test_crlf_line_endings_are_accepted(check) -> None:
    assert check({path: crlf(text) for path, text in VALID.items()}) == (0, [])


def test_symlink_to_a_file_outside_the_account(make_repo, validate, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yml"
    secret.write_text("milestones: []\n", encoding="utf-8")
    root = make_repo({k: v for k, v in VALID.items() if k != TIMELINE})
    (root / TIMELINE).symlink_to(secret)
    status, doc = validate(root)
    assert status == 1
    assert [(d["code"], d["path"], d["line"]) for d in doc["diagnostics"]] == [
        ("FILE005", TIMELINE, 0)
    ]


def test_symlink_out_through_a_parent_folder(make_repo, validate, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "extra.md").write_text(md(title="X", owner="minh"), encoding="utf-8")
    root = make_repo(VALID)
    (root / "accounts/acme/internal").symlink_to(elsewhere, target_is_directory=True)
    status, doc = validate(root)
    assert (status, [(d["code"], d["path"]) for d in doc["diagnostics"]]) == (
        1,
        [("FILE005", "accounts/acme/internal")],
    )


def test_account_folder_symlinked_from_outside_accounts(
    make_repo, validate, tmp_path: Path
) -> None:
    outside = tmp_path / "outside" / "beta"
    outside.mkdir(parents=True)
    (outside / "account.yml").write_text(VALID[ACCOUNT], encoding="utf-8")
    root = make_repo(VALID)
    (root / "accounts" / "beta").symlink_to(outside, target_is_directory=True)
    status, doc = validate(root)
    assert (status, doc["accounts"]) == (1, 1)  # only acme is read
    assert [(d["code"], d["path"], d["line"]) for d in doc["diagnostics"]] == [
        ("FILE005", "accounts/beta", 0)
    ]


def test_nonexistent_path_exits_2_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["validate", "/nonexistent", "--today", "2026-11-23"])
    out, err = capsys.readouterr()
    assert (status, out, err) == (2, "", "aeportal: /nonexistent: no such file or folder\n")


def test_a_file_instead_of_a_folder_exits_2(
    make_repo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(VALID)
    monkeypatch.chdir(root)
    status = main(["validate", ACCOUNT])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert err == f"aeportal: {ACCOUNT}: not a folder (give the repository or an account)\n"
