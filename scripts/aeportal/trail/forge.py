"""Pull-request reviews, read from GitHub or GitLab and recorded in git notes.

CI runs ``aeportal reviews record`` after a merge: the forge is the one CI names
in its own variables (``GITHUB_API_URL``, ``GITHUB_REPOSITORY``, ``GITHUB_TOKEN``;
``CI_API_V4_URL``, ``CI_PROJECT_ID`` and a token), so the API URL is configurable
and tests point it at a server on 127.0.0.1. The reviews become one JSON note
(``history.note_text``) on the merge commit, under ``history.NOTES_REF``; the
history index reads it back in its one ``git log`` pass.

urllib is enough here: a few GET requests with a token header, JSON bodies and one
pagination header; a client library would add a dependency for nothing more.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any, Literal

from aeportal.errors import ForgeError, InputError, UsageError
from aeportal.trail.history import (
    NOTES_REF,
    REVIEW_STATES,
    Review,
    ReviewNote,
    _pr_of,
    note_text,
    parse_note,
)

TIMEOUT = 30  # seconds for one request
PER_PAGE = 100
MAX_PAGES = 50  # 5,000 reviews: beyond that a pull request is not one the agency reads
MAX_WAIT = 60  # seconds: a rate limit that lifts sooner is waited out, a later one reported
RETRIES = 3


@dataclass(frozen=True)
class Forge:
    """Where to ask: the forge, its API's base URL, the repository, and how to authenticate."""

    kind: Literal["github", "gitlab"]
    api: str
    project: str  # owner/name on GitHub; the project's id (or URL-encoded path) on GitLab
    headers: tuple[tuple[str, str], ...]
    token_name: str  # the variable the token came from, to name it in messages


def forge_from_env(env: Mapping[str, str]) -> Forge:
    """The forge CI runs on, from its own variables; UsageError naming what is missing."""
    if env.get("GITHUB_REPOSITORY"):
        token = env.get("GITHUB_TOKEN") or env.get("GH_TOKEN")
        if not token:
            raise UsageError(
                "GITHUB_TOKEN is not set: give the step `env: GITHUB_TOKEN: "
                "${{ github.token }}` (with `pull-requests: read`), or export a token by hand"
            )
        return Forge(
            "github",
            env.get("GITHUB_API_URL", "https://api.github.com").rstrip("/"),
            env["GITHUB_REPOSITORY"],
            (
                ("Authorization", f"Bearer {token}"),
                ("Accept", "application/vnd.github+json"),
                ("X-GitHub-Api-Version", "2022-11-28"),
            ),
            "GITHUB_TOKEN" if env.get("GITHUB_TOKEN") else "GH_TOKEN",
        )
    if env.get("CI_API_V4_URL"):
        if not env.get("CI_PROJECT_ID"):
            raise UsageError("CI_API_V4_URL is set but CI_PROJECT_ID is not: set both")
        # A project access token (read_api) reads approvals; the job token may not.
        if token := env.get("AEPORTAL_GITLAB_TOKEN"):
            header, name = ("PRIVATE-TOKEN", token), "AEPORTAL_GITLAB_TOKEN"
        elif token := env.get("CI_JOB_TOKEN"):
            header, name = ("JOB-TOKEN", token), "CI_JOB_TOKEN"
        else:
            raise UsageError(
                "no GitLab token: set the CI/CD variable AEPORTAL_GITLAB_TOKEN to a project "
                "access token with read_api"
            )
        return Forge(
            "gitlab",
            env["CI_API_V4_URL"].rstrip("/"),
            urllib.parse.quote(env["CI_PROJECT_ID"], safe=""),
            (header,),
            name,
        )
    raise UsageError(
        "no forge found: set GITHUB_REPOSITORY, GITHUB_API_URL and GITHUB_TOKEN (GitHub) or "
        "CI_API_V4_URL, CI_PROJECT_ID and AEPORTAL_GITLAB_TOKEN (GitLab), as their CI does"
    )


