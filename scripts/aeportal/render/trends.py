"""The agency's trend pages: the portfolio by quarter and by month, each account, each
account executive and account lead, and the renewal pipeline.

Internal only: ``render/pages.py internal_home`` adds these pages to the agency's portfolio
site. Every figure comes from ``derive/metrics.py`` (the formulas of docs/metrics.md) or the
delivery KPIs of ``derive/status.py``; money stays per currency, a chart per currency.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import jinja2
from markupsafe import Markup

from aeportal.check.markup import one_line
from aeportal.derive import metrics
from aeportal.derive.status import AccountStatus, PortfolioStatus
from aeportal.render.charts import Chart, Series, chart_block
from aeportal.render.i18n import Words, words

Figure = Callable[[metrics.Figures], float | None]
LEVEL_NAMES = {"account_executive": "Account executive", "account_lead": "Account lead"}


@dataclass(frozen=True)
class Section:
    """A heading, a sentence on how to read it, and a chart with its table."""

    title: str
    note: str
    chart: Markup


def _in(
    currency: str, money: Callable[[metrics.Figures], Mapping[str, float]], empty: float | None
) -> Figure:
    """A figure's amount in one currency (``empty`` when it has none in it)."""
    return lambda f: money(f).get(currency, empty)


def _currencies(rows: Sequence[metrics.Figures]) -> list[str]:
    found: set[str] = set()
    for f in rows:
        for money in (f.retention.base, f.expansion, f.proposals.made_value, f.realised):
            found.update(money)
    return sorted(found)


@functools.lru_cache(maxsize=8192)
def _formatted(lang: str, kind: str, value: float) -> str:
    """A number as the locale writes it. Babel takes a good part of a millisecond for each,
    and the charts of a large portfolio repeat the same few values (0, 100%) thousands of
    times."""
    w = words(lang)
    return w.percent(value) if kind == "percent" else w.number(value)


def trend_sections(rows: Sequence[metrics.Figures], who: str, w: Words) -> list[Section]:
    """The charts of one account or group over its periods (``who`` names it in titles), in
    the language of ``w``: every heading, note, chart text and table header."""
    if not rows:
        return []
    kind = rows[0].period.kind  # "quarter" or "month"
    periods = tuple(f.period.label for f in rows)
    span = w("tr_span", first=periods[0], last=periods[-1])

    def pct(v: float) -> str:
        return _formatted(w.lang, "percent", v)

    def num(v: float) -> str:
        return _formatted(w.lang, "number", v)

    def section(
        key: str,
        lines: Sequence[tuple[str, Figure]],
        fmt: Callable[[float], str],
        chart_kind: str = "line",
        **params: str,
    ) -> Section:
        """The section of ``key``: its words are the ``tr_<key>`` keys of i18n.py, and a
        series is named by the key it is paired with in ``lines``."""
        chart = Chart(
            w(f"tr_{key}_chart", who=who, by=w(f"tr_{kind}"), **params),
            w(f"tr_{key}_desc", who=who, by=w(f"tr_{kind}"), span=span, **params),
            periods,
            tuple(Series(w(name), tuple(get(f) for f in rows)) for name, get in lines),
            kind="bar" if chart_kind == "bar" else "line",
            fmt=fmt,
            period_header=w(f"tr_{kind}_header"),
            no_data=w("tr_no_data"),
        )
        return Section(
            w(f"tr_{key}", **params),
            w(f"tr_{key}_note", **params),
            Markup(chart_block(chart, numbers=w("tr_numbers"))),
        )

    out = [
        section(
            "renewals",
            [
                ("tr_renewal_rate", lambda f: f.renewals.value),
                ("tr_churn", lambda f: f.churn.value),
            ],
            pct,
        )
    ]
    for cur in _currencies(rows):
        out.append(
            section(
                "retention",
                [
                    ("tr_grr", _in(cur, lambda f: f.retention.gross_rate, None)),
                    ("tr_nrr", _in(cur, lambda f: f.retention.net_rate, None)),
                ],
                pct,
                currency=cur,
            )
        )
        out.append(
            section(
                "expansion",
                [
                    ("tr_expansion_series", _in(cur, lambda f: f.expansion, 0.0)),
                    ("tr_accepted", _in(cur, lambda f: f.proposals.accepted_value, 0.0)),
                ],
                num,
                "bar",
                currency=cur,
            )
        )
    out += [
        section(
            "conversion",
            [("tr_conversion_series", lambda f: f.proposals.conversion.value)],
            pct,
        ),
        section("nps", [("nps", lambda f: f.nps)], num),
        section(
            "surveys",
            [
                ("csat", lambda f: f.csat.share if f.csat else None),
                ("ces", lambda f: f.ces.share if f.ces else None),
            ],
            pct,
        ),
        section(
            "complaints",
            [
                ("tr_complaints_series", lambda f: f.complaints.raised),
                ("tr_escalations", lambda f: f.complaints.escalations),
                ("tr_open_at_end", lambda f: f.complaints.open_at_end),
            ],
            num,
            "bar",
        ),
    ]
    return out


