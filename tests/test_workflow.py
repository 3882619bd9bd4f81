"""The repository protects itself: the CI workflow, the pre-commit hooks, the review checklist."""

from __future__ import annotations

import re
import shutil
import subprocess
import sysconfig
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
INIT = REPO / "scripts" / "aeportal" / "render" / "templates" / "init"
WORKFLOW = INIT / ".github" / "workflows" / "portal.yml"
UPDATES = INIT / ".github" / "workflows" / "updates.yml"
WORKFLOWS = [WORKFLOW, UPDATES, *sorted((REPO / ".github" / "workflows").glob("*.y*ml"))]


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def actionlint() -> str | None:
    """The actionlint binary: on PATH, or beside this Python (a wheel's script)."""
    found = shutil.which("actionlint")
    if found is None:
        beside = Path(sysconfig.get_path("scripts")) / "actionlint"
        found = str(beside) if beside.is_file() else None
    return found


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: str(p.relative_to(REPO)))
def test_actionlint_passes(path: Path) -> None:
    binary = actionlint()
    if binary is None:
        pytest.skip(
            "actionlint not found on PATH or beside Python; install the test extra "
            "(python3 -m pip install -r .ci/requirements.txt), which brings a prebuilt binary "
            "on Linux"
        )
    done = subprocess.run(
        [binary, "-no-color", "-oneline", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def _jobs() -> dict[str, Any]:
    jobs: dict[str, Any] = load(WORKFLOW)["jobs"]
    return jobs


def _runs(job: dict[str, Any]) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def _named(job: dict[str, Any], name: str) -> str:
    (run,) = (step["run"] for step in job["steps"] if step.get("name") == name)
    return str(run)


FETCH_NOTES = "git fetch origin 'refs/notes/*:refs/notes/*'"


def _uses(job: dict[str, Any], action: str) -> dict[str, Any]:
    (step,) = (s for s in job["steps"] if s.get("uses", "").startswith(f"{action}@"))
    return step


def test_workflow_checks_pull_requests_and_publishes_main() -> None:
    workflow = load(WORKFLOW)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers
    assert triggers["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {"contents": "read"}
    check, publish = _jobs()["check"], _jobs()["publish"]
    assert _uses(check, "actions/checkout")["with"] == {"fetch-depth": 0, "lfs": True}
    # publish reads no account file (it takes the built site): no LFS download to pay for
    assert "with" not in _uses(publish, "actions/checkout")
    assert _uses(check, "actions/setup-python")["with"]["python-version"] == "3.11"
    install = "python -m pip install -r requirements.txt"
    assert _runs(publish)[0].splitlines()[-1] == install
    # Every job that reads the trail has the review notes too.
    assert _runs(check) == [
        FETCH_NOTES,
        _runs(publish)[0],
        "aeportal validate --format github",
        "aeportal build",
        "aeportal audit",
    ]
    upload = _uses(check, "actions/upload-artifact")
    assert (upload["if"], upload["with"]["path"]) == ("github.event_name == 'push'", "site/")
    assert (check["needs"], check["if"]) == ("reviews", "${{ !cancelled() }}")
    assert publish["needs"] == "check"
    assert publish["if"] == (
        "${{ !cancelled() && needs.check.result == 'success' && "
        "github.event_name == 'push' && github.ref == 'refs/heads/main' }}"
    )
    assert publish["environment"] == "portal"
    assert _uses(publish, "actions/download-artifact")["with"]["name"] == "site"


def test_the_reviews_job_records_and_pushes_the_notes_after_a_merge() -> None:
    reviews = _jobs()["reviews"]
    assert reviews["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    # Its own token, with just what it needs; the other jobs keep `contents: read`.
    assert reviews["permissions"] == {"contents": "write", "pull-requests": "read"}
    assert _uses(reviews, "actions/checkout")["with"] == {"fetch-depth": 0}
    assert _runs(reviews)[:2] == [FETCH_NOTES, _runs(_jobs()["publish"])[0]]
    step = next(
        s for s in reviews["steps"] if s.get("name") == "Record the reviews and push the notes"
    )
    assert step["env"] == {"GITHUB_TOKEN": "${{ github.token }}"}
    assert 'aeportal reviews record --commit "$GITHUB_SHA"' in step["run"].splitlines()
    # tests/test_reviews.py runs this step against a forge on 127.0.0.1.


def test_workflow_secrets_come_from_the_environment_only() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    live = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    assert not [line for line in live if "secrets." in line]  # the deploy is commented out
    deploy = [line for line in text.splitlines() if "secrets." in line]
    assert deploy and all(line.lstrip().startswith("#") for line in deploy)
    assert all(re.search(r"\$\{\{ secrets\.[A-Z_]+ \}\}", line) for line in deploy)
    assert "aeportal publish --server nginx" in text


def test_the_commented_deploy_steps_are_valid_when_uncommented(tmp_path: Path) -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    start = text.index("      # - name:")
    steps = "\n".join(line.replace("      # ", "      ", 1) for line in text[start:].splitlines())
    enabled = tmp_path / "portal.yml"
    enabled.write_text(text[:start] + steps + "\n", encoding="utf-8")
    names = [step.get("name") for step in load(enabled)["jobs"]["publish"]["steps"]]
    assert names[-2:] == [
        "Make the deploy tree (one password per portal)",
        "Copy it to the web server",
    ]
    binary = actionlint()
    if binary is not None:
        done = subprocess.run(
            [binary, "-no-color", "-oneline", str(enabled)], capture_output=True, text=True
        )
        assert (done.returncode, done.stdout) == (0, "")


def test_docs_show_the_workflow_as_shipped() -> None:
    doc = (REPO / "docs" / "workflow.md").read_text(encoding="utf-8")
    shipped = WORKFLOW.read_text(encoding="utf-8")
    assert f"```yaml\n{shipped}```\n" in doc
    updates = UPDATES.read_text(encoding="utf-8")
    assert f"```yaml\n{updates}```\n" in doc
    precommit = (INIT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert f"```yaml\n{precommit}```\n" in doc


def test_pre_commit_hook_for_other_repositories() -> None:
    (hook,) = load(REPO / ".pre-commit-hooks.yaml")
    assert {k: hook[k] for k in ("id", "entry", "language", "pass_filenames", "files")} == {
        "id": "aeportal-validate",
        "entry": "aeportal validate",
        "language": "python",
        "pass_filenames": False,
        "files": "^accounts/",
    }
    assert hook["always_run"] is False
    assert hook["name"]


def test_pull_request_template_has_the_approval_checklist() -> None:
    text = (INIT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert len(boxes) == 5
    for words in (
        ("Client approval recorded", "approver", "date"),
        ("Scope", "contracted scope", "approved change request"),
        ("Timeline dates",),
        ("Nothing internal", "client-visible"),
        ("`aeportal validate` is clean",),
    ):
        assert any(all(w in box for w in words) for box in boxes), words


def test_the_workflow_installs_validates_and_builds_a_new_repository(tmp_path: Path) -> None:
    """The steps of the generated workflow, run as a fresh runner would: a new virtual
    environment, AE Portal from requirements.txt (a wheel of this checkout, served by
    `--find-links` where a runner would use the package index), then validate, build, audit."""
    import datetime as dt
    import os
    import sys
    import venv

    from aeportal import __version__
    from aeportal.cli.provenance import Provenance
    from aeportal.cli.scaffold import init_repository

    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(REPO)],
        check=True,
        timeout=600,
    )
    (wheel,) = wheels.glob("aeportal-*.whl")
    agency = tmp_path / "agency"
    released = Provenance(__version__, "from a package index", f"aeportal=={__version__}")
    init_repository(agency, today=dt.date(2026, 12, 3), git=True, provenance=released)
    identity = {"GIT_AUTHOR_NAME": "AE", "GIT_AUTHOR_EMAIL": "ae@agency.example"}
    identity |= {"GIT_COMMITTER_NAME": "AE", "GIT_COMMITTER_EMAIL": "ae@agency.example"}
    env = os.environ | identity
    subprocess.run(["git", "add", "-A"], cwd=agency, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", "Start"], cwd=agency, check=True, env=env)
    # The remote the runner fetches the review notes from, with one note on it.
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(agency), str(origin)], check=True)
    subprocess.run(["git", "remote", "add", "origin", str(origin)], cwd=agency, check=True)
    subprocess.run(
        ["git", "notes", "--ref=refs/notes/aeportal-reviews", "add", "-m", "{}", "HEAD"],
        cwd=origin,
        check=True,
        env=env,
    )

    runner = tmp_path / "runner"
    venv.create(runner, with_pip=True)
    env = {k: v for k, v in env.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env |= {"PATH": f"{runner / 'bin'}{os.pathsep}{env['PATH']}", "VIRTUAL_ENV": str(runner)}
    env |= {"PIP_FIND_LINKS": str(wheels), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    for step in _runs(_jobs()["check"]):
        done = subprocess.run(
            ["bash", "-e", "-c", step],
            cwd=agency,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert done.returncode == 0, (step, done.stdout[-2000:], done.stderr[-2000:])
    installed = subprocess.run(
        [str(runner / "bin" / "aeportal"), "--version"], capture_output=True, text=True, env=env
    )
    assert installed.stdout == f"aeportal {__version__} (from a package index)\n"
    assert wheel.name.startswith(f"aeportal-{__version__}-")
    assert (agency / "site" / "internal" / "index.html").is_file()
    assert len(list((agency / "site" / "clients").iterdir())) == 1
    notes = ["git", "notes", "--ref=refs/notes/aeportal-reviews", "show", "HEAD"]
    assert subprocess.run(notes, cwd=agency, capture_output=True, text=True).stdout == "{}\n"


def test_the_workflow_stops_at_a_requirements_file_that_installs_nothing(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("# put the line here\n", encoding="utf-8")
    install = _named(_jobs()["check"], "Install AE Portal")
    done = subprocess.run(
        ["bash", "-e", "-c", install], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert done.stdout.startswith("::error file=requirements.txt::names no AE Portal to install")


def test_the_schedule_sends_with_secrets_and_pushes_its_record() -> None:
    workflow = load(UPDATES)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers == {"schedule": [{"cron": "0 7 * * 1-5"}], "workflow_dispatch": None}
    # Pushing refs/notes/aeportal-sent needs write access; nothing else does.
    assert workflow["permissions"] == {"contents": "write"}
    assert workflow["concurrency"] == {"group": "updates", "cancel-in-progress": False}
    (job,) = workflow["jobs"].values()
    assert job["if"] == "vars.AEPORTAL_SEND == 'on'"  # off until the agency turns it on
    assert job["environment"] == "mail"
    runs = _runs(job)
    assert runs[0] == (
        "git fetch origin '+refs/notes/aeportal-sent:refs/notes/aeportal-sent' || true"
    )
    check_runs = _runs(load(WORKFLOW)["jobs"]["check"])
    assert runs[1] == next(r for r in check_runs if "pip install" in r)  # the same install
    (send,) = (s for s in job["steps"] if s.get("run") == "aeportal send")
    assert set(send["env"]) == {
        "AEPORTAL_SMTP_HOST",
        "AEPORTAL_SMTP_PORT",
        "AEPORTAL_SMTP_SECURITY",
        "AEPORTAL_SMTP_USER",
        "AEPORTAL_SMTP_PASSWORD",
        "AEPORTAL_SMTP_FROM",
        "AEPORTAL_PORTAL_URL",
    }
    assert send["env"]["AEPORTAL_SMTP_PASSWORD"] == "${{ secrets.AEPORTAL_SMTP_PASSWORD }}"
    push = job["steps"][-1]
    assert push["if"] == "always()"  # what went out before a failure is recorded too
    assert push["run"].splitlines()[-1] == "git push origin refs/notes/aeportal-sent"
    text = UPDATES.read_text(encoding="utf-8")
    secret_lines = [line for line in text.splitlines() if "secrets." in line]
    assert all(line.strip().startswith("AEPORTAL_SMTP_") for line in secret_lines)


def test_the_workflow_without_its_reviews_job_is_valid(tmp_path: Path) -> None:
    """docs/workflow.md: delete the `reviews` job and `needs: reviews` to turn it off."""
    text = WORKFLOW.read_text(encoding="utf-8")
    start, end = text.index("  # After a merge to main"), text.index("  check:\n")
    off = tmp_path / "portal.yml"
    off.write_text((text[:start] + text[end:]).replace("    needs: reviews\n", ""), "utf-8")
    jobs = load(off)["jobs"]
    assert list(jobs) == ["check", "publish"]
    assert _runs(jobs["check"])[0] == FETCH_NOTES  # harmless without notes
    binary = actionlint()
    if binary is not None:
        done = subprocess.run(
            [binary, "-no-color", "-oneline", str(off)], capture_output=True, text=True
        )
        assert (done.returncode, done.stdout) == (0, "")
