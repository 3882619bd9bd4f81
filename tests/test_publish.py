"""`aeportal publish`: credentials, htpasswd files, the nginx config, and a real nginx serving it.

The integration tests start Debian's nginx as the current user on 127.0.0.1 and a free
port, with every file it writes under a temporary prefix, and talk to it with urllib.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import socket
import stat
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any

import bcrypt
import git
import pytest

from aeportal.build import search
from aeportal.cli.commands import main
from aeportal.publish.nginx import (
    IMMUTABLE,
    Credential,
    InlineCode,
    Listen,
    PublishError,
    PublishResult,
    content_security_policy,
    env_names,
    htpasswd_line,
    publish,
    read_credentials,
    scan_inline,
)
from portal_fixtures import TODAY, account_files, write_repo
from sample_files import png_with_metadata

NGINX = Path("/usr/sbin/nginx")
TIMEOUT = 10  # seconds, for every request and every wait

PASSWORDS = {
    "clients/alpha-co": ("alpha-co", "alpha-password-1"),
    "clients/beta-co": ("beta-user", "beta-password-22"),
    "internal": ("staff", "staff-password-333"),
}
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
ENV = {
    "AEPORTAL_PASSWORD_ALPHA_CO": "alpha-password-1",
    "AEPORTAL_USER_BETA_CO": "beta-user",
    "AEPORTAL_PASSWORD_BETA_CO": "beta-password-22",
    "AEPORTAL_STAFF_PASSWORD": "staff-password-333",
}
SECURITY = {
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository of two clients, built."""
    files = {**account_files("alpha-co", "ALPHA"), **account_files("beta-co", "BETA", "vi")}
    brief = "accounts/alpha-co/briefs/alpha-launch-post.md"
    files[brief] += "\n[The logo](../assets/logo.svg) ![Key visual](../assets/kv.png)\n"
    root = write_repo(tmp_path_factory.mktemp("repo"), files)
    (root / "accounts/alpha-co/assets").mkdir()
    (root / "accounts/alpha-co/assets/logo.svg").write_bytes(SVG)
    (root / "accounts/alpha-co/assets/kv.png").write_bytes(png_with_metadata("KV", (40, 30)))
    assert main(["build", str(root), "--today", TODAY, "--quiet", "--jobs", "1"]) == 0
    return root / "site"


def _publish(site: Path, out: Path, **kw: Any) -> PublishResult:
    kw.setdefault("env", ENV)
    kw.setdefault("rounds", 4)  # bcrypt's least work: the tests check hashes, not their cost
    return publish(site, out, **kw)


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


# --- credentials and htpasswd files --------------------------------------------


def test_env_names_use_upper_case_and_underscores() -> None:
    assert env_names("lotus-tea-house") == (
        "AEPORTAL_USER_LOTUS_TEA_HOUSE",
        "AEPORTAL_PASSWORD_LOTUS_TEA_HOUSE",
    )


def test_htpasswd_line_is_a_bcrypt_hash_that_verifies() -> None:
    line = htpasswd_line(Credential("lan", "a long password", "test"), rounds=4)
    user, hashed = line.rstrip("\n").split(":", 1)
    assert user == "lan"
    assert hashed.startswith("$2b$04$")
    assert bcrypt.checkpw(b"a long password", hashed.encode())
    assert not bcrypt.checkpw(b"a long passwort", hashed.encode())


