"""`aeportal send`: the scheduled status e-mails, reminders and the agency's digest, by SMTP.

What was sent is recorded in git notes on the ref ``refs/notes/aeportal-sent``, never in
a portal: one note per message, attached to a blob whose content is the message's
schedule key (``status/<slug>/<ISO week>``, ``reminder/<address>/<date>``,
``digest/<date>/<hash>``). A run sends only the keys that have no note yet, so a rerun of
the same schedule sends nothing, and the one-reminder-a-day limit holds across accounts
(the key names the address, not the account). Each message is recorded as soon as the
server accepted it: a run that fails half-way records exactly what went out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import smtplib
import socket
import ssl
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Literal

from aeportal import model
from aeportal.check.markup import one_line
from aeportal.derive.schedule import Reminder, reminders, status_due, week_of
from aeportal.errors import SendError, UsageError
from aeportal.render.statusmail import account_lead, status_email
from aeportal.render.updatemail import SentLine, digest_email, reminder_email

NOTES_REF = "refs/notes/aeportal-sent"
Security = Literal["starttls", "ssl", "none"]
DEFAULT_PORTS: dict[str, int] = {"starttls": 587, "ssl": 465, "none": 25}
TIMEOUT = 30  # seconds for the server to answer: a run in CI must not hang on it


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: Security
    user: str | None
    password: str | None = field(repr=False)
    sender: Address


def smtp_settings(env: Mapping[str, str]) -> SmtpSettings:
    """The mail server from ``AEPORTAL_SMTP_*`` variables (CI secrets); every problem at once."""
    problems = []
    host = env.get("AEPORTAL_SMTP_HOST", "").strip()
    if not host:
        problems.append("AEPORTAL_SMTP_HOST is not set (the mail server's host name)")
    security = env.get("AEPORTAL_SMTP_SECURITY", "starttls").strip().lower() or "starttls"
    if security not in DEFAULT_PORTS:
        problems.append(f"AEPORTAL_SMTP_SECURITY={security!r} is not starttls, ssl or none")
        security = "starttls"
    port_text = env.get("AEPORTAL_SMTP_PORT", "").strip()
    port = DEFAULT_PORTS[security]
    if port_text:
        if port_text.isdigit() and 0 < int(port_text) < 65536:
            port = int(port_text)
        else:
            problems.append(f"AEPORTAL_SMTP_PORT={port_text!r} is not a port number (1-65535)")
    user = env.get("AEPORTAL_SMTP_USER") or None
    password = env.get("AEPORTAL_SMTP_PASSWORD") or None
    if (user is None) != (password is None):
        problems.append("set both AEPORTAL_SMTP_USER and AEPORTAL_SMTP_PASSWORD, or neither")
    name, addr = parseaddr(env.get("AEPORTAL_SMTP_FROM", ""))
    if not addr or "@" not in addr:
        problems.append(
            "AEPORTAL_SMTP_FROM is not set to an address, e.g. 'Agency <portal@agency.example>'"
        )
        addr = "unset@invalid"
    if problems:
        raise UsageError("cannot send: " + "; ".join(problems))
    local, _, domain = addr.partition("@")
    return SmtpSettings(
        host,
        port,
        security,  # type: ignore[arg-type]  # checked against DEFAULT_PORTS above
        user,
        password,
        Address(display_name=name, username=local, domain=domain),
    )


# --- what was sent: git notes -------------------------------------------------


def _git(repo: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(repo), *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "GIT_NOTES_REF": NOTES_REF, "LC_ALL": "C"},
    )


class SentLog:
    """The record of what was sent, in the git notes of ``repo``."""

    def __init__(self, repo: Path) -> None:
        self.repo = repo
        found = _git(repo, "rev-parse", "--show-object-format")
        if found.returncode != 0:
            raise UsageError(
                f"{repo}: not a git repository; `aeportal send` records what it sent in the "
                f"git notes {NOTES_REF} (clone the repository, or run `git init`)"
            )
        self.hash_name = found.stdout.strip() or "sha1"
        listed = _git(repo, "notes", "--ref", NOTES_REF, "list")
        # No notes yet is not an error: the ref is made by the first message recorded.
        self.annotated = {line.split()[1] for line in listed.stdout.splitlines() if " " in line}

    def _object(self, key: str) -> str:
        # The id git gives the blob of the key, without asking git once per key.
        data = f"aeportal-sent {key}\n".encode()
        return hashlib.new(self.hash_name, b"blob %d\0" % len(data) + data).hexdigest()

    def was_sent(self, key: str) -> bool:
        return self._object(key) in self.annotated

    def record(self, key: str, message: EmailMessage, accepted: Sequence[str]) -> None:
        """Record ``message`` under ``key``: the note says who got it, when and as what."""
        blob = _git(self.repo, "hash-object", "-w", "--stdin", stdin=f"aeportal-sent {key}\n")
        note = json.dumps(
            {
                "key": key,
                "message_id": message["Message-ID"],
                "subject": message["Subject"],
                "to": list(accepted),
                "sent": message["Date"],
            },
            ensure_ascii=False,
            indent=2,
        )
        ident = [] if _git(self.repo, "var", "GIT_COMMITTER_IDENT").returncode == 0 else [
            "-c", "user.name=AE Portal", "-c", "user.email=aeportal@localhost"
        ]  # fmt: skip
        done = _git(
            self.repo, *ident, "notes", "--ref", NOTES_REF, "add", "-f", "-F", "-",
            blob.stdout.strip(), stdin=note + "\n",
        )  # fmt: skip
        if blob.returncode != 0 or done.returncode != 0:
            raise SendError(
                f"sent {key} but could not record it in {NOTES_REF}: "
                f"{(blob.stderr + done.stderr).strip()}; record it before the next run, "
                "or it is sent again"
            )
        self.annotated.add(blob.stdout.strip())


# --- what to send ---------------------------------------------------------------


@dataclass(frozen=True)
class Outgoing:
    key: str  # the schedule key the record is kept under
    kind: Literal["status", "reminder"]
    accounts: str
    message: EmailMessage


@dataclass
class Plan:
    messages: list[Outgoing] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)  # contacts owed a reminder, no address
    digest_to: list[Address] = field(default_factory=list)


def portal_url(base: str | None, slug: str) -> str | None:
    """The address of ``slug``'s portal under ``base``, as `aeportal publish` lays them out."""
    return None if base is None else base.rstrip("/") + f"/clients/{slug}/"


