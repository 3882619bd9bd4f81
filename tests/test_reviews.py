"""Reviews recorded in git: a real HTTP server on 127.0.0.1 answers as GitHub and GitLab do.

The server answers with the documented example responses kept in tests/fixtures/forge/
(see its README for the source of each), changed only in the values a scenario needs.
`aeportal reviews record` reaches it through the variables CI sets (GITHUB_API_URL,
CI_API_V4_URL), writes real git notes, and the trail, the rules and the pages read them.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from aeportal.check.rules import check
from aeportal.cli.commands import main
from aeportal.trail.history import NOTES_REF, Review, ReviewNote, note_text, parse_note
from portal_fixtures import account_files, write_repo
from test_history import TODAY, Git

FIXTURES = Path(__file__).parent / "fixtures" / "forge"
BRIEF = "accounts/alpha-co/briefs/alpha-launch-post.md"
REPO_NAME = "agency/portal"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def github_review(login: str, state: str, commit: str, when: str) -> dict[str, Any]:
    """The documented review, by another reviewer, in another state, of another commit."""
    review: dict[str, Any] = copy.deepcopy(fixture("github_pull_reviews.json")[0])
    review["user"]["login"] = login
    review.update(state=state, commit_id=commit, submitted_at=when)
    return review


def github_pull(number: int, author: str, head: str, merged: str | None) -> dict[str, Any]:
    pull: dict[str, Any] = fixture("github_pull.json")
    pull["number"] = number
    pull["user"]["login"] = author
    pull["head"]["sha"] = head
    pull["merge_commit_sha"] = merged
    pull["merged_at"] = "2026-11-01T12:00:00Z" if merged else None
    return pull


# --- the forge: a real HTTP server ---------------------------------------------------


@dataclass
class Answer:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


class Forge:
    """Routes (path with query → answers, served in turn, the last one repeated)."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Answer]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.url = ""

    def on(self, path: str, *answers: Answer) -> None:
        self.routes[path] = list(answers)

    def answer(self, path: str) -> Answer:
        found = self.routes.get(path)
        if not found:
            return Answer(404, {"message": "Not Found"})
        return found.pop(0) if len(found) > 1 else found[0]


@pytest.fixture
def forge() -> Iterator[Forge]:
    state = Forge()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append((self.path, dict(self.headers.items())))
            answer = state.answer(self.path)
            body = json.dumps(answer.body).encode()
            self.send_response(answer.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for name, value in answer.headers.items():
                self.send_header(name, value.replace("{base}", state.url))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass  # quiet: pytest shows what matters

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def github_env(forge: Forge, monkeypatch: pytest.MonkeyPatch) -> Forge:
    for name in ("CI_API_V4_URL", "CI_PROJECT_ID", "CI_JOB_TOKEN", "AEPORTAL_GITLAB_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GITHUB_API_URL", forge.url)
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO_NAME)
    monkeypatch.setenv("GITHUB_TOKEN", "ghs_test-token")
    return forge


@pytest.fixture
def gitlab_env(forge: Forge, monkeypatch: pytest.MonkeyPatch) -> Forge:
    for name in ("GITHUB_API_URL", "GITHUB_REPOSITORY", "GITHUB_TOKEN", "GH_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CI_API_V4_URL", f"{forge.url}/api/v4")
    monkeypatch.setenv("CI_PROJECT_ID", "42")
    monkeypatch.setenv("AEPORTAL_GITLAB_TOKEN", "glpat-test-token")
    return forge


# --- a repository whose merges carry reviews -----------------------------------------


@dataclass
class Merged:
    git: Git
    root: Path
    base: str  # the commit before the pull request's branch
    first: str  # the branch's first commit
    head: str  # the branch's last commit: what was merged
    merge: str  # the merge commit on main


