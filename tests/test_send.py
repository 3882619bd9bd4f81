"""`aeportal send` against a real SMTP server on 127.0.0.1 (aiosmtpd) that keeps every message.

Three accounts with planted markers (portal_fixtures): every sent message is parsed back
and searched for the markers of internal data and of the other clients.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import re
import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from aeportal import model
from aeportal.check.rules import check
from aeportal.cli.commands import main
from portal_fixtures import MARKS, account_files, write_repo

MONDAY, TUESDAY, WEDNESDAY = "2026-11-23", "2026-11-24", "2026-11-25"
BASE = "https://portals.example"
DAYS = {"alpha-co": "monday", "beta-co": "monday", "gamma-co": "wednesday"}
NOTES_REF = "refs/notes/aeportal-sent"


def _updates(slug: str) -> str:
    low = MARKS[slug][0].lower()
    return f"""\
updates:
  day: {DAYS[slug]}
  to: [{low}-cmo]
  reminders: true
  remind_before: 2
  digest: [sam]
"""


def _meetings(slug: str) -> dict[str, str]:
    """What waits on the client: an open question due soon in a client meeting, and an
    action in an internal meeting that must never reach the client."""
    mark = MARKS[slug][0]
    low = mark.lower()
    return {
        f"accounts/{slug}/meetings/2026-11-20-review.md": f"""\
---
title: {mark}-CLIENT-MEETING review
date: 2026-11-20
attendees: [{low}-cmo, sam]
open_questions:
  - {{question: {mark}-CLIENT-QUESTION which photos, owner: {low}-cmo, due: 2026-11-25}}
---
Notes.
""",
        f"accounts/{slug}/meetings/2026-11-19-prep.md": f"""\
---
title: {mark}-INT-MEETING prep
date: 2026-11-19
attendees: [sam]
actions:
  - {{task: {mark}-INT-ACTION chase the CMO, owner: {low}-cmo, due: 2026-11-20}}
visibility: internal
---
{mark}-INT-MEETING-BODY.
""",
    }


def make_repo(root: Path) -> Path:
    files: dict[str, str] = {}
    for slug, (mark, lang) in MARKS.items():
        found = account_files(slug, mark, lang)
        path = f"accounts/{slug}/account.yml"
        text = found[path]
        at = text.index("internal:\n")
        found[path] = text[:at] + _updates(slug) + text[at:]
        files |= found | _meetings(slug)
    write_repo(root, files)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


@dataclass
class Received:
    sender: str
    rcpt: list[str]
    message: EmailMessage


@dataclass
class Handler:
    received: list[Received] = field(default_factory=list)
    refuse_data_after: int | None = None  # answer 451 to DATA once this many were kept
    refuse_rcpt: set[str] = field(default_factory=set)  # answer 550 to these recipients

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.refuse_rcpt:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse_data_after is not None and len(self.received) >= self.refuse_data_after:
            return "451 4.3.0 try again later"
        message = BytesParser(policy=email.policy.default).parsebytes(envelope.content)
        assert isinstance(message, EmailMessage)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"


def _authenticate(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"portal",
        b"right-password",
    )
    return AuthResult(success=ok, handled=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def point_at(
    monkeypatch: pytest.MonkeyPatch,
    port: int,
    security: str = "none",
    sender: str = "Agency Portal <portal@agency.example>",
) -> None:
    """Set the AEPORTAL_SMTP_* variables for the server on ``port``, as CI's secrets would."""
    env = {
        "AEPORTAL_SMTP_HOST": "127.0.0.1",
        "AEPORTAL_SMTP_PORT": str(port),
        "AEPORTAL_SMTP_SECURITY": security,
        "AEPORTAL_SMTP_USER": "portal",
        "AEPORTAL_SMTP_PASSWORD": "right-password",
        "AEPORTAL_SMTP_FROM": sender,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AEPORTAL_PORTAL_URL", raising=False)


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Handler]:
    handler = Handler()
    port = _free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        authenticator=_authenticate,
        auth_require_tls=False,  # a server on this machine, without TLS: security none
    )
    controller.start()
    point_at(monkeypatch, port)
    try:
        yield handler
    finally:
        controller.stop()


