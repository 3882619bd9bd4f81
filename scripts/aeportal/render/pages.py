"""Model and derived state to pages: a tree of Markdown per portal, in plain Python.

Nothing here knows a site engine; one of ``build/engines/`` turns a ``Portal`` into a site.
A client portal is rendered from ``visibility.client_view`` only, so no
template can reach what a client must not see.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from aeportal import model
from aeportal.check.markup import audience_text, one_line, plain_text
from aeportal.derive.status import AccountStatus, PortfolioStatus
from aeportal.derive.visibility import client_status, page_path
from aeportal.errors import BuildError
from aeportal.render import svg
from aeportal.render.calendar_feed import account_calendar, portfolio_calendar
from aeportal.render.i18n import Words, words
from aeportal.render.proofs import PortalFiles, PublishedFile, ShownVersion, hashes_line, size_text
from aeportal.render.relationship import relationship_values, shared_proposals
from aeportal.render.trends import account_trend_page, trend_pages
from aeportal.trail.history import HistoryIndex, content_hash, unavailable
from aeportal.trail.report import approvals_overview, circle, doc_trail, recent_changes

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
Audience = Literal["client", "internal"]
NavItem = tuple[str, "str | list[NavItem]"]


@dataclass(frozen=True)
class Portal:
    """One site to build: its pages (path → Markdown) and navigation."""

    key: str  # e.g. clients/lotus-tea-house, internal, internal/accounts/lotus-tea-house
    title: str
    language: str
    pages: Mapping[str, str]
    nav: list[Any] = field(default_factory=list)
    assets: Mapping[str, str] = field(default_factory=dict)
    # Files made from the account's files (published path → how): see render/proofs.py.
    files: Mapping[str, PublishedFile] = field(default_factory=dict)


def make_env(
    agency_templates: Path | None = None, compiled: jinja2.BytecodeCache | None = None
) -> jinja2.Environment:
    """The one Jinja environment: the agency's templates first, the packaged ones second.

    ``compiled`` keeps the compiled templates between runs (``cachefile.template_cache``).
    """
    loaders: list[jinja2.BaseLoader] = []
    if agency_templates is not None and agency_templates.is_dir():
        loaders.append(jinja2.FileSystemLoader(agency_templates))
    loaders.append(jinja2.FileSystemLoader(PACKAGE_TEMPLATES))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        finalize=_as_text,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do"],
        bytecode_cache=compiled,
    )


@jinja2.pass_eval_context
def _as_text(eval_ctx: jinja2.nodes.EvalContext, value: Any) -> Any:
    """Every value a page template prints is text, unless it is Markup already.

    The pages are Markdown, so escaping HTML is not enough: a title ending in `{#id}`
    would give the page heading an id, `*…*` would be emphasis. Markup is what this
    package made (a sanitised body, a chart, a macro's output); plain text templates
    (``autoescape`` off) get values as they are.
    """
    if not eval_ctx.autoescape or hasattr(value, "__html__"):
        return value
    return plain_text(value)


def read_asset(env: jinja2.Environment, name: str) -> str:
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    return source


SEARCH_WORDS = (
    "search",
    "search_placeholder",
    "search_close",
    "search_results",
    "search_none",
    "search_one",
    "search_many",
    "search_unavailable",
)


def theme_assets(env: jinja2.Environment, language: str) -> dict[str, str]:
    """The style and scripts every portal carries, the search box in the portal's language."""
    w = words(language)
    labels = json.dumps({key: w(key) for key in SEARCH_WORDS}, ensure_ascii=False)
    script = read_asset(env, "assets/search.js")
    marker = "var WORDS = {};"
    if marker not in script:
        raise BuildError(f"templates/assets/search.js: the line `{marker}` is missing")
    return {
        "assets/aeportal.css": read_asset(env, "assets/aeportal.css"),
        "assets/aeportal.js": read_asset(env, "assets/aeportal.js"),
        "assets/search.css": read_asset(env, "assets/search.css"),
        "assets/search.js": script.replace(marker, f"var WORDS = {labels};", 1),
    }


class _Context:
    """Helpers every page template gets for one account."""

    def __init__(
        self, status: AccountStatus, audience: Audience, history: HistoryIndex | None = None
    ) -> None:
        self.status = status
        self.audience = audience
        self.history = history
        a = status.account
        self.people = {p_id: p.name for p_id, p in status.bundle.people().items()}
        self.circle = circle(a)
        self.scope = {s.id: s.name for s in a.scope}
        self.objectives = {o.id: o.text for o in a.objectives}
        self.w = words(a.language)
        self.files = PortalFiles(status.bundle)

    def person(self, person_id: str | None) -> str:
        return self.people.get(person_id, person_id) if person_id else "—"

    def body(self, doc: model.Document) -> Markup:
        # The body is the AE's own Markdown and is rendered as such, but never as raw
        # HTML, script links or event handlers (validate reports those: HTML001/HTML002).
        text = audience_text(doc.body, self.audience == "internal")
        return Markup(self.files.body(text, page_path(doc)))

    def versions(self, doc: model.Document) -> list[ShownVersion]:
        if not isinstance(doc, (model.Brief, model.ChangeRequest)):
            return []
        return self.files.versions(doc, self.audience == "client")

    def trail(self, doc: model.Document) -> dict[str, Any]:
        """The history of a document and, for the client, links to approve it by e-mail."""
        if self.history is None:
            return {}
        path = Path(doc.path)
        current = content_hash(path.read_text(encoding="utf-8", errors="replace"))
        trail = doc_trail(self.history, doc, current, self.circle, self.audience)
        values: dict[str, Any] = {
            "trail": trail,
            "approve_link": "",
            "changes_link": "",
            "approve_version": None,
        }
        status = getattr(doc, "status", "")
        latest = trail.latest
        versions = self.versions(doc)
        newest = versions[0] if versions else None
        asks = (
            status in ("draft", "in_review", "proposed")
            or bool(latest and latest.stale)
            or bool(newest and newest.version.decision is None)
        )
        ae = self._account_executive()
        if (
            self.audience == "client"
            and ae
            and asks
            and isinstance(doc, (model.Brief, model.ChangeRequest))
        ):
            values["approve_version"] = newest.version.version if newest else None
            values["approve_link"] = self._mailto(ae, doc, current, "approve", newest)
            values["changes_link"] = self._mailto(ae, doc, current, "request_changes", newest)
        return values

    def client_health(self) -> str:
        """The health the client's portal shows: the agency's page says it when it differs
        (the client's counts neither the relationship nor internal milestones and risks)."""
        if self.audience == "client":
            return self.status.health
        return client_status(self.status.bundle, self.status.today).health

    def _account_executive(self) -> str | None:
        team = [t for t in self.status.account.team if t.email]
        for member in team:
            if "account" in member.role.lower():
                return member.email
        return team[0].email if team else None

    def _mailto(
        self,
        to: str,
        doc: model.Document,
        digest: str,
        action: str,
        newest: ShownVersion | None = None,
    ) -> str:
        w = self.w
        kind = "brief" if isinstance(doc, model.Brief) else "change"
        title = getattr(doc, "title", doc.id)
        # A decision is on one version and its exact files: the e-mail names both, so
        # `aeportal approve --version N` records what the client saw.
        version = f" v{newest.version.version}" if newest else ""
        subject = f"{w(action)}: {title} [{kind} {doc.id}{version} {digest}]"
        body = f"{w(action)}: {title}\n{self.status.bundle.slug}/{kind}/{doc.id}\n"
        if newest is not None:
            body += f"{w('version_n', n=newest.version.version)}\n"
            body += hashes_line(newest.files) + ("\n" if newest.files else "")
        body += f"{w('content_hash', hash=digest)}\n\n"
        # Built here, every part quoted: an address for the link, not text for the page.
        return Markup(f"mailto:{to}?subject={quote(subject)}&body={quote(body)}")

    def values(self) -> dict[str, Any]:
        return {
            "s": self.status,
            "account": self.status.account,
            "w": self.w,
            "audience": self.audience,
            "person": self.person,
            "body": self.body,
            "versions_of": self.versions,
            "href": _href,
            "external": _external,
            "size": lambda n: size_text(n, self.w.number),
            "scope_name": lambda i: self.scope.get(i, i) if i else "—",
            "objective_text": lambda i: self.objectives.get(i, i),
            "client_health": self.client_health,
            "changed": (
                recent_changes(self.history, self.status.bundle, self.status.today)
                if self.history is not None and self.history.available
                else None
            ),
        }


def _href(path: str) -> Markup:
    """A portal file's address from a document page (``briefs/<id>.md``), as Markdown takes it."""
    return Markup("../" + quote(path))


def _external(url: str) -> Markup:
    """An address of work elsewhere, as a link destination; anything but http(s) goes nowhere."""
    if not url.lower().startswith(("https://", "http://")):
        return Markup("#")
    return Markup(quote(url, safe=":/?#[]@!$&'*+,;=%~"))


def _theme_text(text: str) -> str:
    """A value for the theme: MkDocs and Material print navigation titles and the site
    name as HTML (escaped here), as they are, one line (control characters out)."""
    return escape(one_line(text))


def _render(env: jinja2.Environment, name: str, **values: Any) -> str:
    return env.get_template(name).render(**values)


def render_account(
    env: jinja2.Environment,
    status: AccountStatus,
    audience: Audience,
    key: str,
    history: HistoryIndex | None = None,
    renewal_chance: float | None = None,
) -> Portal:
    """The pages of one account's portal for one audience.

    ``renewal_chance`` (``metrics.renewal_probability`` of the portfolio) drives the
    projection of lifetime value on the internal Relationship page.
    """
    ctx = _Context(status, audience, history)
    w: Words = ctx.w
    base = ctx.values()
    b = status.bundle
    pages: dict[str, str] = {}
    nav: list[Any] = []

    pages["index.md"] = _render(env, "pages/overview.md.j2", **base)
    nav.append({w("overview"): "index.md"})
    states = sorted(
        status.milestones.values(),
        key=lambda s: (s.milestone.start or s.milestone.due, s.milestone.due),
    )
    pages["timeline.md"] = _render(
        env,
        "pages/timeline.md.j2",
        **base,
        milestones=states,
        risks=b.timeline.risks if b.timeline else (),
        gantt=Markup(svg.gantt(states, status.today, w, status.calendars.days_off)),
    )
    nav.append({w("timeline"): "timeline.md"})
    pages["scope.md"] = _render(
        env, "pages/scope.md.j2", **base, chart=Markup(svg.scope_bars(status.scope, w))
    )
    nav.append({w("scope"): "scope.md"})
    if audience == "internal":
        pages["kpis.md"] = _render(env, "pages/kpis.md.j2", **base, k=status.kpis)
        nav.append({w("kpis"): "kpis.md"})
        # The index of its own folder: its link to the portfolio site is raw HTML, which
        # Zensical resolves from the source file and MkDocs from the page's address.
        pages["relationship/index.md"] = _render(
            env,
            "pages/relationship.md.j2",
            **base,
            **relationship_values(status, renewal_chance),
            trends_link=Markup("../trends/"),
        )
        nav.append({w("relationship"): "relationship/index.md"})
        pages["trends/index.md"] = account_trend_page(env, status, base)
        nav.append({w("trends"): "trends/index.md"})

    cell = env.get_template("pages/_macros.md.j2").make_module(base).cell  # type: ignore[attr-defined]
    state = env.get_template("pages/_macros.md.j2").make_module(base).state  # type: ignore[attr-defined]

    def section(
        folder: str,
        label: str,
        docs: tuple[Any, ...],
        template: str,
        headers: list[str],
        row: Any,
        extra: Any = None,
        tracked: bool = True,
        after: str = "",
    ) -> None:
        if not docs and not after:
            return
        rows = [[Markup(f"[{cell(d.title)}]({d.id}.md)"), *row(d)] for d in docs]
        pages[f"{folder}/index.md"] = (
            _render(
                env,
                "pages/list.md.j2",
                **base,
                title=label,
                headers=[w("title"), *headers],
                rows=rows,
            )
            + after
        )
        entries: list[Any] = [{label: f"{folder}/index.md"}]
        for d in docs:
            values = {**(ctx.trail(d) if tracked else {}), **(extra(d) if extra else {})}
            pages[f"{folder}/{d.id}.md"] = _render(env, template, **base, doc=d, **values)
            entries.append({_theme_text(d.title): f"{folder}/{d.id}.md"})
        nav.append({label: entries})

    briefs = sorted(b.briefs, key=lambda d: (d.due or dt.date.max, d.id))
    section(
        "briefs",
        w("briefs"),
        tuple(briefs),
        "pages/brief.md.j2",
        [w("status"), w("due"), w("scope_item"), w("approval")],
        lambda d: [
            state(d.status),
            w.date(d.due),
            cell(ctx.scope.get(d.scope or "", "—")),
            (
                Markup(f"{cell(ctx.person(d.approved_by))}, {plain_text(w.date(d.approved_on))}")
                if d.approved_by
                else "—"
            ),
        ],
    )
    changes = sorted(b.changes, key=lambda d: (d.requested_on, d.id))
    # The proposals shared with the client, under its change requests on both portals (the
    # agency's shows what the client sees); a client view holds no other (client_view).
    proposals = shared_proposals(b)
    shared = (
        "\n"
        + _render(
            env,
            "pages/_proposals.md.j2",
            **base,
            proposals=proposals,
            titles={d.id: d.title for d in changes},
        )
        if proposals
        else ""
    )
    section(
        "changes",
        w("changes"),
        tuple(changes),
        "pages/change.md.j2",
        [w("status"), w("cost"), w("time_impact"), w("decision")],
        lambda d: [
            state(d.status),
            w.money(d.cost, d.currency or status.account.contract.currency),
            f"{d.timeline_impact_days} {w('days')}",
            (
                Markup(f"{cell(ctx.person(d.decided_by))}, {plain_text(w.date(d.decided_on))}")
                if d.decided_by
                else "—"
            ),
        ],
        after=shared,
    )
    meetings = sorted(b.meetings, key=lambda d: (d.date, d.id), reverse=True)
    section(
        "meetings",
        w("meetings"),
        tuple(meetings),
        "pages/meeting.md.j2",
        [w("date"), w("decisions"), w("actions")],
        lambda d: [w.date(d.date), str(len(d.decisions)), str(len(d.actions))],
    )
    reports = sorted(b.reports, key=lambda d: (d.date, d.id), reverse=True)
    section(
        "reports",
        w("reports"),
        tuple(reports),
        "pages/report.md.j2",
        [w("date")],
        lambda d: [w.date(d.date)],
        extra=lambda d: _report_values(d, ctx),
        tracked=False,
    )
    if audience == "internal":
        notes = sorted(b.notes, key=lambda d: (d.date or dt.date.min, d.id), reverse=True)
        section(
            "notes",
            w("notes"),
            tuple(notes),
            "pages/note.md.j2",
            [w("date")],
            lambda d: [w.date(d.date)],
            tracked=False,
        )
    return Portal(
        key=key,
        title=_theme_text(status.account.name),
        language=status.account.language,
        pages=pages,
        nav=nav,
        assets={
            **theme_assets(env, status.account.language),
            "calendar.ics": account_calendar(status, internal=audience == "internal"),
        },
        files=dict(sorted(ctx.files.files.items())),
    )


def _report_values(doc: model.Report, ctx: _Context) -> dict[str, Any]:
    targets = {o.id: o.target for o in ctx.status.account.objectives}
    rows: list[dict[str, Any]] = []
    bars: list[tuple[str, float, float | None]] = []
    for r in doc.results:
        target = r.target if r.target is not None else targets.get(r.objective)
        label = ctx.objectives.get(r.objective, r.objective)
        share = r.actual / target if target else None
        rows.append(
            {"label": label, "target": target, "actual": r.actual, "share": share, "note": r.note}
        )
        bars.append((label, r.actual, target))
    chart = svg.result_bars(bars, ctx.w)
    return {"results": rows, "chart": Markup(chart)}


def client_portal(
    env: jinja2.Environment,
    bundle: model.AccountBundle,
    today: dt.date,
    history: HistoryIndex | None = None,
) -> Portal:
    """A client's portal, from the client-visible model only."""
    status = client_status(bundle, today)
    return render_account(env, status, "client", f"clients/{bundle.slug}", history)


def internal_account_portal(
    env: jinja2.Environment,
    status: AccountStatus,
    history: HistoryIndex | None = None,
    renewal_chance: float | None = None,
) -> Portal:
    """The agency's full view of one account (a site of its own, so size stays linear)."""
    key = f"internal/accounts/{status.bundle.slug}"
    return render_account(env, status, "internal", key, history, renewal_chance)


def internal_home(
    env: jinja2.Environment, portfolio: PortfolioStatus, history: HistoryIndex | None = None
) -> Portal:
    """The portfolio dashboard, deadlines per team member and approvals across accounts."""
    w = words("en")
    names = {s.bundle.slug: s.account.name for s in portfolio.accounts}
    people = {
        s.bundle.slug: {p: x.name for p, x in s.bundle.people().items()} for s in portfolio.accounts
    }
    team_names = {t.id: t.name for s in portfolio.accounts for t in s.account.team}
    values = {
        "p": portfolio,
        "w": w,
        "names": names,
        "people": people,
        "team_names": team_names,
        "ranked": sorted(
            portfolio.accounts,
            key=lambda s: (("red", "amber", "green").index(s.health), s.account.name),
        ),
        "horizon": portfolio.today + dt.timedelta(days=14),
    }
    bundles = model.Portfolio(root="", accounts=tuple(s.bundle for s in portfolio.accounts))
    overview = approvals_overview(
        history or unavailable("history not read"), bundles, portfolio.today
    )
    # Each page is the index of its own folder, so that its links to the account portals
    # (`../accounts/…`, raw HTML in a table) are relative to the same folder whether an
    # engine reads them from the page's URL (MkDocs) or from its source file (Zensical).
    pages = {
        "index.md": _render(env, "pages/dashboard.md.j2", **values),
        "deadlines/index.md": _render(env, "pages/deadlines.md.j2", **values),
        "approvals/index.md": _render(env, "pages/approvals.md.j2", **values, o=overview),
    }
    trends, trends_nav = trend_pages(env, portfolio, values)
    pages.update(trends)
    return Portal(
        key="internal",
        title="Portfolio",
        language="en",
        pages=pages,
        nav=[
            {"Portfolio": "index.md"},
            {"Deadlines": "deadlines/index.md"},
            {"Approvals": "approvals/index.md"},
            *trends_nav,
        ],
        assets={
            **theme_assets(env, "en"),
            "calendar.ics": portfolio_calendar(portfolio),
        },
    )
