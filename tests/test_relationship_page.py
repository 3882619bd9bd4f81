"""The relationship log: each account's internal Relationship page, and the proposals a
client's portal shows (render/relationship.py), on the demo of 2026-11-23 and with planted
markers that must never reach a client portal."""

from __future__ import annotations

import datetime as dt
import functools
import html
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from aeportal.build import search
from aeportal.build.sites import renewal_chance
from aeportal.check.rules import Checked, check
from aeportal.cli.commands import main
from aeportal.derive.status import derive_status
from aeportal.render.pages import Portal, client_portal, internal_account_portal, make_env
from portal_fixtures import MARKS, account_files, leak_repo, relationship_files, write_repo

REPO = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 23)
ARTIFACTS = REPO / "test-artifacts" / "relationship"
CHROMIUM = Path("/usr/bin/chromium")
PAGE = "relationship/index.md"


@pytest.fixture(scope="module")
def demo() -> Checked:
    checked = check(REPO, TODAY)
    assert checked.report.errors == []
    return checked


def _portal(checked: Checked, slug: str, audience: str) -> Portal:
    bundle = checked.portfolio.get(slug)
    assert bundle is not None
    if audience == "client":
        return client_portal(make_env(), bundle, TODAY)
    status = derive_status(bundle, TODAY)
    return internal_account_portal(make_env(), status, None, renewal_chance(checked, TODAY))


def _section(page: str, heading: str) -> str:
    """The Markdown under ``## heading``, as the reader gets it (entities decoded)."""
    return html.unescape(page).split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


def _rows(section: str) -> list[list[str]]:
    """The cells of each body row of the first table in ``section``."""
    lines = [line for line in section.splitlines() if line.startswith("| ")]
    return [[c.strip() for c in line.strip("| ").split(" | ")] for line in lines[1:]]


def test_harbor_lists_its_contracts_and_the_open_escalation_first(demo: Checked) -> None:
    portal = _portal(demo, "harbor-city-bank", "internal")
    assert {"Relationship": PAGE} in portal.nav
    page = portal.pages[PAGE]
    contracts = _rows(_section(page, "Contracts"))
    assert contracts == [
        ["HCB-2025-11", "Nov 3, 2025 – Apr 30, 2026", "$90,000.00", "—", "expanded", "—"],
        [
            "HCB-2026-02",
            "Jun 15, 2026 – Dec 15, 2026",
            "$240,000.00",
            "HCB-2025-11",
            "current; renewal: in discussion",
            "—",
        ],
    ]
    log = _rows(_section(page, "Complaints and escalations"))
    assert [row[0] for row in log] == [
        "Nov 16, 2026: escalation, critical",  # open, so first
        "Oct 30, 2026: complaint, high",
    ]
    assert log[0][1] == "Victor Huang (phone)"
    assert "open for 7 days" in log[0][4] and log[0][5] == "—"
    assert log[1][4:] == [
        "Nov 6, 2026 (7 days)",
        "Re-recording on app build 4.2 agreed at the campaign review; production status to "
        "Elaine every Monday",
    ]
    proposals = _rows(_section(page, "Proposals"))
    # The 2027 renewal was never sent: listed here, marked so, shown to nobody else.
    assert [(r[0], r[1], r[3], r[5]) for r in proposals] == [
        ("Mar 10, 2026, Jordan Ellis", "Interactive savings calculator for the Harbor Saver page",
         "declined, Mar 24, 2026; sent", "no"),
        ("Nov 20, 2026, Maya Patel",
         "2027 renewal with a fixed compliance turnaround in the contract", "proposed; not sent",
         "no"),
    ]  # fmt: skip
    summary = dict(_rows(_section(page, "Summary")))
    assert summary["Contracts renewed"] == "1 of 1 that ended (100%)"
    assert summary["Revenue retention (USD)"] == "gross (GRR) 100%, net (NRR) 267%"
    assert summary["Complaints and escalations"] == "complaints 1, escalations 1, open 1"
    assert summary["Time to resolve"] == "7 days on average (1 resolved)"
    # Realised to date, the rest of the current contract, and its value once per renewal to
    # come: the demo portfolio renewed every contract that ended, so the most counted, 5.
    assert summary["Lifetime value, projection"] == (
        "$1,534,800.00 — projection, not revenue: the rest of the current contract and 5 "
        "renewals to come (at most 5) at the portfolio's renewal rate (100%)"
    )
    assert summary["CSAT"].endswith("on a scale to 5")
    # The account's trends, a page of the same portal.
    assert '<a href="../trends/">' in page
    assert "Compliance would not sign off on projected interest figures" in html.unescape(page)