def send(
    capsys: pytest.CaptureFixture[str], repo: Path, today: str, *extra: str
) -> tuple[int, str, str]:
    code = main(["send", "--repo", str(repo), "--today", today, "--portal-url", BASE, *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def text_and_html(message: EmailMessage) -> tuple[str, str]:
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    assert isinstance(plain, EmailMessage) and isinstance(html, EmailMessage)
    # Line ends as a mail client shows them (the wire's are CRLF).
    return plain.get_content().replace("\r\n", "\n"), html.get_content().replace("\r\n", "\n")


def notes(repo: Path) -> list[str]:
    done = subprocess.run(
        ["git", "-C", str(repo), "notes", "--ref", NOTES_REF, "list"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.splitlines()


def summary(handler: Handler) -> list[tuple[list[str], str]]:
    return [(r.rcpt, r.message["Subject"]) for r in handler.received]


def test_a_scheduled_run_sends_each_message_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, smtp: Handler
) -> None:
    repo = make_repo(tmp_path / "repo")
    before = sorted(p for p in repo.rglob("*") if ".git" not in p.parts)
    code, out, _ = send(capsys, repo, MONDAY)
    assert code == 0, out
    # The record is in git notes only: no file appears in the work tree (no site/, no portal).
    assert sorted(p for p in repo.rglob("*") if ".git" not in p.parts) == before
    date_en, date_vi = "Nov 23, 2026", "23 thg 11, 2026"
    assert summary(smtp) == [
        (["cmo@alpha.example"], f"Alpha Client Co — status update, {date_en}"),
        (["cmo@beta.example"], f"Beta Client Co — cập nhật tình hình, {date_vi}"),
        (["cmo@alpha.example"], f"Alpha Client Co — waiting on you, {date_en}"),
        (["cmo@beta.example"], f"Beta Client Co — việc đang chờ anh/chị, {date_vi}"),
        (["cmo@gamma.example"], f"Gamma Client Co — waiting on you, {date_en}"),
        (["sam@agency.example"], "AE Portal — sent on 2026-11-23: 2 status updates, 3 reminders"),
    ]
    assert len(notes(repo)) == 6
    for got in smtp.received:
        m = got.message
        assert got.sender == "portal@agency.example"
        assert m["From"] == "Agency Portal <portal@agency.example>"
        assert m["To"].addresses[0].addr_spec == got.rcpt[0]
        assert re.fullmatch(
            r"<(status|reminder|digest)\.[0-9a-f]{16}@agency\.example>", m["Message-ID"]
        )
        assert m["Date"].datetime.tzinfo is not None
        assert m.get_content_type() == "multipart/alternative"
        assert [p.get_content_type() for p in m.iter_parts()] == ["text/plain", "text/html"]
    # The account's language, and the link to that client's portal in both parts.
    for got in smtp.received[:5]:
        slug = next(s for s, (mark, _) in MARKS.items() if f"@{mark.lower()}." in got.rcpt[0])
        lang = MARKS[slug][1]
        assert got.message["Content-Language"] == lang
        text, html = text_and_html(got.message)
        url = f"{BASE}/clients/{slug}/"
        assert url in text and f'href="{url}"' in html
        assert f'<html lang="{lang}">' in html
    status = smtp.received[0].message
    assert status["Reply-To"] == "Sam Agency <sam@agency.example>"
    reminder_text = text_and_html(smtp.received[2].message)[0]
    assert "ALPHA-CLIENT-INPUT logo files (overdue since Sep 5, 2026)" in reminder_text
    assert "ALPHA-CLIENT-QUESTION which photos (due Nov 25, 2026)" in reminder_text
    assert "Hello Alphaperson Contact," in reminder_text
    digest = text_and_html(smtp.received[5].message)[0]
    assert "Gamma Client Co: “Gamma Client Co — waiting on you, Nov 23, 2026”" in digest

    # A rerun of the same schedule sends nothing and records nothing more.
    assert send(capsys, repo, MONDAY)[:2] == (
        0,
        "nothing to send on 2026-11-23 (every e-mail due is sent already)\n",
    )
    assert len(smtp.received) == 6 and len(notes(repo)) == 6


def test_no_internal_or_other_client_data_in_any_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, smtp: Handler
) -> None:
    repo = make_repo(tmp_path / "repo")
    assert send(capsys, repo, MONDAY)[0] == 0
    assert send(capsys, repo, WEDNESDAY)[0] == 0  # gamma's status e-mail too
    client_messages = [r for r in smtp.received if r.rcpt != ["sam@agency.example"]]
    assert len(client_messages) == 9  # 3 status e-mails, 3 + 3 reminders
    for got in client_messages:
        whole = got.message.as_string()
        text, html = text_and_html(got.message)
        shown = text + html + str(got.message["Subject"])
        own = next(mark for mark, _ in MARKS.values() if f"@{mark.lower()}." in got.rcpt[0])
        assert f"{own}-CLIENT-" in shown  # the check below looks at real content
        assert "-INT-" not in shown and "-INT-" not in whole
        others = [mark for mark, _ in MARKS.values() if mark != own]
        assert not [m for m in others if m in shown.upper() or m.lower() in whole]
    # The internal meeting's action (owned by the client) reached no one.
    assert not [r for r in smtp.received if "INT-ACTION" in r.message.as_string()]


def test_the_schedule_follows_each_accounts_weekday(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, smtp: Handler
) -> None:
    repo = make_repo(tmp_path / "repo")

    def status() -> list[str]:
        return [r.rcpt[0] for r in smtp.received if r.message["Message-ID"].startswith("<status.")]

    assert send(capsys, tmp_path / "repo", "2026-11-22")[0] == 0  # a Sunday: week 47, all due
    assert status() == ["cmo@alpha.example", "cmo@beta.example", "cmo@gamma.example"]
    smtp.received.clear()
    assert send(capsys, repo, MONDAY)[0] == 0  # a new week: Monday's accounts only
    assert status() == ["cmo@alpha.example", "cmo@beta.example"]
    smtp.received.clear()
    assert send(capsys, repo, TUESDAY)[0] == 0  # nothing new this week
    assert status() == []
    assert send(capsys, repo, WEDNESDAY)[0] == 0
    assert status() == ["cmo@gamma.example"]


def test_one_reminder_a_day_per_contact(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, smtp: Handler
) -> None:
    repo = make_repo(tmp_path / "repo")
    assert send(capsys, repo, MONDAY)[0] == 0
    # Something new waits on Alpha's contact the same day: no second reminder today.
    path = repo / "accounts/alpha-co/account.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "inputs:\n",
            "inputs:\n  - {item: ALPHA-CLIENT-INPUT photos, owner: alpha-cmo, due: 2026-11-20}\n",
        ),
        encoding="utf-8",
    )
    smtp.received.clear()
    assert send(capsys, repo, MONDAY)[:2] == (
        0,
        "nothing to send on 2026-11-23 (every e-mail due is sent already)\n",
    )
    assert smtp.received == []
    assert send(capsys, repo, TUESDAY)[0] == 0
    reminders = [r for r in smtp.received if r.message["Message-ID"].startswith("<reminder.")]
    assert [r.rcpt for r in reminders] == [
        ["cmo@alpha.example"],
        ["cmo@beta.example"],
        ["cmo@gamma.example"],
    ]
    assert "ALPHA-CLIENT-INPUT photos" in text_and_html(reminders[0].message)[0]


