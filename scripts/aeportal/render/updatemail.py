"""The scheduled e-mails besides the status update: a contact's reminders, the agency's digest.

A reminder is made from ``derive.schedule.reminders``, which reads the client view only,
in the language of the contact's account. The digest is the agency's own and lists what
the run sent; it goes to team members only.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage

from aeportal.check.markup import one_line
from aeportal.derive.schedule import Reminder
from aeportal.derive.status import Need
from aeportal.render.i18n import Words, words
from aeportal.render.statusmail import html_page, mail_message


@dataclass(frozen=True)
class SentLine:
    """One message a run sent, as the digest lists it."""

    kind: str  # status or reminder
    accounts: str  # the account names it was about
    to: tuple[str, ...]  # the addresses that accepted it
    subject: str


def _when(w: Words, need: Need, today: dt.date) -> str:
    assert need.due is not None  # reminders are only made for dated needs
    key = "remind_overdue" if need.due < today else "remind_due"
    return w(key, date=w.date(need.due))


def _portal(w: Words, url: str | None, as_html: bool) -> str:
    label = w("your_portal")
    if url is None:
        return html.escape(label) if as_html else label
    if as_html:
        return f'<a href="{html.escape(url)}">{html.escape(label)}</a>'
    return f"{label} ({url})"


def reminder_email(
    reminders: Sequence[Reminder],
    sender: Address,
    today: dt.date,
    portal_urls: Mapping[str, str],
    message_id: str,
) -> EmailMessage:
    """One e-mail to one contact with everything that waits on them, account by account.

    ``reminders`` are for one address (a person may be a contact of two accounts); the
    e-mail is in the language of the first.
    """
    first = reminders[0]
    assert first.bundle.account is not None
    lang = first.bundle.account.language
    w = words(lang)
    names = ", ".join(r.bundle.account.name for r in reminders if r.bundle.account)
    subject = one_line(w("remind_subject", name=names, date=w.date(today)))
    text = [w("remind_hello", name=first.contact.name), ""]
    page = [f"<p>{html.escape(w('remind_hello', name=first.contact.name))}</p>"]
    for reminder in reminders:
        account = reminder.bundle.account
        assert account is not None
        url = portal_urls.get(reminder.bundle.slug)
        intro = w("remind_intro", account=account.name)
        text.append(intro)
        page.append(f"<p>{html.escape(intro)}</p>\n<ul>")
        for need in reminder.needs:
            kind, when = w(f"kind_{need.kind}"), _when(w, need, today)
            text.append(f"- {kind}: {one_line(need.text)} ({when})")
            page.append(
                f"<li><strong>{html.escape(kind)}</strong>: {html.escape(one_line(need.text))} "
                f"({html.escape(when)})</li>"
            )
        page.append("</ul>")
        text += ["", w("remind_details", portal=_portal(w, url, as_html=False)), ""]
        page.append(f"<p>{w('remind_details', portal=_portal(w, url, as_html=True))}</p>")
    address = Address(one_line(first.contact.name), addr_spec=first.contact.email or "")
    return mail_message(
        subject=subject,
        sender=sender,
        to=[address],
        text="\n".join(text).rstrip("\n") + "\n",
        page=html_page(subject, "\n".join(page), lang),
        lang=lang,
        message_id=message_id,
        day=today,
    )


def digest_email(
    sent: Sequence[SentLine],
    unreachable: Sequence[str],
    sender: Address,
    to: list[Address],
    today: dt.date,
    message_id: str,
) -> EmailMessage:
    """The agency's list of what one run sent, and of who could not be reminded."""
    statuses = [s for s in sent if s.kind == "status"]
    reminders = [s for s in sent if s.kind == "reminder"]
    subject = (
        f"AE Portal — sent on {today.isoformat()}: {len(statuses)} status "
        f"update{'s' * (len(statuses) != 1)}, {len(reminders)} "
        f"reminder{'s' * (len(reminders) != 1)}"
    )
    text = [f"The scheduled run of {today.isoformat()} sent these e-mails.", ""]
    page = [f"<p>The scheduled run of {today.isoformat()} sent these e-mails.</p>"]
    for title, lines in (("Status updates", statuses), ("Reminders", reminders)):
        if not lines:
            continue
        text.append(title)
        page.append(f"<h2>{title}</h2>\n<ul>")
        for line in lines:
            to_list = ", ".join(line.to)
            text.append(f"- {line.accounts}: “{line.subject}” to {to_list}")
            page.append(
                f"<li>{html.escape(line.accounts)}: “{html.escape(line.subject)}” "
                f"to {html.escape(to_list)}</li>"
            )
        text.append("")
        page.append("</ul>")
    if unreachable:
        title = "Not reminded: no e-mail address"
        text += [title, *(f"- {u}" for u in unreachable), ""]
        items = "".join(f"<li>{html.escape(u)}</li>" for u in unreachable)
        page.append(f"<h2>{title}</h2>\n<ul>{items}</ul>")
    return mail_message(
        subject=subject,
        sender=sender,
        to=to,
        text="\n".join(text).rstrip("\n") + "\n",
        page=html_page(subject, "\n".join(page), "en"),
        lang="en",
        message_id=message_id,
        day=today,
    )
