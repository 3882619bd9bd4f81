"""Starting files: a new agency repository, and a new account, brief, meeting or change request.

Every file is rendered from a starter template, ``templates/starters/NAME.j2`` (the
agency's own first, the packaged one second), written only where no file exists yet,
then checked at once with the rules of ``aeportal validate``. Values that are not given
come from the account (its first scope item, its Account Executive, its approver) and
from today's date; a person at a terminal is asked instead (``ask``).

    init_repository  skeleton (templates/init/) + mkdocs.yml + schemas + an example account
    new_account      account.yml and timeline.yml
    new_brief        briefs/<title>.md
    new_meeting      meetings/<date>-<title>.md
    new_change       changes/cr-<number>-<title>.md
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import jinja2
import yaml

from aeportal import clock, model
from aeportal.cli.provenance import Provenance, find_provenance, requirements_text
from aeportal.diagnostics import Diagnostic, Severity
from aeportal.errors import AEPortalError, UsageError
from aeportal.load.loader import ACCOUNT_FILE, TIMELINE_FILE, display_path
from aeportal.load.schema import slugify
from aeportal.render.pages import make_env

# (question, default) -> answer; an empty answer means the default. None: nobody to ask.
Ask = Callable[[str, str], str]

STARTERS = "starters"
MAX_ID = 63
_ID = re.compile(model.SLUG_PATTERN)
_CHANGE_NUMBER = re.compile(r"cr-(\d+)(?:-|$)")
_TRIES = 3
# Roles that name the Account Executive, best first ("Chuyên viên khách hàng (AE)" in Vietnamese);
# then any account role (Account Director), then the first team member.
_AE_ROLES = (
    re.compile(r"account executive|\bAE\b|chuyên viên khách hàng", re.IGNORECASE),
    re.compile(r"account|khách hàng", re.IGNORECASE),
)

# The starter of each document folder: templates/starters/NAME.md.j2.
_STARTER_OF = {
    "briefs": "brief",
    "meetings": "meeting",
    "changes": "change",
    "reports": "report",
    "internal": "note",
}
# The ids the account starters give their first people and scope item (both files use them).
AE_ID, CONTACT_ID = "ae", "client-lead"
SCOPE_ID = {"vi": "bai-dang", "en": "social-post"}
# Titles used when none is given, and those of the example account of `aeportal init`.
WORDS = {
    "vi": {
        "meeting": "Họp tiến độ",
        "example": "Khách hàng mẫu",
        "brief": "Bài đăng ra mắt",
        "kickoff": "Họp khởi động",
        "change": "Thêm hai bài đăng",
        "report": "Báo cáo khởi động",
        "note": "Biên lợi nhuận và nhân sự",
    },
    "en": {
        "meeting": "Status meeting",
        "example": "Example Client",
        "brief": "Launch post",
        "kickoff": "Kickoff meeting",
        "change": "Two extra posts",
        "report": "Start-up report",
        "note": "Margin and staffing",
    },
}


class AlreadyExists(AEPortalError):
    """A file to write is already there (or the folder to fill is not empty): nothing written."""

    exit_code = 1


@dataclass(frozen=True)
class Created:
    """What a command wrote, what the rules say about it, and what to do next."""

    paths: tuple[Path, ...]
    problems: tuple[Diagnostic, ...] = ()
    next_steps: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.problems if d.severity is Severity.ERROR]


# --- templates ---------------------------------------------------------------


def yaml_value(value: Any) -> str:
    """``value`` as YAML text that reads back as the same value, in block or flow context."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    # Dumped inside a flow sequence, text is quoted wherever YAML would read it otherwise
    # (`no`, `12:30`, `a: b`, `x, y`), so the result is safe in `{…}` and `[…]` too.
    text = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=1 << 30)
    return text.strip()[1:-1]


