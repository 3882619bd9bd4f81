"""The approval trail: one pass over git history, per document.

One ``git log`` over the whole history (never a log per file) gives every
commit with its parents, trailers and changed paths (renames followed).
Merge and squash subjects give the pull request each commit came through, and
the same pass reads the review notes (``refs/notes/aeportal-reviews``) that
``aeportal reviews record`` stores on merge commits: who reviewed the pull
request, how, when, and which commit they saw.
For briefs and change requests the document's versions are read from git's
object store in one ``cat-file`` session, to find the commits in which its
status became ``approved`` (or ``rejected``) and the content that was approved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aeportal import cachefile

# The loader's reading of a pointer: the trail must agree with it on what one is.
from aeportal.load.assets import _LFS_POINTER_MAX, _lfs_pointer

RECORD = b"\x1e"
FIELD = b"\x1f"
# %N: the notes of the one notes ref named with --notes (none with --no-notes alone).
_FORMAT = "--format=%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%B%x1f%N%x1f"
# Where `aeportal reviews record` keeps a pull request's reviews, on its merge commit.
NOTES_REF = "refs/notes/aeportal-reviews"
NOTE_FORMAT = "aeportal-reviews/1"
REVIEW_STATES = ("APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED")
_GITHUB_MERGE = re.compile(r"^Merge pull request #(\d+) from (\S+)")
_SQUASH = re.compile(r"\(#(\d+)\)\s*$")
_GITLAB = re.compile(r"See merge request (\S+)!(\d+)")
_TRAILER = re.compile(
    r"^(Approved-by|Rejected-by|Reviewed-by|Co-authored-by|Approval-via|Content-hash"
    r"|Version|Decision|File-sha256):\s*(.+?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
# `File-sha256: <64 hex> <path>`, one per file a client's decision covered.
_FILE_TRAILER = re.compile(r"^([0-9a-fA-F]{64})\s+(\S.*)$")
_TRAILER_NAMES = {
    name.lower(): name
    for name in (
        "Approved-By",
        "Rejected-By",
        "Reviewed-By",
        "Co-Authored-By",
        "Approval-Via",
        "Content-Hash",
        "Version",
        "Decision",
        "File-sha256",
    )
}
# Fields that record a decision, not the content decided on.
DECISION_FIELDS = frozenset(
    {"status", "approved_by", "approved_on", "decided_by", "decided_on", "delivered_on"}
)
APPROVING = {"briefs": ("approved",), "changes": ("approved", "rejected")}


@dataclass(frozen=True)
class Review:
    """One review of a pull request, as the forge recorded it."""

    login: str  # the reviewer's GitHub login or GitLab username
    name: str | None  # the name the forge gives (GitLab), if any
    state: str  # one of REVIEW_STATES
    date: dt.datetime | None
    commit: str | None  # the commit the reviewer saw (GitLab's approvals do not say)


@dataclass(frozen=True)
class ReviewNote:
    """The reviews of the pull request a merge commit merged (a note on that commit)."""

    forge: str  # github or gitlab
    pr: str  # "#12" or "group/project!12"
    author: str | None  # the login of who opened the pull request
    head: str | None  # the pull request's last commit: what was merged
    reviews: tuple[Review, ...]

    def verdicts(self) -> dict[str, Review]:
        """Each reviewer's standing review: the latest that approved or asked for changes.

        A comment changes nobody's verdict (as on GitHub); a dismissed review withdraws it.
        """
        standing: dict[str, Review] = {}
        for review in sorted(self.reviews, key=lambda r: r.date or _EPOCH):
            if review.state in ("APPROVED", "CHANGES_REQUESTED"):
                standing[review.login.casefold()] = review
            elif review.state == "DISMISSED":
                standing.pop(review.login.casefold(), None)
        return standing

    def approvals(self) -> list[Review]:
        return [r for r in self.verdicts().values() if r.state == "APPROVED"]


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def parse_note(text: str) -> ReviewNote | None:
    """A review note, or None when it is not one this version reads (another format)."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != NOTE_FORMAT:
            return None
        reviews = tuple(
            Review(
                str(r["login"]),
                str(r["name"]) if r.get("name") else None,
                str(r["state"]),
                dt.datetime.fromisoformat(r["date"]) if r.get("date") else None,
                str(r["commit"]) if r.get("commit") else None,
            )
            for r in data["reviews"]
            if r.get("state") in REVIEW_STATES
        )
        return ReviewNote(
            str(data["forge"]),
            str(data["pull_request"]),
            str(data["author"]) if data.get("author") else None,
            str(data["head"]) if data.get("head") else None,
            reviews,
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def note_text(note: ReviewNote) -> str:
    """A review note as stored: JSON, keys sorted, so that the same reviews give the same note."""
    data = {
        "format": NOTE_FORMAT,
        "forge": note.forge,
        "pull_request": note.pr,
        "author": note.author,
        "head": note.head,
        "reviews": [
            {
                "login": r.login,
                "name": r.name,
                "state": r.state,
                "date": r.date.isoformat() if r.date else None,
                "commit": r.commit,
            }
            for r in note.reviews
        ],
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    date: dt.datetime
    subject: str
    trailers: tuple[tuple[str, str], ...] = ()
    pr: str | None = None  # the pull request this commit merges or squashes, if any
    reviews: ReviewNote | None = None  # the review note on this (merge) commit, if any

    @property
    def short(self) -> str:
        return self.sha[:7]

    def trailer(self, key: str) -> list[str]:
        return [v for k, v in self.trailers if k.lower() == key.lower()]


@dataclass(frozen=True)
class Landing:
    """How a commit reached the main line."""

    pr: str | None  # "#12" (GitHub) or "group/project!12" (GitLab), None if pushed directly
    via: str | None  # sha of the merge (or squash) commit on the main line


@dataclass(frozen=True)
class Touch:
    """One commit's change to one document."""

    commit: Commit
    path: str  # the document's path in that commit
    change: str  # A, M, D or R
    blob: str | None  # the document's content in that commit (None when deleted)


@dataclass(frozen=True)
class Approval:
    """A commit in which a document's status became approved (or rejected)."""

    document: str  # current path
    status: str
    commit: Commit
    landing: Landing
    by: str | None  # the approver named in the document (approved_by / decided_by)
    trailer_by: tuple[str, ...]  # Approved-by: trailers of the commit
    content_hash: str
    current_hash: str

    @property
    def stale(self) -> bool:
        return self.content_hash != self.current_hash

    @property
    def reviewed(self) -> bool:
        return self.landing.pr is not None or bool(self.trailer_by)


@dataclass(frozen=True)
class FileChange:
    """One commit's change to one file of an account's assets: the content it brought."""

    commit: Commit
    path: str  # the file's path in that commit
    change: str  # A, M or R (D when deleted)
    sha256: str | None  # of the content (an LFS file: of the content its pointer names)
    size: int | None  # bytes of that content
    lfs: bool = False  # stored through Git LFS in that commit


@dataclass(frozen=True)
class FileDecision:
    """A commit that recorded a client's decision on files (``File-sha256:`` trailers)."""

    commit: Commit
    landing: Landing
    version: str | None  # the ``Version:`` trailer
    decision: str | None  # the ``Decision:`` trailer
    files: tuple[tuple[str, str], ...]  # (sha256, path as the trailer names it)
    accounts: frozenset[str]  # the account folders the commit changed


@dataclass
class HistoryIndex:
    """Per document: its commits, how each landed, and its approvals."""

    available: bool
    reason: str = ""  # why not, in words, with the fix
    top: Path | None = None  # the repository's work tree
    shallow: bool = False
    head: str = ""
    commits: dict[str, Commit] = field(default_factory=dict)
    landings: dict[str, Landing] = field(default_factory=dict)
    touches: dict[str, list[Touch]] = field(default_factory=dict)  # current path → newest first
    # Documents deleted from a path that another document holds now (or held later):
    # path → their histories, the most recent document first, each newest first.
    earlier: dict[str, list[list[Touch]]] = field(default_factory=dict)
    approvals: dict[str, list[Approval]] = field(default_factory=dict)
    # Asset files asked for: current path → the content each of its commits brought,
    # newest first; and every recorded decision on files by the SHA-256 it names.
    files: dict[str, list[FileChange]] = field(default_factory=dict)
    file_decisions: dict[str, list[FileDecision]] = field(default_factory=dict)
    # Paths as asked, with their keys: a page, a rule and the dashboard each ask for the
    # same documents (one index lives for one command, in one working folder).
    _keys: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def key(self, path: str | Path) -> str:
        """The repository-relative path of a file (how the index names documents)."""
        text = os.fspath(path)
        found = self._keys.get(text)
        if found is None:
            found = self._keys[text] = self._key(text)
        return found

    def _key(self, path: str) -> str:
        given = Path(path)
        if self.top is not None:
            try:  # one relative_to, not is_relative_to and then relative_to: a hot path
                return given.absolute().relative_to(self.top).as_posix()
            except ValueError:
                pass  # outside the work tree
        return given.as_posix()

    def of(self, path: str | Path) -> list[Touch]:
        return self.touches.get(self.key(path), [])

    def landing(self, sha: str) -> Landing:
        return self.landings.get(sha, Landing(None, None))

    def review_note(self, landing: Landing) -> ReviewNote | None:
        """The recorded reviews of the pull request a commit landed through, if any."""
        commit = self.commits.get(landing.via) if landing.via and landing.pr else None
        return commit.reviews if commit is not None else None

    def latest_approval(self, path: str | Path) -> Approval | None:
        found = self.approvals.get(self.key(path))
        return found[-1] if found else None

    def file_changes(self, path: str | Path) -> list[FileChange]:
        """The commits of an asset file (asked for in ``build_index``), newest first."""
        return self.files.get(self.key(path), [])

    def brought(self, path: str | Path, sha256: str) -> FileChange | None:
        """The commit that brought this content of the file (the earliest that has it)."""
        return next((c for c in reversed(self.file_changes(path)) if c.sha256 == sha256), None)

    def decisions_on(self, path: str | Path, sha256: str) -> list[FileDecision]:
        """Recorded decisions (oldest first) that name this content, in the file's account."""
        folder = account_folder(self.key(path))
        return [d for d in self.file_decisions.get(sha256, ()) if folder in d.accounts]


def unavailable(reason: str) -> HistoryIndex:
    return HistoryIndex(available=False, reason=reason)


def content_hash(text: str) -> str:
    """Hash of a document without its decision fields: what an approver approved."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    kept: list[str] = []
    if lines and lines[0].rstrip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), 0)
        skipping = False
        for line in lines[1:end]:
            if line[:1] not in (" ", "\t", "-", "#", ""):
                key = line.split(":", 1)[0].strip()
                skipping = key in DECISION_FIELDS
            elif line.startswith("#"):
                continue
            if not skipping and line.strip():
                kept.append(line.rstrip())
        lines = ["---", *kept, "---", *lines[end + 1 :]]
    body = "\n".join(line.rstrip() for line in lines).strip() + "\n"
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]


_DECISION = re.compile(
    r"^(status|approved_by|approved_on|decided_by|decided_on):[ \t]*(.*?)[ \t]*(?:#.*)?$",
    re.MULTILINE,
)


def decision_fields(text: str) -> dict[str, str]:
    """The decision fields of a document version, read from its top-level front-matter lines.

    Faster than parsing the YAML of thousands of old versions, and lenient with old
    versions that would not validate today.
    """
    if not text.startswith("---"):
        return {}
    end = text.find("\n---", 3)
    head = text[3 : end if end >= 0 else len(text)]
    return {m.group(1): m.group(2).strip("'\"") for m in _DECISION.finditer(head)}


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _parse_log(raw: bytes) -> Iterable[tuple[Commit, list[tuple[str, str, str, str | None]]]]:
    """Commits with their changes (status, old path, new path, new blob) from ``git log -z``."""
    for record in raw.split(RECORD)[1:]:
        fields = record.split(FIELD)
        sha, parents, author, email, date, body, note = (_decode(f) for f in fields[:7])
        rest = FIELD.join(fields[7:])
        message = body.strip("\n")
        subject = message.split("\n", 1)[0]
        trailers = tuple(
            (_TRAILER_NAMES[m.group(1).lower()], m.group(2)) for m in _TRAILER.finditer(message)
        )
        parent_list = tuple(parents.split())
        commit = Commit(
            sha,
            parent_list,
            author,
            email,
            dt.datetime.fromisoformat(date),
            subject,
            trailers,
            _pr_of(subject, message, len(parent_list)),
            parse_note(note) if note.strip() else None,
        )
        changes = []
        tokens = rest.split(b"\0")
        i = 0
        while i < len(tokens):
            token = tokens[i].lstrip(b"\n")
            i += 1
            if not token.startswith(b":"):
                continue
            meta = token.decode().split()
            status, blob = meta[-1], meta[3]
            if status[0] in "RC":
                old, new = _decode(tokens[i]), _decode(tokens[i + 1])
                i += 2
            else:
                old = new = _decode(tokens[i])
                i += 1
            changes.append((status[0], old, new, None if set(blob) == {"0"} else blob))
        yield commit, changes


def _landings(commits: Mapping[str, Commit], head: str) -> dict[str, Landing]:
    """For every commit, the pull request (if any) that brought it to the main line."""
    mainline = []
    sha: str | None = head
    while sha and sha in commits:
        mainline.append(commits[sha])
        sha = commits[sha].parents[0] if commits[sha].parents else None
    landings: dict[str, Landing] = {}
    for commit in reversed(mainline):  # oldest first: earlier work is claimed already
        pr = commit.pr
        landings[commit.sha] = Landing(pr, commit.sha)
        if len(commit.parents) < 2:
            continue
        stack = list(commit.parents[1:])
        while stack:
            current = stack.pop()
            if current in landings or current not in commits:
                continue
            landings[current] = Landing(pr, commit.sha)
            stack.extend(commits[current].parents)
    return landings


def _pr_of(subject: str, message: str, parents: int) -> str | None:
    """The pull request named by a merge (GitHub, GitLab) or squash commit's message."""
    if m := _GITHUB_MERGE.match(subject):
        return f"#{m.group(1)}"
    if m := _GITLAB.search(message):
        return f"{m.group(1)}!{m.group(2)}"
    if parents < 2 and (m := _SQUASH.search(subject)):
        return f"#{m.group(1)}"
    return None


def build_index(
    root: Path, documents: Iterable[Path] = (), files: Iterable[Path] = ()
) -> HistoryIndex:
    """The history index of the repository holding ``root``.

    ``documents`` are the current files whose approvals to trace (briefs and
    change requests); without them only commits and landings are indexed.
    ``files`` are the current asset files whose every version to hash.
    """
    try:
        import git
    except ImportError:  # pragma: no cover - a declared dependency
        return unavailable("gitpython is not installed")
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return unavailable(
            "not a git repository: history and approvals are unavailable "
            "(run `git init` and commit to start the approval trail)"
        )
    try:
        with repo:
            top = Path(repo.working_tree_dir or root).absolute()
            texts = {}
            for path in documents:
                absolute = Path(path).absolute()
                try:
                    rel = absolute.relative_to(top).as_posix()
                except ValueError:
                    continue  # outside the work tree
                texts[rel] = absolute.read_text(encoding="utf-8", errors="replace")
            wanted = []
            for path in files:
                try:
                    wanted.append(Path(path).absolute().relative_to(top).as_posix())
                except ValueError:
                    continue  # outside the work tree
            index = _index(repo, texts, wanted)
            index.top = top
            return index
    except git.GitCommandError as exc:
        return unavailable(f"git could not read the history: {exc.stderr.strip() or exc}")


def _index(repo: Any, documents: Mapping[str, str], files: Iterable[str] = ()) -> HistoryIndex:
    try:
        head = repo.head.commit.hexsha
    except ValueError:
        return unavailable("the repository has no commits yet")
    shallow = repo.git.rev_parse("--is-shallow-repository").strip() == "true"
    # The notes change apart from the commits (a review recorded after the merge).
    notes = repo.git.for_each_ref("--format=%(objectname)", NOTES_REF).strip()
    cache_path = Path(repo.git_dir) / "aeportal" / f"history-{CACHE_VERSION}.pickle"
    cache = cachefile.read(cache_path)
    commits: dict[str, Commit] = {}
    changes_of: dict[str, list[tuple[str, str, str, str | None]]] = {}
    fresh = (cache.get("head"), cache.get("shallow"), cache.get("notes")) == (head, shallow, notes)
    if fresh:
        commits, changes_of = cache["commits"], cache["changes"]
    else:
        raw = repo.git.log(
            head,
            "--topo-order",
            "--no-abbrev",
            "--raw",
            "-M",
            "-z",
            "--no-color",
            "--no-show-signature",
            "--no-notes",
            *([f"--notes={NOTES_REF}"] if notes else []),
            _FORMAT,
            stdout_as_string=False,
        )
        for commit, changes in _parse_log(raw):
            commits[commit.sha] = commit
            changes_of[commit.sha] = changes
    blobs: dict[str, tuple[Decision, str]] = cache.get("blobs", {})
    known_blobs = len(blobs)
    landings = _landings(commits, head)
    index = HistoryIndex(
        available=True, shallow=shallow, head=head, commits=commits, landings=landings
    )
    if shallow:
        index.reason = (
            "this is a shallow clone: the approval trail is incomplete; fetch the "
            "full history (`git fetch --unshallow`, or `fetch-depth: 0` in "
            "actions/checkout)"
        )
    _assign_touches(index, repo, commits, changes_of)
    if documents:
        _approvals(repo.odb, index, documents, blobs)
    contents: dict[str, Content] = cache.get("contents", {})
    known_contents = len(contents)
    for path in files:
        index.files[path] = [
            FileChange(t.commit, t.path, t.change, *_content(repo.odb, t.blob, contents))
            if t.blob
            else FileChange(t.commit, t.path, t.change, None, None)
            for t in index.touches.get(path, ())
        ]
    index.file_decisions = _file_decisions(index, changes_of)
    if not fresh or len(blobs) != known_blobs or len(contents) != known_contents:
        cachefile.write(
            cache_path,
            {
                "head": head,
                "shallow": shallow,
                "notes": notes,
                "commits": commits,
                "changes": changes_of,
                "blobs": blobs,
                "contents": contents,
            },
        )
    return index


# Marks the key of a document that an earlier commit held at a path now used by another
# document; git paths never hold a NUL, so such a key never meets a real path.
_EARLIER = "\0"


def _assign_touches(
    index: HistoryIndex,
    repo: Any,
    commits: Mapping[str, Commit],
    changes_of: Mapping[str, list[tuple[str, str, str, str | None]]],
) -> None:
    """Give every change of every commit to the document it changed.

    Commits come newest first (topological: a document's later commits descend from
    the commit that added it, so they all come before it). A document is known by its
    current path, and followed back through renames within its account. Where a
    document starts (added, or renamed from elsewhere), the path it starts at held
    another document before, if any: that one was deleted earlier, and its commits are
    its own, never the new document's. A deletion ends a document's history; a path
    deleted and added again in one commit is one change to git (a modification) and
    stays one document.
    """
    owner: dict[str, str] = {}  # a path in older commits → the document it held there
    earlier = 0
    for sha in commits:
        commit, changes = commits[sha], changes_of[sha]
        moved = _renamed_accounts(repo, commit, changes)
        # The owners as of this commit, before its own renames and additions move them.
        before = {new: owner.get(new, new) for _, _, new, _ in changes}
        before.update((old, owner.get(old, old)) for _, old, _, _ in changes)
        started: list[str] = []
        carried: list[tuple[str, str]] = []
        for status, old, new, blob in changes:
            current = before[new]
            if status == "R" and old != new:
                if _same_account(old, new, moved):
                    carried.append((old, current))
                else:
                    # One account's history never follows a file into another account (a
                    # move, or git pairing two accounts' similar files): the old file ends
                    # here and the new one starts here.
                    index.touches.setdefault(before[old], []).append(Touch(commit, old, "D", None))
                    status = "A"
                started.append(new)
            elif status == "A":
                started.append(new)
            index.touches.setdefault(current, []).append(Touch(commit, new, status, blob))
        for path in started:
            earlier += 1
            owner[path] = f"{path}{_EARLIER}{earlier}"
        owner.update(carried)
    # The documents a path held before its current one: kept apart, by path.
    for key in [k for k in index.touches if _EARLIER in k]:
        index.earlier.setdefault(key.split(_EARLIER, 1)[0], []).append(index.touches.pop(key))


def account_folder(path: str) -> str | None:
    """The account folder (``accounts/<slug>``) a repository path lies in, if any."""
    parts = path.split("/")
    if "accounts" not in parts:
        return None
    i = parts.index("accounts")
    return "/".join(parts[: i + 2]) if len(parts) > i + 2 else None


def _same_account(old: str, new: str, moved: Mapping[str, str]) -> bool:
    """Whether a rename from ``old`` to ``new`` stays within one account."""
    before, after = account_folder(old), account_folder(new)
    return before == after or (before is not None and moved.get(before) == after)


# Linear on any text: no two neighbouring parts can match the same characters.
_COMPANY = re.compile(r"^client:[ \t]*\n(?:[ \t].*\n|\n)*?[ \t]+company:(.*)$", re.M)


def _renamed_accounts(
    repo: Any, commit: Commit, changes: list[tuple[str, str, str, str | None]]
) -> dict[str, str]:
    """Account folders this commit renames (old → new).

    A folder is renamed when its account.yml moves to another account folder and still
    names the same client company: git also pairs two different accounts' similar
    account.yml files (one account removed, another added), and those are not one account.
    """
    import git

    moved: dict[str, str] = {}
    for status, old, new, blob in changes:
        before, after = account_folder(old), account_folder(new)
        if (
            status != "R"
            or before is None
            or after is None
            or before == after
            or old != f"{before}/account.yml"
            or new != f"{after}/account.yml"
            or blob is None
            or not commit.parents
        ):
            continue
        try:
            was = repo.git.cat_file("blob", f"{commit.parents[0]}:{old}")
        except git.GitCommandError:
            continue  # the old version is not here (a shallow clone): not followed
        now = _decode(repo.odb.stream(bytes.fromhex(blob)).read())
        if (company := _company(was)) and company == _company(now):
            moved[before] = after
    return moved


def _company(account_yml: str) -> str | None:
    """The client company named in an account.yml, read leniently from its lines."""
    found = _COMPANY.search(account_yml)
    return found.group(1).strip() if found else None


# Bump when the cached structures change shape (2: trailers of decisions on files;
# 3: review notes).
CACHE_VERSION = 3


Content = tuple[str, int, bool]  # SHA-256, size, stored through LFS


def _content(odb: Any, blob: str, contents: dict[str, Content]) -> Content:
    """SHA-256, size and whether it is stored through LFS, of one stored file version.

    An LFS pointer names its content's SHA-256 and size, so the content itself (which
    may not be fetched) is never needed; other content is hashed as a stream.
    """
    found = contents.get(blob)
    if found is None:
        stream = odb.stream(bytes.fromhex(blob))
        head = stream.read(_LFS_POINTER_MAX)
        pointer = _lfs_pointer(head) if stream.size <= _LFS_POINTER_MAX else None
        if pointer is not None:
            found = (*pointer, True)
        else:
            digest = hashlib.sha256(head)
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
            found = (digest.hexdigest(), stream.size, False)
        contents[blob] = found
    return found


def _file_decisions(
    index: HistoryIndex, changes_of: Mapping[str, list[tuple[str, str, str, str | None]]]
) -> dict[str, list[FileDecision]]:
    """Every commit's ``File-sha256:`` trailers, by the SHA-256 they name, oldest first."""
    found: dict[str, list[FileDecision]] = {}
    for sha, commit in reversed(index.commits.items()):
        named = [m.groups() for v in commit.trailer("File-sha256") if (m := _FILE_TRAILER.match(v))]
        if not named:
            continue
        accounts = frozenset(
            folder
            for _, old, new, _ in changes_of.get(sha, ())
            for folder in (account_folder(old), account_folder(new))
            if folder is not None
        )
        decision = FileDecision(
            commit,
            index.landing(sha),
            next(iter(commit.trailer("Version")), None),
            next(iter(commit.trailer("Decision")), None),
            tuple((digest.lower(), path) for digest, path in named),
            accounts,
        )
        for digest in dict.fromkeys(d for d, _ in decision.files):
            found.setdefault(digest, []).append(decision)
    return found


Decision = tuple[str | None, str | None, str | None]


def _version(odb: Any, blob: str, blobs: dict[str, tuple[Decision, str]]) -> tuple[Decision, str]:
    """(status, by, on) and content hash of one stored version; a blob never changes."""
    found = blobs.get(blob)
    if found is None:
        text = _decode(odb.stream(bytes.fromhex(blob)).read())
        meta = decision_fields(text)
        decision = (
            meta.get("status"),
            meta.get("approved_by") or meta.get("decided_by"),
            meta.get("approved_on") or meta.get("decided_on"),
        )
        found = blobs[blob] = (decision, content_hash(text))
    return found


def _approvals(
    odb: Any,
    index: HistoryIndex,
    documents: Mapping[str, str],
    blobs: dict[str, tuple[Decision, str]],
) -> None:
    for path, text in documents.items():
        kind = path.split("/")[-2] if path.count("/") >= 2 else ""
        wanted = APPROVING.get(kind)
        touches = index.touches.get(path)
        if not wanted or not touches:
            continue
        current = decision_fields(text)
        if current.get("status") not in (*wanted, "in_production", "delivered"):
            continue  # nothing approved now: no trail to show
        current_hash = content_hash(text)
        previous: tuple[object, ...] = ()
        events = []
        for touch in reversed(touches):  # oldest first
            if touch.blob is None:
                previous = ()
                continue
            decision, version_hash = _version(odb, touch.blob, blobs)
            status, by = decision[0], decision[1]
            # A new approval: the status became approved, or an approved document was
            # approved again (new approver or date, e.g. after it changed).
            if status in wanted and decision != previous:
                events.append(
                    Approval(
                        document=path,
                        status=str(status),
                        commit=touch.commit,
                        landing=index.landing(touch.commit.sha),
                        by=str(by) if by else None,
                        trailer_by=tuple(
                            touch.commit.trailer("Approved-by")
                            + touch.commit.trailer("Rejected-by")
                        ),
                        content_hash=version_hash,
                        current_hash=current_hash,
                    )
                )
            previous = decision
        if events:
            index.approvals[path] = events
