"""The command line: exit statuses, the three output formats, --version and --help.

`aeportal validate --format json` is a stable interface for scripts and CI:

    {"version": 1, "accounts": N, "errors": N, "warnings": N,
     "diagnostics": [{"code", "severity", "path", "line", "col", "message", "hint"}, ...]}

`version` changes only when a key is removed or changes meaning; `line` and
`col` are 1-based, 0 meaning "the whole file"; `path` is relative to the
working folder when inside it. The tests below pin that shape.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from aeportal import __version__
from aeportal.cli.commands import build_parser, main
from conftest import ACCOUNT, BRIEF, TODAY, VALID, edit, md

# One error and one warning in account.yml, found by the rules (late), and one error
# in the brief, found by the loader (early): the output is sorted all the same.
PROBLEMS: dict[str, str] = {
    **edit(ACCOUNT, "end: 2026-12-31", "end: 2025-12-31"),
    **edit(BRIEF, "title: Launch post", "title: no"),
    "accounts/acme/briefs/v1.md": md(title="Video", scope="video", owner="minh"),
    "accounts/acme/briefs/v2.md": md(title="Video", scope="video", owner="minh"),
}

MakeRepo = Callable[[Mapping[str, str | bytes]], Path]


def run(
    root: Path, argv: list[str], capsys: pytest.CaptureFixture[str], mp: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    mp.chdir(root)
    status = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


@pytest.fixture
def problems(make_repo: MakeRepo) -> Path:
    return make_repo({**VALID, **PROBLEMS})


# --- exit statuses -------------------------------------------------------------


def test_exit_0_when_clean(make_repo: MakeRepo, capsys, monkeypatch) -> None:
    root = make_repo(VALID)
    assert run(root, ["validate", "--today", TODAY], capsys, monkeypatch) == (
        0,
        "1 account checked: no problems\n",
        "",
    )


def test_exit_1_on_errors(problems: Path, capsys, monkeypatch) -> None:
    status, _, err = run(problems, ["validate", "--today", TODAY], capsys, monkeypatch)
    assert (status, err) == (1, "")


def test_path_defaults_to_the_working_folder(problems: Path, capsys, monkeypatch) -> None:
    status, out, _ = run(problems, ["validate", "--today", TODAY], capsys, monkeypatch)
    assert (status, out.splitlines()[-1]) == (
        1,
        "1 account checked: 2 errors, 1 warning in 2 files",
    )


def test_an_account_folder_can_be_validated_alone(problems: Path, capsys, monkeypatch) -> None:
    argv = ["validate", "accounts/acme", "--today", TODAY, "--format", "json"]
    status, out, _ = run(problems, argv, capsys, monkeypatch)
    doc = json.loads(out)
    assert (status, doc["accounts"], doc["errors"], doc["warnings"]) == (1, 1, 2, 1)


def test_exit_2_for_a_missing_path(tmp_path: Path, capsys, monkeypatch) -> None:
    status, out, err = run(tmp_path, ["validate", "missing"], capsys, monkeypatch)
    assert (status, out, err) == (2, "", "aeportal: missing: no such file or folder\n")


def test_exit_2_for_an_unknown_option(tmp_path: Path, capsys, monkeypatch) -> None:
    status, out, err = run(tmp_path, ["validate", "--colour"], capsys, monkeypatch)
    assert (status, out) == (2, "")
    assert err.startswith("aeportal: ")
    assert err.endswith("unrecognized arguments: --colour\n")


def test_exit_2_and_help_without_a_command(tmp_path: Path, capsys, monkeypatch) -> None:
    status, out, err = run(tmp_path, [], capsys, monkeypatch)
    assert (status, err) == (2, "")
    assert out.startswith("usage: aeportal ")


@pytest.mark.parametrize("bad", ["23/11/2026", "2026-13-01", "2026-11-23T10:00", "tomorrow", ""])
def test_bad_today_exits_2_without_traceback(
    make_repo: MakeRepo, capsys, monkeypatch, bad: str
) -> None:
    root = make_repo(VALID)
    status, out, err = run(root, ["validate", "--today", bad], capsys, monkeypatch)
    assert (status, out) == (2, "")
    assert err.startswith("aeportal: ")
    assert err.endswith(f"argument --today: {bad!r} is not a date in the form YYYY-MM-DD\n")


def test_today_comes_from_source_date_epoch(make_repo: MakeRepo, capsys, monkeypatch) -> None:
    root = make_repo(VALID)
    # 2026-01-08 00:00 UTC: the kickoff's done date (2026-01-09) is then in the future.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767830400")
    status, out, _ = run(root, ["validate", "--format", "json"], capsys, monkeypatch)
    diagnostics = json.loads(out)["diagnostics"]
    assert status == 1
    assert [(d["code"], d["path"], d["line"]) for d in diagnostics] == [
        ("TIME004", "accounts/acme/meetings/kickoff.md", 11),
        ("TIME004", "accounts/acme/timeline.yml", 8),
        ("APPR003", "accounts/acme/timeline.yml", 18),
    ]


@pytest.mark.parametrize("epoch", ["9" * 5000, "253402300800"], ids=["5000 digits", "year 10000"])
def test_a_source_date_epoch_past_year_9999_exits_2(
    epoch: str, make_repo: MakeRepo, capsys, monkeypatch
) -> None:
    root = make_repo(VALID)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    status, out, err = run(root, ["validate"], capsys, monkeypatch)
    assert (status, out) == (2, "")
    assert err == (
        f"aeportal: SOURCE_DATE_EPOCH={epoch[:30]} is not a time within the years 1970–2200\n"
    )


@pytest.mark.parametrize(
    ("option", "epoch", "message"),
    [
        (["--today", "9999-12-31"], None, "argument --today: '9999-12-31' is outside the years"),
        (["--today", "1969-12-31"], None, "argument --today: '1969-12-31' is outside the years"),
        ([], "8000000000", "SOURCE_DATE_EPOCH=8000000000 is not a time within the years"),
        ([], "9" * 30, f"SOURCE_DATE_EPOCH={'9' * 30} is not a time within the years"),
    ],
)
def test_today_is_within_the_years_of_the_format(
    make_repo: MakeRepo, capsys, monkeypatch, option: list[str], epoch: str | None, message: str
) -> None:
    # Derived dates (a fortnight ahead, a due date plus its slip) overflowed beyond them.
    root = make_repo(VALID)
    if epoch is not None:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    status, out, err = run(root, ["validate", *option], capsys, monkeypatch)
    assert (status, out) == (2, "")
    assert err.startswith("aeportal: ")
    assert message in err and err.endswith(" 1970–2200\n")


# --- text ----------------------------------------------------------------------


def test_text_output_sorted_by_path_and_line_with_a_summary(
    problems: Path, capsys, monkeypatch
) -> None:
    status, out, _ = run(problems, ["validate", "--today", TODAY], capsys, monkeypatch)
    assert status == 1
    assert out == (
        "accounts/acme/account.yml:23:8: error TIME006 the contract ends (2025-12-31) "
        "before it starts (2026-01-01)\n"
        "    hint: swap the dates or fix the year\n"
        "accounts/acme/account.yml:46:15: warning SCOPE004 `video` is 100% used: 2 of 2 "
        "(unit: video)\n"
        "    hint: warn the client early and prepare a change request for further work\n"
        "accounts/acme/briefs/launch-post.md:2:8: error YAML004 `title`: `no` is read as "
        "a boolean by YAML 1.1 tools, not as text\n"
        '    hint: quote it: "no"\n'
        "1 account checked: 2 errors, 1 warning in 2 files\n"
    )


def test_paths_outside_the_working_folder_are_shown_in_full(
    problems: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    argv = ["validate", str(problems), "--today", TODAY, "--format", "json"]
    _, out, _ = run(elsewhere, argv, capsys, monkeypatch)
    paths = [d["path"] for d in json.loads(out)["diagnostics"]]
    assert paths == [
        str(problems / ACCOUNT),
        str(problems / ACCOUNT),
        str(problems / BRIEF),
    ]


def test_strict_makes_warnings_fatal(make_repo: MakeRepo, capsys, monkeypatch) -> None:
    root = make_repo({**VALID, **{k: v for k, v in PROBLEMS.items() if "/v" in k}})
    assert run(root, ["validate", "--today", TODAY], capsys, monkeypatch)[0] == 0
    assert run(root, ["validate", "--today", TODAY, "--strict"], capsys, monkeypatch)[0] == 1


# --- JSON ----------------------------------------------------------------------


def test_json_shape_is_stable(problems: Path, capsys, monkeypatch) -> None:
    argv = ["validate", "--today", TODAY, "--format", "json"]
    status, out, _ = run(problems, argv, capsys, monkeypatch)
    doc = json.loads(out)
    assert status == 1
    assert list(doc) == ["version", "accounts", "errors", "warnings", "diagnostics"]
    assert (doc["version"], doc["accounts"], doc["errors"], doc["warnings"]) == (1, 1, 2, 1)
    assert doc["diagnostics"][0] == {
        "code": "TIME006",
        "severity": "error",
        "path": "accounts/acme/account.yml",
        "line": 23,
        "col": 8,
        "message": "the contract ends (2025-12-31) before it starts (2026-01-01)",
        "hint": "swap the dates or fix the year",
    }
    for d in doc["diagnostics"]:
        assert list(d) == ["code", "severity", "path", "line", "col", "message", "hint"]
        assert d["severity"] in ("error", "warning")
        assert isinstance(d["line"], int)
        assert isinstance(d["col"], int)
    assert [d["code"] for d in doc["diagnostics"]] == ["TIME006", "SCOPE004", "YAML004"]


def test_json_when_clean(make_repo: MakeRepo, capsys, monkeypatch) -> None:
    root = make_repo(VALID)
    argv = ["validate", "--today", TODAY, "--format", "json"]
    status, out, _ = run(root, argv, capsys, monkeypatch)
    assert status == 0
    assert json.loads(out) == {
        "version": 1,
        "accounts": 1,
        "errors": 0,
        "warnings": 0,
        "diagnostics": [],
    }


def test_json_keeps_non_ascii_text(make_repo: MakeRepo, capsys, monkeypatch) -> None:
    root = make_repo({**VALID, **edit(BRIEF, "owner: minh", "owner: Minh Trần")})
    argv = ["validate", "--today", TODAY, "--format", "json"]
    _, out, _ = run(root, argv, capsys, monkeypatch)
    assert "`owner`: `Minh Trần` is not a valid id" in out
    assert json.loads(out)["diagnostics"][0]["hint"].endswith("e.g. `minh-tran`")


# --- GitHub --------------------------------------------------------------------


def test_github_annotations(problems: Path, capsys, monkeypatch) -> None:
    argv = ["validate", "--today", TODAY, "--format", "github"]
    status, out, _ = run(problems, argv, capsys, monkeypatch)
    assert status == 1
    assert out.splitlines() == [
        "::error file=accounts/acme/account.yml,line=23,col=8,title=TIME006::the contract "
        "ends (2025-12-31) before it starts (2026-01-01)%0Aswap the dates or fix the year",
        "::warning file=accounts/acme/account.yml,line=46,col=15,title=SCOPE004::`video` is "
        "100%25 used: 2 of 2 (unit: video)%0Awarn the client early and prepare a change "
        "request for further work",
        "::error file=accounts/acme/briefs/launch-post.md,line=2,col=8,title=YAML004::`title`: "
        '`no` is read as a boolean by YAML 1.1 tools, not as text%0Aquote it: "no"',
        "1 account checked: 2 errors, 1 warning in 2 files",
    ]


def test_github_escapes_properties_and_leaves_out_line_0(
    make_repo: MakeRepo, capsys, monkeypatch
) -> None:
    root = make_repo({**VALID, "accounts/acme/briefs/a,b:c.md": VALID[BRIEF]})
    argv = ["validate", "--today", TODAY, "--format", "github"]
    status, out, _ = run(root, argv, capsys, monkeypatch)
    assert status == 1
    assert out.splitlines()[0] == (
        "::error file=accounts/acme/briefs/a%2Cb%3Ac.md,title=FILE009::document name "
        "`a,b:c.md` is not a valid id%0Arename it to `a-b-c.md` (lowercase letters, digits "
        "and dashes)"
    )


# --- internal errors -------------------------------------------------------------


def _a_bug(*args: object, **kwargs: object) -> None:
    raise ZeroDivisionError("division by zero")


def test_an_internal_error_exits_70_with_a_short_report(
    make_repo: MakeRepo, capsys, monkeypatch
) -> None:
    root = make_repo(VALID)
    monkeypatch.delenv("AEPORTAL_DEBUG", raising=False)
    monkeypatch.setattr("aeportal.check.rules.check", _a_bug)
    status, out, err = run(root, ["validate", "--today", TODAY], capsys, monkeypatch)
    assert (status, out) == (70, "")
    assert err == (
        "aeportal: internal error: ZeroDivisionError: division by zero\n"
        "aeportal: this is a bug in AE Portal, not a problem in your files; please report it "
        f"with the command `aeportal validate --today {TODAY}` and this message "
        "(AEPORTAL_DEBUG=1 shows the traceback)\n"
    )


def test_aeportal_debug_shows_the_traceback_of_an_internal_error(
    make_repo: MakeRepo, capsys, monkeypatch
) -> None:
    root = make_repo(VALID)
    monkeypatch.setenv("AEPORTAL_DEBUG", "1")
    monkeypatch.setattr("aeportal.check.rules.check", _a_bug)
    monkeypatch.chdir(root)
    assert main(["validate", "--today", TODAY]) == 70
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):\n")
    assert "in _a_bug\n" in err
    assert err.endswith("(AEPORTAL_DEBUG=1 shows the traceback)\n")


# --- version and help ----------------------------------------------------------


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    # Run from this checkout, installed editable for the tests.
    assert capsys.readouterr().out == (
        f"aeportal {__version__} (an editable install of {Path(__file__).parent.parent})\n"
    )


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    found = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(found) == 1
    return dict(found[0].choices)


def test_every_subcommand_is_listed_with_a_summary() -> None:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    summaries = {a.dest: a.help for a in sub._choices_actions}
    assert sorted(summaries) == sorted(subcommands())
    assert [name for name, text in summaries.items() if not text] == []


@pytest.mark.parametrize("command", sorted(subcommands()))
def test_every_subcommand_has_help(command: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert out.startswith(f"usage: aeportal {command}")


def test_the_command_ends_fast_with_its_status_and_all_its_output(tmp_path: Path) -> None:
    """`aeportal` skips freeing what it loaded as it ends (cli.commands.run): its exit
    status and every line it wrote still reach the caller, and the exit handlers run."""
    import os
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[1]

    # Buffered output, as a pipe has it by default (PYTHONUNBUFFERED would hide a lost
    # buffer).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}

    def aeportal(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "aeportal", *args],
            capture_output=True,
            text=True,
            cwd=repo,
            env=env,
            check=False,
        )

    # A long output through a pipe, whole (the last line too) and in order.
    done = aeportal("metrics", "--format", "csv", "--period", "month")
    assert done.returncode == 0, done.stderr
    inside = main(["metrics", "--format", "csv", "--period", "month", "--out", str(tmp_path / "m")])
    assert inside == 0
    assert done.stdout == (tmp_path / "m").read_text(encoding="utf-8")
    assert done.stdout.count("\n") > 1000
    # A problem keeps its status and its message.
    missing = aeportal("validate", str(tmp_path / "nowhere"))
    assert missing.returncode == 2
    assert "no such file or folder" in missing.stderr
    # A build: the index writer of this process is closed by the exit handlers, and the
    # site is whole.
    site = tmp_path / "site"
    built = aeportal("build", ".", "--jobs", "1", "--quiet", "--out", str(site))
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("built 7 portals")
    assert (site / "clients/lotus-tea-house/pagefind/pagefind.js").is_file()
