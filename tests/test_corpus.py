"""benchmarks/make_corpus.py: a valid corpus in two languages, the history asked for, repeatable."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from aeportal.cli.commands import main

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("briefs", "changes", "meetings", "reports", "internal")
ACCOUNTS, DOCS, COMMITS, SEED = 3, 12, 60, 7


def load() -> ModuleType:
    path = ROOT / "benchmarks" / "make_corpus.py"
    spec = importlib.util.spec_from_file_location("make_corpus", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("corpus") / "repo"
    summary = load().make_corpus(out, ACCOUNTS, DOCS, COMMITS, SEED)
    return out, summary


def test_validates(corpus: tuple[Path, dict[str, Any]]) -> None:
    out, _ = corpus
    assert main(["validate", str(out), "--today", "2026-11-23", "--no-history"]) == 0
    assert main(["validate", str(out), "--today", "2026-11-23"]) == 0  # warnings at most


def test_every_kind_in_every_account(corpus: tuple[Path, dict[str, Any]]) -> None:
    out, summary = corpus
    accounts = sorted(p for p in (out / "accounts").iterdir() if p.is_dir())
    assert len(accounts) == ACCOUNTS == summary["accounts"]
    for account in accounts:
        assert (account / "account.yml").is_file()
        assert (account / "timeline.yml").is_file()
        for kind in KINDS:
            assert list((account / kind).glob("*.md")), f"{account.name} has no {kind}"
    documents = [p for p in (out / "accounts").glob("*/*/*.md") if p.parent.name in KINDS]
    assert len(documents) == ACCOUNTS * DOCS == summary["documents"]


def test_both_languages(corpus: tuple[Path, dict[str, Any]]) -> None:
    out, _ = corpus
    texts = [p.read_text(encoding="utf-8") for p in (out / "accounts").glob("*/account.yml")]
    languages = {m for text in texts for m in re.findall(r"^language: (\w+)$", text, re.MULTILINE)}
    assert languages == {"vi", "en"}
    vietnamese = "".join(p.read_text(encoding="utf-8") for p in (out / "accounts").rglob("*.md"))
    assert "Hạng mục bàn giao" in vietnamese or "Tóm tắt" in vietnamese


def test_history(corpus: tuple[Path, dict[str, Any]]) -> None:
    out, summary = corpus
    assert int(git(out, "rev-list", "--count", "HEAD")) == COMMITS == summary["commits"]
    merges = git(out, "log", "--merges", "--format=%P%x1f%s").splitlines()
    assert merges
    for line in merges:
        parents, subject = line.split("\x1f")
        assert len(parents.split()) == 2
        assert re.fullmatch(r"Merge pull request #\d+ from agency/\S+", subject), subject
    subjects = git(out, "log", "--no-merges", "--format=%s").splitlines()
    assert any(re.search(r" \(#\d+\)$", s) for s in subjects)  # squash merges
    assert git(out, "status", "--porcelain") == ""  # the work tree is the last commit


def test_deterministic(corpus: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    _, summary = corpus
    again = load().make_corpus(tmp_path / "again", ACCOUNTS, DOCS, COMMITS, SEED)
    assert again["head"] == summary["head"]
    other = load().make_corpus(tmp_path / "other", ACCOUNTS, DOCS, COMMITS, SEED + 1)
    assert other["head"] != summary["head"]


def test_refuses_a_folder_in_use(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ValueError, match="not an empty folder"):
        load().make_corpus(tmp_path, 1, 5, 2, 1)


def test_files(tmp_path: Path) -> None:
    """`--files`: the first brief of every account has versions with files, and all validates."""
    out = tmp_path / "repo"
    summary = load().make_corpus(out, 2, 5, 20, SEED, files=True)
    assert summary["commits"] == 20 == int(git(out, "rev-list", "--count", "HEAD"))
    assert summary["deliverables"] == 6
    assert git(out, "status", "--porcelain") == ""
    for account in sorted((out / "accounts").iterdir()):
        brief = sorted((account / "briefs").glob("*.md"))[0]
        front = brief.read_text(encoding="utf-8").split("\n---\n", 1)[0]
        listed = re.findall(r"files: \[([^\]]+)\]", front)
        assert len(listed) == 2  # two versions, each with its files
        for name in ", ".join(listed).split(", "):
            assert (account / name).is_file(), name
    assert main(["validate", str(out), "--today", "2026-11-23"]) == 0  # warnings at most
