"""`aeportal email`: an RFC 5322 status update, in the account's language, with nothing internal."""

from __future__ import annotations

import email.policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

from aeportal.cli.commands import main
from portal_fixtures import TODAY, account_files, write_repo

URL = "https://portals.example/clients/alpha-co/"


def files(**changes: tuple[str, str]) -> dict[str, str]:
    """Three accounts (beta-co in Vietnamese); ``changes`` edit alpha-co's account.yml once each."""
    out = {
        **account_files("alpha-co", "ALPHA"),
        **account_files("beta-co", "BETA", "vi"),
        **account_files("gamma-co", "GAMMA"),
    }
    path = "accounts/alpha-co/account.yml"
    for old, new in changes.values():
        assert out[path].count(old) == 1, old
        out[path] = out[path].replace(old, new)
    return out


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return write_repo(tmp_path / "repo", files())


def run(
    capsys: pytest.CaptureFixture[str], root: Path, slug: str, *extra: str
) -> tuple[int, str, str]:
    code = main(["email", slug, "--repo", str(root), "--today", TODAY, *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def parse(data: bytes) -> EmailMessage:
    message = BytesParser(policy=email.policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)
    return message


def written(capsys: pytest.CaptureFixture[str], root: Path, slug: str, *extra: str) -> bytes:
    out_file = root / f"{slug}.eml"
    code, out, err = run(capsys, root, slug, "--out", str(out_file), *extra)
    assert (code, out, err) == (0, f"wrote {out_file}\n", "")
    return out_file.read_bytes()


def parts(message: EmailMessage) -> tuple[str, str]:
    """The text and HTML of a message, with line ends as a mail client shows them."""
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    assert isinstance(plain, EmailMessage) and isinstance(html, EmailMessage)
    # Encoded text keeps the line ends of the file it was read from (CRLF when written --out).
    return plain.get_content().replace("\r\n", "\n"), html.get_content().replace("\r\n", "\n")


def test_headers(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    message = parse(written(capsys, repo, "alpha-co"))
    assert message["Subject"] == "Alpha Client Co — status update, Nov 23, 2026"
    assert message["From"] == "Sam Agency <sam@agency.example>"
    assert message["To"] == "Alphaperson Contact <cmo@alpha.example>"
    assert message["Date"] == "Mon, 23 Nov 2026 00:00:00 +0000"
    assert message["Message-ID"] == "<status.2026-11-23.alpha-co@aeportal>"
    assert message["Content-Language"] == "en"
    assert message.get_content_type() == "multipart/alternative"
    kinds = [p.get_content_type() for p in message.iter_parts()]
    assert kinds == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in message.iter_parts())


def test_the_same_day_gives_the_same_message(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    first = written(capsys, repo, "alpha-co")
    assert written(capsys, repo, "alpha-co") == first
    assert first.count(b"\r\n") == first.count(b"\n")  # SMTP line ends
    later = main(["email", "alpha-co", "--repo", str(repo), "--today", "2026-11-24"])
    out, _ = capsys.readouterr()
    assert later == 0
    assert "Message-ID: <status.2026-11-24.alpha-co@aeportal>" in out


def test_text_part_is_the_status_update(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    text, _ = parts(parse(written(capsys, repo, "alpha-co", "--portal-url", URL)))
    assert text.startswith("Alpha Client Co — Status update, as of Nov 23, 2026\nHealth: ")
    assert "  - ALPHA-CLIENT-BRIEF launch post (Sam Agency), Dec 1, 2026 [in production]\n" in text
    assert text.endswith(f"\n\nThe details, documents and timeline are on your portal ({URL}).\n")


def test_html_part_is_styled_inline_and_links_the_portal(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    _, html = parts(parse(written(capsys, repo, "alpha-co", "--portal-url", URL)))
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<title>Alpha Client Co — status update, Nov 23, 2026</title>" in html
    assert "<h2 " in html and "<strong>ALPHA-CLIENT-BRIEF launch post</strong>" in html
    assert f'on <a style="color: #0d47a1;" href="{URL}">your portal</a>.</p>' in html
    # Nothing a mail client would drop or fetch: no classes, style sheets, images or fonts.
    for absent in ("class=", "<link", "<style", "<img", "@import", "@font-face", "<script"):
        assert absent not in html
    assert html.count("http") == 1
    assert 'style="background: #e3f2fd; color: #0d47a1;' in html  # “in production”


def test_without_portal_url_the_mail_points_at_the_portal_in_words(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    text, html = parts(parse(written(capsys, repo, "alpha-co")))
    assert text.endswith("\n\nThe details, documents and timeline are on your portal.\n")
    assert "<p>The details, documents and timeline are on your portal.</p>" in html.replace(
        '<p style="margin: 6px 0;">', "<p>"
    )
    assert "<a " not in html


def test_vietnamese_account_gives_a_vietnamese_mail(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    message = parse(written(capsys, repo, "beta-co"))
    assert message["Subject"] == "Beta Client Co — cập nhật tình hình, 23 thg 11, 2026"
    assert message["Content-Language"] == "vi"
    text, html = parts(message)
    assert text.startswith(
        "Beta Client Co — Cập nhật tình hình, ngày 23 thg 11, 2026\nTình trạng: "
    )
    assert "Bước tiếp theo\n" in text
    assert text.endswith(
        "\n\nChi tiết, tài liệu và tiến độ có trên cổng thông tin dự án của anh/chị.\n"
    )
    assert '<html lang="vi">' in html
    assert ">Chúng tôi cần anh/chị</h3>" in html


@pytest.mark.parametrize("slug", ["alpha-co", "beta-co"])
def test_nothing_internal_and_no_other_client(
    capsys: pytest.CaptureFixture[str], repo: Path, slug: str
) -> None:
    data = written(capsys, repo, slug)
    text, html = parts(parse(data))
    raw = data.decode("ascii")  # every header and part is 7-bit encoded
    for shown in (text, html, raw):
        assert "-INT-" not in shown
        assert "margin is thin" not in shown and "upsell" not in shown
    other = "BETA" if slug == "alpha-co" else "ALPHA"
    assert other not in text + html
    mark = slug.split("-")[0].upper()
    assert f"{mark}-CLIENT-BRIEF launch post" in text


def test_stdout_without_out(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    code, out, err = run(capsys, repo, "alpha-co")
    assert (code, err) == (0, "")
    assert "\r" not in out
    message = parse(out.encode("ascii"))
    assert message["Subject"] == "Alpha Client Co — status update, Nov 23, 2026"
    assert parts(message) == parts(parse(written(capsys, repo, "alpha-co")))


def test_sender_and_recipients_fall_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    changed = files(
        role=("role: Account Executive", "role: Producer"),
        contact=(
            "email: cmo@alpha.example,\n       approver: true}",
            "approver: true}\n"
            "    - {id: ops, name: Ops Person, email: ops@alpha.example}\n"
            "    - {id: fin, name: Fin Person, email: fin@alpha.example}",
        ),
    )
    root = write_repo(tmp_path / "repo", changed)
    message = parse(written(capsys, root, "alpha-co"))
    assert message["From"] == "Sam Agency <sam@agency.example>"
    # The approver has no e-mail address: every contact that has one.
    assert message["To"] == "Ops Person <ops@alpha.example>, Fin Person <fin@alpha.example>"


def test_exit_1_when_the_accounts_have_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = write_repo(tmp_path / "repo", files(due=("due: 2026-09-05}", "due: 05/09/2026}")))
    out_file = root / "alpha.eml"
    code, out, err = run(capsys, root, "alpha-co", "--out", str(out_file))
    assert code == 1
    assert out == ""
    assert " error SCHEMA005 " in err
    assert err.endswith("aeportal: no e-mail written; fix the errors first (aeportal validate)\n")
    assert not out_file.exists()


def test_exit_2_for_an_unknown_account(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    code, out, err = run(capsys, repo, "nope")
    assert (code, out) == (2, "")
    assert err == "aeportal: no account `nope` (accounts: alpha-co, beta-co, gamma-co)\n"


def test_exit_2_for_a_bad_date(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    code = main(["email", "alpha-co", "--repo", str(repo), "--today", "23/11/2026"])
    _, err = capsys.readouterr()
    assert code == 2
    assert "not a date in the form YYYY-MM-DD" in err
