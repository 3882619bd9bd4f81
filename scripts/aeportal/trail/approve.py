"""Record a client's approval in git: front matter updated, commit with an Approved-by: trailer.

Clients approve by e-mail from their portal; the message names the document and
the content hash they saw, and for a version of a deliverable the version and the
SHA-256 of each of its files. ``record_approval`` refuses an approver outside the
account's approval policy and a hash that no longer matches the document;
``record_decision`` also refuses a version that is not the latest the client was
sent, and file hashes that differ from the files as they are now.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from dataclasses import dataclass
from pathlib import Path

import yaml

from aeportal import model
from aeportal.diagnostics import Report
from aeportal.errors import AEPortalError, UsageError
from aeportal.load.loader import Source, parse_yaml, split_front_matter
from aeportal.load.schema import MISSING, Converter
from aeportal.trail.history import content_hash

CONTENT_HASH = re.compile(r"[0-9a-f]{12}")
# A file's SHA-256 as a message names it: whole, or its first 16 digits or more.
FILE_HASH = re.compile(r"[0-9a-f]{16,64}")
DECISIONS: tuple[str, ...] = typing.get_args(model.DecisionStatus)
# Statuses of a brief that an approved version moves to `approved` (later ones stay).
_BEFORE_APPROVAL = ("draft", "in_review", "approved")


class ApprovalRefused(AEPortalError):
    """The approval cannot be recorded (wrong approver, changed content, not committed)."""

    exit_code = 1


@dataclass(frozen=True)
class Recorded:
    path: Path
    commit: str | None
    content_hash: str
    message: str


def _find(bundle: model.AccountBundle, doc_id: str) -> model.Brief | model.ChangeRequest:
    docs: list[model.Brief | model.ChangeRequest] = [*bundle.briefs, *bundle.changes]
    for doc in docs:
        if doc.id == doc_id:
            return doc
    known = ", ".join(d.id for d in (*bundle.briefs, *bundle.changes)) or "none"
    raise UsageError(f"`{bundle.slug}` has no brief or change request `{doc_id}` (known: {known})")


def set_front_matter(text: str, values: dict[str, str]) -> str:
    """``text`` with top-level front-matter keys set, other lines kept byte for byte."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    pending = dict(values)
    out = [lines[0]]
    skipping = False
    for line in lines[1:end]:
        key = line.split(":", 1)[0].strip() if re.match(r"[A-Za-z_]", line) else None
        if key is not None:
            skipping = False
            if key in pending:
                out.append(f"{key}: {pending.pop(key)}")
                skipping = True  # drop the old value's continuation lines, if any
                continue
        elif skipping and (line.startswith((" ", "\t", "-")) or not line.strip()):
            continue
        out.append(line)
    out.extend(f"{key}: {value}" for key, value in pending.items())
    return newline.join([*out, *lines[end:]])


def _approver(bundle: model.AccountBundle, by: str) -> model.Contact:
    account = bundle.account
    assert account is not None
    if by not in account.approval.approvers:
        allowed = ", ".join(account.approval.approvers) or "nobody"
        raise ApprovalRefused(
            f"`{by}` is not an approver of {bundle.slug} (approval policy: {allowed}); "
            "add them to `approval.approvers` in account.yml first if the contract allows it"
        )
    return next(c for c in account.client.contacts if c.id == by)


def _read_seen(doc: model.Document, expected_hash: str | None) -> tuple[Path, str, str]:
    """(path, text, content hash) of a document, refused if the client saw other content."""
    path = Path(doc.path)
    text = path.read_bytes().decode("utf-8")
    digest = content_hash(text)
    if expected_hash is not None and expected_hash != digest:
        raise ApprovalRefused(
            f"{doc.path} changed since the client saw it (content {expected_hash}, now "
            f"{digest}); send the current version for approval again"
        )
    return path, text, digest


def _who(contact: model.Contact) -> str:
    return f"{contact.name} <{contact.email}>" if contact.email else contact.name


def record_approval(
    bundle: model.AccountBundle,
    doc_id: str,
    by: str,
    on: dt.date,
    via: str = "email",
    expected_hash: str | None = None,
    reject: bool = False,
    commit: bool = True,
) -> Recorded:
    """Mark a brief or change request approved (or rejected) by ``by`` and commit it."""
    doc = _find(bundle, doc_id)
    contact = _approver(bundle, by)
    path, text, digest = _read_seen(doc, expected_hash)
    is_brief = isinstance(doc, model.Brief)
    if reject and is_brief:
        raise UsageError("only a change request can be rejected; ask for changes to a brief")
    status = "rejected" if reject else "approved"
    fields = (
        {"status": status, "approved_by": by, "approved_on": on.isoformat()}
        if is_brief
        else {"status": status, "decided_by": by, "decided_on": on.isoformat()}
    )
    path.write_bytes(set_front_matter(text, fields).encode("utf-8"))
    kind = "brief" if is_brief else "change request"
    title = getattr(doc, "title", doc.id)
    verb = "Reject" if reject else "Approve"
    message = (
        f"{verb} {kind} {doc.id}: {title}\n\n"
        f"Approved-by: {_who(contact)}\nApproval-via: {via}\nContent-hash: {digest}\n"
    )
    if reject:
        message = message.replace("Approved-by:", "Rejected-by:")
    sha = _commit(path, message) if commit else None
    return Recorded(path, sha, digest, message)