def test_lotus_lists_four_earlier_contracts_and_the_proposal_that_became_a_change(
    demo: Checked,
) -> None:
    portal = _portal(demo, "lotus-tea-house", "internal")
    assert {"Quan hệ khách hàng": PAGE} in portal.nav
    page = portal.pages[PAGE]
    contracts = _rows(_section(page, "Hợp đồng"))
    assert [r[0] for r in contracts] == [
        "LTH-2024-08",
        "LTH-2025-02",
        "LTH-2025-08",
        "LTH-2026-02",
        "LTH-2026-07",
    ]
    assert [r[4] for r in contracts[:4]] == ["gia hạn, mở rộng"] * 4
    proposals = {r[1]: r for r in _rows(_section(page, "Đề xuất"))}
    accepted = proposals["Hai video nghệ nhân ướp trà sen"]
    assert accepted[0] == "2 thg 10, 2026, Nguyễn Đăng Khoa"
    assert accepted[3] == "đã chấp nhận, 14 thg 10, 2026; đã gửi"
    assert accepted[4] == "[cr-001-video-nghe-nhan](../changes/cr-001-video-nghe-nhan.md)"
    assert accepted[5] == "có"
    assert _rows(_section(page, "Giới thiệu")) == [
        ["12 thg 3, 2026", "Vũ Đức Hùng", "Tiệm bánh Sen Vàng",
         "Đã gặp đội ngũ; dự kiến gửi brief năm 2027"],
    ]  # fmt: skip
    assert _rows(_section(page, "Mở rộng"))[0][3] == (
        "Bộ ấn phẩm khai trương hai cửa hàng mới ở Đà Nẵng"
    )


def test_the_client_sees_only_the_shared_proposal(demo: Checked) -> None:
    lotus = _portal(demo, "lotus-tea-house", "client")
    assert PAGE not in lotus.pages
    shared = _rows(_section(lotus.pages["changes/index.md"], "Đề xuất"))
    assert shared == [
        [
            "2 thg 10, 2026",
            "Hai video nghệ nhân ướp trà sen",
            "60.000.000\xa0₫",
            "đã chấp nhận, 14 thg 10, 2026",
            "[Bổ sung hai video nghệ nhân ướp trà sen](cr-001-video-nghe-nhan.md)",
        ]
    ]
    everything = html.unescape("\n".join(lotus.pages.values()))
    for internal in ("Gói quản lý fanpage", "kèm bán hộp quà", "LTH-2024-08", "Sen Vàng"):
        assert internal not in everything
    harbor = _portal(demo, "harbor-city-bank", "client")
    assert PAGE not in harbor.pages
    assert "## Proposals" not in harbor.pages["changes/index.md"]
    assert "savings calculator" not in html.unescape("\n".join(harbor.pages.values()))


# --- planted markers: a real build -----------------------------------------------------


@pytest.fixture(scope="module")
def leak_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = leak_repo(tmp_path_factory.mktemp("relationship-page"))
    args = ["build", str(root), "--today", TODAY.isoformat(), "--no-history", "--jobs", "1"]
    assert main([*args, "--quiet"]) == 0
    return root / "site"


def _texts(folder: Path) -> dict[str, str]:
    """Every file of a built portal as text: pages, feeds, and the search index unpacked."""
    found = {}
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix in (".pf_fragment", ".pf_index", ".pf_meta"):
                data = search.read_compressed(path)
            found[str(path.relative_to(folder))] = html.unescape(data.decode("utf-8", "replace"))
    return found