def starter_env(repo: Path) -> jinja2.Environment:
    """The one template environment, without HTML escaping: starters are YAML and Markdown."""
    env = make_env(repo / "templates").overlay(autoescape=False)
    # The overlay shares its filters with a base made for this call only.
    env.filters["yaml"] = yaml_value
    return env


def render_starter(env: jinja2.Environment, starter: str, /, **values: Any) -> str:
    """Render ``templates/starters/STARTER.j2``; ``vi`` tells the template the language."""
    language = values.get("language", "en")
    return env.get_template(f"{STARTERS}/{starter}.j2").render(vi=language == "vi", **values)


# --- asking for values -------------------------------------------------------


def _resolve(
    given: str | None,
    *,
    ask: Ask | None,
    question: str,
    default: str | None,
    option: str,
    check: Callable[[str], str | None] = lambda _: None,
) -> str | None:
    """The value of one option: given, else asked (at a terminal), else its default.

    ``check`` returns why a value is refused. A refused value given on the command
    line is a usage error; a refused answer is asked again, a few times.
    """
    if given is not None:
        if (why := check(given)) is not None:
            raise UsageError(f"{option}: {why}")
        return given
    if ask is None:
        return default
    prompt = question
    for _ in range(_TRIES):
        answer = ask(prompt, default or "").strip()
        if not answer:
            return default
        if (why := check(answer)) is None:
            return answer
        prompt = f"{why}; {question[0].lower()}{question[1:]}"
    raise UsageError(f"{option}: no usable answer after {_TRIES} tries")


def _check_date(text: str) -> str | None:
    try:
        clock.parse_day(text)
    except ValueError as exc:
        return str(exc)
    return None