def _message_id(kind: str, key: str, sender: Address) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return f"<{kind}.{digest}@{sender.domain or 'aeportal'}>"


def _address(person: model.Contact | model.TeamMember) -> Address:
    return Address(one_line(person.name), addr_spec=person.email or "")


def plan_sending(
    portfolio: model.Portfolio,
    today: dt.date,
    sender: Address,
    log: SentLog | None,
    templates: Path | None = None,
    portal_base: str | None = None,
) -> Plan:
    """Every message due on ``today`` that ``log`` has not recorded, status updates first."""
    plan = Plan()
    owed: dict[str, list[Reminder]] = {}
    digest_to: dict[str, Address] = {}
    for bundle in sorted(portfolio.accounts, key=lambda b: b.slug):
        account = bundle.account
        if account is None or account.updates is None:
            continue
        u = account.updates
        team = {m.id: m for m in account.team}
        for ident in u.digest:
            if ident in team and team[ident].email:
                digest_to.setdefault(str(team[ident].email).lower(), _address(team[ident]))
        key = f"status/{bundle.slug}/{week_of(today)}"
        if status_due(account, today) and not (log and log.was_sent(key)):
            contacts = {c.id: c for c in account.client.contacts}
            msg = status_email(
                bundle,
                today,
                templates,
                portal_url(portal_base, bundle.slug),
                sender=sender,
                to=[_address(contacts[c]) for c in u.to if c in contacts],
                message_id=_message_id("status", key, sender),
            )
            _reply_to_lead(msg, account)
            plan.messages.append(Outgoing(key, "status", account.name, msg))
        for reminder in reminders(bundle, today):
            if reminder.contact.email:
                owed.setdefault(reminder.contact.email.lower(), []).append(reminder)
            else:
                plan.unreachable.append(f"{reminder.contact.name} ({account.name})")
    for address, owed_to in owed.items():
        key = f"reminder/{address}/{today.isoformat()}"
        if log and log.was_sent(key):
            continue  # the quiet limit: one reminder a day per person, whatever the account
        urls = {
            r.bundle.slug: url for r in owed_to if (url := portal_url(portal_base, r.bundle.slug))
        }
        msg = reminder_email(owed_to, sender, today, urls, _message_id("reminder", key, sender))
        first = owed_to[0].bundle.account
        if first is not None:
            _reply_to_lead(msg, first)
        names = ", ".join(r.bundle.account.name for r in owed_to if r.bundle.account)
        plan.messages.append(Outgoing(key, "reminder", names, msg))
    plan.digest_to = list(digest_to.values()) or [sender]
    return plan