def make_repo(root: Path, subject: str = "Merge pull request #7 from agency/approve") -> Merged:
    """Alpha's launch post approved on a branch of two commits, merged as ``subject``."""
    files = account_files("alpha-co", "ALPHA")
    account = "accounts/alpha-co/account.yml"
    files[account] = files[account].replace(
        "  - {id: sam, name: Sam Agency, role: Account Executive, email: sam@agency.example}\n",
        "  - {id: sam, name: Sam Agency, role: Account Executive, email: sam@agency.example,\n"
        "     github: sam-ae, gitlab: marcel.amirault}\n"
        "  - {id: maya, name: Maya Patel, role: Account Lead, github: mayap, gitlab: root}\n",
    )
    write_repo(root, files)
    git = Git(root)
    git("init", "-q", "-b", "main")
    git.edit(BRIEF, "status: in_production", "status: draft")
    base = git.commit("Add the Alpha account")
    git("checkout", "-q", "-b", "approve")
    git.edit(BRIEF, "status: draft", "status: approved\napproved_by: alpha-cmo")
    first = git.commit("The client approved the launch post")
    git.edit(BRIEF, "approved_by: alpha-cmo", "approved_by: alpha-cmo\napproved_on: 2026-11-01")
    head = git.commit("Date the approval")
    git("checkout", "-q", "main")
    git("merge", "-q", "--no-ff", "approve", "-m", subject)
    return Merged(git, root, base, first, head, git("rev-parse", "HEAD"))


@pytest.fixture
def merged(tmp_path: Path) -> Merged:
    root = tmp_path / "repo"
    root.mkdir()
    return make_repo(root)


def serve_github(forge: Forge, m: Merged, author: str, *reviews: dict[str, Any]) -> None:
    forge.on(f"/repos/{REPO_NAME}/pulls/7", Answer(200, github_pull(7, author, m.head, m.merge)))
    forge.on(f"/repos/{REPO_NAME}/pulls/7/reviews?per_page=100", Answer(200, list(reviews)))


def record_merge(forge: Forge, m: Merged, author: str, *reviews: dict[str, Any]) -> None:
    """Serve pull request #7 with these reviews, and record them with the command."""
    serve_github(forge, m, author, *reviews)
    assert record("--repo", str(m.root)) == 0


def history_codes(root: Path, require_review: bool = False) -> list[tuple[str, str, str]]:
    checked = check(root, TODAY, history=True, require_review=require_review)
    return [
        (d.code, str(d.severity), d.message)
        for d in checked.report.sorted()
        if d.code.startswith("HIST")
    ]


def record(*args: str) -> int:
    return main(["reviews", "record", *args])


def notes_tip(root: Path) -> str:
    return Git(root)("for-each-ref", "--format=%(objectname)", NOTES_REF)


# --- recording ------------------------------------------------------------------------


def test_record_writes_a_versioned_note_on_the_merge_commit(
    github_env: Forge, merged: Merged, capsys: pytest.CaptureFixture[str]
) -> None:
    record_merge(
        github_env,
        merged,
        "sam-ae",
        github_review("stranger", "COMMENTED", merged.first, "2026-11-01T10:30:00Z"),
        github_review("mayap", "APPROVED", merged.head, "2026-11-01T11:30:00Z"),
    )
    assert capsys.readouterr().out == (
        f"{merged.merge[:7]} #7: 2 reviews recorded (mayap approved)\n"
    )
    stored = json.loads(merged.git("notes", f"--ref={NOTES_REF}", "show", merged.merge))
    assert stored == {
        "format": "aeportal-reviews/1",
        "forge": "github",
        "pull_request": "#7",
        "author": "sam-ae",
        "head": merged.head,
        "reviews": [
            {
                "login": "stranger",
                "name": None,
                "state": "COMMENTED",
                "date": "2026-11-01T10:30:00+00:00",
                "commit": merged.first,
            },
            {
                "login": "mayap",
                "name": None,
                "state": "APPROVED",
                "date": "2026-11-01T11:30:00+00:00",
                "commit": merged.head,
            },
        ],
    }
    # CI's own token, as GitHub's REST API asks for it.
    assert {path for path, _ in github_env.requests} == {
        f"/repos/{REPO_NAME}/pulls/7",
        f"/repos/{REPO_NAME}/pulls/7/reviews?per_page=100",
    }
    assert all(h["Authorization"] == "Bearer ghs_test-token" for _, h in github_env.requests)
    assert history_codes(merged.root) == []


