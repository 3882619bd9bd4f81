"""A client's portal speaks of the work: the agency's relationship judgements stay internal.

Planted markers: a CSAT score, a survey comment, an NPS answer and a renewal state
that only the agency may see. None of them, their numbers or their wording may reach
any file of a client portal (pages, search index, calendar) or the client's e-mail;
the agency's portal still shows them; the privacy audit catches them if they do.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import html
import shutil
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

from aeportal import model
from aeportal.build import search
from aeportal.build.audit import audit_site
from aeportal.cli.commands import main
from aeportal.derive.status import RELATIONSHIP_REASONS, derive_status
from aeportal.derive.visibility import client_status
from aeportal.diagnostics import Report
from aeportal.load.loader import load_portfolio
from portal_fixtures import TODAY, account_files, write_repo

COMMENT = {"alpha-co": "ZEBRAFINCH unhappy with the pace", "beta-co": "KHONGVUI chậm quá"}
# A low CSAT (2.1 of 5), a detractor and a renewal the client should not read about.
SURVEYS = """\
surveys:
  - {{date: 2026-10-01, type: csat, score: 4.0, scale: 5, by: {low}-cmo}}
  - {{date: 2026-11-01, type: csat, score: 2.1, scale: 5, by: {low}-cmo, comment: {comment}}}
  - {{date: 2026-11-02, type: nps, score: 3, by: {low}-cmo}}
"""
# The history of the relationship: every text in it but the shared proposal is the agency's.
RELATIONSHIP = """\
contracts:
  - {{id: {mark}-2025, start: 2025-09-01, end: 2026-08-31, value: 80000, currency: USD,
     outcome: expanded}}
complaints:
  - {{id: slow, date: 2026-10-02, by: {low}-cmo, channel: email, severity: high,
     about: {mark}-INT-COMPLAINT posts arrive late, owner: sam, resolved_on: 2026-10-09,
     resolution: {mark}-INT-RESOLUTION weekly plan}}
  - {{id: tone, kind: escalation, date: 2026-11-10, by: {low}-cmo, channel: meeting,
     about: {mark}-INT-ESCALATION tone of voice}}
referrals:
  - {{date: 2026-05-01, by: {low}-cmo, referred: {mark}-INT-REFERRED Partner Co}}
expansions:
  - {{date: 2025-12-01, contract: {mark}-2025, value: 5000, what: {mark}-INT-EXPANSION video kit}}
proposals:
  - {{id: idea, date: 2026-11-01, title: {mark}-INT-PROPOSAL loyalty app, value: 9000,
     sent: false}}
  - {{id: shared, date: 2026-11-05, title: {mark}-CLIENT-PROPOSAL newsletter, value: 3000,
     visibility: client}}
