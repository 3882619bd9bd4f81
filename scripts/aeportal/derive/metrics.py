"""Relationship metrics, defined once: pure functions of the model, a period and ``today``.

Each function here is one formula of docs/metrics.md (inputs, formula, period, what is
left out, a worked example that tests/test_metrics.py reproduces). The KPIs of
``derive/status.py``, the internal portal and the export (``aeportal metrics``) all call
these, so a figure reads the same everywhere. Money is kept per currency (``Money``): two
currencies are never added up.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from aeportal import model

PeriodKind = Literal["month", "quarter"]
AnyContract = model.Contract | model.PastContract
Money = Mapping[str, float]
# A projection counts at most this many renewals to come: with a renewal rate of 1 (no
# account lost yet) the expected number of renewals r / (1 - r) has no end.
MAX_PROJECTED_RENEWALS = 5
PIPELINE_HORIZONS = (30, 60, 90)


# --- periods --------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month or quarter: its first and last day."""

    start: dt.date
    end: dt.date
    kind: PeriodKind = "month"

    @property
    def label(self) -> str:
        """`2026-11` for a month, `2026-Q4` for a quarter."""
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.year}-{self.start.month:02d}"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def previous(self) -> Period:
        return period_of(self.start - dt.timedelta(days=1), self.kind)


def period_of(day: dt.date, kind: PeriodKind) -> Period:
    """The month or quarter ``day`` falls in."""
    first_month = day.month if kind == "month" else (day.month - 1) // 3 * 3 + 1
    start = dt.date(day.year, first_month, 1)
    months = 1 if kind == "month" else 3
    year, month = divmod(first_month - 1 + months, 12)
    end = dt.date(day.year + year, month + 1, 1) - dt.timedelta(days=1)
    return Period(start, end, kind)


def periods(first: dt.date, last: dt.date, kind: PeriodKind) -> list[Period]:
    """Every month or quarter from the one holding ``first`` to the one holding ``last``."""
    found: list[Period] = []
    here = period_of(first, kind)
    while here.start <= last:
        found.append(here)
        here = period_of(here.end + dt.timedelta(days=1), kind)
    return found


# --- small shared shapes ------------------------------------------------------------------


@dataclass(frozen=True)
class Ratio:
    """``part`` of ``whole``; ``value`` is None when there is no whole to divide by."""

    part: float
    whole: float

    @property
    def value(self) -> float | None:
        return self.part / self.whole if self.whole else None


def _add(into: dict[str, float], currency: str, amount: float) -> None:
    into[currency] = into.get(currency, 0.0) + amount


def _sum_money(parts: Iterable[Money]) -> dict[str, float]:
    total: dict[str, float] = {}
    for part in parts:
        for currency, amount in part.items():
            _add(total, currency, amount)
    return total


def _ratios(part: Money, whole: Money) -> dict[str, float]:
    """``part / whole`` per currency, for the currencies ``whole`` has money in."""
    return {c: part.get(c, 0.0) / amount for c, amount in sorted(whole.items()) if amount}


def _days(start: dt.date, end: dt.date) -> int:
    """Days from ``start`` to ``end``, both counted (0 if ``end`` is before ``start``)."""
    return max(0, (end - start).days + 1)


# --- contracts: renewals, retention, churn, growth ---------------------------------------


def successors(contracts: Sequence[AnyContract]) -> dict[str, AnyContract]:
    """The contract that renews each contract, by the renewed contract's id."""
    return {c.renews: c for c in contracts if c.renews is not None}


def renewal_rate(contracts: Sequence[AnyContract], period: Period) -> Ratio:
    """Contracts ending in ``period`` that were renewed (at any value), of those ending in
    it whose outcome is known."""
    ending = [c for c in contracts if c.end in period and c.outcome is not None]
    renewed = sum(1 for c in ending if c.outcome in model.RENEWED_OUTCOMES)
    return Ratio(renewed, len(ending))


def tenure_days(contracts: Sequence[AnyContract], today: dt.date) -> int:
    """Days from the first contract's start to today, or to the last contract's end."""
    if not contracts:
        return 0
    first = min(c.start for c in contracts)
    last = max(c.end for c in contracts)
    return _days(first, min(today, last))


