"""Steps (changes to files), commits, pull requests, and the ``git fast-import`` stream."""

from __future__ import annotations

import datetime as dt
import heapq
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from aeportal.trail.history import content_hash

from .common import ENDGAME, GITHUB, OPEN_PRS, PR_DAYS, STEPS_PER_COMMIT, TODAY, TZ, TZ_SECONDS
from .records import STAFF, Account, Person
from .text import lower_first, slugify, unique
from .versions import Doc, append_log, log_entry
from .words_documents import README


@dataclass
class Step:
    key: tuple[dt.date, int, int, int]
    acct: Account
    ops: list[tuple[str, str, Any]]  # ("M", path, (doc, k)) or ("R", old path, new path)
    message: str
    author: str
    approvals: list[tuple[Person, bool]]  # (client approver, rejected)
    rename: bool = False

    @property
    def date(self) -> dt.date:
        return self.key[0]


def account_steps(acct: Account, docs: list[Doc]) -> list[Step]:
    """The account's changes in order: its creation, then every later version of every file."""
    create = Step((acct.created, 0, 0, 0), acct, [], f"Add account {acct.slug}", acct.lead().id, [])
    steps = [create]
    for order, doc in enumerate(docs):
        for k, v in enumerate(doc.versions):
            if v.create:
                create.ops.append(("M", doc.path_at(k), (doc, k)))
                continue
            if v.state is None:
                assert doc.old is not None
                ops: list[tuple[str, str, Any]] = [("R", doc.path(doc.old), doc.path(doc.id))]
            else:
                ops = [("M", doc.path_at(k), (doc, k))]
            approvals = [(v.approval, v.rejected)] if v.approval else []
            key = (v.date, v.prio, order, k)
            steps.append(Step(key, acct, ops, v.message, v.author, approvals, v.state is None))
    steps.sort(key=lambda s: s.key)
    return steps


@dataclass
class Commit:
    mark: int
    ref: str
    parent: int | None
    merge: int | None
    author: tuple[str, str]
    committer: tuple[str, str]
    message: str
    ops: list[str]
    blobs: list[bytes]
    day: dt.date
    when: int = 0


@dataclass
class PullRequest:
    number: int
    acct: Account
    branch: str
    tip: int
    planned: int
    opened: dt.date
    commits: int = 0
    steps: list[Step] = field(default_factory=list)
    changes: dict[str, str | None] = field(default_factory=dict)  # path -> content or deleted


