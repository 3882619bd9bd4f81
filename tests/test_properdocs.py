"""The MkDocs engine with ProperDocs providing ``mkdocs``, in a fresh virtual environment.

The environment gets exactly `.ci/properdocs.txt` (ProperDocs, Material and AE Portal's
other dependencies, pinned with hashes, no MkDocs; `bash .ci/lock` writes it) and AE Portal
from this source. There the demo builds, passes the privacy audit, and gives the same
portals, byte for byte but for the generator's name, as MkDocs 1.6.1 gives here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aeportal.build.engines.mkdocs import patches

REPO = Path(__file__).resolve().parents[1]
LOCK = REPO / ".ci" / "properdocs.txt"
DEMO = ("accounts", "templates", "mkdocs.yml", "pyproject.toml")
# One pinned package and its marker: `name==version ; marker \`.
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(;[^\\]*)?", re.MULTILINE)
GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')
# A page with a link to nothing: MkDocs and ProperDocs log a warning, which fails the build.
BROKEN_LINK = """\
import sys
from pathlib import Path

from aeportal.build import engines
from aeportal.errors import BuildError
from aeportal.render.pages import Portal

engine = engines.get("mkdocs")
page = "# Home\\n\\nSee [the plan](missing.md).\\n"
portal = Portal("clients/acme", "Acme", "en", {"index.md": page}, [{"Home": "index.md"}])
try:
    engine.build_portal(portal, Path(sys.argv[1]), engine.load_base_config(None))
except BuildError as exc:
    print(f"BuildError: {exc}")
else:
    print("built")
"""
WHAT_RUNS = """\
import json
from importlib import metadata

from aeportal.build.engines import mkdocs as engine
from aeportal.build.engines.mkdocs import patches

import mkdocs

try:
    metadata.version("mkdocs")
    mkdocs_installed = True
except metadata.PackageNotFoundError:
    mkdocs_installed = False