@dataclass(frozen=True)
class Retention:
    """Revenue retention over the contracts ending in a period, per currency."""

    base: Money  # value of the contracts that ended with a known outcome
    kept: Money  # of it, what their renewals kept: min(renewal, ended) each
    net: Money  # what their renewals are worth in full

    @property
    def gross_rate(self) -> dict[str, float]:
        return _ratios(self.kept, self.base)

    @property
    def net_rate(self) -> dict[str, float]:
        return _ratios(self.net, self.base)


def revenue_retention(contracts: Sequence[AnyContract], period: Period) -> Retention:
    """Gross and net revenue retention of the contracts ending in ``period``."""
    after = successors(contracts)
    base: dict[str, float] = {}
    kept: dict[str, float] = {}
    net: dict[str, float] = {}
    for c in contracts:
        if c.end not in period or c.outcome is None or c.value is None:
            continue
        _add(base, c.currency, c.value)
        nxt = after.get(c.id)
        renewal = nxt.value if nxt is not None and nxt.value is not None else 0.0
        _add(kept, c.currency, min(renewal, c.value))
        _add(net, c.currency, renewal)
    return Retention(base, kept, net)


def churned(contracts: Sequence[AnyContract], period: Period) -> bool:
    """Whether the account's last contract ended in ``period`` without a renewal."""
    if not contracts:
        return False
    last = max(contracts, key=lambda c: (c.start, c.end))
    return last.end in period and last.outcome in ("ended", "lost")


def active_on(contracts: Sequence[AnyContract], day: dt.date) -> bool:
    """Whether a contract of the account runs on ``day``."""
    return any(c.start <= day <= c.end for c in contracts)


@dataclass(frozen=True)
class Growth:
    """Contract value from one cycle to the next: renewals starting in a period."""

    previous: Money
    renewed: Money

    @property
    def rate(self) -> dict[str, float]:
        """(renewed / previous) - 1 per currency."""
        return {c: r - 1 for c, r in _ratios(self.renewed, self.previous).items()}


def renewal_pairs(
    contracts: Sequence[AnyContract], period: Period
) -> list[tuple[AnyContract, AnyContract]]:
    """(renewed, renewal) for each renewal starting in ``period`` whose value can be
    compared with what it renews: both values known, in one currency."""
    by_id = {c.id: c for c in contracts}
    pairs = []
    for c in contracts:
        before = by_id.get(c.renews) if c.renews else None
        if c.start not in period or before is None or before.currency != c.currency:
            continue
        if c.value is not None and before.value is not None:
            pairs.append((before, c))
    return pairs


def value_growth(contracts: Sequence[AnyContract], period: Period) -> Growth:
    """The value of the renewals that start in ``period`` against what they renew."""
    previous: dict[str, float] = {}
    renewed: dict[str, float] = {}
    for before, after in renewal_pairs(contracts, period):
        _add(previous, after.currency, before.value or 0.0)
        _add(renewed, after.currency, after.value or 0.0)
    return Growth(previous, renewed)


# --- growth: expansions, proposals, lifetime value -----------------------------------------


def _change_currency(bundle: model.AccountBundle, change: model.ChangeRequest) -> str:
    assert bundle.account is not None
    return change.currency or bundle.account.contract.currency


def expansion_revenue(bundle: model.AccountBundle, period: Period) -> dict[str, float]:
    """Revenue added by an existing client in ``period``, per currency.

    The rise in value of renewals starting in the period, the cost of change requests
    approved in it, and the expansions (relationship.yml) dated in it.
    """
    total = _renewal_rises(bundle, period)
    for change in bundle.changes:
        if change.status == "approved" and change.decided_on in period:
            _add(total, _change_currency(bundle, change), change.cost)
    rel = bundle.relationship
    for expansion in rel.expansions if rel else ():
        if expansion.date in period:
            _add(total, expansion.currency, expansion.value)
    return total