class History:
    """The fast-import stream: blobs, commits and the main line's tree as it grows."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.mark = 0
        self.blobs: dict[str, int] = {}
        self.commits: list[Commit] = []
        self.tree: dict[str, str] = {}  # the main line: path -> content
        self.main: int | None = None
        self.day = dt.date(2000, 1, 1)
        self.pr_number = 0
        self.kinds = {"merge": 0, "branch": 0, "squash": 0, "direct": 0}
        self.renames = 0
        self.approvals = 0

    def next_mark(self) -> int:
        self.mark += 1
        return self.mark

    def blob(self, content: str, pending: list[bytes]) -> int:
        mark = self.blobs.get(content)
        if mark is None:
            mark = self.next_mark()
            data = content.encode("utf-8")
            pending.append(b"blob\nmark :%d\ndata %d\n%s\n" % (mark, len(data), data))
            self.blobs[content] = mark
        return mark

    def apply(
        self, steps: Sequence[Step], view: dict[str, str | None]
    ) -> tuple[list[str], list[bytes]]:
        """File commands for ``steps``; ``view`` (over the main tree) gets the new contents."""
        ops: list[str] = []
        pending: list[bytes] = []
        for step in steps:
            for op, path, what in step.ops:
                if op == "M":
                    doc, k = what
                    content = doc.text(k)
                    ops.append(f"M 100644 :{self.blob(content, pending)} {path}\n")
                    view[path] = content
                else:
                    content = view[path] if path in view else self.tree[path]
                    assert content is not None
                    ops.append(f"R {path} {what}\n")
                    view[path], view[what] = None, content
                    self.renames += 1
            self.approvals += sum(1 for _ in step.approvals)
        return ops, pending

    def commit(
        self,
        ref: str,
        parent: int | None,
        author: Person | tuple[str, str],
        message: str,
        ops: list[str],
        blobs: list[bytes],
        day: dt.date,
        merge: int | None = None,
        committer: tuple[str, str] | None = None,
    ) -> int:
        self.day = max(self.day, day)
        who = (author.name, author.email) if isinstance(author, Person) else author
        mark = self.next_mark()
        self.commits.append(
            Commit(mark, ref, parent, merge, who, committer or who, message, ops, blobs, self.day)
        )
        return mark

    def update_tree(self, view: dict[str, str | None]) -> None:
        for path, content in view.items():
            if content is None:
                self.tree.pop(path, None)
            else:
                self.tree[path] = content

    def on_main(self, steps: Sequence[Step], kind: str) -> None:
        """A squash merge or a direct commit on the main line."""
        view: dict[str, str | None] = {}
        ops, blobs = self.apply(steps, view)
        self.update_tree(view)
        first, rest = steps[0], [s.message for s in steps[1:]]
        author = STAFF[first.author]
        day = steps[0].date  # the steps follow within days
        if kind == "squash":
            self.pr_number += 1
            title = first.message if not rest else f"{first.message} (+{len(rest)} more)"
            message = f"{title} (#{self.pr_number})\n"
            if rest:
                message += "\n" + "".join(f"* {m}\n" for m in (first.message, *rest))
            others = unique(STAFF[s.author] for s in steps if s.author != first.author)
            if others:
                message += "\n" + "".join(f"Co-authored-by: {p.ident}\n" for p in others)
            self.main = self.commit(
                "refs/heads/main", self.main, author, message, ops, blobs, day, committer=GITHUB
            )
        else:
            message = first.message + "\n"
            if rest:
                message += "\n" + "".join(f"- {m}\n" for m in rest)
            approvers = unique(p for s in steps for p in s.approvals)
            if approvers:  # as `aeportal approve` writes it
                message += "\n" + "".join(
                    f"{'Rejected-by' if rejected else 'Approved-by'}: {p.ident}\n"
                    for p, rejected in approvers
                )
                message += "Approval-via: email\n"
                approved = [op for s in steps if s.approvals for op in s.ops if op[0] == "M"]
                if len(approved) == 1 and approved[0][2][0].kind in ("briefs", "changes"):
                    doc, k = approved[0][2]
                    message += f"Content-hash: {content_hash(doc.text(k))}\n"
            self.main = self.commit("refs/heads/main", self.main, author, message, ops, blobs, day)
        self.kinds[kind] += 1

    def open_pr(self, steps: Sequence[Step], planned: int) -> PullRequest:
        self.pr_number += 1
        acct = steps[0].acct
        topic = slugify(steps[0].message).removeprefix(acct.slug + "-")
        branch = f"{acct.slug[:24].strip('-')}/{'-'.join(topic.split('-')[:6]) or 'update'}"
        pr = PullRequest(self.pr_number, acct, branch, self.main or 0, planned, steps[0].date)
        self.pr_commit(pr, steps)
        return pr

    def pr_commit(self, pr: PullRequest, steps: Sequence[Step]) -> None:
        ops, blobs = self.apply(steps, pr.changes)
        message = steps[0].message + "\n"
        if len(steps) > 1:
            message += "\n" + "".join(f"- {s.message}\n" for s in steps[1:])
        day = steps[0].date  # the steps follow within days
        ref = f"refs/pull/{pr.number}/head"
        pr.tip = self.commit(ref, pr.tip, STAFF[steps[0].author], message, ops, blobs, day)
        pr.commits += 1
        pr.steps.extend(steps)
        self.kinds["branch"] += 1

    def merge_pr(self, pr: PullRequest) -> None:
        """A two-parent merge; its tree is the main line's plus the branch's changes."""
        ops: list[str] = []
        blobs: list[bytes] = []
        for path, content in pr.changes.items():
            if content is not None:
                ops.append(f"M 100644 :{self.blob(content, blobs)} {path}\n")
            elif path in self.tree:
                ops.append(f"D {path}\n")
        self.update_tree(pr.changes)
        title = pr.steps[0].message
        if len(pr.steps) > 1:
            title = f"{pr.acct.name}: {lower_first(title)} (+{len(pr.steps) - 1} more)"
        message = f"Merge pull request #{pr.number} from agency/{pr.branch}\n\n{title}\n"
        self.main = self.commit(
            "refs/heads/main",
            self.main,
            pr.acct.lead(),
            message,
            ops,
            blobs,
            self.day,
            merge=pr.tip,
            committer=GITHUB,
        )
        self.kinds["merge"] += 1

    def stream(self) -> bytes:
        """The fast-import stream; each day's commits are spread over working hours."""
        by_day: dict[dt.date, list[Commit]] = {}
        for c in self.commits:
            by_day.setdefault(c.day, []).append(c)
        for day, group in by_day.items():
            span = max(1, 11 * 3600 // len(group))
            midnight = int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())
            for j, c in enumerate(group):
                c.when = midnight - TZ_SECONDS + 8 * 3600 + j * span + self.rng.randrange(span)
        out: list[bytes] = []
        for c in self.commits:
            out.extend(c.blobs)
            message = c.message.encode("utf-8")
            header = (
                f"commit {c.ref}\nmark :{c.mark}\n"
                f"author {c.author[0]} <{c.author[1]}> {c.when} {TZ}\n"
                f"committer {c.committer[0]} <{c.committer[1]}> {c.when} {TZ}\n"
            )
            out.append(header.encode("utf-8") + b"data %d\n%s\n" % (len(message), message))
            if c.parent:
                out.append(b"from :%d\n" % c.parent)
            if c.merge:
                out.append(b"merge :%d\n" % c.merge)
            out.append("".join(c.ops).encode("utf-8") + b"\n")
        return b"".join(out)


