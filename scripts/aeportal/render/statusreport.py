"""The status update an AE sends: as text, Markdown or JSON."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

from aeportal import model
from aeportal.derive.status import AccountStatus, derive_status
from aeportal.derive.visibility import client_status
from aeportal.render.i18n import words
from aeportal.render.pages import _Context, make_env
from aeportal.trail.history import HistoryIndex


def _plain(value: Any) -> Any:
    """JSON-ready data from derived records (model records by id and title)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (model.Milestone, model.Risk)):
        return {"id": value.id, "title": value.title}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def status_json(status: AccountStatus) -> dict[str, Any]:
    w = words(status.account.language)
    return {
        "account": status.bundle.slug,
        "name": status.account.name,
        "language": status.account.language,
        "today": status.today.isoformat(),
        "health": status.health,
        "reasons": [
            {"level": r.level, "code": r.code, "text": w.reason(r)} for r in status.reasons
        ],
        "done": _plain(status.done),
        "in_progress": _plain(status.in_progress),
        "overdue": _plain(status.overdue),
        "risks": [
            {
                "id": r.id,
                "title": r.title,
                "impact": r.impact,
                "status": r.status,
                "owner": r.owner,
                "mitigation": r.mitigation,
            }
            for r in status.risks
        ],
        "next_steps": _plain(status.next_steps),
        "needed_from_client": _plain(status.needs),
        "scope": [
            {
                "item": u.item.id,
                "name": u.item.name,
                "contracted": u.contracted,
                "added": u.added,
                "used": u.used,
                "pending": u.pending,
                "remaining": u.remaining,
                "overrun": u.overrun,
                "revision_rounds_used": u.revision_rounds_used,
                "revision_rounds_contracted": u.item.revision_rounds,
            }
            for u in status.scope
        ],
    }


def status_report(
    bundle: model.AccountBundle,
    today: dt.date,
    fmt: str,
    audience: str,
    templates: Path | None,
    history: HistoryIndex | None = None,
) -> str:
    """One account's status update in ``fmt`` (text, md or json) for ``audience``."""
    status = client_status(bundle, today) if audience == "client" else derive_status(bundle, today)
    if fmt == "json":
        data = status_json(status)
        if audience == "internal":  # KPIs are the agency's, like the KPI page
            data["kpis"] = _plain(status.kpis)
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    env = make_env(templates)
    values = _Context(status, "client" if audience == "client" else "internal", history).values()
    if fmt == "md":
        return env.get_template("pages/status.md.j2").render(**values)
    env.autoescape = False  # plain text: nothing is HTML here
    return env.get_template("pages/status.txt.j2").render(**values)