def _renewal_rises(bundle: model.AccountBundle, period: Period) -> dict[str, float]:
    """What each renewal starting in ``period`` adds to the value of what it renews (a
    reduced renewal adds nothing, and takes nothing from another's rise)."""
    rises: dict[str, float] = {}
    for before, after in renewal_pairs(bundle.contracts(), period):
        rise = (after.value or 0.0) - (before.value or 0.0)
        if rise > 0:
            _add(rises, after.currency, rise)
    return rises


@dataclass(frozen=True)
class Proposals:
    """The proposals sent in a period, and those decided in it."""

    made: int
    made_value: Money
    decided: int
    accepted: int
    accepted_value: Money

    @property
    def conversion(self) -> Ratio:
        return Ratio(self.accepted, self.decided)


def proposal_figures(proposals: Sequence[model.Proposal], period: Period) -> Proposals:
    """Proposals sent in ``period`` (by `date`), and accepted of those decided in it (by
    `decided_on`). Ideas never sent (`sent: false`) are left out."""
    sent = [p for p in proposals if p.sent]
    made = [p for p in sent if p.date in period]
    decided = [p for p in sent if p.status != "proposed" and p.decided_on in period]
    accepted = [p for p in decided if p.status == "accepted"]
    made_value: dict[str, float] = {}
    for p in made:
        _add(made_value, p.currency, p.value)
    accepted_value: dict[str, float] = {}
    for p in accepted:
        _add(accepted_value, p.currency, p.value)
    return Proposals(len(made), made_value, len(decided), len(accepted), accepted_value)


def realised_revenue(bundle: model.AccountBundle, on: dt.date) -> dict[str, float]:
    """Revenue earned from the account up to ``on``, per currency.

    Each contract's value spread evenly over its days (the days up to ``on``), the cost of
    change requests approved by ``on``, and the expansions dated by ``on``.
    """
    total: dict[str, float] = {}
    for c in bundle.contracts():
        if c.value is None or c.start > on:
            continue
        _add(total, c.currency, c.value * _days(c.start, min(on, c.end)) / _days(c.start, c.end))
    for change in bundle.changes:
        if change.status == "approved" and change.decided_on and change.decided_on <= on:
            _add(total, _change_currency(bundle, change), change.cost)
    rel = bundle.relationship
    for expansion in rel.expansions if rel else ():
        if expansion.date <= on:
            _add(total, expansion.currency, expansion.value)
    return total


def expected_renewals(renewal_probability: float) -> float:
    """How many renewals are still to come, each renewal happening with the given
    probability: r + r² + … = r / (1 - r), at most ``MAX_PROJECTED_RENEWALS``."""
    if renewal_probability >= 1:
        return float(MAX_PROJECTED_RENEWALS)
    return min(renewal_probability / (1 - renewal_probability), float(MAX_PROJECTED_RENEWALS))


def projected_lifetime_value(
    bundle: model.AccountBundle, on: dt.date, renewal_probability: float | None
) -> dict[str, float] | None:
    """A projection (not revenue): realised revenue, the rest of the current contract, and
    its value once more for each renewal expected. None without a renewal probability."""
    contracts = bundle.contracts()
    if renewal_probability is None or not contracts:
        return None
    total = realised_revenue(bundle, on)
    last = max(contracts, key=lambda c: (c.start, c.end))
    if last.outcome in ("ended", "lost") or last.value is None:
        return total  # nothing more to come
    earned = last.value * _days(last.start, min(on, last.end)) / _days(last.start, last.end)
    _add(total, last.currency, last.value - max(0.0, earned))
    _add(total, last.currency, last.value * expected_renewals(renewal_probability))
    return total


def renewal_probability(bundles: Iterable[model.AccountBundle], on: dt.date) -> float | None:
    """The share of contracts renewed, of all contracts of the portfolio that ended by ``on``
    with a known outcome: the chance a contract is renewed, used by projections."""
    ended = [c for b in bundles for c in b.contracts() if c.outcome is not None and c.end <= on]
    if not ended:
        return None
    return sum(1 for c in ended if c.outcome in model.RENEWED_OUTCOMES) / len(ended)