def record_decision(
    bundle: model.AccountBundle,
    doc_id: str,
    number: int,
    decision: str,
    by: str,
    on: dt.date,
    via: str = "email",
    hashes: tuple[str, ...] = (),
    commit: bool = True,
) -> Recorded:
    """Record the client's decision on version ``number`` of a brief or change request.

    The decision is written into that version, with the SHA-256 of each of its files,
    and committed with trailers naming the version, the decision and the files.
    ``hashes`` are what the client's message names: the document's content hash (12
    hex digits) and the files' SHA-256 (16 to 64 hex digits); any that differs from
    the document or its files as they are now refuses the decision.
    """
    if decision not in DECISIONS:
        raise UsageError(f"a decision is one of {', '.join(DECISIONS)}, not `{decision}`")
    doc = _find(bundle, doc_id)
    contact = _approver(bundle, by)
    content = [h for h in hashes if CONTENT_HASH.fullmatch(h)]
    files = [h for h in hashes if h not in content]
    odd = [h for h in files if not FILE_HASH.fullmatch(h)] + content[1:]
    if odd:
        raise UsageError(
            f"`--hash {odd[0]}` is neither a content hash (12 hex digits) nor a file's SHA-256 "
            "(16 to 64 hex digits), or a second content hash"
        )
    version = _latest_version(doc, number)
    covered = _pinned(bundle, doc, version, files)
    path, text, digest = _read_seen(doc, content[0] if content else None)
    block = _decision_block(decision, by, on, covered)
    updated = _with_decision(text, doc, version, block)
    fields = _status_fields(doc, decision, by, on)
    if fields:
        updated = set_front_matter(updated, fields)
    _check_written(updated, doc, version.version, decision, covered)
    path.write_bytes(updated.encode("utf-8"))
    kind = "brief" if isinstance(doc, model.Brief) else "change request"
    if decision == "changes_required":
        subject = f"Changes requested to {kind} {doc.id} version {version.version}"
        trailer = "Changes-requested-by"
    else:
        subject = f"Approve {kind} {doc.id} version {version.version}"
        trailer = "Approved-by"
    message = (
        f"{subject}: {doc.title}\n\n"
        f"{trailer}: {_who(contact)}\nApproval-via: {via}\nContent-hash: {digest}\n"
        f"Version: {version.version}\nDecision: {decision}\n"
        + "".join(f"File-sha256: {sha} {written}\n" for written, sha in covered.items())
    )
    sha = _commit(path, message) if commit else None
    return Recorded(path, sha, digest, message)


def _latest_version(doc: model.Brief | model.ChangeRequest, number: int) -> model.Version:
    """Version ``number`` of ``doc``, refused unless it is the latest the client was sent."""
    known = [v.version for v in doc.versions]
    version = next((v for v in doc.versions if v.version == number), None)
    if version is None:
        listed = ", ".join(map(str, known)) or "none"
        raise UsageError(f"{doc.path} has no version {number} (versions: {listed})")
    if version.visibility == "internal":
        raise ApprovalRefused(
            f"version {number} of {doc.id} is internal: the client never saw it, so cannot "
            "have decided on it"
        )
    sent = [v for v in doc.versions if v.visibility == "client"]
    latest = max(sent, key=lambda v: v.version)
    if latest.version != number:
        raise ApprovalRefused(
            f"version {number} of {doc.id} is no longer the latest: version {latest.version} "
            f"was sent on {latest.date}; ask the client to decide on version {latest.version}"
        )
    return version


def _pinned(
    bundle: model.AccountBundle,
    doc: model.Document,
    version: model.Version,
    named: list[str],
) -> dict[str, str]:
    """Path → SHA-256 of each file of ``version``, checked against the hashes ``named``."""
    covered: dict[str, str] = {}
    for written in version.files:
        key = model.asset_key(written)
        found = bundle.files.get(key) if key is not None else None
        if found is None or found.lfs_pointer:
            why = "is not fetched from Git LFS" if found else "does not exist under assets/"
            raise ApprovalRefused(
                f"{written} of version {version.version} {why}; `aeportal validate` says "
                "what to fix before a decision on it can be recorded"
            )
        covered[written] = found.sha256
    if not named:
        return covered
    unmatched = [h for h in named if not any(sha.startswith(h) for sha in covered.values())]
    if unmatched:
        now = "; ".join(f"{w} is {sha[:16]}…" for w, sha in covered.items()) or "it has no files"
        raise ApprovalRefused(
            f"the client decided on a file {unmatched[0][:16]}… that version {version.version} "
            f"of {doc.id} no longer has ({now}): a file changed since the client saw it; "
            "send the version as it is now for a decision again"
        )
    unnamed = [w for w, sha in covered.items() if not any(sha.startswith(h) for h in named)]
    if unnamed:
        raise ApprovalRefused(
            f"the client's message does not name {unnamed[0]} of version {version.version} "
            f"of {doc.id}: the file was added or changed since the client saw the version; "
            "send the version as it is now for a decision again"
        )
    return covered


