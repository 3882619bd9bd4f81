"""`aeportal new` and `aeportal init`: one command per new file, valid at once, never replaced."""

from __future__ import annotations

import datetime as dt
import glob
import io
import json
import os
import re
import shutil
import sys
import tomllib
import unicodedata
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path

import pytest
import yaml

from aeportal import model
from aeportal.cli.commands import main
from aeportal.cli.scaffold import account_executive, mkdocs_config, yaml_value
from aeportal.load.schema import slugify
from conftest import TODAY, VALID
from test_docs import CLI, read, sections

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "scripts" / "aeportal"
MakeRepo = Callable[[Mapping[str, str | bytes]], Path]
SCHEMA_LINE = "# yaml-language-server: $schema=../../../docs/schemas/{}.schema.json"


class _Terminal(io.StringIO):
    """Standard input as a person at a terminal: answers, one per line."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("nothing may read this\n"))


@pytest.fixture
def acme(make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch, no_terminal: None) -> Path:
    """The valid `acme` repository, as the working folder, with no terminal attached."""
    root = make_repo(VALID)
    monkeypatch.chdir(root)
    return root


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def validate_json(root: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    status, out, _ = run(["validate", str(root), "--today", TODAY, "--format", "json"], capsys)
    doc: dict[str, object] = json.loads(out)
    assert status == 0, doc
    return doc


def front(path: Path) -> tuple[list[str], dict[str, object]]:
    """The front matter of a document: its lines and what they say."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    block = text[4 : text.index("\n---\n", 4)]
    return block.splitlines(), yaml.safe_load(block)


# --- ids from titles -----------------------------------------------------------

VIETNAMESE = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Kế hoạch Tết 2027", "ke-hoach-tet-2027"),
        ("Đường", "duong"),
        ("đường ĐI", "duong-di"),
        (
            "Key visual Tết Đinh Mùi 2027 — “Về nhà uống trà”",
            "key-visual-tet-dinh-mui-2027-ve-nha-uong-tra",
        ),
        ("Ðà Lạt (Ð written as eth)", "da-lat-d-written-as-eth"),
        ("  Bài đăng #1: Trung thu!  ", "bai-dang-1-trung-thu"),
        ("!!!", ""),
    ],
)
def test_slugify_vietnamese_titles(title: str, slug: str) -> None:
    assert slugify(title) == slug


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_slugify_strips_every_vietnamese_mark(form: str) -> None:
    for letter in VIETNAMESE + VIETNAMESE.upper() + "đĐ":
        written = unicodedata.normalize(form, letter)
        base = unicodedata.normalize("NFD", letter)[0].lower()
        assert slugify(written) == {"đ": "d"}.get(base, base), letter


def test_slugify_keeps_ids_short_and_clean() -> None:
    slug = slugify("Chiến dịch " * 20)
    assert len(slug) <= 63 and not slug.endswith("-")
    assert re.match(model.SLUG_PATTERN, slug)


@pytest.mark.parametrize(
    "text",
    [
        "no",
        "on",
        "12:30",
        "1.10",
        "a: b",
        "x, y",
        "#1 post",
        "Kế hoạch: Tết",
        "@home",
        "[x]",
        "'quoted'",
        'say "hi"',
        "null",
        "2026-11-23",
        "Tom & Jerry's <launch>",
        "- dash",
    ],
)
def test_yaml_values_read_back_as_written_in_block_and_flow(text: str) -> None:
    assert yaml.safe_load(f"k: {yaml_value(text)}") == {"k": text}
    assert yaml.safe_load(f"{{k: {yaml_value(text)}, n: 1}}") == {"k": text, "n": 1}


# --- new brief -----------------------------------------------------------------


def test_new_brief_takes_its_defaults_from_the_account(acme: Path, capsys) -> None:
    status, out, err = run(["new", "brief", "acme", "Kế hoạch Tết 2027", "--today", TODAY], capsys)
    path = acme / "accounts/acme/briefs/ke-hoach-tet-2027.md"
    assert (status, err) == (0, "")
    assert out.splitlines()[0] == "wrote accounts/acme/briefs/ke-hoach-tet-2027.md"
    assert "next:" in out
    lines, data = front(path)
    assert lines[0] == SCHEMA_LINE.format("brief")
    assert data == {
        "title": "Kế hoạch Tết 2027",
        "scope": "social-post",  # the first scope item
        "quantity": 1,
        "status": "draft",
        "owner": "minh",  # the Account Executive
        "objectives": [],
    }
    doc = validate_json(acme, capsys)
    assert (doc["errors"], doc["warnings"]) == (0, 0)