def test_publish_writes_one_htpasswd_per_portal_mode_0600(site: Path, tmp_path: Path) -> None:
    result = _publish(site, tmp_path / "publish")
    out = result.out
    assert [t.key for t in result.targets] == ["clients/alpha-co", "clients/beta-co", "internal"]
    assert result.users == {key: user for key, (user, _) in PASSWORDS.items()}
    for key, (user, password) in PASSWORDS.items():
        path = out / ("htpasswd/staff" if key == "internal" else f"htpasswd/{key}")
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        (line,) = path.read_text().splitlines()
        name, hashed = line.split(":", 1)
        assert name == user
        assert bcrypt.checkpw(password.encode(), hashed.encode())
    for folder in (out / "htpasswd", out / "htpasswd/clients"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_publish_copies_each_portal_and_writes_no_password(site: Path, tmp_path: Path) -> None:
    out = _publish(site, tmp_path / "publish").out
    for key in ("clients/alpha-co", "clients/beta-co", "internal"):
        built = [p.relative_to(site / key) for p in _files(site / key)]
        assert [p.relative_to(out / "www" / key) for p in _files(out / "www" / key)] == built
    assert sorted(p.name for p in (out / "www").iterdir()) == ["clients", "internal"]
    for path in _files(out):
        data = path.read_bytes()
        for _, password in PASSWORDS.values():
            assert password.encode() not in data, f"{path} holds a plain password"


def test_missing_credentials_exit_1_naming_every_variable(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in [n for n in os.environ if n.startswith("AEPORTAL_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("AEPORTAL_PASSWORD_ALPHA_CO", "alpha-password-1")
    out = tmp_path / "publish"
    code = main(["publish", "--server", "nginx", "--site", str(site), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "AEPORTAL_PASSWORD_BETA_CO" in err
    assert "AEPORTAL_STAFF_PASSWORD" in err
    assert "AEPORTAL_PASSWORD_ALPHA_CO" not in err
    assert not out.exists(), "nothing may be published open"


def test_cli_publishes_from_the_environment(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    out = tmp_path / "publish"
    code = main(["publish", "--server", "nginx", "--site", str(site), "--out", str(out)])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert f"published 3 portals for nginx into {out}" in printed.out
    assert "/clients/beta-co/" in printed.out and "user beta-user" in printed.out
    for _, password in PASSWORDS.values():
        assert password not in printed.out + printed.err
    assert (out / "nginx.conf").is_file() and (out / "nginx-test.conf").is_file()


def test_default_out_is_publish_beside_the_site(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    result = publish(copy, env=ENV, rounds=4)
    assert result.out == tmp_path / "publish"


def test_credentials_file_inside_the_repository_is_refused(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    git.Repo.init(repo).close()
    secret = repo / "secrets" / "credentials.txt"  # ignored by git or not: still refused
    secret.parent.mkdir()
    secret.write_text("alpha-co:alpha-password-1\n")
    monkeypatch.chdir(repo)
    out = tmp_path / "publish"
    argv = ["publish", "--server", "nginx", "--site", str(site), "--out", str(out)]
    code = main([*argv, "--credentials", str(secret)])
    err = capsys.readouterr().err
    assert code == 1
    assert "secrets/credentials.txt: the credentials file is inside the git work tree" in err
    assert "keep it outside the repository" in err
    assert not out.exists()


def test_yaml_credentials_take_values_as_written(site: Path, tmp_path: Path) -> None:
    creds = tmp_path / "credentials.yml"
    creds.write_text(
        "staff:\n"
        "  user: agency\n"
        "  password: 2026-11-23T10:00\n"  # a timestamp to YAML; a password here
        "clients:\n"
        "  alpha-co:\n"
        "    password: 'alpha: quoted #1'\n"
        "  beta-co:\n"
        "    user: beta\n"
        "    password: no-no-no-no-no\n"
    )
    found = read_credentials(creds)
    assert {k: (c.user, c.password) for k, c in found.items()} == {
        "internal": ("agency", "2026-11-23T10:00"),
        "clients/alpha-co": ("alpha-co", "alpha: quoted #1"),
        "clients/beta-co": ("beta", "no-no-no-no-no"),
    }
    result = _publish(site, tmp_path / "publish", credentials=creds, env={})
    line = (result.out / "htpasswd/staff").read_text()
    assert bcrypt.checkpw(b"2026-11-23T10:00", line.split(":", 1)[1].strip().encode())


def test_lines_credentials_split_at_the_first_colon(tmp_path: Path) -> None:
    creds = tmp_path / "credentials"
    creds.write_text("# the portals\n\nalpha-co:pass:with:colons\nstaff: spaced password \n")
    found = read_credentials(creds)
    assert {k: (c.user, c.password) for k, c in found.items()} == {
        "clients/alpha-co": ("alpha-co", "pass:with:colons"),
        "internal": ("staff", " spaced password "),
    }


def test_file_credentials_come_before_the_environment(site: Path, tmp_path: Path) -> None:
    creds = tmp_path / "credentials"
    creds.write_text("beta-co:from-the-file-123\n")
    result = _publish(site, tmp_path / "publish", credentials=creds)
    assert result.users["clients/beta-co"] == "beta-co"
    line = (result.out / "htpasswd/clients/beta-co").read_text()
    assert bcrypt.checkpw(b"from-the-file-123", line.split(":", 1)[1].strip().encode())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("clients:\n  alpha-co:\n    pasword: x\n", "credentials.yml:3:5: unknown key `pasword`"),
        (
            "clients:\n  alpha-co: {password: a}\n  alpha-co: {password: b}\n",
            "credentials.yml:3:3: `alpha-co` is given twice",
        ),
        ("staff:\n  user: agency\n", "credentials.yml:2:3: `staff` has no password"),
        (
            "clients:\n  Alpha: {password: abcdefghijkl}\n",
            "credentials.yml:2:10: `Alpha` is not a client's slug",
        ),
        ("clients: [alpha-co]\n", "credentials.yml:1:10: expected a mapping of keys to values"),
        (
            "secrets:\n  x: y\n",
            "credentials.yml:1:1: unknown key `secrets` (expected clients, staff)",
        ),
        ("clients:\n\talpha-co: x\n", "credentials.yml:2:1: a tab character"),
        # U+2028 is a line break to YAML, not to an editor: the line stays 3, the column 24.
        (
            'staff: {password: "a\u2028b"}\nclients:\n  beta-co: {pw: "c\u2028d", pasword: x}\n',
            "credentials.yml:3:24: unknown key `pasword`",
        ),
    ],
)
def test_bad_yaml_credentials_are_refused_at_their_line(
    tmp_path: Path, text: str, message: str
) -> None:
    creds = tmp_path / "credentials.yml"
    creds.write_text(text)
    with pytest.raises(PublishError) as caught:
        read_credentials(creds)
    assert message in str(caught.value)


def test_bad_lines_are_refused_without_echoing_them(tmp_path: Path) -> None:
    creds = tmp_path / "credentials.txt"
    creds.write_text("alpha-co:alpha-password-1\nsecret-without-name\nalpha-co:again-password\n")
    with pytest.raises(PublishError) as caught:
        read_credentials(creds)
    text = str(caught.value)
    assert "credentials.txt:2:1: expected NAME:PASSWORD" in text
    assert "credentials.txt:3:1: `alpha-co` is given twice" in text
    assert "secret-without-name" not in text and "again-password" not in text


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({**ENV, "AEPORTAL_PASSWORD_ALPHA_CO": "s3cr3t!"}, "shorter than 12 characters"),
        ({**ENV, "AEPORTAL_PASSWORD_BETA_CO": "alpha-password-1"}, "same password as"),
        ({**ENV, "AEPORTAL_USER_BETA_CO": "beta:user"}, "user `beta:user` is not"),
        ({**ENV, "AEPORTAL_STAFF_PASSWORD": "staff-password\n333"}, "a line break"),
        ({**ENV, "AEPORTAL_STAFF_PASSWORD": "x" * 73}, "longer than 72 bytes"),
    ],
)
def test_unsafe_credentials_are_refused(
    site: Path, tmp_path: Path, env: dict[str, str], message: str
) -> None:
    out = tmp_path / "publish"
    with pytest.raises(PublishError) as caught:
        _publish(site, out, env=env)
    assert message in str(caught.value)
    for name, value in env.items():
        if "PASSWORD" in name:
            assert value not in str(caught.value), "a message shows a password"
    assert not out.exists()


def test_a_folder_publish_did_not_make_is_never_replaced(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "important"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(Exception, match="was not made by aeportal publish"):
        _publish(site, out)
    assert (out / "keep.txt").read_text() == "mine"
    again = tmp_path / "publish"
    _publish(site, again)
    (again / "www/clients/stale").mkdir()
    _publish(site, again)  # its own tree is replaced whole
    assert not (again / "www/clients/stale").exists()


# --- Content-Security-Policy and the nginx config --------------------------------


def test_scan_inline_hashes_each_inline_script(tmp_path: Path) -> None:
    script = 'var palette=__md_get("__palette");\r\n'
    (tmp_path / "index.html").write_text(
        f"<html><script src='a.js'></script><script>{script}</script>"
        '<script id="__config" type="application/json">{"base": "."}</script>'
        "<!-- <script>commented()</script> --></html>",
        newline="",
    )
    digest = hashlib.sha256(script.replace("\r\n", "\n").encode()).digest()
    expected = f"'sha256-{base64.b64encode(digest).decode()}'"
    assert scan_inline(tmp_path) == InlineCode((expected,), False)
    policy = content_security_policy(scan_inline(tmp_path))
    assert f"script-src 'self' 'wasm-unsafe-eval' {expected}; style-src 'self';" in policy


def test_inline_styles_allow_unsafe_inline_styles_only(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text('<p style="color: red">x</p>')
    policy = content_security_policy(scan_inline(tmp_path))
    assert "style-src 'self' 'unsafe-inline';" in policy
    assert "script-src 'self' 'wasm-unsafe-eval';" in policy


def test_nginx_config_guards_every_portal(site: Path, tmp_path: Path) -> None:
    result = _publish(site, tmp_path / "publish")
    conf = (result.out / "nginx.conf").read_text()
    assert "    autoindex off;\n" in conf
    # Regular expressions are checked before prefixes: at server level one could serve a
    # portal's files without its check, so every one is nested in a guarded location.
    assert re.findall(r"^( *)location ~", conf, re.MULTILINE) == ["        "] * 3 * 3
    for key in ("clients/alpha-co", "clients/beta-co", "internal"):
        users = "staff" if key == "internal" else key
        block = conf.split(f"location ^~ /{key}/ {{", 1)[1].split("\n    }\n", 1)[0]
        assert block.count(f'auth_basic_user_file "{result.out}/htpasswd/{users}";') == 4
    assert conf.count("add_header Content-Security-Policy") == 1 + 3 * 5


def test_test_config_keeps_every_written_file_under_the_prefix(site: Path, tmp_path: Path) -> None:
    result = _publish(site, tmp_path / "publish")
    text = (result.out / "nginx-test.conf").read_text()
    for directive in ("pid", "error_log", "access_log", "client_body_temp_path"):
        (value,) = re.findall(rf"^\s*{directive} (\S+);", text, re.MULTILINE)
        assert not value.startswith("/"), f"{directive} must be relative to the prefix"
    assert f'include "{result.out}/nginx.conf";' in text


# --- a real nginx -----------------------------------------------------------------


@dataclass
class Server:
    base: str
    result: PublishResult


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if not NGINX.exists():
        pytest.skip(f"{NGINX} is not installed (apt-get install nginx)")
    tmp = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    result = _publish(site, tmp / "publish", listen=Listen(f"127.0.0.1:{port}"), rounds=10)
    prefix = tmp / "prefix"
    prefix.mkdir()
    conf = result.out / "nginx-test.conf"
    test = subprocess.run(
        [NGINX, "-t", "-p", f"{prefix}/", "-c", conf],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert test.returncode == 0, test.stderr
    process = subprocess.Popen(
        [NGINX, "-p", f"{prefix}/", "-c", conf, "-g", "daemon off;"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while True:
            assert process.poll() is None, (prefix / "error.log").read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not start listening"
                time.sleep(0.05)
        yield Server(f"http://127.0.0.1:{port}", result)
    finally:
        process.terminate()
        try:
            process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=TIMEOUT)


@dataclass
class Answer:
    status: int
    headers: Message
    body: bytes


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(server: Server, path: str, who: str | None = None, password: str | None = None) -> Answer:
    """GET ``path`` as ``who`` (a portal key of PASSWORDS, or a user name with ``password``)."""
    request = urllib.request.Request(server.base + path)
    if who is not None:
        user, known = PASSWORDS.get(who, (who, ""))
        token = base64.b64encode(f"{user}:{password or known}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with _OPENER.open(request, timeout=TIMEOUT) as response:
            return Answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        with error:
            return Answer(error.code, error.headers, error.read())


PORTALS = ["/clients/alpha-co/", "/clients/beta-co/", "/internal/"]


@pytest.mark.parametrize("path", [*PORTALS, "/internal/accounts/alpha-co/"])
def test_anonymous_gets_401_everywhere(server: Server, path: str) -> None:
    answer = fetch(server, path)
    assert answer.status == 401
    assert answer.headers["WWW-Authenticate"] == 'Basic realm="AE Portal"'


def test_a_client_opens_its_own_portal(server: Server) -> None:
    answer = fetch(server, "/clients/alpha-co/", "clients/alpha-co")
    assert answer.status == 200
    assert b"ALPHA-CLIENT" in answer.body
    assert b"BETA-" not in answer.body


def test_a_client_opens_its_pages_and_search_index(server: Server) -> None:
    portal = server.result.out / "www" / "clients" / "alpha-co"
    entry = fetch(server, "/clients/alpha-co/pagefind/pagefind-entry.json", "clients/alpha-co")
    assert entry.status == 200
    assert json.loads(entry.body)["languages"]["en"]["page_count"] > 0
    # Every file of the index, as the browser fetches it: compressed, this client's only.
    index = sorted(p for p in (portal / "pagefind").rglob("*") if p.is_file())
    assert any(p.suffix == ".pf_fragment" for p in index)
    text = b""
    for path in index:
        answer = fetch(
            server, f"/clients/alpha-co/{path.relative_to(portal).as_posix()}", "clients/alpha-co"
        )
        assert answer.status == 200, path
        assert answer.body == path.read_bytes()
        if path.suffix in search.COMPRESSED:
            text += search.read_compressed(path)
    assert b"ALPHA-CLIENT" in text and b"BETA-" not in text
    pages = sorted(search.indexed_pages(portal))
    assert pages, "the search index lists no page"
    for page in pages:
        answer = fetch(server, f"/clients/alpha-co{page}", "clients/alpha-co")
        assert answer.status == 200, page
        assert answer.headers["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize(
    "path",
    [
        "/clients/beta-co/",
        "/clients/beta-co/pagefind/pagefind-entry.json",
        "/internal/",
        "/internal/accounts/alpha-co/",
        "/clients/alpha-co/../beta-co/",
        "/clients/alpha-co/%2e%2e/beta-co/",
    ],
)
def test_a_client_is_refused_everywhere_else(server: Server, path: str) -> None:
    answer = fetch(server, path, "clients/alpha-co")
    assert answer.status == 401
    assert b"BETA" not in answer.body


@pytest.mark.parametrize("path", ["/internal/", "/internal/accounts/beta-co/"])
def test_staff_open_the_internal_portal(server: Server, path: str) -> None:
    answer = fetch(server, path, "internal")
    assert answer.status == 200
    assert fetch(server, "/clients/alpha-co/", "internal").status == 401


@pytest.mark.parametrize("who", ["clients/alpha-co", "clients/beta-co", "internal"])
def test_a_wrong_password_gets_401(server: Server, who: str) -> None:
    path = "/internal/" if who == "internal" else f"/{who}/"
    assert fetch(server, path, who, "not-the-password").status == 401


@pytest.mark.parametrize("path", ["/", "/clients/", "/clients/gamma-co/", "/index.html"])
def test_no_path_lists_or_betrays_the_clients(server: Server, path: str) -> None:
    anonymous = fetch(server, path)
    assert anonymous.status == 401
    assert b"alpha" not in anonymous.body.lower() and b"beta" not in anonymous.body.lower()
    for who in ("clients/alpha-co", "internal"):
        assert fetch(server, path, who).status == 401
    # A client's path answers an anonymous request exactly as a path that is no portal.
    portal = fetch(server, "/clients/alpha-co/")
    assert (portal.body, _without_date(portal.headers)) == (
        anonymous.body,
        _without_date(anonymous.headers),
    )


def _without_date(headers: Message) -> list[tuple[str, str]]:
    return [(k, v) for k, v in headers.items() if k != "Date"]


def test_a_folder_without_its_slash_redirects_only_after_the_check(server: Server) -> None:
    assert fetch(server, "/clients/alpha-co").status == 401
    answer = fetch(server, "/clients/alpha-co", "clients/alpha-co")
    assert (answer.status, answer.headers["Location"]) == (301, "/clients/alpha-co/")
    assert fetch(server, "/clients/alpha-co", "clients/beta-co").status == 401


def test_no_folder_is_listed(server: Server) -> None:
    answer = fetch(server, "/clients/alpha-co/assets/", "clients/alpha-co")
    assert answer.status == 403
    assert b"Index of" not in answer.body


@pytest.mark.parametrize(
    ("path", "who", "status"),
    [
        ("/clients/alpha-co/", "clients/alpha-co", 200),
        ("/clients/alpha-co/pagefind/pagefind-entry.json", "clients/alpha-co", 200),
        ("/clients/alpha-co/", None, 401),
        ("/", None, 401),
        ("/clients/alpha-co/no-such-page/", "clients/alpha-co", 404),
        ("/internal/", "internal", 200),
    ],
)
def test_every_response_carries_the_security_headers(
    server: Server, path: str, who: str | None, status: int
) -> None:
    answer = fetch(server, path, who)
    assert answer.status == status
    for name, value in SECURITY.items():
        assert answer.headers.get_all(name) == [value], name
    assert answer.headers.get_all("Content-Security-Policy") == [server.result.policy]
    assert "Strict-Transport-Security" not in answer.headers  # only where TLS ends here


def test_the_policy_allows_exactly_the_inline_scripts_of_the_pages(server: Server) -> None:
    policy = server.result.policy
    assert policy.startswith("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-")
    assert policy.endswith(
        "; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )
    allowed = set(re.findall(r"'sha256-[^']+'", policy))
    found = set()
    for key in ("clients/alpha-co", "internal"):
        body = fetch(server, f"/{key}/", key).body.decode()
        for script in re.findall(r"<script>(.*?)</script>", body, re.DOTALL):
            digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            found.add(f"'sha256-{digest}'")
    assert found and found <= allowed
    assert "unsafe-inline" not in policy.split("; style-src")[0]
    # WebAssembly may be compiled (the search's), JavaScript never evaluated.
    assert "'unsafe-eval'" not in policy and " 'wasm-unsafe-eval' " in policy


def test_pages_are_revalidated_and_hashed_assets_kept(server: Server) -> None:
    page = fetch(server, "/clients/alpha-co/", "clients/alpha-co")
    assert page.headers["Cache-Control"] == "private, no-cache"
    index = fetch(server, "/clients/alpha-co/pagefind/pagefind-entry.json", "clients/alpha-co")
    assert index.headers["Cache-Control"] == "private, no-cache"
    assert index.headers["Content-Type"] == "application/json; charset=utf-8"
    (bundle,) = re.findall(
        r'src="(assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js)"', page.body.decode()
    )
    asset = fetch(server, f"/clients/alpha-co/{bundle}", "clients/alpha-co")
    assert asset.status == 200
    assert asset.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    assert asset.headers["Content-Type"] == "text/javascript; charset=utf-8"
    plain = fetch(server, "/clients/alpha-co/assets/aeportal.css", "clients/alpha-co")
    assert plain.headers["Cache-Control"] == "private, no-cache"  # no hash in its name
    refused = fetch(server, f"/clients/alpha-co/{bundle}")
    assert refused.status == 401
    assert "Cache-Control" not in refused.headers  # an error is never kept


def test_svg_files_of_the_work_are_downloads_and_every_published_file_is_kept(
    server: Server,
) -> None:
    folder = f"/clients/alpha-co/files/{hashlib.sha256(SVG).hexdigest()[:16]}"
    svg = fetch(server, f"{folder}/logo.svg", "clients/alpha-co")
    assert (svg.status, svg.body) == (200, SVG)
    assert svg.headers["Content-Disposition"] == "attachment"
    assert svg.headers["Content-Type"] == "application/octet-stream"
    assert svg.headers["Cache-Control"] == IMMUTABLE
    assert svg.headers.get_all("Content-Security-Policy") == [server.result.policy]
    www = server.result.out / "www"
    (png,) = (www / "clients/alpha-co/files").glob("*/kv.png")
    image = fetch(server, "/" + png.relative_to(www).as_posix(), "clients/alpha-co")
    assert image.status == 200
    assert image.headers["Content-Type"] == "image/png"
    assert image.headers["Cache-Control"] == IMMUTABLE
    assert "Content-Disposition" not in image.headers
    assert fetch(server, f"{folder}/logo.svg").status == 401
    assert fetch(server, f"{folder}/logo.svg", "clients/beta-co").status == 401


def test_calendars_are_served_as_text_calendar(server: Server) -> None:
    www = server.result.out / "www/clients/alpha-co"
    calendars = sorted(p.relative_to(www) for p in www.rglob("*.ics"))
    if not calendars:
        pytest.skip("the built portal holds no .ics file")
    answer = fetch(server, f"/clients/alpha-co/{calendars[0]}", "clients/alpha-co")
    assert answer.status == 200
    assert answer.headers["Content-Type"] == "text/calendar; charset=utf-8"


def test_a_browser_runs_the_pages_under_the_policy(server: Server, tmp_path: Path) -> None:
    """Headless Chromium loads a page: the inline scripts run and nothing is blocked."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    user, password = PASSWORDS["clients/alpha-co"]
    url = server.base.replace("http://", f"http://{user}:{password}@") + "/clients/alpha-co/"
    run = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",  # CI runs as root
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    assert not [line for line in console if "Content Security Policy" in line], console
    assert not [line for line in console if "Uncaught" in line], console
    # Material's bundle, which needs the inline bootstrap, marked the page as scripted.
    (html,) = re.findall(r"<html[^>]*>", run.stdout)
    assert re.search(r'class="[^"]*\bjs\b', html), html


def test_a_search_runs_under_the_policy(server: Server) -> None:
    """The search (its worker and WebAssembly) works behind nginx's policy, in Chromium."""
    if not Path("/usr/bin/chromium").is_file():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    user, password = PASSWORDS["clients/alpha-co"]
    console: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
        )
        try:
            context = browser.new_context(http_credentials={"username": user, "password": password})
            page = context.new_page()
            page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
            page.on("pageerror", lambda e: console.append(f"uncaught: {e}"))
            page.goto(server.base + "/clients/alpha-co/")
            page.locator(".aep-search-open").click()
            page.locator("#aep-search-input").fill("launch")
            results = page.locator(".aep-search-results a")
            expect(results.first).to_be_visible(timeout=15_000)
            hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
            assert "/clients/alpha-co/briefs/alpha-launch-post/" in hrefs
        finally:
            browser.close()
    assert [line for line in console if "Content Security Policy" in line] == []
    assert [line for line in console if line.startswith(("error", "uncaught"))] == []