def test_dry_run_writes_the_messages_and_sends_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, smtp: Handler
) -> None:
    repo = make_repo(tmp_path / "repo")
    out = tmp_path / "mail"
    code, printed, _ = send(capsys, repo, MONDAY, "--dry-run", str(out))
    assert code == 0
    assert printed.endswith(f"wrote 6 messages to {out} (nothing sent)\n")
    files = sorted(out.glob("*.eml"))
    assert len(files) == 6 and files[0].name.startswith("01-status.")
    assert smtp.received == [] and notes(repo) == []


def test_a_server_that_cannot_be_reached(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    smtp: Handler,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    repo = make_repo(tmp_path / "repo")
    port = _free_port()
    monkeypatch.setenv("AEPORTAL_SMTP_PORT", str(port))
    code, _, err = send(capsys, repo, MONDAY)
    assert code == 1
    assert err.splitlines()[-1].startswith(
        f"aeportal: cannot reach the mail server 127.0.0.1:{port}: "
    )
    assert err.rstrip().endswith(
        "check AEPORTAL_SMTP_HOST, AEPORTAL_SMTP_PORT and AEPORTAL_SMTP_SECURITY; nothing was sent"
    )
    assert notes(repo) == []


def test_a_wrong_password(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    smtp: Handler,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    repo = make_repo(tmp_path / "repo")
    monkeypatch.setenv("AEPORTAL_SMTP_PASSWORD", "wrong")
    code, _, err = send(capsys, repo, MONDAY)
    assert code == 1
    assert "refused the user name and password (535 " in err
    assert "check AEPORTAL_SMTP_USER and AEPORTAL_SMTP_PASSWORD; nothing was sent" in err
    assert smtp.received == [] and notes(repo) == []


def test_missing_variables_are_named(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    smtp: Handler,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    repo = make_repo(tmp_path / "repo")
    for name in ("AEPORTAL_SMTP_HOST", "AEPORTAL_SMTP_FROM", "AEPORTAL_SMTP_PASSWORD"):
        monkeypatch.delenv(name)
    code, _, err = send(capsys, repo, MONDAY)
    assert (code, err.splitlines()[-1]) == (
        2,
        "aeportal: cannot send: AEPORTAL_SMTP_HOST is not set (the mail server's host name); "
        "set both AEPORTAL_SMTP_USER and AEPORTAL_SMTP_PASSWORD, or neither; "
        "AEPORTAL_SMTP_FROM is not set to an address, e.g. 'Agency <portal@agency.example>'",
    )
    assert notes(repo) == []


def test_a_run_stopped_half_way_records_what_was_sent(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, smtp: Handler
) -> None:
    repo = make_repo(tmp_path / "repo")
    smtp.refuse_data_after = 2
    code, _, err = send(capsys, repo, MONDAY)
    assert code == 1
    assert (
        "aeportal: the mail server stopped the run at “Alpha Client Co — waiting on you, "
        "Nov 23, 2026”: 451 4.3.0 try again later; 2 messages sent before it were recorded" in err
    )
    assert len(smtp.received) == 2 and len(notes(repo)) == 2
    # The next run sends the rest, and only the rest.
    smtp.refuse_data_after = None
    assert send(capsys, repo, MONDAY)[0] == 0
    assert [r.message["Subject"] for r in smtp.received[2:]][:3] == [
        "Alpha Client Co — waiting on you, Nov 23, 2026",
        "Beta Client Co — việc đang chờ anh/chị, 23 thg 11, 2026",
        "Gamma Client Co — waiting on you, Nov 23, 2026",
    ]
    assert len(smtp.received) == 6 and len(notes(repo)) == 6


def test_one_reminder_for_a_person_of_two_accounts_and_who_has_no_address(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, smtp: Handler
) -> None:
    repo = make_repo(tmp_path / "repo")
    # Gamma's contact writes from the same address as Alpha's: one person, one e-mail a day.
    gamma = repo / "accounts/gamma-co/account.yml"
    gamma.write_text(
        gamma.read_text(encoding="utf-8").replace(
            "email: cmo@gamma.example", "email: cmo@alpha.example"
        ),
        encoding="utf-8",
    )
    # Alpha's operations contact owes an input tomorrow, and has no address.
    alpha = repo / "accounts/alpha-co/account.yml"
    text = alpha.read_text(encoding="utf-8")
    text = text.replace("team:\n", "    - {id: alpha-ops, name: Opsperson Contact}\nteam:\n", 1)
    text = text.replace(
        "inputs:\n",
        "inputs:\n  - {item: ALPHA-CLIENT-INPUT store list, owner: alpha-ops, due: 2026-11-24}\n",
    )
    alpha.write_text(text, encoding="utf-8")
    assert send(capsys, repo, MONDAY)[0] == 0
    reminders = [r for r in smtp.received if r.message["Message-ID"].startswith("<reminder.")]
    assert [(r.rcpt, r.message["Subject"]) for r in reminders] == [
        (["cmo@alpha.example"], "Alpha Client Co, Gamma Client Co — waiting on you, Nov 23, 2026"),
        (["cmo@beta.example"], "Beta Client Co — việc đang chờ anh/chị, 23 thg 11, 2026"),
    ]
    both = text_and_html(reminders[0].message)[0]
    assert "ALPHA-CLIENT-INPUT logo files" in both and "GAMMA-CLIENT-INPUT logo files" in both
    assert f"{BASE}/clients/alpha-co/" in both and f"{BASE}/clients/gamma-co/" in both
    assert reminders[0].message["Reply-To"] == "Sam Agency <sam@agency.example>"
    digest = text_and_html(smtp.received[-1].message)[0]
    assert "Not reminded: no e-mail address\n- Opsperson Contact (Alpha Client Co)\n" in digest


def test_a_refused_recipient_is_not_recorded_and_is_tried_again(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, smtp: Handler
) -> None:
    repo = make_repo(tmp_path / "repo")
    smtp.refuse_rcpt = {"cmo@beta.example"}
    code, _, err = send(capsys, repo, MONDAY)
    assert code == 0
    assert "not sent 'Beta Client Co — việc đang chờ anh/chị, 23 thg 11, 2026': the server " in err
    assert [r.rcpt for r in smtp.received] == [
        ["cmo@alpha.example"],
        ["cmo@alpha.example"],
        ["cmo@gamma.example"],
        ["sam@agency.example"],
    ]
    assert len(notes(repo)) == 4
    smtp.refuse_rcpt = set()
    assert send(capsys, repo, MONDAY)[0] == 0
    assert [r.rcpt for r in smtp.received[4:]] == [
        ["cmo@beta.example"],
        ["cmo@beta.example"],
        ["sam@agency.example"],
    ]
    assert len(notes(repo)) == 7


def test_starttls_that_the_server_does_not_offer(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    smtp: Handler,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    repo = make_repo(tmp_path / "repo")
    monkeypatch.setenv("AEPORTAL_SMTP_SECURITY", "starttls")
    code, _, err = send(capsys, repo, MONDAY)
    assert code == 1
    assert err.splitlines()[-1].endswith(
        "offers no STARTTLS: set AEPORTAL_SMTP_SECURITY=ssl (and its port), or none only for "
        "a server on this machine; nothing was sent"
    )
    assert smtp.received == [] and notes(repo) == []


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (its own authority), made by openssl."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed: apt-get install openssl")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_with_a_login(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    certificate: tuple[Path, Path],
    security: str,
) -> None:
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    handler = Handler()
    port = _free_port()
    tls: dict[str, Any] = (
        {"tls_context": context, "require_starttls": True}
        if security == "starttls"
        # aiosmtpd 1.4 counts only STARTTLS as TLS when it offers AUTH (smtp.py, `ehlo`):
        # over implicit TLS it needs auth_require_tls=False to offer a login at all.
        else {"ssl_context": context, "auth_require_tls": False}
    )
    # With STARTTLS, the login is refused before TLS (aiosmtpd's default): it travels
    # encrypted or not at all.
    controller = Controller(
        handler, hostname="127.0.0.1", port=port, authenticator=_authenticate, **tls
    )
    controller.start()
    try:
        point_at(monkeypatch, port, security)
        repo = make_repo(tmp_path / "repo")
        # Not yet trusted: the certificate is refused, and nothing is sent.
        monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "no-such-file.pem"))
        code, _, err = send(capsys, repo, MONDAY)
        assert code == 1 and "CERTIFICATE_VERIFY_FAILED" in err and "nothing was sent" in err
        assert handler.received == [] and notes(repo) == []
        # Trusted (the way a system trusts its authorities): everything goes through TLS.
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        code, _, err = send(capsys, repo, MONDAY)
        assert code == 0, err
        assert len(handler.received) == 6 and len(notes(repo)) == 6
    finally:
        controller.stop()


def test_a_login_the_server_does_not_offer(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    handler = Handler()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)  # no authenticator
    controller.start()
    try:
        point_at(monkeypatch, port, sender="portal@agency.example")
        repo = make_repo(tmp_path / "repo")
        code, _, err = send(capsys, repo, MONDAY)
        assert (code, err.splitlines()[-1]) == (
            1,
            f"aeportal: the mail server 127.0.0.1:{port} offers no login here: leave "
            "AEPORTAL_SMTP_USER and AEPORTAL_SMTP_PASSWORD empty if it needs none, or check "
            "AEPORTAL_SMTP_SECURITY (many servers offer a login only over TLS); nothing was sent",
        )
        assert handler.received == [] and notes(repo) == []
        # Without a login, the same server takes everything.
        monkeypatch.delenv("AEPORTAL_SMTP_USER")
        monkeypatch.delenv("AEPORTAL_SMTP_PASSWORD")
        assert send(capsys, repo, MONDAY)[0] == 0
        assert len(handler.received) == 6
        assert handler.received[0].message["From"] == "portal@agency.example"
    finally:
        controller.stop()


REPO = Path(__file__).resolve().parent.parent
DEMO_RUN = [  # Monday 2026-11-23, the demo's day: Northwind Outdoors sends on Thursdays
    ("elaine.porter@harborcitybank.example victor.huang@harborcitybank.example",
     "Harbor City Bank — status update, Nov 23, 2026"),
    ("hung.vu@lotustea.example lan.nguyen@lotustea.example",
     "Lotus Tea House — cập nhật tình hình, 23 thg 11, 2026"),
    ("grace.liu@harborcitybank.example", "Harbor City Bank — waiting on you, Nov 23, 2026"),
    ("elaine.porter@harborcitybank.example", "Harbor City Bank — waiting on you, Nov 23, 2026"),
    ("victor.huang@harborcitybank.example", "Harbor City Bank — waiting on you, Nov 23, 2026"),
    ("lan.nguyen@lotustea.example", "Lotus Tea House — việc đang chờ anh/chị, 23 thg 11, 2026"),
    ("marco.reyes@northwind-outdoors.example", "Northwind Outdoors — waiting on you, Nov 23, 2026"),
    ("maya.patel@agency.example jordan.ellis@agency.example ha.pham@agency.example "
     "minh.tran@agency.example rachel.kim@agency.example sam.okafor@agency.example",
     "AE Portal — sent on 2026-11-23: 2 status updates, 5 reminders"),
]  # fmt: skip


def _internal_texts(bundle: model.AccountBundle) -> set[str]:
    """What of ``bundle`` only the agency may read: internal documents, milestones and risks,
    and the values of every `internal:` mapping (long enough to be told apart)."""
    found: set[str] = set()
    a = bundle.account
    assert a is not None
    records: list[Any] = [a, *bundle.briefs, *bundle.changes, *bundle.meetings, *bundle.reports]
    if bundle.timeline is not None:
        records += [*bundle.timeline.milestones, *bundle.timeline.risks]
    for record in [*records, *bundle.notes]:
        found |= {str(v) for v in record.internal.values() if len(str(v)) > 12}
        if getattr(record, "visibility", "client") == "internal":
            found.add(record.title)
            for action in getattr(record, "actions", ()):
                found.add(action.task)
    return found


def test_the_demo_accounts_on_their_day(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, smtp: Handler
) -> None:
    repo = tmp_path / "demo"
    shutil.copytree(REPO / "accounts", repo / "accounts")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    assert send(capsys, repo, MONDAY)[0] == 0
    assert [(" ".join(r.rcpt), r.message["Subject"]) for r in smtp.received] == DEMO_RUN
    assert send(capsys, repo, MONDAY)[:2] == (
        0,
        "nothing to send on 2026-11-23 (every e-mail due is sent already)\n",
    )
    assert len(smtp.received) == len(DEMO_RUN)
    # Nothing internal, and nothing of another client, in what a client received.
    bundles = check(repo, dt.date(2026, 11, 23)).portfolio.accounts
    internal = {b.slug: _internal_texts(b) for b in bundles}
    assert all(len(texts) >= 5 for texts in internal.values())  # the check has teeth
    domains = {"harbor-city-bank": "harborcitybank", "lotus-tea-house": "lotustea",
               "northwind-outdoors": "northwind-outdoors"}  # fmt: skip
    for got in smtp.received[:-1]:
        own = next(slug for slug, d in domains.items() if f"@{d}.example" in got.rcpt[0])
        text, html = text_and_html(got.message)
        for texts in internal.values():
            leaked = [t for t in texts if t in text or t in html]
            assert not leaked, (got.rcpt, leaked)
        for b in bundles:
            if b.slug != own and b.account is not None:
                assert b.account.name not in text + html


def test_the_record_is_kept_where_git_knows_no_identity(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    smtp: Handler,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A CI runner has no user.name or user.email: the record is still written, as AE Portal.
    repo = make_repo(tmp_path / "repo")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-such-config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "EMAIL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("GIT_COMMITTER_EMAIL", raising=False)
    assert send(capsys, repo, MONDAY)[0] == 0
    assert len(notes(repo)) == 6
    author = subprocess.run(
        ["git", "-C", str(repo), "log", "-1", "--format=%an <%ae>", NOTES_REF],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert author == "AE Portal <aeportal@localhost>"
    # A note says what was sent and to whom.
    note = subprocess.run(
        ["git", "-C", str(repo), "notes", "--ref", NOTES_REF, "show", notes(repo)[0].split()[1]],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert '"key": ' in note and '"message_id": "<' in note and '"to": [' in note
