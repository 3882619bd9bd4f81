"""The JSON Schema files, shipped in the package and under docs/schemas/."""

from __future__ import annotations

import json
from pathlib import Path

from aeportal.load.schema import SCHEMA_ROOTS, json_schema

PACKAGED = Path(__file__).parent / "schemas"


def render_schemas() -> dict[str, str]:
    """File name → JSON text of every schema, generated from the model."""
    return {
        f"{name}.schema.json": json.dumps(
            json_schema(cls, name), indent=2, ensure_ascii=False, default=str
        )
        + "\n"
        for name, cls in SCHEMA_ROOTS.items()
    }


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def check_schemas(folder: Path) -> list[str]:
    """Names of schema files in ``folder`` that are missing or differ from the model."""
    stale = []
    for name, text in render_schemas().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale
