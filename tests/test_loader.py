"""The loader's shortcuts give the answers of the plain definitions they stand for.

``validate`` reads thousands of files; where the loader takes a faster way (the folder
digest hashes what was parsed, a bound stands in for a scan, a body without markup is
not searched), these tests hold it to the slow, obvious way.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aeportal.check.markup import _MAY_BE_UNSAFE, _find_unsafe, find_unsafe
from aeportal.diagnostics import Report
from aeportal.load import loader
from conftest import ACCOUNT, BRIEF, VALID


def _digest_by_definition(folder: Path) -> str:
    """Every file under the folder that stays inside it, sorted: names and bytes (for the
    files of assets/, their SHA-256 and size, which the loader works out anyway)."""
    folder_real = os.path.realpath(folder)
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        real = os.path.realpath(path)
        if path.is_file() and (real == folder_real or real.startswith(folder_real + os.sep)):
            rel = path.relative_to(folder)
            data = path.read_bytes()
            digest.update(os.fsencode(rel.as_posix()) + b"\0")
            if rel.parts[0] == "assets" and not any(p.startswith(".") for p in rel.parts):
                digest.update(f"{hashlib.sha256(data).hexdigest()} {len(data)}".encode() + b"\0")
            else:
                digest.update(data[: loader.MAX_FILE_BYTES + 1] + b"\0")
    return digest.hexdigest()


def _account(tmp_path: Path) -> Path:
    for rel in (ACCOUNT, BRIEF):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(VALID[rel], encoding="utf-8")
    return (tmp_path / ACCOUNT).parent


def _digest(folder: Path) -> str:
    bundle = loader.load_account(folder, Report())
    assert bundle is not None
    return bundle.digest


def test_folder_digest_is_every_file_inside_the_folder_in_path_order(tmp_path: Path) -> None:
    folder = _account(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not part of the account")
    files = {
        "assets/a/x.png": b"\x89PNG one",
        "assets/a-b/x.png": b"\x89PNG two",  # `a/x` sorts before `a-b/x`, as paths do
        "assets/a.b": b"three",
        "assets/deep/er/still.txt": b"four",
        ".hidden/note": b"five",
        "stray.txt": b"six",
    }
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    (folder / "briefs/linked.md").symlink_to("launch-post.md")
    (folder / "assets/leak.txt").symlink_to(outside / "secret.txt")
    (folder / "assets/outside").symlink_to(outside, target_is_directory=True)
    (folder / "assets/inside").symlink_to(folder / "assets/a", target_is_directory=True)
    (folder / "assets/dangling").symlink_to(tmp_path / "nowhere")
    assert _digest(folder) == _digest_by_definition(folder)


def test_folder_digest_changes_with_any_byte_of_any_file(tmp_path: Path) -> None:
    folder = _account(tmp_path)
    (folder / "assets").mkdir()
    (folder / "assets/logo.svg").write_text("<svg/>")
    seen = {_digest(folder)}
    for rel in ("account.yml", "briefs/launch-post.md", "assets/logo.svg"):
        path = folder / rel
        data = path.read_bytes()
        path.write_bytes(data[:-2] + bytes([data[-2] ^ 1]) + data[-1:])  # same size
        seen.add(_digest(folder))
    assert len(seen) == 4
    assert _digest(folder) == _digest_by_definition(folder)


def _block_bound(text: str) -> int:
    return max(
        2 * (len(line) - len(line.lstrip(" \t")) + 1)
        + line.count("-")
        + line.count(":")
        + line.count("?")
        for line in text.split("\n")
    )


@settings(max_examples=500, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(" \n-:?a\t[é\r"), max_size=80),
    limit=st.integers(min_value=-4, max_value=70),
)
def test_the_quick_depth_bound_decides_as_the_line_by_line_one(text: str, limit: int) -> None:
    assert loader._nests_deeper(text, limit) == (_block_bound(text) > limit)


@settings(max_examples=300, deadline=None)
@given(body=st.text(alphabet=st.sampled_from("ab (]):[}\n`\t=&#;\x00\x01\x04-"), max_size=60))
def test_bodies_passed_over_as_plain_have_nothing_unsafe(body: str) -> None:
    if not _MAY_BE_UNSAFE.search(body):
        assert _find_unsafe(body) == []


def test_a_link_joined_by_a_character_markdown_deletes_is_still_found() -> None:
    assert [u.what for u in find_unsafe("[x]\x02(javascript:alert(1))")] == ["a javascript: link"]


@settings(max_examples=400, deadline=None)
@given(
    parts=st.lists(st.sampled_from(["a", "b", "..", ".", "", "..x", "sub"]), max_size=6),
    absolute=st.booleans(),
    cwd_depth=st.integers(min_value=0, max_value=3),
)
def test_paths_are_shown_as_relpath_shows_them(
    parts: list[str], absolute: bool, cwd_depth: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = tmp_path_factory.getbasetemp() / "cwd"
    cwd = base.joinpath(*["sub"] * cwd_depth)
    cwd.mkdir(parents=True, exist_ok=True)
    text = "/".join(parts)
    if absolute:
        text = f"{base}/{text}"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(cwd)
        try:
            expected = os.path.relpath(text)
        except ValueError:
            expected = None
        if expected is None or expected.startswith(".."):
            expected = text
        assert loader.display_path(text) == expected
