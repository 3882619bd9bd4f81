"""What the scheduled e-mails owe on a day: the status updates due, the reminders per contact.

Pure functions of the model and ``today``; what was already sent is the caller's to know
(``publish/mail.py`` reads it from git). Reminders are worked out from the client view
only, so that nothing internal can reach a client's inbox.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from aeportal import model
from aeportal.derive.status import Need, business_days, derive_status
from aeportal.derive.visibility import client_view


def week_of(today: dt.date) -> str:
    """The ISO week of ``today`` (`2026-W48`): one status e-mail per account per week."""
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def status_due(account: model.Account, today: dt.date) -> bool:
    """Whether ``account``'s weekly status e-mail is due on ``today``.

    Due on its day, and on any later day of the same ISO week: a run that was missed
    (CI down, a holiday of the runner) catches up, while the record of what was sent
    keeps it to one a week.
    """
    u = account.updates
    if u is None or u.day is None:
        return False
    return today.weekday() >= model.WEEKDAYS.index(u.day)


@dataclass(frozen=True)
class Reminder:
    """What waits on one client contact of one account, as that client may see it."""

    bundle: model.AccountBundle  # the client view
    contact: model.Contact
    needs: tuple[Need, ...]


def _remind(need: Need, today: dt.date, before: int) -> bool:
    if need.due is None:
        return False  # nothing to be early or late for
    return need.due < today or business_days(today, need.due) <= before


def reminders(bundle: model.AccountBundle, today: dt.date) -> list[Reminder]:
    """The reminders ``bundle`` owes its contacts on ``today``: what is due within
    ``updates.remind_before`` business days, or overdue, grouped by the contact it waits on.

    A brief in review waits on the account's approvers (it names no one).
    """
    account = bundle.account
    if account is None or account.updates is None or not account.updates.reminders:
        return []
    view = client_view(bundle)
    status = derive_status(view, today)
    contacts = {c.id: c for c in account.client.contacts}
    waiting: dict[str, list[Need]] = {}
    for need in status.needs:
        if not _remind(need, today, account.updates.remind_before):
            continue
        owners = [need.owner] if need.owner else list(account.approval.approvers)
        for owner in owners:
            if owner in contacts:
                waiting.setdefault(owner, []).append(need)
    return [Reminder(view, contacts[owner], tuple(needs)) for owner, needs in waiting.items()]