def build_history(
    accounts: list[Account], all_docs: dict[str, list[Doc]], commits: int, rng: random.Random
) -> History:
    steps = {a.slug: account_steps(a, all_docs[a.slug]) for a in accounts}
    r = commits - 1  # commits still to make after the import
    total = sum(len(s) for s in steps.values())
    target = int(r * STEPS_PER_COMMIT)
    dates = sorted(s.date for ss in steps.values() for s in ss)
    cutoff = dates[total - target] if total > target else dates[0]
    h = History(rng)

    # The initial import: every account as it stood before the cutoff.
    latest: dict[str, tuple[Doc, int]] = {}
    queues: dict[str, list[Step]] = {}
    for acct in accounts:
        queues[acct.slug] = [s for s in steps[acct.slug] if s.date >= cutoff]
        for s in steps[acct.slug]:
            if s.date >= cutoff:
                break
            for op, path, what in s.ops:
                if op == "M":
                    latest[path] = what
                else:
                    latest[what] = latest.pop(path)
    view: dict[str, str | None] = {"README.md": README}
    view.update({path: latest[path][0].text(latest[path][1]) for path in sorted(latest)})
    blobs: list[bytes] = []
    ops = [f"M 100644 :{h.blob(str(text), blobs)} {path}\n" for path, text in view.items()]
    h.update_tree(view)
    imported = [s.date for ss in steps.values() for s in ss if s.date < cutoff]
    message = "Import the client accounts\n"
    h.main = h.commit(
        "refs/heads/main", None, STAFF["ha"], message, ops, blobs, max(imported, default=cutoff)
    )

    order = {a.slug: a.index for a in accounts}
    heap = [(q[0].key[:2], order[slug], slug) for slug, q in queues.items() if q]
    heapq.heapify(heap)
    pos = dict.fromkeys(queues, 0)
    left = sum(len(q) for q in queues.values())
    plan_docs = {
        a.slug: next(d for d in all_docs[a.slug] if d.kind == "internal") for a in accounts
    }
    prs: dict[str, PullRequest] = {}

    def filler() -> None:
        """One more entry in an account plan's log, when the planned steps ran out."""
        nonlocal left
        slug = rng.choice(sorted(queues))
        doc = plan_docs[slug]
        append_log(doc, min(max(h.day, doc.versions[-1].date), TODAY), log_entry(doc.acct, rng))
        k = len(doc.versions) - 1
        v = doc.versions[k]
        step = Step(
            (v.date, v.prio, 99, k),
            doc.acct,
            [("M", doc.path_at(k), (doc, k))],
            v.message,
            v.author,
            [],
        )
        queues[slug].append(step)
        left += 1
        if pos[slug] == len(queues[slug]) - 1:
            heapq.heappush(heap, (step.key[:2], order[slug], slug))

    def take(slug: str, n: int, window: int) -> list[Step]:
        """The next ``n`` steps of an account (fewer across a rename or a long gap)."""
        nonlocal left
        q, i = queues[slug], pos[slug]
        out = [q[i]]
        i += 1
        while (
            not out[0].rename
            and len(out) < n
            and i < len(q)
            and not q[i].rename
            and (q[i].date - out[0].date).days <= window
        ):
            out.append(q[i])
            i += 1
        pos[slug] = i
        left -= len(out)
        if i < len(q):
            heapq.heappush(heap, (q[i].key[:2], order[slug], slug))
        return out

    while r > 0:
        m = len(prs)
        if prs and r <= m + ENDGAME:
            h.merge_pr(prs.pop(next(iter(prs))))
            r -= 1
            continue
        if r == 1:  # the last commit takes whatever is left
            if left == 0:
                filler()
            rest = [q[i] for slug, q in queues.items() for i in range(pos[slug], len(q))]
            rest.sort(key=lambda s: (s.date, order[s.acct.slug], s.key))
            h.on_main(rest, "squash")
            r -= 1
            break
        if left == 0:
            filler()
        # A pull request is merged within days, when its account has nothing more to add.
        late = [pr for pr in prs.values() if (heap[0][0][0] - pr.opened).days > PR_DAYS]
        if late:
            h.merge_pr(prs.pop(late[0].acct.slug))
            r -= 1
            continue
        _, _, slug = heapq.heappop(heap)
        made = commits - r
        carrying = max(0.5, 1 - h.kinds["merge"] / made)  # commits that carry steps
        x = left / max(1.0, (r - m) * carrying)  # steps per commit to end on time
        n = max(1, int(x) + (1 if rng.random() < x - int(x) else 0))
        group = take(slug, n, 7 if x < 2.5 else 21)
        if slug in prs:
            pr = prs[slug]
            h.pr_commit(pr, group)
            r -= 1
            if pr.commits >= pr.planned and r > 0:
                h.merge_pr(prs.pop(slug))
                r -= 1
            continue
        roll = rng.random()
        if r - m - ENDGAME >= 3 and m < OPEN_PRS and roll < 0.42:
            planned = rng.choices([1, 2, 3], [0.45, 0.35, 0.2])[0]
            prs[slug] = h.open_pr(group, planned)
            r -= 1
            if planned == 1:
                h.merge_pr(prs.pop(slug))
                r -= 1
            continue
        # A commit on the main line may also carry other accounts' changes of the same days.
        while (
            len(group) < n
            and not group[0].rename
            and heap
            and heap[0][2] not in prs
            and (heap[0][0][0] - group[0].date).days <= 2
            and not queues[heap[0][2]][pos[heap[0][2]]].rename
        ):
            group += take(heapq.heappop(heap)[2], n - len(group), 2)
        kind = "squash" if roll < (0.75 if any(s.approvals for s in group) else 0.68) else "direct"
        h.on_main(group, kind)
        r -= 1
    return h
