"""Files of what AE Portal keeps between runs, in ``.git/aeportal/`` (never committed)."""

from __future__ import annotations

import contextlib
import os
import pickle
from pathlib import Path
from typing import Any


def read(path: Path) -> dict[str, Any]:
    """What was kept in ``path``; empty when there is nothing usable."""
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)  # written by write() only, inside .git
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write(path: Path, data: dict[str, Any]) -> None:
    """Keep ``data`` in ``path``, whole or not at all (a partial file, then a rename)."""
    with contextlib.suppress(OSError):  # a read-only repository simply gets no cache
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        with partial.open("wb") as fh:
            pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)
