"""Charts as inline SVG, made at build time: no script, no request to anyone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from aeportal.derive.calendar import DayOff
from aeportal.derive.status import MilestoneState, ScopeUsage
from aeportal.render.i18n import Words

COLORS = {
    "done": "#2e7d32",
    "overdue": "#c62828",
    "due_soon": "#ef6c00",
    "in_progress": "#1565c0",
    "planned": "#78909c",
}
ROW = 26
LABEL_W = 230
CHART_W = 560


def _open(css_class: str, width: float, height: float, label: str) -> list[str]:
    """The opening of a chart: an image with an accessible name."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-label="{escape(label)}" '
        f'font-family="sans-serif" font-size="12">',
        f"<title>{escape(label)}</title>",
    ]


def _text(x: float, y: float, text: str, **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(text)}</text>'


# Days off are told apart by pattern, not colour alone: the agency's hatched one way, the
# client's the other, days off for both cross-hatched (a legend under the chart names them).
_OFF_FILL = '<rect width="6" height="6" fill="#eceff1"/>'
OFF_PATTERNS = {
    "agency": (
        "aep-off-agency",
        (_OFF_FILL, '<path d="M0,6 L6,0" stroke="#546e7a" stroke-width="1.2"/>'),
    ),
    "client": (
        "aep-off-client",
        (_OFF_FILL, '<path d="M0,0 L6,6" stroke="#795548" stroke-width="1.2"/>'),
    ),
    "both": (
        "aep-off-both",
        (
            _OFF_FILL,
            '<path d="M0,6 L6,0" stroke="#546e7a" stroke-width="1.2"/>',
            '<path d="M0,0 L6,6" stroke="#795548" stroke-width="1.2"/>',
        ),
    ),
}
LEGEND_H = 22


def _off_runs(
    days_off: Sequence[DayOff], first: dt.date, last: dt.date
) -> list[tuple[str, dt.date, dt.date, list[str]]]:
    """Runs of consecutive days off between ``first`` and ``last``, by whose they are
    (agency, client or both), with their names. Public holidays and closures only: a
    person's leave is not the whole agency's, and a chart is no place for it."""
    sides: dict[dt.date, set[str]] = {}
    names: dict[dt.date, list[str]] = {}
    for off in days_off:
        if off.kind != "leave" and first <= off.day <= last:
            sides.setdefault(off.day, set()).add(off.side)
            if off.name not in names.setdefault(off.day, []):
                names[off.day].append(off.name)
    runs: list[tuple[str, dt.date, dt.date, list[str]]] = []
    for day in sorted(sides):
        who = "both" if len(sides[day]) == 2 else next(iter(sides[day]))
        if runs and runs[-1][0] == who and runs[-1][2] + dt.timedelta(days=1) == day:
            kind, start, _, run_names = runs[-1]
            runs[-1] = (
                kind,
                start,
                day,
                [*run_names, *(n for n in names[day] if n not in run_names)],
            )
        else:
            runs.append((who, day, day, list(names[day])))
    return runs


