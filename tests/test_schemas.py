"""The JSON Schemas are generated from the model and agree with the loader.

When a test here says a schema is out of date, regenerate both copies with:

    aeportal schema --out scripts/aeportal/load/schemas && aeportal schema --out docs/schemas
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from aeportal.load.schemafiles import PACKAGED, check_schemas, render_schemas, write_schemas
from conftest import ACCOUNT, BRIEF, MEETING, TIMELINE, VALID

REPO = Path(__file__).resolve().parents[1]
REGENERATE = (
    "aeportal schema --out scripts/aeportal/load/schemas && aeportal schema --out docs/schemas"
)


@pytest.mark.parametrize("folder", [PACKAGED, REPO / "docs" / "schemas"], ids=["package", "docs"])
def test_schema_files_are_current(folder: Path) -> None:
    assert check_schemas(folder) == [], f"out of date; run: {REGENERATE}"


def test_check_schemas_notices_a_stale_and_a_missing_file(tmp_path: Path) -> None:
    write_schemas(tmp_path)
    assert check_schemas(tmp_path) == []
    (tmp_path / "brief.schema.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "note.schema.json").unlink()
    assert check_schemas(tmp_path) == ["brief.schema.json", "note.schema.json"]


def test_one_schema_per_document_kind() -> None:
    assert sorted(render_schemas()) == [
        "account.schema.json",
        "brief.schema.json",
        "change.schema.json",
        "meeting.schema.json",
        "note.schema.json",
        "relationship.schema.json",
        "report.schema.json",
        "timeline.schema.json",
    ]


# --- the schemas against real documents ----------------------------------------------


def _iso(value: Any) -> Any:
    """What a JSON-minded editor sees: dates as ISO text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso(v) for v in value]
    return value


def _data(path: str, text: str | None = None) -> Any:
    text = VALID[path] if text is None else text
    if path.endswith(".md"):
        text = text.split("---\n")[1]  # the front matter
    return _iso(yaml.safe_load(text))


def _errors(kind: str, data: Any) -> list[str]:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(render_schemas()[f"{kind}.schema.json"])
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return sorted(e.message for e in validator.iter_errors(data))


def test_schemas_are_valid_json_schemas() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    for text in render_schemas().values():
        jsonschema.Draft202012Validator.check_schema(json.loads(text))


@pytest.mark.parametrize(
    ("kind", "path"),
    [("account", ACCOUNT), ("timeline", TIMELINE), ("brief", BRIEF), ("meeting", MEETING)],
)
def test_valid_documents_pass_their_schema(kind: str, path: str) -> None:
    assert _errors(kind, _data(path)) == []


def test_schema_rejects_a_typo_key() -> None:
    data = _data(ACCOUNT, VALID[ACCOUNT].replace("renewal:", "renewl:"))
    assert _errors("account", data) == [
        "Additional properties are not allowed ('renewl' was unexpected)"
    ]


def test_schema_rejects_a_missing_key_a_bad_choice_and_a_bad_date() -> None:
    text = VALID[BRIEF].replace("owner: minh\n", "").replace("in_review", "in-review")
    data = _data(BRIEF, text.replace("due: 2026-12-01", "due: 1/12/2026"))
    assert _errors("brief", data) == [
        "'1/12/2026' is not valid under any of the given schemas",
        "'in-review' is not one of ['draft', 'in_review', 'approved', 'in_production', "
        "'delivered', 'cancelled']",
        "'owner' is a required property",
    ]


@pytest.mark.parametrize("slug", ["harbor-city-bank", "lotus-tea-house", "northwind-outdoors"])
def test_the_demo_relationships_pass_their_schema(slug: str) -> None:
    text = (REPO / "accounts" / slug / "relationship.yml").read_text(encoding="utf-8")
    assert _errors("relationship", _iso(yaml.safe_load(text))) == []


def test_the_relationship_schema_knows_the_outcomes() -> None:
    data = {
        "contracts": [
            {
                "id": "A",
                "start": "2025-01-01",
                "end": "2025-12-31",
                "value": 1,
                "outcome": "churned",
            }
        ]
    }
    assert _errors("relationship", data) == [
        "'churned' is not one of ['renewed', 'expanded', 'reduced', 'ended', 'lost']"
    ]