def test_new_brief_with_every_option(acme: Path, capsys) -> None:
    argv = ["new", "brief", "acme", "Cold brew: no sugar, #1", "--scope", "video"]
    argv += ["--owner", "hoa", "--due", "2026-12-24", "--repo", str(acme), "--today", TODAY]
    assert run(argv, capsys)[0] == 0
    _, data = front(acme / "accounts/acme/briefs/cold-brew-no-sugar-1.md")
    assert (data["title"], data["scope"], data["owner"]) == (
        "Cold brew: no sugar, #1",
        "video",
        "hoa",
    )
    assert str(data["due"]) == "2026-12-24"
    validate_json(acme, capsys)


def test_new_never_overwrites(acme: Path, capsys) -> None:
    argv = ["new", "brief", "acme", "Launch post", "--today", TODAY]
    path = acme / "accounts/acme/briefs/launch-post.md"
    before = path.read_bytes()
    status, out, err = run(argv, capsys)
    assert (status, out) == (1, "")
    assert err == (
        "aeportal: accounts/acme/briefs/launch-post.md already exists; nothing was written "
        "(choose another title, or edit that file)\n"
    )
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["launch-post.md"]  # no launch-post-2


@pytest.mark.parametrize("kind", ["brief", "meeting", "change"])
def test_an_unknown_account_is_a_usage_error(acme: Path, capsys, kind: str) -> None:
    status, out, err = run(["new", kind, "acne", "Title"], capsys)
    assert (status, out, err) == (2, "", "aeportal: no account `acne` (accounts: acme)\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--scope", "posters"],
            "--scope: `posters` is not a scope item of the account (known: social-post, video)",
        ),
        (
            ["--owner", "bob"],
            "--owner: `bob` is not a person of the account (known: lan, hoa, minh)",
        ),
        (
            ["--due", "24/12/2026"],
            "new brief: argument --due: '24/12/2026' is not a date in the form YYYY-MM-DD",
        ),
    ],
)
def test_a_bad_option_is_a_usage_error(acme: Path, capsys, argv: list[str], message: str) -> None:
    status, _, err = run(["new", "brief", "acme", "Poster", *argv], capsys)
    assert (status, err) == (2, f"aeportal: {message}\n")
    assert not (acme / "accounts/acme/briefs/poster.md").exists()


def test_without_a_terminal_nothing_is_asked(acme: Path, capsys) -> None:
    status, out, err = run(["new", "brief", "acme"], capsys)
    assert (status, out) == (2, "")
    assert err == (
        "aeportal: TITLE is missing: give it, as in "
        '`aeportal new brief acme "Title of the brief"` (it is asked for only at a terminal)\n'
    )
    assert sys.stdin.read() == "nothing may read this\n"