# --- HTTP ------------------------------------------------------------------------------


def _wait(headers: Message, now: float) -> float | None:
    """Seconds until a rate limit lifts, from Retry-After or X-RateLimit-Reset / RateLimit-Reset."""
    if (after := headers.get("Retry-After")) and after.strip().isdigit():
        return float(after)
    for name in ("X-RateLimit-Reset", "RateLimit-Reset"):
        if (reset := headers.get(name)) and reset.strip().isdigit():
            return max(0.0, float(reset) - now)
    return None


def _limited(error: urllib.error.HTTPError) -> bool:
    if error.code == 429:
        return True
    # GitHub answers a spent primary rate limit with 403 and no requests remaining, and a
    # secondary one with 403 and Retry-After.
    return error.code == 403 and (
        error.headers.get("X-RateLimit-Remaining") == "0" or "Retry-After" in error.headers
    )


def _refusal(forge: Forge, error: urllib.error.HTTPError, what: str) -> ForgeError:
    status = f"{error.code} {error.reason}"
    if error.code == 401:
        return ForgeError(
            f"{forge.kind} refused the token ({status}) reading {what}: "
            f"check that {forge.token_name} is set and still valid"
        )
    if error.code == 403:
        need = "pull-requests: read" if forge.kind == "github" else "the read_api scope"
        return ForgeError(
            f"{forge.kind} forbade reading {what} ({status}): the token in "
            f"{forge.token_name} needs {need}"
        )
    if error.code == 404:
        return ForgeError(
            f"{forge.kind} found no {what} ({status}) in {urllib.parse.unquote(forge.project)}: "
            "check the number and the repository (a token that cannot see a private "
            "repository is also answered 404)"
        )
    if error.code >= 500:
        return ForgeError(
            f"{forge.kind} failed answering for {what} ({status}); it is the server's "
            "trouble: run the command again later"
        )
    return ForgeError(f"{forge.kind} answered {status} for {what}")


