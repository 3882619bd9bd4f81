"""Line numbers stay true whatever characters a file holds.

A line of a file ends at a line feed (a CR, alone or before LF, is read as one), as
editors, git and Markdown count. YAML 1.1 readers also break lines at NEL, U+2028 and
U+2029, and Python's ``str.splitlines`` at VT, FF and U+001C-U+001E as well: any of
them in a value used to move every later diagnostic of the file down a line (and its
column to the wrong place). Each case below puts one such character early in a file
and asserts the exact line and column of what is reported after it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from conftest import BRIEF, TIMELINE, VALID

Check = Callable[..., tuple[int, list[Any]]]

# Line breaks to YAML, which allows them in a value; not to an editor.
YAML_BREAKS = {"NEL": "\x85", "LS": "\u2028", "PS": "\u2029"}
# Line breaks to str.splitlines, which YAML refuses anywhere in a file.
CONTROL = {"VT": "\x0b", "FF": "\x0c", "FS": "\x1c", "GS": "\x1d", "RS": "\x1e"}


def edit(path: str, *pairs: tuple[str, str]) -> dict[str, str]:
    text = VALID[path]
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return {path: text}


@pytest.mark.parametrize("char", YAML_BREAKS.values(), ids=YAML_BREAKS.keys())
def test_in_a_yaml_file_later_lines_and_columns_stay_true(char: str, check: Check) -> None:
    changes = edit(
        TIMELINE,
        ("title: Kickoff workshop", f'title: "Kickoff{char}workshop"'),
        ("depends_on: [kickoff]", f'depends_on: ["kick{char}off", Bad]'),
        ("impact: medium", "impact: mediun"),
    )
    # `Bad` is the 30th character of line 14, and `mediun` the 13th of line 22.
    assert check(changes) == (
        1,
        [
            ("SCHEMA006", "error", TIMELINE, 14, 18),
            ("SCHEMA006", "error", TIMELINE, 14, 30),
            ("SCHEMA004", "error", TIMELINE, 22, 13),
        ],
    )


@pytest.mark.parametrize("char", YAML_BREAKS.values(), ids=YAML_BREAKS.keys())
def test_in_front_matter_later_lines_and_columns_stay_true(char: str, check: Check) -> None:
    changes = edit(
        BRIEF,
        ("title: Launch post", f'title: "Launch{char}post"'),
        ("status: in_review", "status: in-review"),
        ("objectives: [reach]", f'objectives: ["re{char}ach", Bad]'),
    )
    # `in-review` is the 9th character of line 5; `Bad` the 24th of line 8.
    assert check(changes) == (
        1,
        [
            ("SCHEMA004", "error", BRIEF, 5, 9),
            ("SCHEMA006", "error", BRIEF, 8, 14),
            ("SCHEMA006", "error", BRIEF, 8, 24),
        ],
    )


@pytest.mark.parametrize("char", CONTROL.values(), ids=CONTROL.keys())
@pytest.mark.parametrize(
    ("path", "old", "new", "line", "col"),
    [
        (TIMELINE, "title: Campaign launch", 'title: "Campaign{}launch"', 10, 21),
        (BRIEF, "summary: Shorter headline", "summary: Shorter{}headline", 12, 21),
    ],
    ids=["yaml file", "front matter"],
)
def test_a_character_yaml_refuses_is_reported_where_it_is(
    char: str, path: str, old: str, new: str, line: int, col: int, check: Check
) -> None:
    status, found = check(edit(path, (old, new.format(char))))
    assert (status, found) == (1, [("YAML001", "error", path, line, col)])


def test_the_message_names_the_character_yaml_refuses(make_repo, validate) -> None:
    changes = edit(TIMELINE, ("title: Campaign launch", 'title: "Campaign\x0claunch"'))
    _, doc = validate(make_repo({**VALID, **changes}))
    (diagnostic,) = doc["diagnostics"]
    assert diagnostic["message"] == "character U+000C is not allowed in YAML"
    assert diagnostic["hint"] == (
        "remove it (it is invisible in most editors), or write it as an escape such as "
        "\\u000c inside double quotes"
    )


BODY_BREAKS = {**YAML_BREAKS, **CONTROL}


@pytest.mark.parametrize("char", BODY_BREAKS.values(), ids=BODY_BREAKS.keys())
def test_in_a_body_later_lines_and_columns_stay_true(char: str, check: Check) -> None:
    changes = edit(
        BRIEF,
        (
            "title: Launch post",
            f'title: "Launch{char}post"' if char in YAML_BREAKS.values() else "title: Launch  post",
        ),
        (
            "One post announcing the new cold brew.",
            f"One post{char}announcing <b>the</b>\n{char}new <script>x()</script>",
        ),
    )
    assert check(changes) == (
        1,
        [
            ("HTML002", "warning", BRIEF, 16, 21),
            ("HTML001", "error", BRIEF, 17, 6),
        ],
    )


def test_a_lone_carriage_return_ends_a_line_everywhere(check: Check) -> None:
    # As in editors that show it as a line break: the lines after it move down by one.
    changes = {
        **edit(TIMELINE, ("title: Kickoff workshop", "title: Kickoff\r      workshop")),
        **edit(BRIEF, ("status: in_review", "status: in-review"), ("new cold", "new\rcold <b>")),
    }
    changes[TIMELINE] = changes[TIMELINE].replace("impact: medium", "impact: mediun")
    assert check(changes) == (
        1,
        [
            ("SCHEMA004", "error", BRIEF, 5, 9),
            ("HTML002", "warning", BRIEF, 17, 6),
            ("SCHEMA004", "error", TIMELINE, 23, 13),
        ],
    )