# --- surveys: NPS, CSAT, CES -------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """One survey answer, with whose it is across the portfolio (account and respondent)."""

    respondent: tuple[str, object]
    date: dt.date
    score: float
    top: float


def latest_answers(
    surveys: Iterable[model.Survey],
    kind: model.SurveyType,
    until: dt.date | None = None,
    since: dt.date | None = None,
    account: str = "",
) -> list[Answer]:
    """The latest answer of each respondent (`by:`) of one survey type, dated from ``since``
    to ``until``; an answer without `by:` stands alone."""
    latest: dict[tuple[str, object], Answer] = {}
    ordered = sorted((s for s in surveys if s.type == kind), key=lambda s: s.date)
    for n, s in enumerate(ordered):
        if (until is not None and s.date > until) or (since is not None and s.date < since):
            continue
        key = (account, s.by if s.by is not None else n)
        latest[key] = Answer(key, s.date, s.score, s.top)
    return list(latest.values())


def net_promoter_score(answers: Sequence[Answer]) -> float | None:
    """Promoters (9-10) minus detractors (0-6), in percent of the answers; None without any.

    An answer on another scale than 0-10 is brought to it first.
    """
    if not answers:
        return None
    tens = [a.score * 10 / a.top for a in answers]
    promoters = sum(1 for t in tens if t >= 9)
    detractors = sum(1 for t in tens if t <= 6)
    return 100 * (promoters - detractors) / len(tens)


@dataclass(frozen=True)
class SurveyScore:
    """The mean of answers on a scale: as a share of the scale, and in points of ``scale``."""

    share: float
    scale: float
    answers: int

    @property
    def score(self) -> float:
        return self.share * self.scale


def mean_score(answers: Sequence[Answer]) -> SurveyScore | None:
    """CSAT or CES: the mean of each answer's score over the top of its scale; in points of
    the latest answer's scale. None without answers."""
    if not answers:
        return None
    share = statistics.fmean(a.score / a.top for a in answers)
    latest = max(answers, key=lambda a: a.date)
    return SurveyScore(share, latest.top, len(answers))


# The figures "as of today" (the KPIs, the dashboard) count the answers of the last year.
CURRENT_DAYS = 365


def current_answers(
    surveys: Iterable[model.Survey], kind: model.SurveyType, today: dt.date, account: str = ""
) -> list[Answer]:
    """The latest answer of each respondent in the year up to ``today``."""
    since = today - dt.timedelta(days=CURRENT_DAYS - 1)
    return latest_answers(surveys, kind, today, since, account)


@dataclass(frozen=True)
class Current:
    """A survey figure as of today, and its change since before the latest answer."""

    value: float | None
    trend: float | None
    scale: float


def current_score(
    surveys: Sequence[model.Survey], kind: model.SurveyType, today: dt.date
) -> Current:
    """NPS (-100 to 100), or CSAT or CES in points of their scale, as of ``today``; the
    trend is the difference with the same figure the day before the latest answer."""

    def figure(day: dt.date) -> tuple[float | None, float]:
        answers = current_answers(surveys, kind, day)
        if kind == "nps":
            return net_promoter_score(answers), 10.0
        score = mean_score(answers)
        return (score.score, score.scale) if score else (None, model.DEFAULT_SCALES[kind])

    value, scale = figure(today)
    dates = [s.date for s in surveys if s.type == kind and s.date <= today]
    trend = None
    if value is not None and dates:
        before, _ = figure(max(dates) - dt.timedelta(days=1))
        trend = value - before if before is not None else None
    return Current(value, trend, scale)


# --- complaints, escalations, referrals ------------------------------------------------------


@dataclass(frozen=True)
class Complaints:
    raised: int  # complaints dated in the period
    escalations: int  # escalations dated in the period
    resolved: int  # complaints and escalations resolved in the period
    days_to_resolve: int  # their days from `date` to `resolved_on`, summed
    open_at_end: int  # raised by the period's end (or today) and not resolved by then

    @property
    def mean_days_to_resolve(self) -> float | None:
        return self.days_to_resolve / self.resolved if self.resolved else None