@dataclass(frozen=True)
class PersonKpis:
    """The KPIs an agency sets for an account executive or lead, over their accounts."""

    person: str
    name: str
    level: str
    accounts: tuple[AccountStatus, ...]
    on_time_rate: float | None
    mean_revision_rounds: float | None
    mean_approval_days: float | None
    approvals_within_sla: float | None
    changes_approved: int
    changes_proposed: int
    change_value: Mapping[str, float]  # approved, per currency
    scope_overruns: int  # scope items used beyond the contract
    health: Mapping[str, int]  # red / amber / green accounts


def _weighted(pairs: Sequence[tuple[float | None, int]]) -> float | None:
    total = sum(n for v, n in pairs if v is not None)
    return sum(v * n for v, n in pairs if v is not None) / total if total else None


def person_kpis(
    statuses: Sequence[AccountStatus], level: str, person: str, name: str
) -> PersonKpis:
    """Delivery KPIs of ``person``'s accounts, added up as the portfolio's are."""
    mine = tuple(s for s in statuses if getattr(s.account, level) == person)
    done = sum(s.kpis.milestones_done for s in mine)
    measured = sum(s.kpis.approvals_measured for s in mine)
    value: dict[str, float] = {}
    for s in mine:
        if s.kpis.approved_change_value:
            value[s.kpis.currency] = value.get(s.kpis.currency, 0.0) + s.kpis.approved_change_value
    return PersonKpis(
        person=person,
        name=name,
        level=level,
        accounts=mine,
        on_time_rate=sum(s.kpis.milestones_on_time for s in mine) / done if done else None,
        mean_revision_rounds=_weighted(
            [(s.kpis.mean_revision_rounds, s.kpis.deliverables_counted) for s in mine]
        ),
        mean_approval_days=_weighted(
            [(s.kpis.mean_approval_days, s.kpis.approvals_measured) for s in mine]
        ),
        approvals_within_sla=(
            sum(s.kpis.approvals_within_sla for s in mine) / measured if measured else None
        ),
        changes_approved=sum(s.kpis.changes_approved for s in mine),
        changes_proposed=sum(s.kpis.changes_proposed for s in mine),
        change_value=dict(sorted(value.items())),
        scope_overruns=sum(1 for s in mine for u in s.scope if u.overrun),
        health={h: sum(1 for s in mine if s.health == h) for h in ("red", "amber", "green")},
    )