def test_at_a_terminal_missing_values_are_asked(
    acme: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Title; a scope item that does not exist, then one that does; Enter keeps the owner; due.
    monkeypatch.setattr(sys, "stdin", _Terminal("Video Tết\nposters\nvideo\n\n2026-12-20\n"))
    status, _, err = run(["new", "brief", "acme", "--today", TODAY], capsys)
    assert status == 0, err
    assert err == (
        "Title of the brief: "
        "Scope item (social-post, video) [social-post]: "
        "`posters` is not a scope item of the account (known: social-post, video); "
        "scope item (social-post, video) [social-post]: "
        "Owner (lan, hoa, minh) [minh]: "
        "Due date (YYYY-MM-DD, empty for none): "
    )
    _, data = front(acme / "accounts/acme/briefs/video-tet.md")
    assert (data["scope"], data["owner"], str(data["due"])) == ("video", "minh", "2026-12-20")


def test_a_brief_past_the_scope_is_reported_at_once(acme: Path, capsys) -> None:
    argv = ["new", "brief", "acme", "--scope", "video", "--today", TODAY]
    assert run([*argv[:3], "Video one", *argv[3:]], capsys)[0] == 0
    status, _, err = run([*argv[:3], "Video two", *argv[3:]], capsys)  # 2 of 2: a warning
    assert status == 0
    assert "warning SCOPE004 `video` is 100% used: 2 of 2" in err
    status, out, err = run([*argv[:3], "Video three", *argv[3:]], capsys)  # 3 of 2: an error
    assert status == 1
    assert out == "wrote accounts/acme/briefs/video-three.md\n"
    assert "error SCOPE001" in err
    assert err.endswith("aeportal: written, but it does not validate: fix the lines above\n")
    assert (acme / "accounts/acme/briefs/video-three.md").exists()


def test_an_agency_starter_replaces_the_packaged_one_unescaped(acme: Path, capsys) -> None:
    starter = acme / "templates/starters/brief.md.j2"
    starter.parent.mkdir(parents=True)
    starter.write_text(
        "---\ntitle: {{ title|yaml }}\nowner: {{ owner }}\n---\n\n## Agency brief\n\n{{ title }}\n",
        encoding="utf-8",
    )
    assert run(["new", "brief", "acme", "Tom & Jerry's <launch>", "--today", TODAY], capsys)[0] == 0
    text = (acme / "accounts/acme/briefs/tom-jerry-s-launch.md").read_text(encoding="utf-8")
    assert text == (
        "---\ntitle: Tom & Jerry's <launch>\nowner: minh\n---\n\n"
        "## Agency brief\n\nTom & Jerry's <launch>\n"
    )


def test_a_broken_agency_starter_fails_after_writing(acme: Path, capsys) -> None:
    starter = acme / "templates/starters/brief.md.j2"
    starter.parent.mkdir(parents=True)
    starter.write_text("---\ntitle: {{ title|yaml }}\n---\nNo owner.\n", encoding="utf-8")
    status, _, err = run(["new", "brief", "acme", "Poster", "--today", TODAY], capsys)
    assert status == 1
    assert "accounts/acme/briefs/poster.md:2:1: error SCHEMA002" in err


# --- new meeting and new change --------------------------------------------------


def test_new_meeting_is_named_after_its_date_and_title(acme: Path, capsys) -> None:
    assert run(["new", "meeting", "acme", "--today", TODAY], capsys)[0] == 0
    assert run(["new", "meeting", "acme", "Họp duyệt KV", "--date", "2026-11-20"], capsys)[0] == 0
    lines, data = front(acme / "accounts/acme/meetings/2026-11-23-status-meeting.md")
    assert lines[0] == SCHEMA_LINE.format("meeting")
    assert (data["title"], str(data["date"]), data["attendees"]) == (
        "Status meeting",
        TODAY,
        ["minh"],
    )
    _, data = front(acme / "accounts/acme/meetings/2026-11-20-hop-duyet-kv.md")
    assert (data["title"], str(data["date"])) == ("Họp duyệt KV", "2026-11-20")
    validate_json(acme, capsys)


def test_new_change_is_numbered_and_asked_by_the_approver(acme: Path, capsys) -> None:
    (acme / "accounts/acme/changes").mkdir()
    (acme / "accounts/acme/changes/cr-007-old.md").write_text(
        "---\ntitle: Old\nrequested_by: lan\nrequested_on: 2026-02-01\n---\n", encoding="utf-8"
    )
    argv = ["new", "change", "acme", "Hai video thêm", "--scope", "video", "--quantity", "2"]
    assert run([*argv, "--today", TODAY], capsys)[0] == 0
    assert run(["new", "change", "acme", "Extra round", "--today", TODAY], capsys)[0] == 0
    lines, data = front(acme / "accounts/acme/changes/cr-008-hai-video-them.md")
    assert lines[0] == SCHEMA_LINE.format("change")
    assert data["adds"] == [{"scope": "video", "quantity": 2}]
    assert (data["requested_by"], str(data["requested_on"]), data["status"]) == (
        "lan",
        TODAY,
        "proposed",
    )
    _, data = front(acme / "accounts/acme/changes/cr-009-extra-round.md")
    assert data["adds"] is None  # nothing added unless asked
    validate_json(acme, capsys)


def test_new_change_quantity_alone_adds_to_the_first_scope_item(acme: Path, capsys) -> None:
    assert run(["new", "change", "acme", "More posts", "--quantity", "3"], capsys)[0] == 0
    _, data = front(acme / "accounts/acme/changes/cr-001-more-posts.md")
    assert data["adds"] == [{"scope": "social-post", "quantity": 3}]
    status, _, err = run(["new", "change", "acme", "None", "--quantity", "0"], capsys)
    assert (status, err) == (2, "aeportal: --quantity: 0 is not a whole number of at least 1\n")


# --- new account -------------------------------------------------------------------


def test_new_account_in_vietnamese_then_every_document(acme: Path, capsys) -> None:
    status, out, err = run(
        ["new", "account", "Trà Đường Phố", "--language", "vi", "--today", TODAY], capsys
    )
    assert (status, err) == (0, "")
    folder = acme / "accounts/tra-duong-pho"
    assert out.splitlines()[:2] == [
        "wrote accounts/tra-duong-pho/account.yml",
        "wrote accounts/tra-duong-pho/timeline.yml",
    ]
    for name, kind in (("account.yml", "account"), ("timeline.yml", "timeline")):
        first = (folder / name).read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../docs/schemas/{kind}.schema.json"
    account = yaml.safe_load((folder / "account.yml").read_text(encoding="utf-8"))
    assert (account["name"], account["language"], account["contract"]["currency"]) == (
        "Trà Đường Phố",
        "vi",
        "VND",
    )
    for argv in (
        ["brief", "tra-duong-pho", "Kế hoạch Tết 2027"],
        ["meeting", "tra-duong-pho"],
        ["change", "tra-duong-pho", "Thêm video: Tết", "--quantity", "2"],
    ):
        assert run(["new", *argv, "--today", TODAY], capsys)[0] == 0
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*.md")) == [
        "briefs/ke-hoach-tet-2027.md",
        "changes/cr-001-them-video-tet.md",
        "meetings/2026-11-23-hop-tien-do.md",
    ]
    assert "## Bối cảnh" in (folder / "briefs/ke-hoach-tet-2027.md").read_text(encoding="utf-8")
    doc = validate_json(acme, capsys)
    assert (doc["accounts"], doc["errors"], doc["warnings"]) == (2, 0, 0)