def complaint_figures(
    complaints: Sequence[model.Complaint], period: Period, today: dt.date
) -> Complaints:
    """Complaints and escalations raised, resolved and open in ``period``."""
    end = min(period.end, today)
    resolved = [c for c in complaints if c.resolved_on in period]
    return Complaints(
        raised=sum(1 for c in complaints if c.kind == "complaint" and c.date in period),
        escalations=sum(1 for c in complaints if c.kind == "escalation" and c.date in period),
        resolved=len(resolved),
        days_to_resolve=sum((c.resolved_on - c.date).days for c in resolved if c.resolved_on),
        open_at_end=sum(
            1
            for c in complaints
            if c.date <= end and (c.resolved_on is None or c.resolved_on > end)
        ),
    )


# --- everything for one account, or a group, in one period ----------------------------------


@dataclass(frozen=True)
class Figures:
    """The parts every metric of one period is made of, for one account or added up for a
    group of accounts (the portfolio, an account executive's, an account lead's)."""

    period: Period
    accounts: int
    renewals: Ratio
    retention: Retention
    active_at_start: int
    churned: int
    expansion: Money
    proposals: Proposals
    growth: Growth
    tenure_days: int  # the longest, for a group
    realised: Money  # to the end of the period (or today)
    projected: Money | None
    nps_answers: tuple[Answer, ...]
    csat_answers: tuple[Answer, ...]
    ces_answers: tuple[Answer, ...]
    complaints: Complaints
    referrals: int
    currencies: tuple[str, ...] = ()  # of the contracts counted: money rows name each

    @property
    def churn(self) -> Ratio:
        """Accounts lost in the period, of those active when it began or lost in it."""
        return Ratio(self.churned, max(self.active_at_start, self.churned))

    @property
    def nps(self) -> float | None:
        return net_promoter_score(self.nps_answers)

    @property
    def csat(self) -> SurveyScore | None:
        return mean_score(self.csat_answers)

    @property
    def ces(self) -> SurveyScore | None:
        return mean_score(self.ces_answers)


def account_figures(
    bundle: model.AccountBundle,
    period: Period,
    today: dt.date,
    renewal_chance: float | None = None,
) -> Figures:
    """Every metric's parts for one account in ``period``, as known on ``today``.

    Survey scores take the latest answer of each respondent dated in the period.
    ``renewal_chance`` (``renewal_probability`` of the portfolio) drives the projection.
    """
    a = bundle.account
    assert a is not None, "metrics need a loaded account.yml"
    contracts = bundle.contracts()
    rel = bundle.relationship
    end = min(period.end, today)
    surveys = a.surveys

    def answers(kind: model.SurveyType) -> tuple[Answer, ...]:
        return tuple(latest_answers(surveys, kind, end, period.start, bundle.slug))

    active = active_on(contracts, period.start)
    return Figures(
        period=period,
        accounts=1 if active or any(c.start in period for c in contracts) else 0,
        renewals=renewal_rate(contracts, period),
        retention=revenue_retention(contracts, period),
        active_at_start=int(active),
        churned=int(churned(contracts, period)),
        expansion=expansion_revenue(bundle, period),
        proposals=proposal_figures(rel.proposals if rel else (), period),
        growth=value_growth(contracts, period),
        tenure_days=tenure_days([c for c in contracts if c.start <= end], end),
        realised=realised_revenue(bundle, end),
        projected=projected_lifetime_value(bundle, end, renewal_chance),
        nps_answers=answers("nps"),
        csat_answers=answers("csat"),
        ces_answers=answers("ces"),
        complaints=complaint_figures(rel.complaints if rel else (), period, today),
        referrals=sum(1 for r in (rel.referrals if rel else ()) if r.date in period),
        currencies=tuple(sorted({c.currency for c in contracts})),
    )