def test_the_relationship_page_never_lands_in_a_client_portal(leak_site: Path) -> None:
    for slug, (mark, _) in MARKS.items():
        internal = (leak_site / f"internal/accounts/{slug}/relationship/index.html").read_text()
        shown = html.unescape(internal)
        for planted in ("CONTRACT-OLD", "COMPETITOR", "COMPLAINT", "RESOLUTION", "ESCALATION",
                        "REFERRAL", "EXPANSION", "PROPOSAL-IDEA", "CONTRACT-FIELD"):  # fmt: skip
            assert f"{mark}-INT-{planted}" in shown
        client = leak_site / f"clients/{slug}"
        assert not (client / "relationship").exists()
        files = _texts(client)
        leaks = {p: sorted(set(re.findall(r"[A-Z]+-INT-[A-Z-]+", t))) for p, t in files.items()}
        assert {p: found for p, found in leaks.items() if found} == {}
        # The page's own wording is not there either, in any language.
        for words in ("Relationship", "Quan hệ khách hàng", "Lifetime value", "relationship.yml"):
            assert [p for p, t in files.items() if words in t] == []
        # What the client does see of it: the proposal shared with it, under its changes.
        changes = html.unescape((client / "changes/index.html").read_text())
        assert f"{mark}-CLIENT-PROPOSAL video series" in changes


# --- the page in a browser -----------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("relationship-demo") / "site"
    args = ["build", str(REPO), "--today", TODAY.isoformat(), "--no-history", "--out", str(out)]
    assert main([*args, "--account", "harbor-city-bank", "--quiet"]) == 0
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium at /usr/bin/chromium")
def test_the_relationship_page_in_chromium(served: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"]  # fmt: skip
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=args)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{served}/internal/accounts/harbor-city-bank/")
        page.get_by_role("link", name="Relationship").first.click()
        page.wait_for_url("**/relationship/")
        expect(page.locator("h1")).to_contain_text("Relationship")
        escalation = page.locator("tr", has_text="escalation, critical")
        expect(escalation).to_contain_text("open for 7 days")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "harbor-relationship.png"), full_page=True)
        page.locator("article").get_by_role("link", name="Trends", exact=True).click()
        page.wait_for_url("**/internal/accounts/harbor-city-bank/trends/")
        expect(page.locator("h1")).to_contain_text("Harbor City Bank: trends")
        assert errors == []
        browser.close()


def test_an_account_s_relationship_page_is_rebuilt_when_the_portfolio_s_renewals_change(
    tmp_path: Path,
) -> None:
    """The projection uses the portfolio's renewal rate: another account's renewal changes
    this account's page, so an incremental build must render it again."""
    from aeportal.build.sites import build_sites

    files = account_files("alpha-co", "ALPHA") | account_files("beta-co", "BETA", "vi")
    for slug, (mark, _) in MARKS.items():
        if slug in ("alpha-co", "beta-co"):
            files |= relationship_files(slug, mark)
    root = write_repo(tmp_path, files)
    first = build_sites(root, TODAY, history=False)
    assert "internal/accounts/alpha-co" in first.built
    page = root / "site/internal/accounts/alpha-co/relationship/index.html"
    assert "renewal rate (0%)" in html.unescape(page.read_text("utf-8"))
    # Beta's earlier contract was renewed by its current one, not lost: 1 of 2 renewed.
    rel = root / "accounts/beta-co/relationship.yml"
    rel.write_text(
        rel.read_text("utf-8").replace(
            "outcome: lost, lost_to: BETA-INT-COMPETITOR agency", "outcome: expanded"
        )
    )
    account = root / "accounts/beta-co/account.yml"
    account.write_text(
        account.read_text("utf-8").replace("value: 90000, currency: USD}", "value: 90000, "
                                           "currency: USD, renews: BETA-INT-CONTRACT-OLD}")
    )  # fmt: skip
    again = build_sites(root, TODAY, history=False)
    assert "internal/accounts/alpha-co" in again.built
    assert "clients/alpha-co" not in again.built  # the client's portal shows none of it
    assert "renewal rate (50%)" in html.unescape(page.read_text("utf-8"))