def _get(
    forge: Forge,
    url: str,
    what: str,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[Any, Message]:
    """One GET, JSON decoded, with its headers; rate limits that lift soon are waited out."""
    request = urllib.request.Request(url, headers=dict(forge.headers))
    for attempt in range(RETRIES + 1):
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                body = response.read()
                headers = response.headers
            break
        except urllib.error.HTTPError as error:
            with error:
                if not _limited(error):
                    raise _refusal(forge, error, what) from None
                wait = _wait(error.headers, time.time())
                if wait is None or wait > MAX_WAIT or attempt == RETRIES:
                    lifts = "" if wait is None else f"; it lifts in {int(wait) + 1} s"
                    raise ForgeError(
                        f"{forge.kind} rate limit reached reading {what} ({error.code}){lifts}: "
                        "run the command again then"
                    ) from None
            sleep(wait)
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            reason = getattr(error, "reason", error)
            raise ForgeError(f"cannot reach {forge.api} for {what}: {reason}") from None
    try:
        return json.loads(body), headers
    except ValueError:
        raise ForgeError(f"{forge.kind} answered {what} with something that is not JSON") from None


def _object(forge: Forge, data: Any, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ForgeError(f"{forge.kind} answered {what} with something that is not an object")
    return data


_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')


def _next_page(forge: Forge, url: str, headers: Message) -> str | None:
    """The next page's URL: GitHub's Link header, GitLab's X-Next-Page."""
    if forge.kind == "github":
        found = _NEXT.search(headers.get("Link") or "")
        return found.group(1) if found else None
    page = (headers.get("X-Next-Page") or "").strip()
    if not page.isdigit():
        return None
    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    query["page"] = page
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def _get_all(forge: Forge, path: str, what: str, sleep: Callable[[float], None]) -> list[Any]:
    """Every item of a paginated list."""
    url: str | None = f"{forge.api}{path}?per_page={PER_PAGE}"
    items: list[Any] = []
    for _ in range(MAX_PAGES):
        if url is None:
            return items
        data, headers = _get(forge, url, what, sleep)
        if not isinstance(data, list):
            raise ForgeError(f"{forge.kind} answered {what} with something that is not a list")
        items.extend(data)
        url = _next_page(forge, url, headers)
    raise ForgeError(f"{what}: more than {MAX_PAGES} pages; is {forge.api} a forge's API?")


# --- reading the reviews ---------------------------------------------------------------


def _date(text: Any) -> dt.datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _login(user: Any) -> str | None:
    if not isinstance(user, dict):
        return None  # a deleted account (GitHub's "ghost") has no user
    found = user.get("login") or user.get("username")
    return str(found) if found else None


def read_reviews(
    forge: Forge, number: int, sleep: Callable[[float], None] = time.sleep
) -> tuple[ReviewNote, str | None]:
    """The reviews of pull request ``number`` and the commit that merged it (if merged)."""
    if forge.kind == "github":
        base = f"/repos/{forge.project}/pulls/{number}"
        what = f"pull request #{number}"
        pull = _object(forge, _get(forge, forge.api + base, what, sleep)[0], what)
        found = _get_all(forge, base + "/reviews", f"the reviews of pull request #{number}", sleep)
        reviews = tuple(
            Review(login, None, str(r["state"]), _date(r.get("submitted_at")), r.get("commit_id"))
            for r in found
            if isinstance(r, dict)
            and (login := _login(r.get("user")))
            and r.get("state") in REVIEW_STATES
        )
        note = ReviewNote(
            "github",
            f"#{number}",
            _login(pull.get("user")),
            (pull.get("head") or {}).get("sha"),
            reviews,
        )
        return note, pull.get("merge_commit_sha") if pull.get("merged_at") else None
    base = f"/projects/{forge.project}/merge_requests/{number}"
    what = f"merge request !{number}"
    mr = _object(forge, _get(forge, forge.api + base, what, sleep)[0], what)
    what = f"the approvals of merge request !{number}"
    approvals = _object(forge, _get(forge, forge.api + base + "/approvals", what, sleep)[0], what)
    # GitLab keeps approvals, not reviews: each is an approval of the merge request as it
    # stood (the API names no commit). `approved_at` is there on newer GitLab; older
    # versions give no date, and the approvals' last update stands in for it.
    reviews = tuple(
        Review(
            login,
            str(entry["user"].get("name") or "") or None,
            "APPROVED",
            _date(entry.get("approved_at")) or _date(approvals.get("updated_at")),
            None,
        )
        for entry in approvals.get("approved_by") or ()
        if isinstance(entry, dict) and (login := _login(entry.get("user")))
    )
    references = mr.get("references") or {}
    note = ReviewNote(
        "gitlab",
        str(references.get("full") or f"!{number}"),
        _login(mr.get("author")),
        mr.get("sha"),
        reviews,
    )
    merged = mr.get("merge_commit_sha") or mr.get("squash_commit_sha")
    return note, merged if mr.get("state") == "merged" else None


def pull_of_commit(
    forge: Forge, sha: str, message: str, parents: int, sleep: Callable[[float], None] = time.sleep
) -> int | None:
    """The pull request a main-line commit merged: from its message, else from the forge."""
    if (named := _pr_of(message.split("\n", 1)[0], message, parents)) is not None:
        return int(named.rsplit("!", 1)[-1].lstrip("#"))
    if forge.kind == "github":
        path, what = f"/repos/{forge.project}/commits/{sha}/pulls", f"the pull requests of {sha}"
    else:
        path = f"/projects/{forge.project}/repository/commits/{sha}/merge_requests"
        what = f"the merge requests of {sha}"
    # The forge lists the pull requests that contain the commit: the one it merged is the
    # one whose merge (or squash) commit it is (a rebase merge leaves no merge subject).
    for pull in _get_all(forge, path, what, sleep):
        if isinstance(pull, dict) and sha in (
            pull.get("merge_commit_sha"),
            pull.get("squash_commit_sha"),
        ):
            return int(pull.get("number") or pull["iid"])
    return None


# --- writing the notes -----------------------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    sha: str  # the merge commit the note is on
    note: ReviewNote
    changed: bool  # False: the same note was there already


def _git(top: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(top), *args], input=stdin, capture_output=True, text=True, check=False
    )


def _top(root: Path) -> Path:
    done = _git(root, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise InputError(f"{root}: not a git repository; reviews are recorded on its merges")
    return Path(done.stdout.strip())


def _resolve(top: Path, ref: str) -> str:
    done = _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if done.returncode != 0:
        raise UsageError(
            f"{ref}: no such commit in this repository (fetch it, with the whole history)"
        )
    return done.stdout.strip()


def write_note(top: Path, sha: str, note: ReviewNote) -> bool:
    """Store ``note`` on commit ``sha``; False when the same note was there already."""
    text = note_text(note)
    shown = _git(top, "notes", f"--ref={NOTES_REF}", "show", sha)
    if shown.returncode == 0 and shown.stdout == text:
        return False  # rewriting it would add a notes commit for nothing
    done = _git(top, "notes", f"--ref={NOTES_REF}", "add", "-f", "-F", "-", sha, stdin=text)
    if done.returncode != 0:
        raise InputError(f"git notes could not record the reviews on {sha}: {done.stderr.strip()}")
    return True


def read_note(top: Path, sha: str) -> ReviewNote | None:
    shown = _git(top, "notes", f"--ref={NOTES_REF}", "show", sha)
    return parse_note(shown.stdout) if shown.returncode == 0 else None


def _merges(top: Path) -> list[tuple[str, str, int]]:
    """The main line's commits (first parents of HEAD): sha, message, number of parents."""
    done = _git(top, "log", "--first-parent", "--no-notes", "--format=%H%x1f%P%x1f%B%x1e", "HEAD")
    if done.returncode != 0:
        raise InputError(f"git could not read the history: {done.stderr.strip()}")
    found = []
    for record in done.stdout.split("\x1e"):
        if record.strip():
            sha, parents, message = record.strip("\n").split("\x1f", 2)
            found.append((sha, message.strip("\n"), len(parents.split())))
    return found


def record_reviews(
    root: Path,
    forge: Forge,
    *,
    pr: int | None = None,
    commit: str | None = None,
    all_merged: bool = False,
    sleep: Callable[[float], None] = time.sleep,
) -> list[Recorded]:
    """Read reviews from the forge and store them on the merge commits they belong to.

    ``pr``: that pull request (on its merge commit, or on ``commit`` when given);
    ``commit``: the pull request that commit merged (none: nothing is recorded);
    ``all_merged``: every pull request merged into the main line, found by its merge or
    squash subject. Recording the same reviews again leaves the same note.
    """
    top = _top(root)
    if all_merged:
        wanted = [
            (sha, number)
            for sha, message, parents in _merges(top)
            if (named := _pr_of(message.split("\n", 1)[0], message, parents)) is not None
            and (number := int(named.rsplit("!", 1)[-1].lstrip("#")))
        ]
    elif pr is not None:
        wanted = [(_resolve(top, commit) if commit else "", pr)]
    else:
        sha = _resolve(top, commit or "HEAD")
        done = _git(top, "log", "-1", "--no-notes", "--format=%P%x1f%B", sha)
        parents, message = done.stdout.split("\x1f", 1)
        merged_pr = pull_of_commit(forge, sha, message.strip("\n"), len(parents.split()), sleep)
        wanted = [(sha, merged_pr)] if merged_pr is not None else []
    recorded = []
    for sha, number in wanted:
        note, merged = read_reviews(forge, number, sleep)
        if not sha:
            if merged is None:
                raise UsageError(
                    f"pull request {note.pr} is not merged: reviews are recorded on a merge "
                    "(give --commit to name the commit)"
                )
            sha = _resolve(top, merged)
        recorded.append(Recorded(sha, note, write_note(top, sha, note)))
    return recorded