def test_new_account_refuses_an_existing_account(acme: Path, capsys) -> None:
    before = (acme / "accounts/acme/account.yml").read_bytes()
    status, _, err = run(["new", "account", "Acme", "--today", TODAY], capsys)
    assert (status, err) == (
        1,
        "aeportal: accounts/acme/account.yml already exists; nothing was written "
        "(choose another title, or edit that file)\n",
    )
    assert (acme / "accounts/acme/account.yml").read_bytes() == before
    assert not (acme / "accounts/acme-2").exists()


def test_new_account_fills_a_folder_reported_by_acct001(acme: Path, capsys) -> None:
    (acme / "accounts/beta/briefs").mkdir(parents=True)
    status, out, _ = run(["validate", "--today", TODAY], capsys)
    assert status == 1 and "ACCT001" in out and "aeportal new account NAME --slug beta" in out
    assert run(["new", "account", "Beta Co", "--slug", "beta", "--today", TODAY], capsys)[0] == 0
    validate_json(acme, capsys)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--slug", "Beta Co"],
            "--slug: `Beta Co` is not an id (lowercase letters, digits and "
            "dashes, at most 63 characters), e.g. `beta-co`",
        ),
        (
            ["--language", "fr"],
            "new account: argument --language: invalid choice: 'fr' (choose from 'vi', 'en')",
        ),
    ],
)
def test_new_account_bad_options(acme: Path, capsys, argv: list[str], message: str) -> None:
    status, _, err = run(["new", "account", "Beta", *argv], capsys)
    assert (status, err) == (2, f"aeportal: {message}\n")


