"""`aeportal status`: the three formats, the account's language, audiences and failures."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import git
import pytest

from aeportal.cli.commands import main
from portal_fixtures import account_files, write_repo

REPO = Path(__file__).resolve().parents[1]
TODAY = "2026-11-23"
FORMATS = ["text", "md", "json"]


def status(
    slug: str, root: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str, str]:
    code = main(["status", slug, "--repo", str(root), "--today", TODAY, *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def demo(slug: str, fmt: str, capsys: pytest.CaptureFixture[str]) -> str:
    code, out, err = status(slug, REPO, capsys, "--format", fmt)
    assert (code, err) == (0, "")
    return out


def section(text: str, title: str) -> list[str]:
    """The indented lines of a text-format block under its title."""
    lines = text.splitlines()
    start = lines.index(title) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("  ")), len(lines))
    return lines[start:end]


# --- the demo accounts, in their language -------------------------------------------------


def test_text_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    out = demo("lotus-tea-house", "text", capsys)
    lines = out.splitlines()
    assert lines[:3] == [
        "Lotus Tea House — Cập nhật tình hình, ngày 23 thg 11, 2026",
        "Tình trạng: Đúng tiến độ",
        "  * các mốc đúng tiến độ, không có việc chờ quá lâu",
    ]
    for title in ("Đã hoàn thành trong 14 ngày qua", "Đang thực hiện", "Bước tiếp theo"):
        assert title in lines
    assert section(out, "Chúng tôi cần anh/chị") == [
        "  - Câu hỏi: Hộp quà có giao tỉnh ngoài Hà Nội và TP.HCM không? (Nguyễn Thị Lan), "
        "Hạn 25 thg 11, 2026",
        "  - Việc cần làm: Xác nhận danh sách khách doanh nghiệp nhận hộp quà mẫu "
        "(Nguyễn Thị Lan), Hạn 25 thg 11, 2026",
        "  - Phê duyệt: Bộ POSM Tết cho 18 cửa hàng, Hạn 27 thg 11, 2026",
        "  - Việc cần làm: Gửi lịch quay tại đồi chè Tân Cương và người liên hệ tại xưởng "
        "(Lê Hoàng Quân), Hạn 27 thg 11, 2026",
        "  - Tài liệu: Lịch quay tại đồi chè Tân Cương (Thái Nguyên) và người liên hệ tại xưởng "
        "(Lê Hoàng Quân), Hạn 27 thg 11, 2026",
    ]
    # The internal medium risk about video hours is not the client's to see.
    assert section(out, "Rủi ro và phương án") == [
        "  - Anh Hùng đi công tác đầu tháng 12, phản hồi video có thể chậm [trung bình, đang mở] "
        "Phương án: Gửi bản dựng thô sớm hai ngày; chị Lan duyệt thay theo ủy quyền đã thống nhất"
    ]
    assert "What we need from you" not in out


def test_text_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    out = demo("harbor-city-bank", "text", capsys)
    lines = out.splitlines()
    assert lines[:10] == [
        "Harbor City Bank — Status update, as of Nov 23, 2026",
        "Health: Off track",
        "  * “App explainer videos delivered” is 10 days overdue (due Nov 13, 2026)",
        "  * “Year-end savings landing page live” is 3 days overdue (due Nov 20, 2026)",
        "  * approval of “Year-end savings landing page live” has waited 6 business days "
        "(agreed: 3)",
        "  * “Compliance-approved savings rates and disclaimers” from the client is 10 days late",
        "  * escalated risk: Compliance review takes two weeks per asset and is blocking the "
        "savings campaign",
        "  * high-impact risk open: Explainer videos are late because the screen recordings "
        "needed the new app build",
        "  * Social posts: 28 of 30 used",
        # The contract's end and the low CSAT are the agency's, not the client's.
        "Done in the last 14 days",
    ]
    needed = section(out, "What we need from you")
    assert len(needed) == 11  # 7 late, then 4 not yet due
    assert needed[0] == (
        "  - Question: Can the promotional rate be shown in paid social ads? (Grace Liu), "
        "Due Nov 13, 2026 [late]"
    )
    assert needed[3] == (
        "  - Approval: Year-end savings landing page live (Elaine Porter), Due Nov 18, 2026 [late]"
    )
    assert needed[-1] == (
        "  - Question: Will the bank extend the contract past December 15? (Victor Huang), "
        "Due Dec 8, 2026"
    )
    assert "Renewal at risk" not in out  # the internal risk
    assert "Chúng tôi cần anh/chị" not in out


def test_text_on_track(capsys: pytest.CaptureFixture[str]) -> None:
    out = demo("northwind-outdoors", "text", capsys)
    assert out.splitlines()[:3] == [
        "Northwind Outdoors — Status update, as of Nov 23, 2026",
        "Health: On track",
        "  * milestones on schedule, nothing waiting too long",
    ]
    assert section(out, "What we need from you")[0] == (
        "  - Action: Send feedback on the landing page wireframe (Marco Reyes), Due Nov 24, 2026"
    )


@pytest.mark.parametrize(
    ("slug", "headings"),
    [
        (
            "lotus-tea-house",
            [
                "## Cập nhật tình hình — ngày 23 thg 11, 2026",
                "### Đã hoàn thành trong 14 ngày qua",
                "### Đang thực hiện",
                "### Rủi ro và phương án",
                "### Bước tiếp theo",
                "### Chúng tôi cần anh/chị",
            ],
        ),
        (
            "northwind-outdoors",
            [
                "## Status update — as of Nov 23, 2026",
                "### Done in the last 14 days",
                "### In progress",
                "### Risks and options",
                "### Next steps",
                "### What we need from you",
            ],
        ),
    ],
)
def test_markdown_headings(
    capsys: pytest.CaptureFixture[str], slug: str, headings: list[str]
) -> None:
    out = demo(slug, "md", capsys)
    found = [line for line in out.splitlines() if line.startswith("#")]
    # The six parts of the status update, in order (other sections may come between).
    assert [line for line in found if line in headings] == headings


def test_markdown_marks_late_needs(capsys: pytest.CaptureFixture[str]) -> None:
    out = demo("harbor-city-bank", "md", capsys)
    assert '<div class="aep-health aep-red" markdown>' in out
    assert "**Health: Off track**" in out
    assert (
        "- Approval: **Year-end savings landing page live** — Elaine Porter — Due Nov 18, 2026 "
        '(asked Nov 13, 2026) · <span class="aep-state aep-overdue">late</span>'
    ) in out.splitlines()
    late = [line for line in out.splitlines() if line.endswith(">late</span>")]
    assert len(late) == 7


JSON_KEYS = {
    "account",
    "name",
    "language",
    "today",
    "health",
    "reasons",
    "done",
    "in_progress",
    "overdue",
    "risks",
    "next_steps",
    "needed_from_client",
    "scope",
}  # the KPIs are the agency's: only `--audience internal` adds "kpis"


@pytest.mark.parametrize(
    ("slug", "language", "health", "codes"),
    [
        ("lotus-tea-house", "vi", "green", ["on_track"]),
        ("northwind-outdoors", "en", "green", ["on_track"]),
        (
            "harbor-city-bank",
            "en",
            "red",
            [
                "milestone_overdue",
                "milestone_overdue",
                "approval_past_sla",
                "input_late",
                "risk_escalated",
                "risk_high",
                "scope_nearly_used",
            ],  # contract_ending and csat_low are the agency's (--audience internal)
        ),
    ],
)
def test_json(
    capsys: pytest.CaptureFixture[str], slug: str, language: str, health: str, codes: list[str]
) -> None:
    doc = json.loads(demo(slug, "json", capsys))
    assert set(doc) == JSON_KEYS
    assert (doc["account"], doc["language"], doc["today"], doc["health"]) == (
        slug,
        language,
        TODAY,
        health,
    )
    assert [r["code"] for r in doc["reasons"]] == codes


def test_json_values(capsys: pytest.CaptureFixture[str]) -> None:
    doc: dict[str, Any] = json.loads(demo("harbor-city-bank", "json", capsys))
    assert doc["reasons"][0] == {
        "level": "red",
        "code": "milestone_overdue",
        "text": "“App explainer videos delivered” is 10 days overdue (due Nov 13, 2026)",
    }
    assert [(i["ref"], i["date"], i["late_days"]) for i in doc["overdue"]] == [
        ("explainer-videos", "2026-11-13", 10),
        ("savings-page", "2026-11-20", 3),
    ]
    assert doc["needed_from_client"][3] == {
        "kind": "approval",
        "text": "Year-end savings landing page live",
        "owner": "elaine",
        "due": "2026-11-18",  # sent Fri 11-13 + 3 business days
        "since": "2026-11-13",
        "late": True,
        "ref": "savings-page",
    }
    assert doc["scope"][1] == {
        "item": "social-post",
        "name": "Social posts",
        "contracted": 30,
        "added": 0,
        "used": 28,  # 18 + 10; the 12 branch-opening posts wait on proposed cr-002
        "pending": 12,
        "remaining": 2,
        "overrun": 0,
        "revision_rounds_used": 2,
        "revision_rounds_contracted": 2,
    }
    assert "kpis" not in doc
    assert [r["id"] for r in doc["risks"]] == [
        "compliance-bottleneck",
        "video-delay",
        "social-allowance",
    ]


def test_vietnamese_json_keeps_its_letters(capsys: pytest.CaptureFixture[str]) -> None:
    out = demo("lotus-tea-house", "json", capsys)
    assert "Bộ POSM Tết cho 18 cửa hàng" in out  # not \\u escapes
    doc = json.loads(out)
    assert doc["reasons"] == [
        {
            "level": "green",
            "code": "on_track",
            "text": "các mốc đúng tiến độ, không có việc chờ quá lâu",
        }
    ]


def test_internal_audience_on_the_demo(capsys: pytest.CaptureFixture[str]) -> None:
    client = json.loads(demo("harbor-city-bank", "json", capsys))
    code, out, _ = status(
        "harbor-city-bank", REPO, capsys, "--format", "json", "--audience", "internal"
    )
    internal = json.loads(out)
    assert code == 0
    assert [r["id"] for r in internal["risks"]] == [
        "compliance-bottleneck",
        "video-delay",
        "renewal-at-risk",
        "social-allowance",
    ]
    assert "kpis" not in client
    k = internal["kpis"]
    assert (k["milestones_done"], k["milestones_on_time"], k["open_risks"]) == (3, 1, 4)
    assert (k["csat"], k["csat_scale"], k["days_to_contract_end"]) == (3.2, 5, 22)
    assert [r["code"] for r in internal["reasons"]].count("risk_high") == 2


# --- privacy: planted markers -------------------------------------------------------------

MARKER = re.compile(r"\b(ALPHA|BETA)-(CLIENT|INT)-[A-Z-]*[A-Z]")


@pytest.fixture(scope="module", params=["files", "git"])
def planted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two accounts with markers everywhere; with "git", committed, so history is read too."""
    files = {**account_files("alpha-co", "ALPHA"), **account_files("beta-co", "BETA", "vi")}
    root = write_repo(tmp_path_factory.mktemp("planted"), files)
    if request.param == "git":
        repo = git.Repo.init(root)
        repo.index.add(sorted(files))
        who = git.Actor("Sam Agency", "sam@agency.example")
        when = "Fri, 20 Nov 2026 10:00:00 +0000"
        repo.index.commit("Accounts", author=who, committer=who, author_date=when, commit_date=when)
        repo.close()
    return root


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("slug", "mark"), [("alpha-co", "ALPHA"), ("beta-co", "BETA")])
@pytest.mark.parametrize("audience", [[], ["--audience", "client"]], ids=["default", "client"])
def test_client_audience_shows_nothing_internal(
    planted: Path,
    capsys: pytest.CaptureFixture[str],
    fmt: str,
    slug: str,
    mark: str,
    audience: list[str],
) -> None:
    code, out, err = status(slug, planted, capsys, "--format", fmt, *audience)
    assert (code, err) == (0, "")
    found = {m.group(0) for m in MARKER.finditer(out)}
    assert {m for m in found if "-INT-" in m} == set()
    assert {m.split("-")[0] for m in found} == {mark}  # nothing of the other account
    # What the client may see is there: its risk, its brief, its late input.
    for seen in ("CLIENT-RISK late feedback", "CLIENT-BRIEF launch post", "CLIENT-INPUT logo"):
        assert f"{mark}-{seen}" in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_internal_audience_includes_the_internal_risk(
    planted: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    code, out, err = status("beta-co", planted, capsys, "--format", fmt, "--audience", "internal")
    assert (code, err) == (0, "")
    assert "BETA-INT-RISK margin squeeze" in out
    assert "BETA-INT-MITIGATION renegotiate" in out
    assert "ALPHA-" not in out


# --- failures ------------------------------------------------------------------------------


def test_unknown_account(capsys: pytest.CaptureFixture[str]) -> None:
    assert status("nope", REPO, capsys) == (
        2,
        "",
        "aeportal: no account `nope` (accounts: harbor-city-bank, lotus-tea-house, "
        "northwind-outdoors)\n",
    )


def test_accounts_with_errors_print_the_report_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {**account_files("alpha-co", "ALPHA"), **account_files("beta-co", "BETA", "vi")}
    files["accounts/alpha-co/briefs/broken.md"] = (
        "---\ntitle: Broken brief\nscope: nope\nowner: sam\n---\nBody.\n"
    )
    root = write_repo(tmp_path, files)
    # An error in any account stops the status of every account, beta-co's included.
    for slug in ("alpha-co", "beta-co"):
        code, out, err = status(slug, root, capsys)
        assert (code, out) == (2, "")
        lines = err.splitlines()
        assert lines[0].endswith(
            "accounts/alpha-co/briefs/broken.md:3:8: error REF003 `nope` is not a known scope item"
        )
        assert lines[-2:] == [
            "2 accounts checked: 1 error, 0 warnings in 1 file",
            "aeportal: the accounts have errors; fix them first (aeportal validate)",
        ]


def test_missing_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing"
    assert status("acme", missing, capsys) == (
        2,
        "",
        f"aeportal: {missing}: no such file or folder\n",
    )


def test_a_date_in_another_form(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["status", "lotus-tea-house", "--repo", str(REPO), "--today", "23/11/2026"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.startswith("aeportal: ")
    assert "'23/11/2026' is not a date in the form YYYY-MM-DD" in err
    assert "Traceback" not in err