def combine(period: Period, parts: Sequence[Figures]) -> Figures:
    """The figures of a group of accounts: counts and money added up (per currency),
    survey answers pooled (each respondent's latest), the longest tenure."""
    projected = [f.projected for f in parts if f.projected is not None]
    return Figures(
        period=period,
        accounts=sum(f.accounts for f in parts),
        renewals=Ratio(sum(f.renewals.part for f in parts), sum(f.renewals.whole for f in parts)),
        retention=Retention(
            _sum_money(f.retention.base for f in parts),
            _sum_money(f.retention.kept for f in parts),
            _sum_money(f.retention.net for f in parts),
        ),
        active_at_start=sum(f.active_at_start for f in parts),
        churned=sum(f.churned for f in parts),
        expansion=_sum_money(f.expansion for f in parts),
        proposals=Proposals(
            sum(f.proposals.made for f in parts),
            _sum_money(f.proposals.made_value for f in parts),
            sum(f.proposals.decided for f in parts),
            sum(f.proposals.accepted for f in parts),
            _sum_money(f.proposals.accepted_value for f in parts),
        ),
        growth=Growth(
            _sum_money(f.growth.previous for f in parts),
            _sum_money(f.growth.renewed for f in parts),
        ),
        tenure_days=max((f.tenure_days for f in parts), default=0),
        realised=_sum_money(f.realised for f in parts),
        projected=_sum_money(projected) if projected else None,
        nps_answers=tuple(a for f in parts for a in f.nps_answers),
        csat_answers=tuple(a for f in parts for a in f.csat_answers),
        ces_answers=tuple(a for f in parts for a in f.ces_answers),
        complaints=Complaints(
            sum(f.complaints.raised for f in parts),
            sum(f.complaints.escalations for f in parts),
            sum(f.complaints.resolved for f in parts),
            sum(f.complaints.days_to_resolve for f in parts),
            sum(f.complaints.open_at_end for f in parts),
        ),
        referrals=sum(f.referrals for f in parts),
        currencies=tuple(sorted({c for f in parts for c in f.currencies})),
    )


Level = Literal["account", "portfolio", "account_executive", "account_lead"]


@dataclass(frozen=True)
class Series:
    """One row of figures per period for one account or group: what a trend chart draws."""

    level: Level
    key: str  # the account's slug, the person's id, or "" for the portfolio
    figures: tuple[Figures, ...]


def first_day(bundles: Sequence[model.AccountBundle]) -> dt.date | None:
    """The first day of the first contract of the portfolio."""
    starts = [c.start for b in bundles for c in b.contracts()]
    return min(starts) if starts else None


def account_series(
    bundle: model.AccountBundle, kind: PeriodKind, today: dt.date
) -> tuple[Figures, ...]:
    """One account's figures per period, from its own first contract to today.

    The same figures as its rows of ``metric_series`` for those periods, but for the
    projection of lifetime value, which needs the portfolio's renewal rate and is left out
    (None): an account's trends then depend on the account alone.
    """
    first = first_day([bundle]) if bundle.account is not None else None
    if first is None or first > today:
        return ()
    return tuple(account_figures(bundle, p, today) for p in periods(first, today, kind))


def metric_series(
    bundles: Sequence[model.AccountBundle], kind: PeriodKind, today: dt.date
) -> list[Series]:
    """Figures per period (from the first contract to today) for each account, the
    portfolio, each account executive and each account lead, in that order."""
    bundles = [b for b in bundles if b.account is not None]
    first = first_day(bundles)
    if first is None or first > today:
        return []
    spans = periods(first, today, kind)
    # The portfolio's renewal probability at each period's end, worked out once per period.
    chances = [renewal_probability(bundles, min(p.end, today)) for p in spans]
    per_account = {
        b.slug: [
            account_figures(b, p, today, chance) for p, chance in zip(spans, chances, strict=True)
        ]
        for b in bundles
    }
    out = [Series("account", slug, tuple(rows)) for slug, rows in per_account.items()]

    def group(level: Level, key: str, slugs: Sequence[str]) -> Series:
        rows = tuple(combine(p, [per_account[s][i] for s in slugs]) for i, p in enumerate(spans))
        return Series(level, key, rows)

    out.append(group("portfolio", "", list(per_account)))
    for level in ("account_executive", "account_lead"):
        people: dict[str, list[str]] = {}
        for b in bundles:
            assert b.account is not None
            person = getattr(b.account, level)
            if person is not None:
                people.setdefault(person, []).append(b.slug)
        out.extend(group(level, person, slugs) for person, slugs in sorted(people.items()))
    return out