def test_recording_again_leaves_the_same_note(
    github_env: Forge, merged: Merged, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_github(
        github_env,
        merged,
        "sam-ae",
        github_review("mayap", "APPROVED", merged.head, "2026-11-01T11:30:00Z"),
    )
    assert record("--repo", str(merged.root), "--pr", "7") == 0
    tip = notes_tip(merged.root)
    assert record("--repo", str(merged.root), "--pr", "7") == 0
    assert notes_tip(merged.root) == tip  # no second notes commit
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"{merged.merge[:7]} #7: 1 reviews unchanged (mayap approved)"
    )


def test_reviews_are_read_across_pages(
    github_env: Forge, merged: Merged, capsys: pytest.CaptureFixture[str]
) -> None:
    """GitHub pages with a Link header: the verdict is on the second page."""
    first = [
        github_review(f"reader{i}", "COMMENTED", merged.first, "2026-11-01T10:00:00Z")
        for i in range(3)
    ]
    path = f"/repos/{REPO_NAME}/pulls/7/reviews"
    github_env.on(
        f"/repos/{REPO_NAME}/pulls/7",
        Answer(200, github_pull(7, "sam-ae", merged.head, merged.merge)),
    )
    github_env.on(
        f"{path}?per_page=100",
        Answer(
            200,
            first,
            {
                "Link": f'<{{base}}{path}?per_page=100&page=2>; rel="next", '
                f'<{{base}}{path}?per_page=100&page=2>; rel="last"'
            },
        ),
    )
    github_env.on(
        f"{path}?per_page=100&page=2",
        Answer(200, [github_review("mayap", "APPROVED", merged.head, "2026-11-01T11:00:00Z")]),
    )
    assert record("--repo", str(merged.root)) == 0
    assert "4 reviews recorded (mayap approved)" in capsys.readouterr().out


def test_all_merged_records_every_pull_request_of_the_main_line(
    github_env: Forge, merged: Merged, capsys: pytest.CaptureFixture[str]
) -> None:
    git = merged.git
    git.edit(BRIEF, "launch post.", "launch post, final.")
    squash = git.commit("Final copy (#8)")
    serve_github(
        github_env,
        merged,
        "sam-ae",
        github_review("mayap", "APPROVED", merged.head, "2026-11-01T11:30:00Z"),
    )
    github_env.on(
        f"/repos/{REPO_NAME}/pulls/8", Answer(200, github_pull(8, "sam-ae", squash, squash))
    )
    github_env.on(f"/repos/{REPO_NAME}/pulls/8/reviews?per_page=100", Answer(200, []))
    assert record("--repo", str(merged.root), "--all-merged") == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{squash[:7]} #8: 0 reviews recorded",
        f"{merged.merge[:7]} #7: 1 reviews recorded (mayap approved)",
    ]


