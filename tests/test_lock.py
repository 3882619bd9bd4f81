"""The lock CI installs from (`.ci/requirements.txt`) agrees with pyproject.toml and the machine.

pyproject.toml keeps ranges for users; the lock pins the one set that was tested. Refresh it
with `bash .ci/lock` (see README.md).
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parent.parent
LOCK = REPO / ".ci" / "requirements.txt"
# One pinned requirement: `name==version ; marker \` (hashes follow on the next lines).
_PIN = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>[^\s;\\]+)\s*(?:;(?P<marker>[^\\]*))?")


def locked() -> dict[str, Version]:
    """Each package of the lock that applies to this machine, with its pinned version."""
    pins: dict[str, Version] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if not match:
            continue
        marker = match["marker"]
        if marker and not Marker(marker.strip()).evaluate():
            continue
        name = canonicalize_name(match["name"])
        assert name not in pins, f"{name} is pinned twice for this machine"
        pins[name] = Version(match["version"])
    return pins


def declared() -> list[Requirement]:
    """The requirements pyproject.toml declares for the package and its test extra."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    texts = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    return [Requirement(text) for text in texts]


def applies(requirement: Requirement, extra: str = "") -> bool:
    return requirement.marker is None or requirement.marker.evaluate({"extra": extra})


def test_every_declared_requirement_is_locked_within_its_range() -> None:
    pins = locked()
    for requirement in filter(applies, declared()):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in {LOCK.name}: run `bash .ci/lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{LOCK.name} pins {name}=={pins[name]}, outside `{requirement}` in "
            "pyproject.toml: run `bash .ci/lock`"
        )


def test_the_lock_holds_every_dependency_of_what_it_pins() -> None:
    pins = locked()
    for name in pins:
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            pytest.fail(f"{name} is locked but not installed: install from {LOCK.name}")
        for text in requires:
            requirement = Requirement(text)
            if applies(requirement):
                assert canonicalize_name(requirement.name) in pins, (
                    f"{name} needs {requirement}, which {LOCK.name} lacks: run `bash .ci/lock`"
                )


def test_the_installed_versions_are_the_locked_ones() -> None:
    # What the tests run against is what CI installs: a machine that kept older or newer
    # packages from an earlier install is told so rather than passing or failing by chance.
    drift = {
        name: (str(version), metadata.version(name))
        for name, version in locked().items()
        if Version(metadata.version(name)) != version
    }
    assert not drift, (
        f"installed versions differ from {LOCK.name} (locked, installed): {drift}; "
        f"run `python3 -m pip install -r .ci/requirements.txt`"
    )


def test_ci_runs_the_readme_test_command_from_the_lock() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("Set up and run the tests", 1)[1]
    command = section.split("```sh\n", 1)[1].split("\n```", 1)[0]
    assert command.startswith("python3 -m pip install -r .ci/requirements.txt && ")
    assert command in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