print(json.dumps({
    "mkdocs": [mkdocs.__name__, mkdocs.__version__],
    "mkdocs installed": mkdocs_installed,
    "notices": patches.apply(),
    "applied": patches.applied(),
    "fingerprint": engine.ENGINE.fingerprint()["mkdocs"],
}))
"""


def pins(lock: str) -> dict[str, set[tuple[str, str]]]:
    """Each package of a lock, with its versions and their markers."""
    found: dict[str, set[tuple[str, str]]] = {}
    for name, version, marker in PIN.findall(lock):
        found.setdefault(name, set()).add((version, marker.strip()))
    return found


def run(*argv: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in argv], cwd=cwd, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"{argv}:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtual environment with ProperDocs in place of MkDocs, and AE Portal."""
    root = tmp_path_factory.mktemp("properdocs")
    run(sys.executable, "-m", "venv", "--without-pip", root / "venv")
    pip = (
        *(sys.executable, "-m", "pip", "--python", root / "venv" / "bin" / "python"),
        # Not compiled to bytecode: a third of the time, for modules most of which never run.
        *("install", "--quiet", "--disable-pip-version-check", "--no-compile", "--no-deps"),
    )
    run(*pip, "--require-hashes", "--requirement", LOCK)
    # From a copy: building a package writes into its source folder.
    source = root / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(
        REPO / "scripts",
        source / "scripts",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    run(*pip, "--no-build-isolation", source)
    return root / "venv"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    for name in DEMO:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
        else:
            shutil.copy2(REPO / name, root / name)
    return root


def test_the_lock_pins_a_properdocs_the_patches_were_checked_against() -> None:
    text = LOCK.read_text(encoding="utf-8")
    pinned = re.findall(r"^properdocs==(\S+)", text, re.MULTILINE)
    assert len(pinned) == 1
    for patch in patches.PATCHES:
        if patch.package == "mkdocs":
            assert pinned[0] in patch.checked["properdocs"], patch.name
    assert not re.search(r"^mkdocs==", text, re.MULTILINE)
    assert "--hash=sha256:" in text
    # Written together with .ci/requirements.txt (`bash .ci/lock`): what both pin agrees.
    here, there = pins(text), pins((REPO / ".ci" / "requirements.txt").read_text("utf-8"))
    shared = here.keys() & there.keys()
    assert len(shared) > 25 and "mkdocs-material" in shared
    # The same versions; a marker may differ (a package only some dependency needs below 3.13).
    versions = {name: ({v for v, _ in here[name]}, {v for v, _ in there[name]}) for name in shared}
    assert [name for name, (a, b) in sorted(versions.items()) if a != b] == []


def test_properdocs_provides_mkdocs_and_every_patch_applies(venv: Path) -> None:
    import json

    found = json.loads(run(venv / "bin" / "python", "-W", "error", "-c", WHAT_RUNS))
    assert found == {
        "mkdocs": ["properdocs", "1.6.7"],
        "mkdocs installed": False,
        "notices": [],
        "applied": [patch.name for patch in patches.PATCHES],
        "fingerprint": "properdocs 1.6.7",
    }


def test_the_demo_builds_and_passes_the_audit_as_with_mkdocs(
    venv: Path, demo: Path, tmp_path: Path
) -> None:
    argv = ("build", demo, "--no-history", "--quiet")
    out = run(venv / "bin" / "aeportal", *argv, "--out", tmp_path / "properdocs")
    assert "built 7 portals" in out
    audit = run(venv / "bin" / "aeportal", "audit", "--repo", demo, tmp_path / "properdocs")
    assert "3 client sites audited: no leaks" in audit
    run(sys.executable, "-m", "aeportal", *argv, "--out", tmp_path / "mkdocs")

    def files(site: Path) -> dict[str, bytes]:
        return {
            p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*"))
            if p.is_file() and ".aeportal" not in p.parts
        }

    with_properdocs, with_mkdocs = files(tmp_path / "properdocs"), files(tmp_path / "mkdocs")
    home = with_properdocs["clients/lotus-tea-house/index.html"]
    assert GENERATOR.findall(home) == [b"mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.2"]
    assert len(with_properdocs) > 300
    assert with_properdocs.keys() == with_mkdocs.keys()
    differ = [
        name
        for name, data in with_properdocs.items()
        if GENERATOR.sub(b"", data) != GENERATOR.sub(b"", with_mkdocs[name])
    ]
    assert differ == []


def test_a_warning_of_properdocs_fails_the_build(venv: Path, tmp_path: Path) -> None:
    # ProperDocs logs under "properdocs", not "mkdocs": a broken link must not be published.
    out = run(venv / "bin" / "python", "-c", BROKEN_LINK, tmp_path / "site")
    assert out.strip() == (
        "BuildError: clients/acme: Doc file 'index.md' contains a link 'missing.md', "
        "but the target is not found among documentation files."
    )


@pytest.mark.parametrize(("first", "provider"), [("", "properdocs"), ("import mkdocs", "mkdocs")])
def test_installed_beside_mkdocs_properdocs_is_used_unless_mkdocs_runs_already(
    tmp_path: Path, first: str, provider: str
) -> None:
    # A stand-in for ProperDocs beside the real MkDocs: its replacement module aliases
    # `mkdocs` as the real one does (sys.modules["mkdocs"] = properdocs).
    fake = tmp_path / "properdocs"
    fake.mkdir()
    (fake / "__init__.py").write_text("__version__ = '1.6.7'\n", encoding="utf-8")
    (fake / "replacement.py").write_text(
        "import sys\n\nimport properdocs\n\nsys.modules['mkdocs'] = properdocs\n", encoding="utf-8"
    )
    code = f"{first}\nfrom aeportal.build.engines.mkdocs import provider\n"
    code += "import mkdocs\nprint(provider.use_properdocs(), mkdocs.__name__)\n"
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == [provider, provider]
