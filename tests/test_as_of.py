"""The demo tells the story of its day whenever it is run; an agency's repository is as of today.

The demo repository fixes its day in pyproject.toml (`[tool.aeportal] as_of`); the README's
main command runs without `--today`, so whatever the machine's date, the demo portals show
Harbor City Bank a few days late, not months.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from aeportal.cli.commands import main
from aeportal.load.loader import read_as_of

REPO = Path(__file__).resolve().parents[1]
STORY = dt.date(2026, 11, 23)
NOTE = (
    "aeportal: as of 2026-11-23, the date [tool.aeportal] as_of in pyproject.toml fixes for "
    "this repository (--today DATE to change it)\n"
)


def a_year_later(monkeypatch: pytest.MonkeyPatch) -> None:
    later = dt.datetime(2027, 12, 3, 9, tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(later.timestamp())))


def status(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[dict[str, Any], str]:
    assert main(["status", "harbor-city-bank", "--format", "json", *argv]) == 0
    out, err = capsys.readouterr()
    return json.loads(out), err


def test_the_demo_is_shown_as_of_its_day(capsys: pytest.CaptureFixture[str]) -> None:
    assert read_as_of(REPO) == read_as_of(REPO / "accounts" / "lotus-tea-house") == STORY


def test_a_year_later_the_demo_tells_the_same_story(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    told, err = status(["--repo", str(REPO), "--today", STORY.isoformat()], capsys)
    assert err == ""
    a_year_later(monkeypatch)
    later, err = status(["--repo", str(REPO)], capsys)
    assert (later, err) == (told, NOTE)
    assert later["today"] == "2026-11-23"
    overdue = [r["text"] for r in later["reasons"] if r["code"] == "milestone_overdue"]
    assert overdue == [
        "“App explainer videos delivered” is 10 days overdue (due Nov 13, 2026)",
        "“Year-end savings landing page live” is 3 days overdue (due Nov 20, 2026)",
    ]


def test_the_demo_builds_as_of_its_day_a_year_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    a_year_later(monkeypatch)
    site = tmp_path / "site"
    argv = ["build", str(REPO), "--out", str(site), "--quiet", "--no-history", "--jobs", "1"]
    assert main(argv) == 0
    assert capsys.readouterr().err.startswith(NOTE)
    page = (site / "clients/harbor-city-bank/index.html").read_text(encoding="utf-8")
    assert "as of Nov 23, 2026" in page
    assert "10 days overdue" in page and "Dec 3, 2027" not in page


def test_an_agency_repository_is_as_of_today(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The same accounts without the demo's setting: a year later, months late.
    shutil.copytree(REPO / "accounts", tmp_path / "accounts")
    assert read_as_of(tmp_path) is None
    a_year_later(monkeypatch)
    later, err = status(["--repo", str(tmp_path)], capsys)
    assert (later["today"], err) == ("2027-12-03", "")


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('as_of = "soon"', "[tool.aeportal] as_of = 'soon' is not a date"),
        ("as_of = 2026-11-23T10:00:00", "is not a date"),
        ("as_of = ", "cannot read [tool.aeportal]"),
    ],
)
def test_a_wrong_as_of_is_refused(
    setting: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(REPO / "accounts", tmp_path / "accounts")
    (tmp_path / "pyproject.toml").write_text(f"[tool.aeportal]\n{setting}\n", encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"aeportal: {tmp_path / 'pyproject.toml'}: ")
    assert message in err and "Traceback" not in err
