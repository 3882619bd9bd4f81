"""Working calendars in real Chromium: the Gantt chart of Lotus Tea House with Tết shaded, and
its status page on 2027-02-11, the client's first working day after Tết, with an approval
asked for before Tết and not late. Screenshots go to ``test-artifacts/browser/``.

The demo's day is 2026-11-23, before Tết, and its files tell the story of that day (nothing of
December is done). The page across Tết is built from a copy of the demo carried on to February:
the December milestones done and approved, their briefs delivered, the shoot schedule received,
and the Tết peak week sent to Chị Lan on Wednesday 2027-02-03, the last working day before Tết.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from aeportal.cli.commands import main
from test_browser import ARTIFACTS, CHROMIUM, LAUNCH_ARGS

REPO = Path(__file__).resolve().parents[1]
LOTUS = "lotus-tea-house"
HARBOR = "harbor-city-bank"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.is_file(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"
)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _after_tet(root: Path) -> Path:
    """The demo's Lotus Tea House carried on to February 2027 (see the module's docstring)."""
    account = root / "accounts" / LOTUS
    shutil.copytree(REPO / "accounts" / LOTUS, account)
    shutil.copy(REPO / "calendar.yml", root / "calendar.yml")
    _edit(root / "calendar.yml", "  - {who: jordan, start: 2026-12-24, end: 2026-12-31", "  # (")
    timeline = account / "timeline.yml"
    _edit(
        timeline,
        "    due: 2026-12-04\n    depends_on: [noi-dung-thang-11]\n"
        "    deliverables: [social-dot-2, video-ve-nha-uong-tra]\n    approval: {by: lan}",
        "    due: 2026-12-04\n    done: 2026-12-04\n    depends_on: [noi-dung-thang-11]\n"
        "    deliverables: [social-dot-2, video-ve-nha-uong-tra]\n"
        "    approval: {by: lan, sent: 2026-12-01, approved: 2026-12-02}",
    )
    _edit(
        timeline,
        "    due: 2026-12-18\n    depends_on: [chot-key-visual]\n"
        "    deliverables: [posm-cua-hang]\n    approval: {by: lan}",
        "    due: 2026-12-18\n    done: 2026-12-17\n    depends_on: [chot-key-visual]\n"
        "    deliverables: [posm-cua-hang]\n"
        "    approval: {by: lan, sent: 2026-12-14, approved: 2026-12-16}",
    )
    _edit(
        timeline,
        "    deliverables: [video-nghe-nhan]\n",
        "    deliverables: [video-nghe-nhan]\n    approval: {by: lan, sent: 2027-02-03}\n",
    )
    for brief, day in [
        ("posm-cua-hang", "2026-12-17"),
        ("video-ve-nha-uong-tra", "2026-12-04"),
        ("social-dot-2", "2026-12-04"),
    ]:
        path = account / "briefs" / f"{brief}.md"
        text = path.read_text(encoding="utf-8")
        delivered = f"status: delivered\ndelivered_on: {day}"
        text = re.sub(r"(?m)^status: .*$", delivered, text, count=1)
        path.write_text(text, encoding="utf-8")
    _edit(
        account / "account.yml",
        "owner: quan, due: 2026-11-27}",
        "owner: quan, due: 2026-11-27, received: 2026-11-26}",
    )
    # The progress meeting's questions and actions, answered and done by their due dates.
    meeting = account / "meetings" / "2026-11-18-hop-tien-do.md"
    text = meeting.read_text(encoding="utf-8")
    text = re.sub(r"(question: [^\n]*due: (2026-11-2\d))\}", r"\1, answered: \2}", text)
    text = re.sub(r"(task: [^\n]*due: (2026-11-2\d))\}", r"\1, done: \2}", text)
    meeting.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("calendar-sites")
    demo = ["--today", "2026-11-23", "--out", str(out / "demo"), "--account", LOTUS]
    assert main(["build", str(REPO), *demo, "--quiet", "--jobs", "1", "--no-history"]) == 0
    harbor = ["--today", "2026-11-23", "--out", str(out / "harbor"), "--account", HARBOR]
    assert main(["build", str(REPO), *harbor, "--quiet", "--jobs", "1", "--no-history"]) == 0
    later = _after_tet(tmp_path_factory.mktemp("after-tet"))
    tet = ["--today", "2027-02-11", "--out", str(out / "tet"), "--account", LOTUS]
    assert main(["validate", str(later), "--today", "2027-02-11", "--no-history"]) == 0
    assert main(["build", str(later), *tet, "--quiet", "--jobs", "1", "--no-history"]) == 0
    return out


@pytest.fixture(scope="module")
def base_url(sites: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(sites))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.RequestHandlerClass.log_message = lambda *args: None  # type: ignore[method-assign]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[Page]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        yield tab
        browser.close()


def test_the_gantt_chart_shades_tet_with_a_legend(base_url: str, page: Page) -> None:
    page.goto(f"{base_url}/demo/clients/{LOTUS}/timeline/")
    chart = page.locator("svg.aep-gantt")
    chart.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    chart.screenshot(path=ARTIFACTS / "calendar-gantt-lotus-tet.png")
    page.screenshot(path=ARTIFACTS / "calendar-timeline-lotus.png", full_page=True)
    # Tết 2027 (02-04 to 02-10) is a public holiday of both sides, named on hover; the
    # agency's own closure on 02-11 is the agency's alone.
    both = [t.strip() for t in chart.locator("rect.aep-off-both > title").all_text_contents()]
    tet = [t for t in both if "4 thg 2, 2027" in t]
    assert len(tet) == 1 and tet[0].startswith("Ngày lễ của cả hai bên: ")
    assert tet[0].endswith("(4 thg 2, 2027 – 10 thg 2, 2027)")
    agency = chart.locator("rect.aep-off-agency > title").all_text_contents()
    assert agency == ["Agency nghỉ (lễ hoặc đóng cửa): Agency closed after Tết (11 thg 2, 2027)"]
    # The legend names both kinds of shading the chart uses, in words.
    legend = chart.locator("text").all_text_contents()
    assert "Ngày lễ của cả hai bên" in legend and "Agency nghỉ (lễ hoặc đóng cửa)" in legend
    # The shaded band of Tết is drawn a week wide (some 3 pixels a day here) and tall.
    band = chart.locator("rect.aep-off-both", has=page.locator("title", has_text="4 thg 2, 2027"))
    box = band.bounding_box()
    assert box is not None and 15 < box["width"] < 30 and box["height"] > 150


def test_the_status_page_across_tet(base_url: str, page: Page) -> None:
    page.goto(f"{base_url}/tet/clients/{LOTUS}/")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "calendar-status-lotus-after-tet.png", full_page=True)
    body = page.locator("article").inner_text()
    # Sent 02-03, one working day of the client's by 02-11: due 02-12, not late, no past-SLA
    # reason ("đã chờ N ngày làm việc") in the health.
    need = next(
        line for line in body.splitlines() if "Tuần cao điểm Tết" in line and "12 thg 2" in line
    )
    assert "trễ" not in need
    assert "đã chờ" not in body


def test_an_american_clients_gantt_tells_its_holidays_from_the_agencys(
    base_url: str, page: Page
) -> None:
    page.goto(f"{base_url}/harbor/clients/{HARBOR}/timeline/")
    chart = page.locator("svg.aep-gantt")
    chart.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    chart.screenshot(path=ARTIFACTS / "calendar-gantt-harbor.png")
    client = chart.locator("rect.aep-off-client > title").all_text_contents()
    agency = chart.locator("rect.aep-off-agency > title").all_text_contents()
    assert "Client's public holiday: Thanksgiving Day (Nov 26, 2026)" in client
    assert "Agency closed (holiday or closure): Vietnam Cultural Day (Nov 24, 2026)" in agency
    legend = chart.locator("text").all_text_contents()
    assert "Client's public holiday" in legend and "Agency closed (holiday or closure)" in legend
