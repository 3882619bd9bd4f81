"""Record a client's approval in git: front matter updated, commit with an Approved-by: trailer.

Clients approve by e-mail from their portal; the message names the document and
the content hash they saw. ``record_approval`` refuses an approver outside the
account's approval policy and a hash that no longer matches the document.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from aeportal import model
from aeportal.errors import AEPortalError, UsageError
from aeportal.trail.history import content_hash


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
    account = bundle.account
    assert account is not None
    doc = _find(bundle, doc_id)
    if by not in account.approval.approvers:
        allowed = ", ".join(account.approval.approvers) or "nobody"
        raise ApprovalRefused(
            f"`{by}` is not an approver of {bundle.slug} (approval policy: {allowed}); "
            "add them to `approval.approvers` in account.yml first if the contract allows it"
        )
    contact = next(c for c in account.client.contacts if c.id == by)
    path = Path(doc.path)
    text = path.read_bytes().decode("utf-8")
    digest = content_hash(text)
    if expected_hash is not None and expected_hash != digest:
        raise ApprovalRefused(
            f"{doc.path} changed since the client saw it (content {expected_hash}, now "
            f"{digest}); send the current version for approval again"
        )
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
    who = f"{contact.name} <{contact.email}>" if contact.email else contact.name
    verb = "Reject" if reject else "Approve"
    message = (
        f"{verb} {kind} {doc.id}: {title}\n\n"
        f"Approved-by: {who}\nApproval-via: {via}\nContent-hash: {digest}\n"
    )
    if reject:
        message = message.replace("Approved-by:", "Rejected-by:")
    sha = _commit(path, message) if commit else None
    return Recorded(path, sha, digest, message)


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
