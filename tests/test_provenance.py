"""`aeportal --version` and init's requirements.txt say where AE Portal was installed from."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from aeportal.cli import provenance
from aeportal.cli.commands import main
from aeportal.cli.provenance import Provenance, find_provenance, requirements_text

COMMIT = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
DIGEST = "sha256=" + "ab" * 32


class FakeDistribution:
    def __init__(self, direct_url: dict[str, Any] | None) -> None:
        self.version = "1.2.3"
        self._direct = None if direct_url is None else json.dumps(direct_url)

    def read_text(self, name: str) -> str | None:
        return {"direct_url.json": self._direct, "INSTALLER": "pip\n"}.get(name)


class SourceFolderMetadata(FakeDistribution):
    """The `aeportal.egg-info` a build leaves in the source folder: no installer wrote it."""

    def read_text(self, name: str) -> str | None:
        return None


def installed(monkeypatch: pytest.MonkeyPatch, direct_url: dict[str, Any] | None) -> Provenance:
    fake = FakeDistribution(direct_url)
    # Listed after the source folder's metadata, as when the folder comes first on sys.path.
    only_aeportal(monkeypatch, [SourceFolderMetadata(None), fake])
    return find_provenance()


def only_aeportal(monkeypatch: pytest.MonkeyPatch, found: list[FakeDistribution]) -> None:
    """AE Portal's own distributions are ``found``; every other package's stay as installed."""
    real = metadata.distributions

    def distributions(**query: Any) -> Any:
        return iter(found) if query.get("name") == "aeportal" else real(**query)

    monkeypatch.setattr(metadata, "distributions", distributions)


# Each record has the shape pip writes (PEP 610, "Recording the Direct URL Origin").
CASES = {
    "index": (None, "from a package index", "aeportal==1.2.3"),
    "git over https": (
        {
            "url": "https://git.example/agency/aeportal.git",
            "vcs_info": {"vcs": "git", "commit_id": COMMIT, "requested_revision": "main"},
        },
        f"from git+https://git.example/agency/aeportal.git@{COMMIT}",
        f"aeportal @ git+https://git.example/agency/aeportal.git@{COMMIT}",
    ),
    "git from a local clone": (
        {"url": "file:///src/aeportal", "vcs_info": {"vcs": "git", "commit_id": COMMIT}},
        f"from git+file:///src/aeportal@{COMMIT}",
        None,
    ),
    "editable folder": (
        {"url": "file:///src/ae%20portal", "dir_info": {"editable": True}},
        "an editable install of /src/ae portal",
        None,
    ),
    "folder": (
        {"url": "file:///src/aeportal", "dir_info": {}},
        "installed from /src/aeportal",
        None,
    ),
    "wheel on a server": (
        {
            "url": "https://files.example/aeportal-1.2.3-py3-none-any.whl",
            "archive_info": {"hash": DIGEST},
        },
        "from https://files.example/aeportal-1.2.3-py3-none-any.whl",
        f"aeportal @ https://files.example/aeportal-1.2.3-py3-none-any.whl#{DIGEST}",
    ),
    "wheel file": (
        {"url": "file:///tmp/aeportal-1.2.3-py3-none-any.whl", "archive_info": {}},
        "installed from the file /tmp/aeportal-1.2.3-py3-none-any.whl",
        None,
    ),
    "unreadable record": ({"not": "a url"}, "from a package index", "aeportal==1.2.3"),
}


@pytest.mark.parametrize(("record", "origin", "requirement"), CASES.values(), ids=CASES.keys())
def test_where_aeportal_came_from(
    record: dict[str, Any] | None,
    origin: str,
    requirement: str | None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert installed(monkeypatch, record) == Provenance("1.2.3", origin, requirement)
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert (exit_info.value.code, capsys.readouterr().out) == (0, f"aeportal 1.2.3 ({origin})\n")
    text = requirements_text(find_provenance())
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert lines == ([requirement] if requirement else [])


def test_not_installed_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    only_aeportal(monkeypatch, [])
    found = find_provenance()
    assert (found.requirement, found.origin) == (None, "not installed: run from a source folder")


def test_init_says_when_ci_cannot_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    installed(monkeypatch, {"url": "file:///src/aeportal", "dir_info": {"editable": True}})
    assert main(["init", str(tmp_path / "agency"), "--no-git", "--today", "2026-12-03"]) == 0
    out = capsys.readouterr().out
    assert (
        "  requirements.txt: AE Portal was an editable install of /src/aeportal, which CI cannot "
        "install; put the line that installs it there (its comment says how)"
    ) in out.splitlines()
    text = (tmp_path / "agency/requirements.txt").read_text(encoding="utf-8")
    assert text == requirements_text(find_provenance())
    assert "#   aeportal==1.2.3" in text.splitlines()


def test_init_pins_a_released_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    installed(monkeypatch, None)
    assert main(["init", str(tmp_path / "agency"), "--no-git", "--today", "2026-12-03"]) == 0
    assert "requirements.txt:" not in capsys.readouterr().out
    lines = (tmp_path / "agency/requirements.txt").read_text(encoding="utf-8").splitlines()
    assert lines[-1] == "aeportal==1.2.3"
    assert provenance.DISTRIBUTION == "aeportal"