# --- the renewal pipeline -----------------------------------------------------------------


@dataclass(frozen=True)
class PipelineEntry:
    """A contract ending within the pipeline's horizon, and what the account lead needs."""

    account: str
    contract: model.Contract
    days_left: int
    horizon: int  # 30, 60 or 90: the first horizon it falls within
    account_executive: str | None
    account_lead: str | None
    last_surveys: Mapping[str, model.Survey]  # the latest answer of each type
    open_complaints: tuple[model.Complaint, ...]


def renewal_pipeline(bundles: Iterable[model.AccountBundle], today: dt.date) -> list[PipelineEntry]:
    """The current contracts that end within 90 days (and have not ended), soonest first;
    contracts already renewed or closed (an `outcome`) are left out."""
    found = []
    for b in bundles:
        a = b.account
        if a is None or a.contract.outcome is not None or a.contract.renewal == "renewed":
            continue
        left = (a.contract.end - today).days
        horizon = next((h for h in PIPELINE_HORIZONS if 0 <= left <= h), None)
        if horizon is None:
            continue
        last: dict[str, model.Survey] = {}
        for s in sorted(a.surveys, key=lambda s: s.date):
            if s.date <= today:
                last[s.type] = s
        complaints = b.relationship.complaints if b.relationship else ()
        open_ = tuple(c for c in complaints if c.date <= today and c.resolved_on is None)
        found.append(
            PipelineEntry(
                b.slug,
                a.contract,
                left,
                horizon,
                a.account_executive,
                a.account_lead,
                last,
                open_,
            )
        )
    return sorted(found, key=lambda e: (e.days_left, e.account))


# --- the export: one row per metric, period, account or group, and currency ----------------

Unit = Literal["count", "ratio", "money", "days", "nps", "points"]

# Every metric of the export, in the order of its rows: name, unit, whether it is given per
# currency, and what it is (docs/metrics.md lists the same, a test keeps the two in step).
EXPORTED: tuple[tuple[str, Unit, bool, str], ...] = (
    ("accounts", "count", False, "accounts with a contract running in the period"),
    ("contracts_ending", "count", False, "contracts ending in the period with a known outcome"),
    ("contracts_renewed", "count", False, "of them, renewed (the same, expanded or reduced)"),
    ("renewal_rate", "ratio", False, "contracts_renewed / contracts_ending"),
    ("retention_base", "money", True, "value of the contracts ending with a known outcome"),
    ("gross_revenue_retention", "ratio", True, "what their renewals kept, at most each value"),
    ("net_revenue_retention", "ratio", True, "what their renewals are worth, in full"),
    ("accounts_active_at_start", "count", False, "accounts with a contract on the first day"),
    ("churned_accounts", "count", False, "accounts whose last contract ended or was lost"),
    ("churn_rate", "ratio", False, "churned / (active at start, or churned if more)"),
    ("expansion_revenue", "money", True, "renewal rises, approved change requests, expansions"),
    ("proposals_made", "count", False, "proposals sent in the period"),
    ("proposals_made_value", "money", True, "their value"),
    ("proposals_decided", "count", False, "proposals accepted or declined in the period"),
    ("proposals_accepted", "count", False, "of them, accepted"),
    ("proposal_conversion_rate", "ratio", False, "proposals_accepted / proposals_decided"),
    ("proposals_accepted_value", "money", True, "value of the accepted ones"),
    (
        "contract_value_growth",
        "ratio",
        True,
        "renewals starting in the period / what they renew - 1",
    ),
    ("tenure_days", "days", False, "days since the first contract began (the longest, in a group)"),
    ("realised_revenue", "money", True, "revenue earned up to the period's end (or today)"),
    ("projected_lifetime_value", "money", True, "PROJECTION: realised, the rest, renewals to come"),
    ("nps", "nps", False, "promoters minus detractors, -100 to 100"),
    ("nps_answers", "count", False, "respondents counted by nps"),
    ("csat", "points", False, "mean satisfaction, in points of csat_scale"),
    ("csat_scale", "points", False, "top of the scale csat is given in"),
    ("csat_answers", "count", False, "respondents counted by csat"),
    ("ces", "points", False, "mean ease (customer effort score), in points of ces_scale"),
    ("ces_scale", "points", False, "top of the scale ces is given in"),
    ("ces_answers", "count", False, "respondents counted by ces"),
    ("complaints_raised", "count", False, "complaints raised in the period"),
    ("escalations_raised", "count", False, "escalations raised in the period"),
    ("complaints_resolved", "count", False, "complaints and escalations resolved in the period"),
    ("mean_days_to_resolve", "days", False, "their mean days from raised to resolved"),
    ("open_complaints", "count", False, "complaints and escalations open at the period's end"),
    ("referrals", "count", False, "referrals the client made in the period"),
)


