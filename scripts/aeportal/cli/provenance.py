"""Where the running AE Portal was installed from, and how another machine installs the same.

pip records a direct install (a git URL, an archive, a local folder) in the distribution's
``direct_url.json`` (PEP 610); an install by name from a package index records none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata
from urllib.parse import unquote, urlsplit

from aeportal import __version__

DISTRIBUTION = "aeportal"


@dataclass(frozen=True)
class Provenance:
    """How AE Portal was installed here."""

    version: str
    origin: str  # in words, for `aeportal --version`
    # The line of a requirements file that installs this same AE Portal on a fresh machine,
    # or None when it cannot be installed from there (a local folder or file).
    requirement: str | None


def find_provenance() -> Provenance:
    """Read how the running AE Portal was installed."""
    found = list(metadata.distributions(name=DISTRIBUTION))
    if not found:
        return Provenance(__version__, "not installed: run from a source folder", None)
    # An installer (pip, uv) writes INSTALLER into what it installs; building from the source
    # folder leaves an `aeportal.egg-info` there, which says nothing about an install.
    dist = next((d for d in found if d.read_text("INSTALLER") is not None), found[0])
    version = dist.version
    try:
        record = json.loads(dist.read_text("direct_url.json") or "null")
    except ValueError:
        record = None
    if not isinstance(record, dict) or not isinstance(record.get("url"), str):
        return Provenance(version, "from a package index", f"{DISTRIBUTION}=={version}")
    return _from_direct_url(version, record)


def _from_direct_url(version: str, record: dict[str, object]) -> Provenance:
    url = str(record["url"])
    local = urlsplit(url).scheme == "file"
    vcs = record.get("vcs_info")
    if isinstance(vcs, dict) and isinstance(vcs.get("commit_id"), str):
        kind, commit = str(vcs.get("vcs", "git")), str(vcs["commit_id"])
        where = f"{kind}+{url}@{commit}"
        requirement = None if local else f"{DISTRIBUTION} @ {where}"
        return Provenance(version, f"from {where}", requirement)
    info = record.get("dir_info")
    if isinstance(info, dict):
        how = "an editable install of" if info.get("editable") else "installed from"
        return Provenance(version, f"{how} {_local_path(url)}", None)
    archive = record.get("archive_info")
    if local:
        return Provenance(version, f"installed from the file {_local_path(url)}", None)
    fragment = ""
    if isinstance(archive, dict) and isinstance(archive.get("hash"), str):
        fragment = "#" + str(archive["hash"])  # `sha256=<hex>`, as a URL fragment pip checks
    return Provenance(version, f"from {url}", f"{DISTRIBUTION} @ {url}{fragment}")


def _local_path(url: str) -> str:
    parts = urlsplit(url)
    return unquote(parts.path) if parts.scheme == "file" else url


def requirements_text(provenance: Provenance) -> str:
    """The requirements.txt of a new agency repository: what installs this AE Portal in CI."""
    if provenance.requirement is not None:
        return (
            "# AE Portal, as installed where this repository was made "
            f"({provenance.origin}).\n{provenance.requirement}\n"
        )
    return (
        f"# AE Portal {provenance.version} was {provenance.origin}, which another machine\n"
        "# cannot install from. Put here the line that installs it, one of:\n"
        f"#   {DISTRIBUTION}=={provenance.version}\n"
        "#       (a version released to your package index)\n"
        f"#   {DISTRIBUTION} @ git+https://git.example/your-agency/aeportal.git@<commit>\n"
        "#       (a commit of a git repository that CI can clone)\n"
        "# Until then, `pip install -r requirements.txt` installs nothing and CI cannot run\n"
        "# `aeportal`.\n"
    )