def _reply_to_lead(message: EmailMessage, account: model.Account) -> None:
    """Answers reach the account's lead, not the sending mailbox (which nobody may read)."""
    lead = account_lead(account)
    if lead is not None:
        message["Reply-To"] = lead


# --- sending ----------------------------------------------------------------------


@dataclass
class Outcome:
    sent: list[SentLine] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)  # --dry-run
    digest: SentLine | None = None


def _connect(s: SmtpSettings) -> smtplib.SMTP:
    where = f"{s.host}:{s.port}"
    context = ssl.create_default_context()
    server: smtplib.SMTP | None = None
    step = "connect"
    try:
        if s.security == "ssl":
            server = smtplib.SMTP_SSL(s.host, s.port, timeout=TIMEOUT, context=context)
        else:
            server = smtplib.SMTP(s.host, s.port, timeout=TIMEOUT)
            if s.security == "starttls":
                step = "starttls"
                server.starttls(context=context)
        if s.user is not None and s.password is not None:
            step = "login"
            server.login(s.user, s.password)
        return server
    except smtplib.SMTPAuthenticationError as exc:
        _close(server)
        raise SendError(
            f"the mail server {where} refused the user name and password "
            f"({exc.smtp_code} {_said(exc.smtp_error)}): check AEPORTAL_SMTP_USER and "
            "AEPORTAL_SMTP_PASSWORD; nothing was sent"
        ) from None
    except smtplib.SMTPNotSupportedError:
        _close(server)
        if step == "starttls":
            raise SendError(
                f"the mail server {where} offers no STARTTLS: set AEPORTAL_SMTP_SECURITY=ssl "
                "(and its port), or none only for a server on this machine; nothing was sent"
            ) from None
        raise SendError(
            f"the mail server {where} offers no login here: leave AEPORTAL_SMTP_USER and "
            "AEPORTAL_SMTP_PASSWORD empty if it needs none, or check AEPORTAL_SMTP_SECURITY "
            "(many servers offer a login only over TLS); nothing was sent"
        ) from None
    except (smtplib.SMTPException, OSError) as exc:  # refused, unknown host, TLS, time-out
        _close(server)
        raise SendError(
            f"cannot reach the mail server {where}: {_reason(exc)}; check AEPORTAL_SMTP_HOST, "
            "AEPORTAL_SMTP_PORT and AEPORTAL_SMTP_SECURITY; nothing was sent"
        ) from None


def _close(server: smtplib.SMTP | None) -> None:
    if server is None:
        return
    try:
        server.quit()
    except (smtplib.SMTPException, OSError):
        server.close()


