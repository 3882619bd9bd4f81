"""docs/format.md documents every model field, and the demo accounts stay valid and complete."""

from __future__ import annotations

import dataclasses
import json
import re
import types
import typing
from pathlib import Path

import pytest

from aeportal.cli import commands as cli
from aeportal.load.schema import SCHEMA_ROOTS, fields_of

REPO = Path(__file__).resolve().parent.parent
FORMAT_DOC = REPO / "docs" / "format.md"
ACCOUNTS = REPO / "accounts"
DEMO_ACCOUNTS = ("harbor-city-bank", "lotus-tea-house", "northwind-outdoors")
TODAY = "2026-11-23"
SCHEMA_KIND = {
    "briefs": "brief",
    "changes": "change",
    "meetings": "meeting",
    "reports": "report",
    "internal": "note",
}
HEADING = re.compile(r"^#{2,6} +(.+?) *$", re.MULTILINE)


def _record_classes(tp: object, found: list[type]) -> None:
    """Every dataclass reachable from a field type, in order of first appearance."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        _record_classes(typing.get_args(tp)[0], found)
    elif origin in (types.UnionType, typing.Union, tuple):
        for arg in typing.get_args(tp):
            _record_classes(arg, found)
    elif isinstance(tp, type) and dataclasses.is_dataclass(tp) and tp not in found:
        found.append(tp)
        for spec in fields_of(tp):
            _record_classes(spec.tp, found)


def record_classes() -> list[type]:
    found: list[type] = []
    for root in SCHEMA_ROOTS.values():
        _record_classes(root, found)
    return found


def sections(text: str) -> dict[str, str]:
    """Heading text → the text under it, up to the next heading (joined if repeated)."""
    marks = list(HEADING.finditer(text))
    found: dict[str, str] = {}
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        found[m.group(1)] = found.get(m.group(1), "") + text[m.end() : end]
    return found


@pytest.fixture(scope="module")
def format_doc() -> str:
    return FORMAT_DOC.read_text(encoding="utf-8")


def test_reachable_classes_cover_every_schema_root() -> None:
    classes = record_classes()
    assert set(SCHEMA_ROOTS.values()) <= set(classes)
    assert len(classes) > len(SCHEMA_ROOTS)  # nested records (Contact, Revision, …) too


@pytest.mark.parametrize("cls", record_classes(), ids=lambda c: c.__name__)
def test_every_field_is_documented(cls: type, format_doc: str) -> None:
    names = [spec.name for spec in fields_of(cls)]
    assert names, f"{cls.__name__} has no fields"
    missing = [name for name in names if f"`{name}`" not in format_doc]
    assert not missing, f"docs/format.md does not mention {cls.__name__} fields: {missing}"
    section = sections(format_doc).get(cls.__name__)
    assert section is not None, f"docs/format.md has no section headed `{cls.__name__}`"
    no_row = [name for name in names if f"| `{name}` |" not in section]
    assert not no_row, f"the {cls.__name__} table in docs/format.md has no row for: {no_row}"


def test_documented_fields_exist(format_doc: str) -> None:
    """Each class table lists only fields the model has (no stale rows)."""
    by_heading = sections(format_doc)
    for cls in record_classes():
        rows = re.findall(r"^\| `([a-z_]+)` \|", by_heading[cls.__name__], re.MULTILINE)
        known = {spec.name for spec in fields_of(cls)}
        assert set(rows) <= known, f"{cls.__name__}: rows for unknown fields {set(rows) - known}"


# `--no-history`: these check the demo content, not this repository's own git history.
def test_demo_accounts_validate(capsys: pytest.CaptureFixture[str]) -> None:
    status = cli.main(["validate", str(ACCOUNTS), "--today", TODAY, "--no-history"])
    out = capsys.readouterr().out
    assert status == 0, out
    summary = out.rstrip().splitlines()[-1]
    assert summary.startswith(f"{len(DEMO_ACCOUNTS)} accounts checked: "), out
    assert "no problems" in summary or " 0 errors" in summary, out


def test_demo_accounts_warn_only_about_nearly_used_scope(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = cli.main(
        ["validate", str(ACCOUNTS), "--today", TODAY, "--format", "json", "--no-history"]
    )
    doc = json.loads(capsys.readouterr().out)
    assert (status, doc["accounts"], doc["errors"]) == (0, len(DEMO_ACCOUNTS), 0)
    found = [(d["code"], d["path"].replace("\\", "/")) for d in doc["diagnostics"]]
    assert [code for code, _ in found] == ["SCOPE004"], found
    assert found[0][1].endswith("accounts/harbor-city-bank/account.yml"), found


@pytest.mark.parametrize("slug", DEMO_ACCOUNTS)
def test_demo_account_has_every_file_kind(slug: str) -> None:
    folder = ACCOUNTS / slug
    assert (folder / "account.yml").is_file()
    assert (folder / "timeline.yml").is_file()
    assert (folder / "relationship.yml").is_file()
    for kind in SCHEMA_KIND:
        assert list((folder / kind).glob("*.md")), f"{slug} has no {kind}/*.md"


@pytest.mark.parametrize("slug", DEMO_ACCOUNTS)
@pytest.mark.parametrize("name", ["account", "timeline", "relationship"])
def test_demo_yaml_starts_with_schema_comment(slug: str, name: str) -> None:
    path = ACCOUNTS / slug / f"{name}.yml"
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    schema = f"../../docs/schemas/{name}.schema.json"
    assert first == f"# yaml-language-server: $schema={schema}", f"{path}: {first!r}"
    assert (path.parent / schema).resolve().is_file()


@pytest.mark.parametrize("slug", DEMO_ACCOUNTS)
def test_demo_front_matter_starts_with_schema_comment(slug: str) -> None:
    for folder, kind in SCHEMA_KIND.items():
        for path in sorted((ACCOUNTS / slug / folder).glob("*.md")):
            lines = path.read_text(encoding="utf-8").split("\n", 2)
            schema = f"../../../docs/schemas/{kind}.schema.json"
            assert lines[0] == "---", path
            assert lines[1] == f"# yaml-language-server: $schema={schema}", f"{path}: {lines[1]!r}"
            assert (path.parent / schema).resolve().is_file()