"""
# What the agency's portal says and the client's must not (English and Vietnamese).
INTERNAL_WORDS = {
    "alpha-co": [
        "CSAT is low: 2.1/5",
        "contract ends in 10 days (Dec 3, 2026); renewal: not renewing",
        "CSAT",
        "NPS",
        "not renewing",
        "2.1/5",
    ],
    "beta-co": [
        "CSAT thấp: 2,1/5",
        "hợp đồng kết thúc sau 10 ngày",
        "CSAT",
        "NPS",
        "không gia hạn",
        "2,1/5",
    ],
}


def _files() -> dict[str, str]:
    out: dict[str, str] = {}
    for slug, mark, lang in (("alpha-co", "ALPHA", "en"), ("beta-co", "BETA", "vi")):
        files = account_files(slug, mark, lang)
        path = f"accounts/{slug}/account.yml"
        text = files[path]
        start, end = text.index("surveys:\n"), text.index("internal:\n")
        surveys = SURVEYS.format(low=mark.lower(), comment=COMMENT[slug])
        text = text[:start] + surveys + text[end:]
        text = text.replace(
            "end: 2027-03-31, value: 90000, currency: USD}",
            "end: 2026-12-03, value: 90000, currency: USD, renewal: not_renewing}",
        )
        assert "renewal: not_renewing" in text
        files[path] = text.replace(
            "contract: {id: " + mark, "contract: {renews: " + mark + "-2025, id: " + mark
        )
        files[f"accounts/{slug}/relationship.yml"] = RELATIONSHIP.format(
            mark=mark, low=mark.lower()
        )
        out.update(files)
    return out


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_repo(tmp_path_factory.mktemp("relationship"), _files())
    assert main(["build", str(root), "--today", TODAY, "--quiet", "--jobs", "1"]) == 0
    return root


def _bundle(root: Path, slug: str) -> model.AccountBundle:
    portfolio = load_portfolio(root, Report())
    return next(b for b in portfolio.accounts if b.slug == slug)


def _site_text(folder: Path) -> dict[str, str]:
    """Every file of a portal as a reader sees it: the pages escape some punctuation (`:` as
    `&#58;`), and the search index (Pagefind's) is compressed."""
    texts = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            data = search.read_compressed(p) if p.suffix in PAGEFIND else p.read_bytes()
            texts[p.relative_to(folder).as_posix()] = html.unescape(
                data.decode("utf-8", errors="ignore")
            )
    return texts


PAGEFIND = (".pf_fragment", ".pf_index", ".pf_meta")


def _found(texts: dict[str, str], needles: list[str]) -> list[str]:
    return [f"{path}: {n}" for path, text in texts.items() for n in needles if n in text]


def test_reasons_are_split_into_delivery_and_relationship(repo: Path) -> None:
    today = dt.date.fromisoformat(TODAY)
    status = derive_status(_bundle(repo, "alpha-co"), today)
    codes = [r.code for r in status.reasons]
    assert {"contract_ending", "csat_low"} <= set(codes)
    assert status.health == "red"
    # The agency's delivery reasons count its internal milestone and risk too.
    assert [r.code for r in status.delivery_reasons] == [
        "milestone_overdue",
        "input_late",
        "risk_high",
    ]
    assert all(r.delivery for r in status.delivery_reasons)
    # The client's work alone is amber: a late input from the client.
    shown = client_status(_bundle(repo, "alpha-co"), today)
    assert shown.health == "amber"
    assert [r.code for r in shown.reasons] == ["input_late"]
    assert shown.kpis.csat is None and shown.kpis.nps is None  # no survey reaches the view
    assert {"contract_ending", "csat_low", "csat_falling"} == RELATIONSHIP_REASONS


def test_relationship_alone_leaves_the_client_green(repo: Path) -> None:
    """Nothing late in the work: the agency sees red, the client on track, not a bare red."""
    bundle = _bundle(repo, "alpha-co")
    account = bundle.account
    assert account is not None
    fine = model.ClientInput(
        item="logo files", owner="alpha-cmo", due=dt.date(2026, 9, 5), received=dt.date(2026, 9, 4)
    )
    bundle = model.AccountBundle(
        **{
            **{f: getattr(bundle, f) for f in bundle.__dataclass_fields__},
            "account": type(account)(
                **{
                    **{f: getattr(account, f) for f in account.__dataclass_fields__},
                    "inputs": (fine,),
                }
            ),
        }
    )
    today = dt.date.fromisoformat(TODAY)
    assert derive_status(bundle, today).health == "red"
    shown = client_status(bundle, today)
    assert shown.health == "green"
    assert [r.code for r in shown.reasons] == ["on_track"]


@pytest.mark.parametrize("slug", ["alpha-co", "beta-co"])
def test_no_relationship_metric_reaches_the_client_portal(repo: Path, slug: str) -> None:
    site = repo / "site"
    client = _site_text(site / "clients" / slug)
    assert "index.html" in client
    assert [p for p in client if p.endswith(".pf_fragment")], "no search index was read"
    assert _found(client, [COMMENT[slug], *INTERNAL_WORDS[slug]]) == []
    mark = slug.split("-")[0].upper()
    assert _found(client, [f"{mark}-INT-", f"{mark}-2025"]) == []
    # The client's overview does show its health, from the work only: amber (input late).
    assert "aep-health aep-amber" in client["index.html"]
    assert "aep-red" not in client["index.html"]
    # The agency's portal of the same account still says it all.
    internal = _site_text(site / "internal" / "accounts" / slug)
    pages = internal["index.html"] + internal["kpis/index.html"]
    missing = [w for w in INTERNAL_WORDS[slug] if w not in pages]
    assert missing == []
    assert "aep-health aep-red" in internal["index.html"]
    # And says which colour the client sees, when it differs.
    shown = {"alpha-co": "The client's portal shows “At risk”", "beta-co": "hiện “Có rủi ro”"}
    assert shown[slug] in internal["index.html"]


def _mail(root: Path, slug: str, tmp_path: Path) -> EmailMessage:
    out = tmp_path / f"{slug}.eml"
    code = main(["email", slug, "--repo", str(root), "--today", TODAY, "--out", str(out)])
    assert code == 0
    parsed = BytesParser(policy=email.policy.default).parsebytes(out.read_bytes())
    assert isinstance(parsed, EmailMessage)
    return parsed


@pytest.mark.parametrize("slug", ["alpha-co", "beta-co"])
def test_no_relationship_metric_reaches_the_client_mail(
    repo: Path, slug: str, tmp_path: Path
) -> None:
    msg = _mail(repo, slug, tmp_path)
    parts = {p.get_content_type(): p.get_content() for p in msg.walk() if not p.is_multipart()}
    assert set(parts) == {"text/plain", "text/html"}
    assert _found(parts, [COMMENT[slug], *INTERNAL_WORDS[slug], "-INT-", "-2025"]) == []
    # The work is there: the late input is in both parts.
    assert all("logo files" in text for text in parts.values())


def test_status_json_for_the_client_has_delivery_reasons_only(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["status", "alpha-co", "--repo", str(repo), "--today", TODAY, "--format", "json"]
    assert main(args) == 0
    client = capsys.readouterr().out
    assert '"input_late"' in client and '"health": "amber"' in client
    assert _found({"json": client}, ["csat", "CSAT", "contract_ending", "not renewing"]) == []
    assert main([*args, "--audience", "internal"]) == 0
    internal = capsys.readouterr().out
    assert '"csat_low"' in internal and '"health": "red"' in internal


@pytest.mark.parametrize(
    ("slug", "planted", "why"),
    [
        ("alpha-co", "CSAT is low: 2.1/5", "agency-only health reason csat_low"),
        ("alpha-co", COMMENT["alpha-co"], "survey comment in account.yml"),
        ("alpha-co", "ALPHA-INT-COMPLAINT posts arrive late", "complaint in relationship.yml"),
        ("beta-co", "BETA-INT-PROPOSAL loyalty app", "internal proposal in relationship.yml"),
        ("alpha-co", "CSAT is falling:", "wording of the agency-only health reason csat_falling"),
        (
            "beta-co",
            "hợp đồng kết thúc sau 10 ngày (3 thg 12, 2026); gia hạn: không gia hạn",
            "agency-only health reason contract_ending",
        ),
    ],
)
def test_the_audit_finds_a_relationship_metric_in_a_client_site(
    repo: Path, tmp_path: Path, slug: str, planted: str, why: str
) -> None:
    site = tmp_path / "site"
    shutil.copytree(repo / "site" / "clients", site / "clients")
    portfolio = load_portfolio(repo, Report())
    today = dt.date.fromisoformat(TODAY)
    assert audit_site(site, portfolio, today=today) == []  # the real build is clean
    page = site / "clients" / slug / "scope" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + f"<p>{planted}</p>", encoding="utf-8")
    hits = audit_site(site, portfolio, today=today)
    assert [(h.path, h.why) for h in hits if h.marker == planted] == [
        (f"clients/{slug}/scope/index.html", why)
    ]