def test_a_commit_without_a_pull_request_subject_is_looked_up(
    github_env: Forge, merged: Merged, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rebase merge: the forge's list of pull requests of the commit names the one."""
    git = merged.git
    git.edit(BRIEF, "launch post.", "launch post, rebased.")
    rebased = git.commit("Rebased work")
    other = github_pull(5, "sam-ae", "0" * 40, "f" * 40)
    github_env.on(
        f"/repos/{REPO_NAME}/commits/{rebased}/pulls?per_page=100",
        Answer(200, [other, github_pull(9, "sam-ae", rebased, rebased)]),
    )
    github_env.on(
        f"/repos/{REPO_NAME}/pulls/9", Answer(200, github_pull(9, "sam-ae", rebased, rebased))
    )
    github_env.on(f"/repos/{REPO_NAME}/pulls/9/reviews?per_page=100", Answer(200, []))
    assert record("--repo", str(merged.root)) == 0
    assert capsys.readouterr().out == f"{rebased[:7]} #9: 0 reviews recorded\n"
    # A commit pushed straight to main is in no pull request's merge: no note.
    git("commit", "-q", "--allow-empty", "-m", "Pushed directly")
    plain = git("rev-parse", "HEAD")
    github_env.on(f"/repos/{REPO_NAME}/commits/{plain}/pulls?per_page=100", Answer(200, [other]))
    assert record("--repo", str(merged.root), "--commit", plain) == 0
    assert capsys.readouterr().out == f"{plain} merged no pull request: nothing to record\n"
    noted = git("notes", f"--ref={NOTES_REF}", "list").split()
    assert rebased in noted and plain not in noted


# --- GitLab -----------------------------------------------------------------------------


def make_gitlab(root: Path, forge: Forge) -> Merged:
    m = make_repo(
        root,
        "Merge branch 'approve' into 'main'\n\nSee merge request marcel.amirault/test-project!133",
    )
    mr = fixture("gitlab_merge_request.json")
    mr["sha"] = m.head
    mr["merge_commit_sha"] = m.merge
    forge.on("/api/v4/projects/42/merge_requests/133", Answer(200, mr))
    return m


def test_gitlab_approvals_are_recorded_and_judged(
    gitlab_env: Forge, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    m = make_gitlab(tmp_path, gitlab_env)
    gitlab_env.on(
        "/api/v4/projects/42/merge_requests/133/approvals",
        Answer(200, fixture("gitlab_merge_request_approvals.json")),
    )
    assert record("--repo", str(tmp_path)) == 0
    assert capsys.readouterr().out == (
        f"{m.merge[:7]} marcel.amirault/test-project!133: 1 reviews recorded (root approved)\n"
    )
    note = parse_note(m.git("notes", f"--ref={NOTES_REF}", "show", m.merge))
    assert note is not None
    # GitLab names no commit per approval, and this version of the example gives no
    # approved_at: the approvals' last update stands in for the date.
    assert note.reviews == (
        Review("root", "Administrator", "APPROVED", note.reviews[0].date, None),
    )
    assert str(note.reviews[0].date) == "2016-06-08 21:20:42.470000+00:00"
    assert (note.forge, note.author, note.head) == ("gitlab", "marcel.amirault", m.head)
    assert all(h["Private-Token"] == "glpat-test-token" for _, h in gitlab_env.requests)
    assert history_codes(tmp_path) == []


def test_gitlab_approved_by_its_own_author_only(gitlab_env: Forge, tmp_path: Path) -> None:
    m = make_gitlab(tmp_path, gitlab_env)
    approvals = fixture("gitlab_merge_request_approvals.json")
    approvals["approved_by"][0]["user"].update(username="marcel.amirault", name="Marcel Amirault")
    gitlab_env.on("/api/v4/projects/42/merge_requests/133/approvals", Answer(200, approvals))
    assert record("--repo", str(tmp_path)) == 0
    assert history_codes(tmp_path) == [
        (
            "HIST005",
            "warning",
            f"approved on 2026-11-01 in commit {m.head[:7]}, merged through "
            "marcel.amirault/test-project!133, approved only by its author marcel.amirault",
        )
    ]


def test_gitlab_pages_of_merge_requests_follow_x_next_page(
    gitlab_env: Forge, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A fast-forward merge: the commit's merge requests, over two pages (X-Next-Page)."""
    m = make_gitlab(tmp_path, gitlab_env)
    m.git.edit(BRIEF, "launch post.", "launch post, fast-forwarded.")
    sha = m.git.commit("Fast-forwarded work")
    mr = fixture("gitlab_merge_request.json")
    mr.update(iid=134, sha=sha, merge_commit_sha=None, squash_commit_sha=sha)
    mr["references"]["full"] = "marcel.amirault/test-project!134"
    path = f"/api/v4/projects/42/repository/commits/{sha}/merge_requests"
    gitlab_env.on(f"{path}?per_page=100", Answer(200, [], {"X-Next-Page": "2"}))
    gitlab_env.on(f"{path}?per_page=100&page=2", Answer(200, [mr], {"X-Next-Page": ""}))
    gitlab_env.on("/api/v4/projects/42/merge_requests/134", Answer(200, mr))
    gitlab_env.on(
        "/api/v4/projects/42/merge_requests/134/approvals",
        Answer(200, fixture("gitlab_merge_request_approvals.json")),
    )
    assert record("--repo", str(tmp_path)) == 0
    assert capsys.readouterr().out == (
        f"{sha[:7]} marcel.amirault/test-project!134: 1 reviews recorded (root approved)\n"
    )


# --- the review policy: HIST002, HIST005, HIST006 ----------------------------------------


def test_hist002_merged_without_an_approving_review(github_env: Forge, merged: Merged) -> None:
    record_merge(
        github_env,
        merged,
        "sam-ae",
        github_review("mayap", "APPROVED", merged.first, "2026-11-01T10:30:00Z"),
        github_review("mayap", "DISMISSED", merged.first, "2026-11-01T10:45:00Z"),
        github_review("stranger", "CHANGES_REQUESTED", merged.head, "2026-11-01T11:30:00Z"),
    )
    message = (
        f"approved on 2026-11-01 in commit {merged.head[:7]}, merged through #7 without an "
        "approving review (reviews: stranger changes requested)"
    )
    assert history_codes(merged.root) == [("HIST002", "warning", message)]
    assert history_codes(merged.root, require_review=True) == [("HIST002", "error", message)]


def test_hist005_approved_only_by_its_author(github_env: Forge, merged: Merged) -> None:
    # Read once before the reviews are recorded: the cache in .git/aeportal/ is keyed by
    # the notes ref, so the note recorded after the merge is read at the next run.
    assert history_codes(merged.root) == []
    record_merge(
        github_env,
        merged,
        "mayap",
        github_review("mayap", "APPROVED", merged.head, "2026-11-01T11:30:00Z"),
    )
    message = (
        f"approved on 2026-11-01 in commit {merged.head[:7]}, merged through #7, approved "
        "only by its author mayap"
    )
    assert history_codes(merged.root) == [("HIST005", "warning", message)]
    assert history_codes(merged.root, require_review=True) == [("HIST005", "error", message)]


def test_hist006_approved_an_older_commit_than_the_one_merged(
    github_env: Forge, merged: Merged
) -> None:
    record_merge(
        github_env,
        merged,
        "sam-ae",
        github_review("mayap", "APPROVED", merged.first, "2026-11-01T10:30:00Z"),
        # A later comment on the head changes nobody's verdict.
        github_review("mayap", "COMMENTED", merged.head, "2026-11-01T11:30:00Z"),
    )
    message = (
        f"approved on 2026-11-01 in commit {merged.head[:7]}, merged through #7 at commit "
        f"{merged.head[:7]}, but approved at {merged.first[:7]}"
    )
    assert history_codes(merged.root) == [("HIST006", "warning", message)]
    # A stale review is still a review: --require-review does not make it an error.
    assert history_codes(merged.root, require_review=True) == [("HIST006", "warning", message)]


def test_without_notes_the_policy_is_as_before(merged: Merged) -> None:
    assert history_codes(merged.root) == []
    note = ReviewNote("github", "#7", "sam-ae", merged.head, ())
    merged.git("notes", f"--ref={NOTES_REF}", "add", "-f", "-m", "not json", merged.merge)
    assert history_codes(merged.root) == []  # a note this version cannot read says nothing
    assert parse_note(note_text(note)) == note


# --- errors: clear messages, exit status 3, never a traceback -----------------------------


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (
            401,
            "aeportal: github refused the token (401 Unauthorized) reading pull request #7: "
            "check that GITHUB_TOKEN is set and still valid",
        ),
        (
            403,
            "aeportal: github forbade reading pull request #7 (403 Forbidden): the token in "
            "GITHUB_TOKEN needs pull-requests: read",
        ),
        (
            404,
            "aeportal: github found no pull request #7 (404 Not Found) in agency/portal: check "
            "the number and the repository (a token that cannot see a private repository is "
            "also answered 404)",
        ),
        (
            502,
            "aeportal: github failed answering for pull request #7 (502 Bad Gateway); it is "
            "the server's trouble: run the command again later",
        ),
    ],
)
def test_error_answers_give_clear_messages(
    github_env: Forge,
    merged: Merged,
    capsys: pytest.CaptureFixture[str],
    status: int,
    message: str,
) -> None:
    github_env.on(f"/repos/{REPO_NAME}/pulls/7", Answer(status, {"message": "no"}))
    assert record("--repo", str(merged.root)) == 3
    assert capsys.readouterr().err == message + "\n"
    assert notes_tip(merged.root) == ""


def test_a_rate_limit_that_lifts_soon_is_waited_out(
    github_env: Forge, merged: Merged, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_github(github_env, merged, "sam-ae")
    pull = github_env.routes[f"/repos/{REPO_NAME}/pulls/7"][0]
    # GitHub's secondary rate limit (403 with Retry-After), then a 429: both waited out.
    github_env.on(
        f"/repos/{REPO_NAME}/pulls/7",
        Answer(403, {"message": "secondary rate limit"}, {"Retry-After": "0"}),
        Answer(429, {"message": "slow down"}, {"Retry-After": "0"}),
        pull,
    )
    assert record("--repo", str(merged.root)) == 0
    assert "0 reviews recorded" in capsys.readouterr().out


def test_a_spent_rate_limit_is_reported_with_its_reset(
    github_env: Forge, merged: Merged, capsys: pytest.CaptureFixture[str]
) -> None:
    import time

    reset = str(int(time.time()) + 3600)
    github_env.on(
        f"/repos/{REPO_NAME}/pulls/7",
        Answer(
            403,
            {"message": "API rate limit exceeded"},
            {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset},
        ),
    )
    assert record("--repo", str(merged.root)) == 3
    err = capsys.readouterr().err
    assert err.startswith("aeportal: github rate limit reached reading pull request #7 (403)")
    assert err.endswith(" s: run the command again then\n")


def test_unreachable_forge_and_missing_variables(
    github_env: Forge,
    merged: Merged,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GITHUB_API_URL", "http://127.0.0.1:9")  # discard: nothing listens
    assert record("--repo", str(merged.root)) == 3
    assert capsys.readouterr().err.startswith(
        "aeportal: cannot reach http://127.0.0.1:9 for pull request #7: "
    )
    monkeypatch.delenv("GITHUB_TOKEN")
    assert record("--repo", str(merged.root)) == 2
    assert capsys.readouterr().err.startswith("aeportal: GITHUB_TOKEN is not set")
    monkeypatch.delenv("GITHUB_REPOSITORY")
    assert record("--repo", str(merged.root)) == 2
    assert capsys.readouterr().err.startswith("aeportal: no forge found")


# --- the pages ------------------------------------------------------------------------------


def test_pages_show_the_reviewers_to_each_audience(
    github_env: Forge, merged: Merged, tmp_path: Path
) -> None:
    record_merge(
        github_env,
        merged,
        "sam-ae",
        github_review("mayap", "APPROVED", merged.head, "2026-11-01T11:30:00Z"),
        github_review("outside-dev", "CHANGES_REQUESTED", merged.head, "2026-11-01T11:40:00Z"),
        github_review("sam-ae", "CHANGES_REQUESTED", merged.first, "2026-11-01T10:40:00Z"),
    )
    site = tmp_path / "site"
    args = ["build", str(merged.root), "--today", "2026-11-23", "--out", str(site)]
    assert main([*args, "--quiet", "--jobs", "1"]) == 0
    page = "accounts/alpha-co/briefs/alpha-launch-post/index.html"
    client = (site / "clients/alpha-co/briefs/alpha-launch-post/index.html").read_text("utf-8")
    internal = (site / "internal" / page).read_text("utf-8")
    approved = "reviewed and approved by Maya Patel (Account Lead) on Nov 1, 2026"
    assert approved in client and approved in internal
    # The client sees its account team's approvals only: no login, no outsider, no request
    # for changes (an agency matter).
    assert "changes requested" not in client and "outside-dev" not in client
    assert "mayap" not in client and "sam-ae" not in client
    # Nor anywhere in the client's portal (search index, feeds, every file): the team's
    # logins in account.yml stay with the agency.
    for path in (site / "clients").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in (b"mayap", b"sam-ae", b"outside-dev", b"changes requested"):
                assert secret not in data, (path, secret)
    assert "changes requested by @outside-dev on Nov 1, 2026" in internal
    assert "changes requested by Sam Agency (Account Executive) on Nov 1, 2026" in internal
    overview = (site / "internal/approvals/index.html").read_text("utf-8")
    start = overview.index("Reviews of approvals")
    assert "Maya Patel (Account Lead): approved Nov 1, 2026" in overview[start:]
    assert "@outside-dev: changes requested Nov 1, 2026" in overview[start:]
    assert "<td>reviewed</td>" in overview[start:]


# --- the generated workflow's steps, run for real ---------------------------------------------


def test_the_workflow_records_and_pushes_the_notes(
    github_env: Forge, merged: Merged, tmp_path: Path
) -> None:
    """The `reviews` job's own steps, in a clone of a remote, against the forge on 127.0.0.1."""
    import os
    import subprocess
    import sys

    import yaml

    workflow = Path(__file__).parent.parent / "scripts/aeportal/render/templates/init"
    job = yaml.safe_load((workflow / ".github/workflows/portal.yml").read_text("utf-8"))
    steps = {s.get("name"): s["run"] for s in job["jobs"]["reviews"]["steps"] if "run" in s}
    merged.git("commit", "-q", "--allow-empty", "-m", "Pushed directly")
    direct = merged.git("rev-parse", "HEAD")
    origin, runner = tmp_path / "origin.git", tmp_path / "runner"
    merged.git("clone", "-q", "--bare", str(merged.root), str(origin))
    merged.git("clone", "-q", str(origin), str(runner))
    serve_github(
        github_env,
        merged,
        "sam-ae",
        github_review("mayap", "APPROVED", merged.head, "2026-11-01T11:30:00Z"),
    )
    github_env.on(f"/repos/{REPO_NAME}/commits/{direct}/pulls?per_page=100", Answer(200, []))
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"

    def run(step: str, sha: str) -> subprocess.CompletedProcess[str]:
        env = os.environ | {"GITHUB_SHA": sha, "PATH": path}
        return subprocess.run(
            ["bash", "-e", "-c", steps[step]], cwd=runner, env=env, capture_output=True, text=True
        )

    def notes_on_origin() -> str:
        return Git(origin)("for-each-ref", "--format=%(refname)", "refs/notes/")

    # A push straight to main first: nothing to record, and nothing to push yet.
    for sha in (direct, merged.merge):
        fetched = run("Fetch the review notes", sha)
        assert fetched.returncode == 0, fetched.stderr
        done = run("Record the reviews and push the notes", sha)
        assert done.returncode == 0, done.stderr
        if sha == direct:
            assert done.stdout == f"{direct} merged no pull request: nothing to record\n"
            assert notes_on_origin() == ""
    assert done.stdout == f"{merged.merge[:7]} #7: 1 reviews recorded (mayap approved)\n"
    assert notes_on_origin() == NOTES_REF
    note = parse_note(Git(origin)("notes", f"--ref={NOTES_REF}", "show", merged.merge))
    assert note is not None and [r.login for r in note.approvals()] == ["mayap"]
