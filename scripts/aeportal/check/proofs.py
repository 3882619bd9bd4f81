"""Rules over the versions of a deliverable: their files, decisions and feedback (PROOF codes).

A version's files were hashed when the account was loaded (``AccountBundle.files``):
nothing here reads a file. Every problem is located at the line that names it.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from collections.abc import Iterable, Iterator
from pathlib import Path

from aeportal import model
from aeportal.diagnostics import Loc, Report

# File types a version may hold, by extension (compared in lower case).
IMAGES = frozenset({"png", "jpg", "jpeg", "gif", "webp"})
DOWNLOAD_ONLY = frozenset({"svg", "html", "htm"})  # can carry scripts: never shown inline
ALLOWED_TYPES = (
    IMAGES
    | {"pdf", "mp4", "mov", "webm", "mp3", "wav", "m4a"}
    | {"docx", "xlsx", "pptx", "key", "txt", "csv", "zip"}
    | DOWNLOAD_ONLY
)
_LFS_PULL = "run `git lfs pull` (and `git lfs install` once) where you build"


def file_type(path: str) -> str:
    """The extension of a file name, lower case, without the dot ("" if none)."""
    name = posixpath.basename(path)
    return name.rsplit(".", 1)[1].lower() if "." in name.strip(".") else ""


def asset_problem(bundle: model.AccountBundle, written: str) -> tuple[str, str, str] | None:
    """(code, message, hint) of a file named by a version, or None when it may be published.

    ``written`` is relative to the account folder (a body's link: see ``body_asset``).
    """
    key = model.asset_key(written)
    if key is None:
        return _outside(bundle, written)
    kind = file_type(key)
    if kind not in ALLOWED_TYPES:
        return (
            "PROOF004",
            f"`{written}` is a file of type `{kind or 'none'}`, which portals do not publish",
            "convert it to one of: " + ", ".join(sorted(ALLOWED_TYPES)) + "; or pack it in a .zip",
        )
    found = bundle.files.get(key)
    if found is None:
        return (
            "PROOF001",
            f"`{written}` does not exist in the account's {model.ASSETS}/ folder",
            f"check the name, or add the file under accounts/{bundle.slug}/{model.ASSETS}/",
        )
    if found.lfs_pointer:
        return (
            "PROOF006",
            f"`{written}` is a Git LFS pointer: the file's content is not fetched",
            _LFS_PULL,
        )
    limit = model.MAX_LFS_BYTES if found.lfs_tracked else model.MAX_ASSET_BYTES
    if found.size > limit:
        what = "a Git LFS file" if found.lfs_tracked else "a file"
        return (
            "PROOF005",
            f"`{written}` is {found.size:,} bytes ({found.size / 2**20:,.1f} MiB); {what} "
            f"may be at most {limit // 2**20:,} MiB",
            "make it smaller (export at a lower bit rate or resolution), link it from a "
            "video host with `links:`"
            + ("" if found.lfs_tracked else ", or store it with Git LFS (`git lfs track`)"),
        )
    return None


def _outside(bundle: model.AccountBundle, joined: str) -> tuple[str, str, str]:
    norm = posixpath.normpath(joined)
    parts = norm.split("/")
    if len(parts) > 2 and parts[0] == ".." and parts[1] != bundle.slug:
        # `../<other>/…` from the account folder: another client's folder
        return (
            "PROOF003",
            f"`{joined}` is a file of the account `{parts[1]}`: each portal holds one account only",
            f"copy the file into accounts/{bundle.slug}/{model.ASSETS}/ if this client may see it",
        )
    return (
        "PROOF002",
        f"`{joined}` is not under the account's {model.ASSETS}/ folder",
        f"put the file under accounts/{bundle.slug}/{model.ASSETS}/ and name it "
        f"`{model.ASSETS}/…`, relative to the account folder",
    )


def _documents(bundle: model.AccountBundle) -> Iterator[model.Brief | model.ChangeRequest]:
    yield from bundle.briefs
    yield from bundle.changes


def check_versions(bundle: model.AccountBundle, today: dt.date, report: Report) -> None:
    """Every rule over the versions of the account's briefs and change requests."""
    assert bundle.account is not None
    account = bundle.account
    approvers = set(account.approval.approvers)
    contacts = {c.id for c in account.client.contacts}
    for doc in _documents(bundle):
        previous: model.Version | None = None
        for index, version in enumerate(doc.versions, 1):
            _order(version, index, previous, report)
            _files(bundle, version, report)
            for link in version.links:
                if not link.url.startswith("https://"):
                    report.add(
                        "PROOF015",
                        link.at("url"),
                        f"the link `{link.title}` is not an https:// address",
                        "give the address the browser shows, starting with https://",
                    )
            if version.decision is not None:
                _decision(bundle, version, version.decision, approvers, today, report)
            _feedback(doc, version, contacts, report)
            previous = version


def _order(
    version: model.Version, index: int, previous: model.Version | None, report: Report
) -> None:
    if version.version != index:
        report.add(
            "PROOF008",
            version.at("version"),
            f"version {version.version} is number {index} in the list",
            f"number the versions 1, 2, 3 … oldest first, without gaps: write `version: {index}`",
        )
    if previous is not None and version.date < previous.date:
        report.add(
            "PROOF008",
            version.at("date"),
            f"version {version.version} is dated {version.date}, before the version above it "
            f"({previous.date})",
            "list the versions oldest first, and check the dates",
        )


def _files(bundle: model.AccountBundle, version: model.Version, report: Report) -> None:
    for index, written in enumerate(version.files):
        found = asset_problem(bundle, written)
        if found is not None:
            code, message, hint = found
            report.add(code, version.at("files", index), message, hint)


def _decision(
    bundle: model.AccountBundle,
    version: model.Version,
    decision: model.Decision,
    approvers: set[str],
    today: dt.date,
    report: Report,
) -> None:
    if decision.by not in approvers:
        allowed = ", ".join(sorted(approvers)) or "nobody yet"
        report.add(
            "PROOF009",
            decision.at("by"),
            f"`{decision.by}` decided on version {version.version} but is not an approver",
            f"approvers are: {allowed}; add `{decision.by}` to `approval.approvers` in "
            "account.yml if the contract allows it",
        )
    if version.visibility == "internal":
        report.add(
            "PROOF016",
            version.at("decision"),
            f"version {version.version} is internal, so the client never saw it to decide on it",
            "move the decision to the version the client saw, or remove `visibility: internal`",
        )
    if decision.on > today:
        report.add(
            "APPR003",
            decision.at("on"),
            f"decision date {decision.on} is after today ({today})",
            "record it once it has happened, or check the year",
        )
    elif decision.on < version.date:
        report.add(
            "TIME005",
            decision.at("on"),
            f"decided on {decision.on}, before version {version.version} was sent ({version.date})",
            "check both dates",
        )
    named = {model.asset_key(w) or w: w for w in version.files}
    for written, sha in decision.files.items():
        key = model.asset_key(written) or written
        found = bundle.files.get(key)
        where = decision.at("files", written)
        if key not in named:
            report.add(
                "PROOF010",
                where,
                f"the decision covers `{written}`, which version {version.version} does not "
                "name: the version changed after the decision",
                "ask the client to decide on the version as it is now, or restore the file list",
            )
        elif found is not None and not found.lfs_pointer and found.sha256 != sha:
            report.add(
                "PROOF010",
                where,
                f"`{written}` changed after the decision: the client decided on SHA-256 "
                f"{sha[:16]}…, the file is now {found.sha256[:16]}…",
                "put changed work in a new version and ask the client again; "
                "or restore the file the client saw",
            )


def _feedback(
    doc: model.Brief | model.ChangeRequest,
    version: model.Version,
    contacts: set[str],
    report: Report,
) -> None:
    numbers = [v.version for v in doc.versions]
    # An internal round is not sent: feedback waits for the next version the client sees.
    latest = max((v.version for v in doc.versions if v.visibility == "client"), default=0)
    first_by_where: dict[str, model.Feedback] = {}
    for point in version.feedback:
        if point.by not in contacts:
            known = ", ".join(sorted(contacts)) or "none yet"
            report.add(
                "PROOF011",
                point.at("by"),
                f"`{point.by}` gave feedback but is not a client contact",
                f"feedback comes from the client: use one of {known}; the agency's own "
                "remarks belong in an internal version's `changes`",
            )
        done = point.done_in
        if done is not None and point.declined is not None:
            report.add(
                "PROOF014",
                point.at("declined"),
                f"the feedback is both done (in version {done}) and declined",
                "keep one of `done_in:` and `declined:`",
            )
        elif done is not None and (done <= version.version or done not in numbers):
            report.add(
                "PROOF014",
                point.at("done_in"),
                f"`done_in: {done}` names no version after version {version.version}",
                "name the later version that did it"
                + (f" (versions: {', '.join(map(str, numbers))})" if numbers else ""),
            )
        open_point = done is None and point.declined is None
        if open_point and version.version < latest:
            report.add(
                "PROOF012",
                point.loc,
                f"feedback of {point.by} on version {version.version} is still open, "
                f"and version {latest} was sent since",
                "write `done_in: N` (the version that did it) or `declined:` with the reason",
            )
        where = " ".join(point.where.lower().split())
        if not where:
            continue
        first = first_by_where.setdefault(where, point)
        if first is not point and first.by != point.by and (open_point or _is_open(first)):
            report.add(
                "PROOF013",
                point.at("where"),
                f"{first.by} (line {first.loc.line}) and {point.by} both gave feedback on "
                f"“{point.where}” in version {version.version}",
                "reconcile the two with the client before the next version; then mark each "
                "done or declined",
            )


def _is_open(point: model.Feedback) -> bool:
    return point.done_in is None and point.declined is None


def body_asset(bundle: model.AccountBundle, doc_path: str, url_path: str) -> str | None:
    """The key in ``bundle.files`` of a body's link (its address's path, unquoted)."""
    written = os.path.normpath(Path(doc_path).parent / url_path)
    rel = os.path.relpath(written, bundle.root).replace(os.sep, "/")
    return model.asset_key(rel)


def check_unreferenced(
    bundle: model.AccountBundle, referenced: Iterable[str], report: Report
) -> None:
    """A warning for each file under assets/ that no version and no body names."""
    named = set(referenced) | model.named_files(_documents(bundle))
    for key in bundle.files:
        if key not in named:
            report.add(
                "PROOF007",
                Loc(f"{bundle.root}/{key}"),
                "nothing refers to this file: no version names it and no document links it",
                "add it to a version's `files:`, link it from a document, or delete it",
            )