def figure_values(f: Figures) -> dict[str, float | Money | None]:
    """Each exported metric's value: a number, money or a ratio per currency, or None."""
    csat, ces = f.csat, f.ces
    return {
        "accounts": f.accounts,
        "contracts_ending": f.renewals.whole,
        "contracts_renewed": f.renewals.part,
        "renewal_rate": f.renewals.value,
        "retention_base": f.retention.base,
        "gross_revenue_retention": f.retention.gross_rate,
        "net_revenue_retention": f.retention.net_rate,
        "accounts_active_at_start": f.active_at_start,
        "churned_accounts": f.churned,
        "churn_rate": f.churn.value,
        "expansion_revenue": f.expansion,
        "proposals_made": f.proposals.made,
        "proposals_made_value": f.proposals.made_value,
        "proposals_decided": f.proposals.decided,
        "proposals_accepted": f.proposals.accepted,
        "proposal_conversion_rate": f.proposals.conversion.value,
        "proposals_accepted_value": f.proposals.accepted_value,
        "contract_value_growth": f.growth.rate,
        "tenure_days": f.tenure_days,
        "realised_revenue": f.realised,
        "projected_lifetime_value": f.projected,
        "nps": f.nps,
        "nps_answers": len(f.nps_answers),
        "csat": csat.score if csat else None,
        "csat_scale": csat.scale if csat else None,
        "csat_answers": len(f.csat_answers),
        "ces": ces.score if ces else None,
        "ces_scale": ces.scale if ces else None,
        "ces_answers": len(f.ces_answers),
        "complaints_raised": f.complaints.raised,
        "escalations_raised": f.complaints.escalations,
        "complaints_resolved": f.complaints.resolved,
        "mean_days_to_resolve": f.complaints.mean_days_to_resolve,
        "open_complaints": f.complaints.open_at_end,
        "referrals": f.referrals,
    }


@dataclass(frozen=True)
class MetricRow:
    """One figure of the export (docs/metrics.md, "The export")."""

    period_type: PeriodKind
    period: str
    period_start: dt.date
    period_end: dt.date
    level: Level
    key: str
    metric: str
    value: float | None
    unit: Unit
    currency: str  # ISO 4217 for money and ratios of money, "" otherwise


def metric_rows(series: Sequence[Series]) -> list[MetricRow]:
    """Every metric of every series and period, as rows; money and ratios of money get one
    row per currency of the contracts counted (0 or empty where nothing happened)."""
    rows: list[MetricRow] = []
    for line in series:
        for f in line.figures:
            values = figure_values(f)
            p = f.period
            for name, unit, per_currency, _ in EXPORTED:
                value = values[name]
                # (value, currency) of each row this metric makes in this period.
                cells: list[tuple[float | None, str]]
                if per_currency:
                    amounts = value if isinstance(value, Mapping) else {}
                    cells = []
                    for currency in f.currencies:
                        found = amounts.get(currency)
                        if found is None and unit == "money" and value is not None:
                            found = 0.0
                        cells.append((found, currency))
                else:
                    number = None if value is None or isinstance(value, Mapping) else value
                    cells = [(number, "")]
                rows.extend(
                    MetricRow(
                        p.kind, p.label, p.start, p.end, line.level, line.key, name, v, unit, c
                    )
                    for v, c in cells
                )
    return rows