def test_new_account_needs_a_name_and_a_repository(acme: Path, tmp_path: Path, capsys) -> None:
    status, _, err = run(["new", "account"], capsys)
    assert (status, err) == (
        2,
        'aeportal: NAME is missing: give it, as in `aeportal new account "Client name"` '
        "(it is asked for only at a terminal)\n",
    )
    status, _, err = run(["new", "account", "Beta", "--repo", str(tmp_path / "none")], capsys)
    assert status == 2 and "no accounts/ folder here" in err


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        (["Account Director", "Account Executive", "Designer"], "m1"),
        (["Trưởng nhóm khách hàng", "Chuyên viên khách hàng (AE)"], "m1"),
        (["Designer", "Account Director"], "m1"),
        (["Designer", "Copywriter"], "m0"),
        ([], None),
    ],
)
def test_the_account_executive_is_found_by_role(roles: list[str], expected: str | None) -> None:
    team = tuple(model.TeamMember(id=f"m{i}", name=f"M {i}", role=r) for i, r in enumerate(roles))
    account = model.Account(
        name="A",
        client=model.Client(company="A"),
        team=team,
        contract=model.Contract(id="c", start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)),
        approval=model.ApprovalPolicy(),
    )
    assert account_executive(account) == expected


# --- init ----------------------------------------------------------------------------


@pytest.fixture
def agency(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_terminal: None, capsys) -> Path:
    target = tmp_path / "agency"
    monkeypatch.chdir(tmp_path)
    status, out, err = run(["init", "agency", "--today", TODAY], capsys)
    assert (status, err) == (0, "")
    assert out.startswith("created an AE Portal repository in agency (")
    monkeypatch.chdir(target)
    return target


def test_init_validates_and_builds_at_once(agency: Path, capsys) -> None:
    status, out, _ = run(["validate", "--today", TODAY], capsys)
    assert (status, out) == (0, "1 account checked: no problems\n")
    status, out, _ = run(
        ["build", "--no-history", "--today", TODAY, "--quiet", "--jobs", "1"], capsys
    )
    assert status == 0
    assert (agency / "site/clients/example-client/index.html").is_file()
    assert run(["audit"], capsys)[:2] == (0, "1 client sites audited: no leaks\n")


def test_init_example_offers_the_client_approve_buttons(agency: Path, capsys) -> None:
    status, _, _ = run(["build", "--today", TODAY, "--quiet", "--jobs", "1"], capsys)
    assert status == 0
    client = agency / "site/clients/example-client"
    (brief,) = client.glob("briefs/*/index.html")
    (change,) = client.glob("changes/*/index.html")
    for page in (brief, change):
        html = page.read_text(encoding="utf-8")
        assert html.count('href="mailto:ae@agency.example?subject=') == 2  # approve, changes


def test_init_example_account_has_every_kind_of_file(agency: Path) -> None:
    folder = agency / "accounts/example-client"
    kinds = {p.parent.name for p in folder.glob("*/*.md")}
    assert kinds == set(model.DOCUMENT_KINDS)
    assert (folder / "account.yml").is_file() and (folder / "timeline.yml").is_file()
    for path in folder.glob("*/*.md"):
        kind = {"briefs": "brief", "changes": "change", "meetings": "meeting"}.get(
            path.parent.name, {"reports": "report", "internal": "note"}.get(path.parent.name)
        )
        assert front(path)[0][0] == SCHEMA_LINE.format(kind)
        assert (agency / "docs/schemas" / f"{kind}.schema.json").is_file()


