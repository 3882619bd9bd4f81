"""The client status update as an e-mail (RFC 5322): plain text and HTML, in the account language.

The message is made from ``visibility.client_view`` only, through the same
templates as ``aeportal status``. Every header is a function of the account and
``today`` (no clock, no random boundary or Message-ID), so the same content on
the same day gives the same message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path

import markdown

from aeportal import model
from aeportal.check.markup import one_line
from aeportal.errors import UsageError
from aeportal.render.i18n import Words, words
from aeportal.render.statusreport import status_report

# Mail clients drop style sheets and web fonts: every style is written on its element.
_FONT = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
_BODY_STYLE = f"font-family: {_FONT}; font-size: 15px; line-height: 1.5; color: #263238;"
_TAG_STYLES = {
    "h1": "font-size: 20px; margin: 0 0 12px;",
    "h2": "font-size: 18px; margin: 16px 0 8px;",
    "h3": "font-size: 16px; margin: 16px 0 6px;",
    "p": "margin: 6px 0;",
    "ul": "margin: 6px 0; padding-left: 22px;",
    "a": "color: #0d47a1;",
}
# The colours of templates/assets/aeportal.css, by the class the templates give.
_COLOURS = {
    **dict.fromkeys(
        ("done", "green", "delivered", "approved", "closed", "mitigated"), ("#e8f5e9", "#1b5e20")
    ),
    **dict.fromkeys(("overdue", "red", "escalated", "rejected"), ("#ffebee", "#b71c1c")),
    **dict.fromkeys(("due_soon", "amber", "in_review", "proposed"), ("#fff3e0", "#8a3c00")),
    **dict.fromkeys(("in_progress", "in_production", "open"), ("#e3f2fd", "#0d47a1")),
}
_HEALTH_BORDER = {"green": "#2e7d32", "amber": "#ef6c00", "red": "#c62828"}
_CLASS = re.compile(r' class="aep-(state|health) aep-([a-z_]+)"')
_TAG = re.compile(r"<(h1|h2|h3|p|ul|a)(?=[ >])")


def _class_style(match: re.Match[str]) -> str:
    kind, value = match.groups()
    if kind == "health":
        border = _HEALTH_BORDER.get(value, "#78909c")
        return f' style="border-left: 4px solid {border}; padding: 2px 14px; margin: 12px 0;"'
    background, colour = _COLOURS.get(value, ("#eceff1", "#263238"))
    return (
        f' style="background: {background}; color: {colour}; padding: 0 5px; '
        'border-radius: 4px; font-size: 13px; white-space: nowrap;"'
    )


def _inline_styles(body: str) -> str:
    body = _CLASS.sub(_class_style, body)
    return _TAG.sub(lambda m: f'<{m.group(1)} style="{_TAG_STYLES[m.group(1)]}"', body)


def account_lead(account: model.Account) -> Address | None:
    """The team member a client writes to: the first whose role names the account (an
    Account Executive or Director), else the first with an e-mail address."""
    team = [t for t in account.team if t.email]
    lead = next((t for t in team if "account" in t.role.lower()), team[0] if team else None)
    if lead is None or lead.email is None:
        return None
    return Address(one_line(lead.name), addr_spec=lead.email)


def _sender(account: model.Account) -> Address:
    lead = account_lead(account)
    if lead is None:
        raise UsageError(f"{account.name}: no team member has an e-mail address to send from")
    return lead


def _recipients(account: model.Account) -> list[Address]:
    approvers = set(account.approval.approvers)
    reachable = [c for c in account.client.contacts if c.email]
    chosen = [c for c in reachable if c.approver or c.id in approvers] or reachable
    if not chosen:
        raise UsageError(f"{account.name}: no client contact has an e-mail address")
    return [Address(one_line(c.name), addr_spec=c.email or "") for c in chosen]


def html_page(title: str, body: str, lang: str) -> str:
    """An e-mail's HTML part: ``body`` (HTML) under the title, every style inline."""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n"
        f'<body style="{_BODY_STYLE}">\n'
        + _inline_styles(f"<h1>{html.escape(title)}</h1>\n{body}\n")
        + "</body>\n</html>\n"
    )


def _html(title: str, markdown_text: str, details: str, lang: str) -> str:
    body = markdown.markdown(markdown_text, extensions=["md_in_html"], output_format="html")
    return html_page(title, f"{body}\n<p>{details}</p>", lang)


def mail_message(
    *,
    subject: str,
    sender: Address,
    to: list[Address],
    text: str,
    page: str,
    lang: str,
    message_id: str,
    day: dt.date,
) -> EmailMessage:
    """A multipart/alternative message (text, then HTML) whose every header and boundary is
    a function of its arguments: the same content on the same day gives the same bytes."""
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = subject
    msg["From"] = sender
    msg["To"] = to
    msg["Date"] = format_datetime(dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC))
    msg["Message-ID"] = message_id
    msg.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(page, subtype="html", charset="utf-8", cte="quoted-printable")
    # After add_alternative, which moves every Content-* header into the first part.
    msg["Content-Language"] = lang
    msg.set_boundary("aeportal-" + hashlib.sha256(message_id.encode()).hexdigest()[:32])
    return msg


def _details(w: Words, portal_url: str | None, as_html: bool) -> str:
    label = w("your_portal")
    if portal_url is None:
        return w("mail_details", portal=html.escape(label) if as_html else label)
    if as_html:
        link = f'<a href="{html.escape(portal_url)}">{html.escape(label)}</a>'
        return w("mail_details", portal=link)
    return w("mail_details", portal=f"{label} ({portal_url})")


def status_email(
    bundle: model.AccountBundle,
    today: dt.date,
    templates: Path | None = None,
    portal_url: str | None = None,
    *,
    sender: Address | None = None,
    to: list[Address] | None = None,
    message_id: str | None = None,
) -> EmailMessage:
    """The client status update of ``bundle`` on ``today``, as a multipart/alternative e-mail.

    Without ``sender`` and ``to``, it is from the account's lead to its approvers (for the AE
    to send by hand); `aeportal send` gives its own.
    """
    account = bundle.account
    assert account is not None, "status_email needs a loaded account.yml"
    w = words(account.language)
    # A header is one line: the e-mail package refuses any line break Python knows of.
    subject = one_line(w("mail_subject", name=account.name, date=w.date(today)))
    text = status_report(bundle, today, "text", "client", templates)
    text = text.rstrip("\n") + "\n\n" + _details(w, portal_url, as_html=False) + "\n"
    md = status_report(bundle, today, "md", "client", templates)

    page = _html(subject, md, _details(w, portal_url, as_html=True), account.language)
    return mail_message(
        subject=subject,
        sender=sender or _sender(account),
        to=to or _recipients(account),
        text=text,
        page=page,
        lang=account.language,
        message_id=message_id or f"<status.{today.isoformat()}.{bundle.slug}@aeportal>",
        day=today,
    )