def _decision_block(decision: str, by: str, on: dt.date, covered: dict[str, str]) -> list[str]:
    """The lines of a `decision:` mapping, indented from column 0."""
    lines = ["decision:", f"  status: {decision}", f"  by: {by}", f"  on: {on.isoformat()}"]
    if covered:
        lines.append("  files:")
        lines.extend(f"    {_yaml_key(written)}: {sha}" for written, sha in covered.items())
    return lines


def _yaml_key(text: str) -> str:
    """A path as a YAML key: plain where YAML reads it back as the same text, else quoted."""
    plain = re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_./@+-]*", text) is not None
    return text if plain and yaml.safe_load(f"{text}: x") == {text: "x"} else _quoted(text)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _with_decision(text: str, doc: model.Document, version: model.Version, block: list[str]) -> str:
    """``text`` with ``block`` as the `decision:` of ``version``, other lines kept as they are.

    The version's own lines are found from the YAML node of its list item: the item
    runs from its first key to the last line indented at least as deep as that key.
    An older decision of the version is replaced; a new one goes before `feedback:`.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    node = parse_yaml("\n".join(lines[1:end]), doc.path, Report())
    item = _version_node(node, version.version)
    if item is None or item.flow_style:
        raise ApprovalRefused(
            f"version {version.version} of {doc.path} is written on one line ({{…}}); write it "
            "as a block of `key: value` lines to record a decision in it"
        )
    first = item.start_mark.line + 1  # lines[] counts the opening `---` as line 0
    indent = item.start_mark.column
    last = first
    for at in range(first + 1, end):
        line = lines[at]
        if line.strip() and (len(line) - len(line.lstrip(" "))) < indent:
            break
        if line.strip():
            last = at
    keys = {k.value: k.start_mark.line + 1 for k, _ in item.value}
    pad = " " * indent
    new = [pad + line for line in block]
    if "decision" in keys:
        start = keys["decision"]
        stop = min((ln for ln in keys.values() if ln > start), default=last + 1)
        lines[start:stop] = new
    else:
        at = keys.get("feedback", last + 1)
        lines[at:at] = new
    return newline.join(lines)


def _version_node(node: yaml.Node | None, number: int) -> yaml.MappingNode | None:
    """The mapping node of the item of `versions:` whose `version` is ``number``."""
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if key.value == "versions" and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                if isinstance(item, yaml.MappingNode) and any(
                    k.value == "version" and v.value == str(number) for k, v in item.value
                ):
                    return item
    return None


def _status_fields(
    doc: model.Brief | model.ChangeRequest, decision: str, by: str, on: dt.date
) -> dict[str, str]:
    """The top-level fields an approval of a version sets, as a plain approval does."""
    if decision == "changes_required":
        return {}  # the document waits for the next version; its status is the AE's to set
    if isinstance(doc, model.Brief):
        fields = {"approved_by": by, "approved_on": on.isoformat()}
        if doc.status in _BEFORE_APPROVAL:
            fields = {"status": "approved", **fields}
        return fields
    return {"status": "approved", "decided_by": by, "decided_on": on.isoformat()}


def _check_written(
    text: str, doc: model.Document, number: int, decision: str, covered: dict[str, str]
) -> None:
    """Read the updated document back, as the loader will: refuse to write what it misreads."""
    report = Report()
    source = Source(Path(doc.path), doc.path, text.replace("\r\n", "\n"))
    parts = split_front_matter(source, report)
    record: object = MISSING
    if parts is not None:
        node = parse_yaml(parts[0], doc.path, report, line_offset=1)
        if node is not None:
            record = Converter(doc.path, report, line_offset=1).record(
                node, type(doc), "front matter"
            )
    version = next((v for v in getattr(record, "versions", ()) if v.version == number), None)
    written = version.decision if version is not None else None
    if (
        report.errors
        or written is None
        or written.status != decision
        or dict(written.files) != covered
    ):
        problem = report.errors[0].message if report.errors else "the decision does not read back"
        raise ApprovalRefused(
            f"{doc.path}: the decision could not be written into version {number} ({problem}); "
            "nothing was changed: add it by hand"
        )


def _commit(path: Path, message: str) -> str:
    import git

    try:
        repo = git.Repo(path.parent, search_parent_directories=True)
    except git.InvalidGitRepositoryError as exc:
        raise ApprovalRefused(
            f"{path} is not in a git repository; the file is updated but not committed"
        ) from exc
    with repo:
        staged = repo.index.diff("HEAD") if repo.head.is_valid() else []
        if staged:
            names = ", ".join(sorted({str(d.a_path or d.b_path) for d in staged}))
            raise ApprovalRefused(
                f"other changes are staged ({names}); commit or unstage them first, so that "
                "the approval commit holds only the approval (the file is updated)"
            )
        repo.index.add([str(path.absolute())])
        return str(repo.index.commit(message).hexsha)