def test_init_writes_the_repository_files(agency: Path, capsys) -> None:
    assert (agency / "mkdocs.yml").read_text(encoding="utf-8") == mkdocs_config()
    assert mkdocs_config() == (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.safe_load(mkdocs_config())
    assert (config["docs_dir"], config["watch"]) == ("templates", ["accounts"])
    ignored = (agency / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"/site/", "/publish/", "credentials*"} <= set(ignored)
    assert (agency / "templates/README.md").read_text(encoding="utf-8").count("starters/") >= 5
    # The tests run an editable install, which no other machine can install from: the file
    # says what to put there, and installs nothing by accident (see tests/test_provenance.py).
    requirements = (agency / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert all(line.startswith("#") for line in requirements)
    assert "#   aeportal==0.1.0" in requirements
    assert run(["schema", "--out", "docs/schemas", "--check"], capsys)[0] == 0
    hooks = yaml.safe_load((agency / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = hooks["repos"]
    (hook,) = repo["hooks"]
    assert repo["repo"] == "local"
    assert (hook["id"], hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "aeportal-validate",
        "aeportal validate",
        "system",
        False,
    )
    assert hook["files"] == "^accounts/"


@pytest.mark.skipif(not shutil.which("git"), reason="git is not installed")
def test_init_makes_a_git_repository_on_main_without_committing(agency: Path) -> None:
    import git

    repo = git.Repo(agency)
    assert repo.head.ref.name == "main"
    assert not repo.head.is_valid()  # nothing committed
    assert "site" not in repo.untracked_files


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "agency").mkdir()
    (tmp_path / "agency/notes.txt").write_text("mine", encoding="utf-8")
    status, out, err = run(["init", "agency", "--no-git"], capsys)
    assert (status, out) == (1, "")
    assert err == (
        "aeportal: agency is not empty; give a new or empty folder (nothing was written)\n"
    )
    assert [p.name for p in (tmp_path / "agency").iterdir()] == ["notes.txt"]


def test_init_in_vietnamese_into_an_empty_folder(tmp_path: Path, capsys, monkeypatch) -> None:
    (tmp_path / "agency").mkdir()
    monkeypatch.chdir(tmp_path / "agency")
    status, out, _ = run(["init", ".", "--language", "vi", "--no-git", "--today", TODAY], capsys)
    assert status == 0
    assert "git: not set up (--no-git)" in out
    assert not (tmp_path / "agency/.git").exists()
    account = yaml.safe_load(Path("accounts/khach-hang-mau/account.yml").read_text("utf-8"))
    assert (account["name"], account["language"]) == ("Khách hàng mẫu", "vi")
    assert run(["validate", "--today", TODAY], capsys)[:2] == (
        0,
        "1 account checked: no problems\n",
    )


# --- packaging and docs ------------------------------------------------------------


def _package_data_globs() -> list[str]:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    globs: list[str] = pyproject["tool"]["setuptools"]["package-data"]["aeportal"]
    return globs


def test_package_data_holds_every_template_even_hidden_ones() -> None:
    # setuptools expands package-data with glob(recursive=True), which skips dot-names.
    shipped = {
        os.path.normpath(found)
        for pattern in _package_data_globs()
        for found in glob.glob(pattern, root_dir=PACKAGE, recursive=True)  # noqa: PTH207
        if (PACKAGE / found).is_file()
    }
    templates = {
        os.path.relpath(Path(folder, name), PACKAGE)
        for folder, _, names in os.walk(PACKAGE / "render" / "templates")
        for name in names
        if "__pycache__" not in folder
    }
    assert templates - shipped == set()
    assert {
        "render/templates/init/.gitignore",
        "render/templates/init/.github/workflows/portal.yml",
    } <= shipped


def test_the_init_skeleton_is_found_as_package_resources() -> None:
    init = resources.files("aeportal") / "render" / "templates" / "init"
    for rel in (
        ".gitignore",
        ".pre-commit-config.yaml",
        ".github/workflows/portal.yml",
        ".github/workflows/updates.yml",
        ".github/pull_request_template.md",
        "templates/README.md",
    ):
        entry = init
        for part in rel.split("/"):
            entry = entry / part
        assert entry.is_file(), rel
    starters = resources.files("aeportal") / "render" / "templates" / "starters"
    names = {entry.name for entry in starters.iterdir()}
    assert {"account.yml.j2", "timeline.yml.j2", "brief.md.j2", "meeting.md.j2"} <= names
    assert "change.md.j2" in names


def _new_parsers() -> dict[str, object]:
    import argparse

    from aeportal.cli.commands import build_parser

    parser = build_parser()
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    new = sub.choices["new"]
    (kinds,) = (a for a in new._actions if isinstance(a, argparse._SubParsersAction))
    return dict(kinds.choices)


@pytest.mark.parametrize("kind", ["account", "brief", "meeting", "change"])
def test_every_option_of_every_new_kind_is_documented(kind: str) -> None:
    import argparse

    section = sections(read(CLI), 2)["aeportal new"]
    assert f"### new {kind}\n" in section
    parser = _new_parsers()[kind]
    assert isinstance(parser, argparse.ArgumentParser)
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        name = max(action.option_strings, key=len) if action.option_strings else action.dest
        assert f"`{name if action.option_strings else name.upper()}" in section, (kind, name)