def _check_among(known: Sequence[str], what: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        if value in known:
            return None
        return f"`{value}` is not {what} of the account (known: {', '.join(known) or 'none'})"

    return check


def _day(text: str | None) -> dt.date | None:
    return clock.parse_day(text) if text else None


def make_id(title: str, prefix: str = "") -> str:
    """A file's id from its title: ``prefix`` + the slug of ``title``, at most 63 characters."""
    slug = slugify(title)
    if not slug:
        raise UsageError(f"`{title}` gives no id: a title needs letters or digits to name its file")
    return (prefix + slug)[:MAX_ID].rstrip("-")


# --- writing -----------------------------------------------------------------


def _refuse_existing(paths: Iterable[Path]) -> None:
    for path in paths:
        if path.exists() or path.is_symlink():
            raise AlreadyExists(
                f"{display_path(path)} already exists; nothing was written "
                "(choose another title, or edit that file)"
            )


def _write_new(files: dict[Path, str]) -> tuple[Path, ...]:
    """Write every file, none of which may exist; exclusive creation also closes the race."""
    _refuse_existing(files)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("x", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        except FileExistsError:
            raise AlreadyExists(f"{display_path(path)} already exists") from None
    return tuple(files)


def _problems_caused(
    folder: Path, today: dt.date, before: Iterable[Diagnostic]
) -> tuple[Diagnostic, ...]:
    """What the rules report about the account now and did not report before the write."""
    from aeportal.check.rules import check

    seen = set(before)
    return tuple(d for d in check(folder, today).report.sorted() if d not in seen)


# --- accounts ----------------------------------------------------------------


@dataclass(frozen=True)
class _Account:
    """An account that new documents go into, as read just before they are written."""

    folder: Path
    account: model.Account
    today: dt.date
    before: tuple[Diagnostic, ...]


def _accounts_dir(repo: Path) -> Path:
    accounts = repo / "accounts"
    if not accounts.is_dir():
        raise UsageError(
            f"{display_path(repo)}: no accounts/ folder here; run the command in the "
            "repository (or give --repo), or start one with `aeportal init DIR`"
        )
    return accounts


def _open_account(repo: Path, slug: str, today: dt.date) -> _Account:
    from aeportal.check.rules import check

    accounts = _accounts_dir(repo)
    folder = accounts / slug
    if not _ID.match(slug) or not (folder / ACCOUNT_FILE).is_file():
        known = sorted(
            p.name for p in accounts.iterdir() if p.is_dir() and (p / ACCOUNT_FILE).is_file()
        )
        raise UsageError(f"no account `{slug}` (accounts: {', '.join(known) or 'none'})")
    checked = check(folder, today)
    bundle = checked.portfolio.accounts[0] if checked.portfolio.accounts else None
    if bundle is None or bundle.account is None:
        raise UsageError(
            f"{display_path(folder / ACCOUNT_FILE)} cannot be read; fix it first "
            f"(aeportal validate {display_path(folder)})"
        )
    return _Account(folder, bundle.account, today, tuple(checked.report.sorted()))


def account_executive(account: model.Account) -> str | None:
    """The id of the team member whose role says Account Executive (else the nearest)."""
    team = account.team
    for pattern in _AE_ROLES:
        found = next((m for m in team if pattern.search(m.role)), None)
        if found is not None:
            return found.id
    return team[0].id if team else None


def _people(account: model.Account) -> list[str]:
    return [c.id for c in account.client.contacts] + [m.id for m in account.team]


def _client_side(account: model.Account) -> str | None:
    """Who speaks for the client: the first approver, else the first contact."""
    if account.approval.approvers:
        return account.approval.approvers[0]
    return account.client.contacts[0].id if account.client.contacts else None


def _text(given: str | None, ask: Ask | None, *, question: str, option: str, usage: str) -> str:
    """A name or title: given, or asked at a terminal, on one line; a usage error if missing."""
    text = _resolve(given, ask=ask, question=question, default=None, option=option)
    if not text or not text.strip():
        raise UsageError(
            f"{option} is missing: give it, as in `{usage}` (it is asked for only at a terminal)"
        )
    return " ".join(text.split())


def new_account(
    repo: Path,
    name: str | None,
    *,
    slug: str | None = None,
    language: str | None = None,
    today: dt.date,
    ask: Ask | None = None,
) -> Created:
    """accounts/SLUG/account.yml and timeline.yml, from the starters."""
    accounts = _accounts_dir(repo)
    name = _text(
        name,
        ask,
        question="Client name",
        option="NAME",
        usage='aeportal new account "Client name"',
    )
    if slug is not None and not _ID.match(slug):
        raise UsageError(
            f"--slug: `{slug}` is not an id (lowercase letters, digits and dashes, "
            f"at most {MAX_ID} characters), e.g. `{slugify(slug) or 'acme'}`"
        )
    slug = slug or make_id(name)
    language = _resolve(
        language,
        ask=ask,
        question="Portal language (vi or en)",
        default="en",
        option="--language",
        check=lambda v: None if v in ("vi", "en") else f"`{v}` is not vi or en",
    )
    assert language is not None
    folder = accounts / slug
    env = starter_env(repo)
    values = {
        "name": name,
        "slug": slug,
        "language": language,
        "today": today,
        "contract_end": today + dt.timedelta(days=182),
        "contract_id": f"{slug.upper()}-{today.year}",
        "kickoff_due": today + dt.timedelta(days=7),
        "ae_id": AE_ID,
        "contact_id": CONTACT_ID,
        "scope_id": SCOPE_ID[language],
    }
    paths = _write_new(
        {
            folder / ACCOUNT_FILE: render_starter(env, ACCOUNT_FILE, **values),
            folder / TIMELINE_FILE: render_starter(env, TIMELINE_FILE, **values),
        }
    )
    shown = display_path(folder)
    return Created(
        paths,
        _problems_caused(folder, today, ()),
        (
            f"fill in {shown}/{ACCOUNT_FILE}: the client's contacts and approvers, "
            "the team, the contract, the objectives and the scope",
            f"add the milestones to {shown}/{TIMELINE_FILE}",
            f"aeportal validate {shown}",
            f'aeportal new brief {slug} "Title of the first brief"',
        ),
    )


def _add_document(
    repo: Path, acct: _Account, kind: str, doc_id: str, what: str, **values: Any
) -> Created:
    """Write accounts/SLUG/KIND/DOC_ID.md from its starter and check the account again."""
    path = acct.folder / kind / f"{doc_id}.md"
    starter = f"{_STARTER_OF[kind]}.md"
    text = render_starter(starter_env(repo), starter, language=acct.account.language, **values)
    paths = _write_new({path: text})
    shown = display_path(path)
    return Created(
        paths,
        _problems_caused(acct.folder, acct.today, acct.before),
        (
            f"open {shown} and {what}",
            f"aeportal validate {display_path(acct.folder)}",
            f"git add {shown} && git commit, then open a pull request",
        ),
    )


def new_brief(
    repo: Path,
    slug: str,
    title: str | None,
    *,
    scope: str | None = None,
    owner: str | None = None,
    due: dt.date | None = None,
    today: dt.date,
    ask: Ask | None = None,
) -> Created:
    """accounts/SLUG/briefs/<title>.md, for the account's first scope item and its AE."""
    acct = _open_account(repo, slug, today)
    a = acct.account
    title = _text(
        title,
        ask,
        question="Title of the brief",
        option="TITLE",
        usage=f'aeportal new brief {slug} "Title of the brief"',
    )
    scope_ids = [s.id for s in a.scope]
    people = _people(a)
    scope = _resolve(
        scope,
        ask=ask,
        question=f"Scope item ({', '.join(scope_ids) or 'none'})",
        default=scope_ids[0] if scope_ids else None,
        option="--scope",
        check=_check_among(scope_ids, "a scope item"),
    )
    owner = _resolve(
        owner,
        ask=ask,
        question=f"Owner ({', '.join(people)})",
        default=account_executive(a),
        option="--owner",
        check=_check_among(people, "a person"),
    )
    if owner is None:
        raise UsageError(
            f"--owner is missing: the account has no team to take the AE from ({slug})"
        )
    due_text = _resolve(
        due.isoformat() if due else None,
        ask=ask,
        question="Due date (YYYY-MM-DD, empty for none)",
        default=None,
        option="--due",
        check=_check_date,
    )
    return _add_document(
        repo,
        acct,
        "briefs",
        make_id(title),
        "write the brief: background, objective, audience, key message, deliverables, mandatories",
        title=title,
        scope=scope,
        owner=owner,
        due=_day(due_text),
        objectives=[o.id for o in a.objectives],
    )


def new_meeting(
    repo: Path,
    slug: str,
    title: str | None,
    *,
    date: dt.date | None = None,
    today: dt.date,
    ask: Ask | None = None,
) -> Created:
    """accounts/SLUG/meetings/<date>-<title>.md, attended by the account's AE."""
    acct = _open_account(repo, slug, today)
    a = acct.account
    title = _resolve(
        title,
        ask=ask,
        question="Title of the meeting",
        default=WORDS[a.language]["meeting"],
        option="TITLE",
    )
    title = " ".join((title or WORDS[a.language]["meeting"]).split())
    day = _resolve(
        date.isoformat() if date else None,
        ask=ask,
        question="Date of the meeting (YYYY-MM-DD)",
        default=today.isoformat(),
        option="--date",
        check=_check_date,
    )
    meeting_day = clock.parse_day(day or today.isoformat())
    ae = account_executive(a)
    return _add_document(
        repo,
        acct,
        "meetings",
        make_id(title, f"{meeting_day.isoformat()}-"),
        "write the attendees, decisions, open questions and actions "
        "(each action with an owner and a due date)",
        title=title,
        date=meeting_day,
        attendees=[ae] if ae else [],
        people=_people(a),
        owner=ae or "",
        contact_id=_client_side(a) or "",
    )


def _next_change_number(folder: Path) -> int:
    numbers = [
        int(m.group(1))
        for p in (folder / "changes").glob("*.md")
        if (m := _CHANGE_NUMBER.match(p.stem)) is not None
    ]
    return max(numbers, default=0) + 1


def new_change(
    repo: Path,
    slug: str,
    title: str | None,
    *,
    scope: str | None = None,
    quantity: int | None = None,
    today: dt.date,
    ask: Ask | None = None,
) -> Created:
    """accounts/SLUG/changes/cr-NNN-<title>.md, proposed, asked by the client's approver.

    It adds to scope only when ``scope`` or ``quantity`` is given (or answered):
    ``quantity`` alone adds to the first scope item, ``scope`` alone adds one.
    """
    acct = _open_account(repo, slug, today)
    a = acct.account
    title = _text(
        title,
        ask,
        question="Title of the change request",
        option="TITLE",
        usage=f'aeportal new change {slug} "What the client asks for"',
    )
    scope_ids = [s.id for s in a.scope]
    if quantity is not None and quantity < 1:
        raise UsageError(f"--quantity: {quantity} is not a whole number of at least 1")
    scope = _resolve(
        scope,
        ask=None if quantity is not None else ask,
        question=f"Scope item it adds to ({', '.join(scope_ids) or 'none'}; empty for none)",
        default=scope_ids[0] if quantity is not None and scope_ids else None,
        option="--scope",
        check=_check_among(scope_ids, "a scope item"),
    )
    if quantity is not None and scope is None:
        raise UsageError("--quantity needs a scope item, and the account has none")
    if scope is not None and quantity is None:
        answer = _resolve(
            None,
            ask=ask,
            question=f"How many units of {scope} it adds",
            default="1",
            option="--quantity",
            check=lambda v: (
                None if v.isdigit() and int(v) >= 1 else f"`{v}` is not a number from 1"
            ),
        )
        quantity = int(answer or "1")
    requested_by = _client_side(a) or account_executive(a)
    if requested_by is None:
        raise UsageError(f"`{slug}` has no client contact and no team: add them to account.yml")
    number = _next_change_number(acct.folder)
    return _add_document(
        repo,
        acct,
        "changes",
        make_id(title, f"cr-{number:03d}-"),
        "write the request, its price and its effect on the timeline; "
        "send it to the client for a decision",
        title=title,
        requested_by=requested_by,
        requested_on=today,
        adds=[{"scope": scope, "quantity": quantity}] if scope else [],
        scope_ids=scope_ids,
        currency=a.contract.currency,
    )


# --- a new repository --------------------------------------------------------


def _skeleton() -> Traversable:
    return resources.files("aeportal") / "render" / "templates" / "init"


def _copy_tree(source: Traversable, target: Path) -> list[Path]:
    written = []
    for entry in sorted(source.iterdir(), key=lambda e: e.name):
        dest = target / entry.name
        if entry.is_dir():
            dest.mkdir(exist_ok=True)
            written.extend(_copy_tree(entry, dest))
        else:
            dest.write_bytes(entry.read_bytes())
            written.append(dest)
    return written


def mkdocs_config() -> str:
    """The packaged base MkDocs configuration, set up for a repository (like this one's own)."""
    base = (resources.files("aeportal") / "render" / "templates" / "mkdocs.yml").read_text(
        encoding="utf-8"
    )
    body = "".join(line for line in base.splitlines(keepends=True) if not line.startswith("#"))
    if "\ndocs_dir: .\n" not in body:  # pragma: no cover - guards an edit of the packaged file
        raise AEPortalError("templates/mkdocs.yml: no `docs_dir: .` line to adapt")
    header = (
        "# The base MkDocs configuration shared by every portal (theme, palette, extensions).\n"
        "# `aeportal build` gives each portal its own name, language and pages;\n"
        "# `mkdocs serve` here previews the internal portfolio with live reload.\n"
    )
    return header + body.replace("\ndocs_dir: .\n", "\ndocs_dir: templates\nwatch:\n  - accounts\n")


def _git_init(target: Path) -> str:
    """Make ``target`` a git repository on branch main; say what was done."""
    git = shutil.which("git")
    if git is None:
        return "git: not found; run `git init -b main` there once git is installed"
    steps = [
        [git, "init", "-q", str(target)],
        [git, "-C", str(target), "symbolic-ref", "HEAD", "refs/heads/main"],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            return f"git: `{' '.join(step[1:])}` failed: {done.stderr.strip()}"
    return "git: a new repository on branch main; nothing is committed yet"


def _example_account(repo: Path, language: str, today: dt.date) -> list[Path]:
    """One small account with every kind of file, made with the same starters as `new`."""
    w = WORDS[language]
    made = [new_account(repo, w["example"], language=language, today=today)]
    slug = made[0].paths[0].parent.name
    due = today + dt.timedelta(days=21)
    made.append(new_brief(repo, slug, w["brief"], due=due, today=today))
    made.append(new_meeting(repo, slug, w["kickoff"], today=today))
    made.append(new_change(repo, slug, w["change"], quantity=2, today=today))
    acct = _open_account(repo, slug, today)
    objectives = [o.id for o in acct.account.objectives]
    made.append(
        _add_document(
            repo,
            acct,
            "reports",
            make_id(w["report"]),
            "",
            title=w["report"],
            date=today,
            period_start=today,
            period_end=today,
            objectives=objectives,
        )
    )
    made.append(
        _add_document(
            repo,
            acct,
            "internal",
            make_id(w["note"]),
            "",
            title=w["note"],
            date=today,
            author=AE_ID,
        )
    )
    return [path for created in made for path in created.paths]


def init_repository(
    target: Path,
    *,
    language: str = "en",
    today: dt.date,
    git: bool = True,
    provenance: Provenance | None = None,
) -> Created:
    """A new agency repository in ``target`` (new or empty) that validates and builds at once.

    Its requirements.txt installs the AE Portal that made it (``provenance``, by default the
    running one), so that the repository's own CI runs the same version.
    """
    from aeportal.check.rules import check
    from aeportal.load.schemafiles import write_schemas

    if target.exists() and not target.is_dir():
        raise UsageError(f"{display_path(target)}: not a folder")
    if target.is_dir() and any(target.iterdir()):
        raise AlreadyExists(
            f"{display_path(target)} is not empty; give a new or empty folder (nothing was written)"
        )
    provenance = provenance or find_provenance()
    target.mkdir(parents=True, exist_ok=True)
    paths = _copy_tree(_skeleton(), target)
    paths += _write_new(
        {
            target / "mkdocs.yml": mkdocs_config(),
            target / "requirements.txt": requirements_text(provenance),
        }
    )
    paths += write_schemas(target / "docs" / "schemas")
    (target / "accounts").mkdir()
    paths += _example_account(target, language, today)
    notes: tuple[str, ...] = (_git_init(target),) if git else ("git: not set up (--no-git)",)
    if provenance.requirement is None:
        notes += (
            f"requirements.txt: AE Portal was {provenance.origin}, which CI cannot install; "
            "put the line that installs it there (its comment says how)",
        )
    shown = display_path(target)
    return Created(
        tuple(paths),
        tuple(check(target, today).report.sorted()),
        (
            f"cd {shown}",
            "python -m pip install -r requirements.txt   (once per machine)",
            "aeportal validate && aeportal build && aeportal serve internal",
            'aeportal new account "Client name"   (and delete accounts/'
            f"{make_id(WORDS[language]['example'])}/ when you no longer need the example)",
            'git add -A && git commit -m "Start the portal repository", then push to main',
        ),
        notes,
    )