def gantt(
    states: Sequence[MilestoneState],
    today: dt.date,
    w: Words,
    days_off: Sequence[DayOff] = (),
) -> str:
    """A Gantt chart of milestones: planned bars, slips hatched, a line for today, and the
    public holidays and closures of the agency and the client shaded, with a legend."""
    if not states:
        return ""
    rows = sorted(states, key=lambda s: (s.milestone.start or s.milestone.due, s.milestone.due))
    first = min(min(s.milestone.start or s.milestone.due for s in rows), today)
    last = max(max(max(s.projected_due, s.milestone.due) for s in rows), today)
    span = max((last - first).days + 1, 1)
    scale = CHART_W / span
    runs = _off_runs(days_off, first, last)
    chart_h = ROW * len(rows) + 40
    height = chart_h + (LEGEND_H if runs else 0)
    width = LABEL_W + CHART_W + 20

    def x(day: dt.date) -> float:
        return LABEL_W + (day - first).days * scale

    parts = _open("aep-gantt", width, height, w("timeline"))
    if runs:
        parts.append("<defs>")
        for pattern_id, strokes in OFF_PATTERNS.values():
            parts.append(
                f'<pattern id="{pattern_id}" width="6" height="6" '
                f'patternUnits="userSpaceOnUse">{"".join(strokes)}</pattern>'
            )
        parts.append("</defs>")
    for who, start, end, names in runs:
        label = f"{w('gantt_off_' + who)}: {', '.join(names)} ({w.date(start)}"
        label += f" – {w.date(end)})" if end != start else ")"
        parts.append(
            f'<rect class="aep-off aep-off-{who}" x="{x(start):.1f}" y="16" '
            f'width="{max(((end - start).days + 1) * scale, 1.5):.1f}" '
            f'height="{chart_h - 24}" fill="url(#{OFF_PATTERNS[who][0]})" fill-opacity="0.9">'
            f"<title>{escape(label)}</title></rect>"
        )
    # Month ticks so that the chart reads without the table.
    month = dt.date(first.year, first.month, 1)
    while month <= last:
        if month >= first:
            parts.append(
                f'<line x1="{x(month):.1f}" y1="16" x2="{x(month):.1f}" '
                f'y2="{height - 8}" stroke="#cfd8dc" stroke-width="1"/>'
            )
            parts.append(
                _text(x(month) + 3, 12, w.short_date(month), fill="#546e7a", font_size="10")
            )
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    for index, s in enumerate(rows):
        m = s.milestone
        y = 24 + index * ROW
        start = m.start or m.due
        color = COLORS[s.status]
        label = m.title if len(m.title) <= 34 else m.title[:33] + "…"
        parts.append(_text(4, y + 13, label, fill="#263238"))
        bar_w = max(((m.due - start).days + 1) * scale, 4)
        status = w.state(s.status)
        parts.append(
            f'<rect class="aep-bar" x="{x(start):.1f}" y="{y + 3}" width="{bar_w:.1f}" '
            f'height="{ROW - 10}" '
            f'rx="3" fill="{color}"><title>{escape(m.title)}: {escape(w.date(start))} – '
            f"{escape(w.date(m.due))} ({escape(status)})</title></rect>"
        )
        if s.status != "done" and s.projected_due > m.due:
            slip_w = (s.projected_due - m.due).days * scale
            parts.append(
                f'<rect x="{x(m.due) + scale:.1f}" y="{y + 3}" width="{slip_w:.1f}" '
                f'height="{ROW - 10}" rx="3" fill="none" stroke="{COLORS["overdue"]}" '
                f'stroke-dasharray="3 2"><title>{escape(w("projected"))}: '
                f"{escape(w.date(s.projected_due))}</title></rect>"
            )
        if m.done:
            parts.append(
                f'<circle cx="{x(m.done) + scale / 2:.1f}" cy="{y + ROW / 2 - 2:.1f}" '
                f'r="4" fill="#fff" stroke="{color}" stroke-width="2"/>'
            )
    tx = x(today) + scale / 2
    parts.append(
        f'<line x1="{tx:.1f}" y1="16" x2="{tx:.1f}" y2="{height - 8}" '
        f'stroke="#d81b60" stroke-width="2"/>'
    )
    parts.append(_text(tx + 3, chart_h - 2, w("gantt_today"), fill="#d81b60", font_size="10"))
    shown = [who for who in OFF_PATTERNS if any(r[0] == who for r in runs)]
    lx = float(LABEL_W)
    for who in shown:
        ly = chart_h + 4
        parts.append(
            f'<rect x="{lx:.1f}" y="{ly}" width="14" height="14" '
            f'fill="url(#{OFF_PATTERNS[who][0]})" stroke="#90a4ae" stroke-width="0.8"/>'
        )
        text = w("gantt_off_" + who)
        parts.append(_text(lx + 18, ly + 11, text, fill="#37474f", font_size="10"))
        lx += 30 + 5.5 * len(text)
    parts.append("</svg>")
    return "".join(parts)


def scope_bars(usage: Sequence[ScopeUsage], w: Words) -> str:
    """One horizontal bar per scope item: used against contracted, overrun in red."""
    if not usage:
        return ""
    bar_w = 360
    parts = _open("aep-scope", LABEL_W + bar_w + 120, 30 * len(usage) + 10, w("scope"))
    for index, u in enumerate(usage):
        y = 8 + index * 30
        top = max(u.contracted, u.used + u.pending, 1)
        parts.append(_text(4, y + 14, u.item.name[:34], fill="#263238"))
        parts.append(
            f'<rect x="{LABEL_W}" y="{y}" width="{bar_w}" height="18" rx="3" fill="#eceff1"/>'
        )
        used_w = bar_w * min(u.used, u.contracted) / top
        color = "#c62828" if u.overrun else "#ef6c00" if u.share >= 0.9 else "#2e7d32"
        parts.append(
            f'<rect x="{LABEL_W}" y="{y}" width="{used_w:.1f}" height="18" rx="3" fill="{color}"/>'
        )
        if u.overrun:
            parts.append(
                f'<rect x="{LABEL_W + used_w:.1f}" y="{y}" '
                f'width="{bar_w * u.overrun / top:.1f}" height="18" fill="#b71c1c"/>'
            )
        if u.pending:
            px = LABEL_W + bar_w * u.used / top
            parts.append(
                f'<rect x="{px:.1f}" y="{y}" width="{bar_w * u.pending / top:.1f}" '
                f'height="18" fill="none" stroke="#ef6c00" stroke-dasharray="3 2"/>'
            )
        parts.append(
            _text(
                LABEL_W + bar_w + 8,
                y + 14,
                f"{u.used} / {u.contracted} {u.item.unit}",
                fill="#263238",
            )
        )
    parts.append("</svg>")
    return "".join(parts)


def result_bars(rows: Sequence[tuple[str, float, float | None]], w: Words) -> str:
    """Actual against target per objective, as a share of the target."""
    if not rows:
        return ""
    bar_w = 360
    parts = _open("aep-results", LABEL_W + bar_w + 120, 30 * len(rows) + 10, w("result"))
    for index, (label, actual, target) in enumerate(rows):
        y = 8 + index * 30
        share = actual / target if target else 1.0
        parts.append(_text(4, y + 14, label[:34], fill="#263238"))
        parts.append(
            f'<rect x="{LABEL_W}" y="{y}" width="{bar_w}" height="18" rx="3" fill="#eceff1"/>'
        )
        color = "#2e7d32" if share >= 1 else "#ef6c00" if share >= 0.7 else "#c62828"
        parts.append(
            f'<rect x="{LABEL_W}" y="{y}" width="{bar_w * min(share, 1):.1f}" '
            f'height="18" rx="3" fill="{color}"/>'
        )
        parts.append(_text(LABEL_W + bar_w + 8, y + 14, w.percent(share), fill="#263238"))
    parts.append("</svg>")
    return "".join(parts)