def trend_pages(
    env: jinja2.Environment, portfolio: PortfolioStatus, base: Mapping[str, Any]
) -> tuple[dict[str, str], list[Any]]:
    """The trend, people and renewal pages of the agency's portfolio site, and their nav."""
    w = words("en")
    today = portfolio.today
    bundles = [s.bundle for s in portfolio.accounts]
    names = {s.bundle.slug: s.account.name for s in portfolio.accounts}
    team = {t.id: t.name for s in portfolio.accounts for t in s.account.team}
    by_kind = {kind: metrics.metric_series(bundles, kind, today) for kind in ("quarter", "month")}
    pages: dict[str, str] = {}
    template = env.get_template("pages/trends.md.j2")

    def render(path: str, title: str, intro: str, rows: Sequence[metrics.Figures], who: str,
               **extra: Any) -> None:  # fmt: skip
        sections = trend_sections(rows, who, w)
        pages[path] = template.render(
            **base, title=title, intro=intro, sections=sections, extra=extra
        )

    quarter = {(s.level, s.key): s.figures for s in by_kind["quarter"]}
    month = {(s.level, s.key): s.figures for s in by_kind["month"]}
    render(
        "trends/index.md",
        "Trends by quarter",
        "How the portfolio's relationships move, quarter by quarter, from the first contract "
        "to today (the current quarter runs to today). Money is per currency.",
        quarter.get(("portfolio", ""), ()),
        "Portfolio",
        # Each account's trends are a page of its own internal portal (account_trend_page):
        # they depend on that account only, so an edit elsewhere leaves them as built.
        accounts=sorted(names.items(), key=lambda item: item[1]),
    )
    render(
        "trends/monthly/index.md",
        "Trends by month",
        "The same figures month by month (the current month runs to today).",
        month.get(("portfolio", ""), ()),
        "Portfolio",
    )
    people: list[PersonKpis] = []
    people_nav: list[Any] = [{"All people": "people/index.md"}]
    for level in ("account_executive", "account_lead"):
        ids = sorted({getattr(s.account, level) for s in portfolio.accounts} - {None})
        for person in ids:
            k = person_kpis(portfolio.accounts, level, person, team.get(person, person))
            people.append(k)
            path = f"people/{level.replace('_', '-')}-{person}/index.md"
            render(
                path,
                f"{k.name}, {LEVEL_NAMES[level].lower()}",
                f"The delivery KPIs and the relationships of the accounts {k.name} is "
                f"{LEVEL_NAMES[level].lower()} of, by quarter.",
                quarter.get((level, person), ()),
                k.name,
                person=k,
            )
            people_nav.append({_nav_text(f"{k.name} ({LEVEL_NAMES[level]})"): path})
    pages["people/index.md"] = env.get_template("pages/people.md.j2").render(
        **base, kpis_of=people, levels=LEVEL_NAMES
    )
    pipeline = metrics.renewal_pipeline(bundles, today)
    health = {s.bundle.slug: s for s in portfolio.accounts}
    pages["renewals/index.md"] = env.get_template("pages/renewals.md.j2").render(
        **base,
        pipeline=pipeline,
        horizons=metrics.PIPELINE_HORIZONS,
        statuses=health,
        team=team,
        survey_value=_survey_value,
    )
    nav = [
        {
            "Trends": [
                {"By quarter": "trends/index.md"},
                {"By month": "trends/monthly/index.md"},
            ]
        },
        {"People": people_nav},
        {"Renewal pipeline": "renewals/index.md"},
    ]
    return pages, nav


def account_trend_page(
    env: jinja2.Environment, status: AccountStatus, base: Mapping[str, Any]
) -> str:
    """The trend page of one account's internal portal: its figures by quarter."""
    w: Words = base["w"]
    name = status.account.name
    rows = metrics.account_series(status.bundle, "quarter", status.today)
    return env.get_template("pages/trends.md.j2").render(
        **base,
        title=w("trends_title", name=name),
        intro=w("trends_intro"),
        sections=trend_sections(rows, name, w),
        extra={},
    )


def _survey_value(survey: Any, w: Words) -> str:
    top = survey.top
    return f"{w.number(survey.score)}/{w.number(top)} ({w.date(survey.date)})"


def _nav_text(text: str) -> str:
    """A navigation title: the theme prints it as HTML, so escaped, on one line."""
    return escape(one_line(text))