def _said(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return " ".join(text.split())


def _reason(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout | TimeoutError):
        return f"no answer within {TIMEOUT} seconds"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_said(exc.smtp_error)}"
    return " ".join(str(exc).split()) or type(exc).__name__


def _recipients(message: EmailMessage) -> list[str]:
    return [a.addr_spec for a in message["To"].addresses]


def _deliver(
    server: smtplib.SMTP, settings: SmtpSettings, message: EmailMessage, done: int
) -> list[str]:
    """Send one message; the addresses that accepted it."""
    del message["Date"]
    message["Date"] = format_datetime(dt.datetime.now(tz=dt.UTC))
    wanted = _recipients(message)
    try:
        refused = server.send_message(message, from_addr=settings.sender.addr_spec)
    except smtplib.SMTPRecipientsRefused as exc:
        refused = exc.recipients
    except (smtplib.SMTPException, OSError) as exc:
        raise SendError(
            f"the mail server stopped the run at “{message['Subject']}”: {_reason(exc)}; "
            f"{done} message{'s' * (done != 1)} sent before it {'were' if done != 1 else 'was'} "
            f"recorded in {NOTES_REF}, and a new run sends the rest"
        ) from None
    return [a for a in wanted if a not in refused]


def send_updates(
    portfolio: model.Portfolio,
    repo: Path,
    today: dt.date,
    *,
    settings: SmtpSettings | None,
    sender: Address,
    out_dir: Path | None = None,
    templates: Path | None = None,
    portal_base: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> Outcome:
    """Send (or, with ``out_dir``, write as .eml files) what is due on ``today``.

    A dry run reads the record, so that it shows what a real run would send, and writes
    none.
    """
    say = progress or (lambda _line: None)
    log = SentLog(repo) if settings is not None or _git(repo, "rev-parse").returncode == 0 else None
    plan = plan_sending(portfolio, today, sender, log, templates, portal_base)
    outcome = Outcome()
    if not plan.messages:
        return outcome
    lines = [SentLine(o.kind, o.accounts, tuple(_recipients(o.message)), o.message["Subject"])
             for o in plan.messages]  # fmt: skip
    digest_key = (
        f"digest/{today.isoformat()}/"
        + hashlib.sha256("\n".join(o.key for o in plan.messages).encode()).hexdigest()[:16]
    )
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        digest = digest_email(lines, plan.unreachable, sender, plan.digest_to, today,
                              _message_id("digest", digest_key, sender))  # fmt: skip
        for number, msg in enumerate([*(o.message for o in plan.messages), digest], start=1):
            path = out_dir / f"{number:02d}-{msg['Message-ID'].strip('<>').split('@')[0]}.eml"
            path.write_bytes(msg.as_bytes())
            outcome.written.append(path)
        outcome.sent, outcome.digest = lines, SentLine("digest", "", (), digest["Subject"])
        return outcome
    assert settings is not None and log is not None
    server = _connect(settings)
    try:
        for outgoing, line in zip(plan.messages, lines, strict=True):
            accepted = _deliver(server, settings, outgoing.message, len(outcome.sent))
            if accepted:
                log.record(outgoing.key, outgoing.message, accepted)
                outcome.sent.append(
                    SentLine(line.kind, line.accounts, tuple(accepted), line.subject)
                )
                say(f"sent {line.subject!r} to {', '.join(accepted)}")
            else:
                say(f"not sent {line.subject!r}: the server refused every recipient")
        if outcome.sent:
            digest = digest_email(outcome.sent, plan.unreachable, sender, plan.digest_to, today,
                                  _message_id("digest", digest_key, sender))  # fmt: skip
            accepted = _deliver(server, settings, digest, len(outcome.sent))
            if accepted:
                log.record(digest_key, digest, accepted)
                outcome.digest = SentLine("digest", "", tuple(accepted), digest["Subject"])
    finally:
        _close(server)
    return outcome
