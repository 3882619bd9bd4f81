"""Publish the built portals behind HTTP Basic authentication: a deploy tree for nginx.

``aeportal publish`` turns ``site/`` into a folder that a web server can serve as is::

    publish/
      www/clients/<slug>/       each client's portal, as built
      www/internal/             the agency's portal (with its per-account sub-sites)
      htpasswd/clients/<slug>   that client's user and bcrypt hash (mode 0600)
      htpasswd/staff            the staff user and bcrypt hash, for /internal/ (mode 0600)
      nginx.conf                a ``server { }`` block to include in nginx's ``http { }``
      nginx-test.conf           a top-level wrapper for local runs: ``nginx -p PREFIX -c …``

Each client's path takes that client's credentials only, /internal/ takes the
staff's, and every other path answers 401 with the same challenge, so no
response tells which clients exist. Plain passwords are read from a
credentials file kept outside the repository or from the environment, hashed,
and never written anywhere. The tree is made next to the old one and swapped
in whole, as ``build`` does with ``site/``.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import bcrypt
import yaml

from aeportal import model
from aeportal.build.sites import _clean_stale, _staging_dir, _swap
from aeportal.diagnostics import Loc, Report
from aeportal.errors import BuildError, InputError
from aeportal.load.loader import display_path, parse_yaml, read_source

SERVERS = ("nginx",)
STAFF = "staff"
REALM = "AE Portal"  # one realm for every path: a per-client realm would name the client
DEFAULT_LISTEN = "127.0.0.1:8080"
# nginx checks the password on every request (pages, scripts, the search index), in its
# event loop: cost 10 takes about 60 ms there, cost 12 four times that.
BCRYPT_ROUNDS = 10
MIN_PASSWORD = 12
MAX_PASSWORD_BYTES = 72  # bcrypt reads no further
MARKER = ".aeportal-publish"  # marks a folder this command owns and may replace whole
_SLUG = re.compile(model.SLUG_PATTERN)
_USER = re.compile(r"^[A-Za-z0-9._@+-]{1,64}$")
# Characters that nginx would read as a variable, an escape or the end of a quoted string.
_UNSAFE_PATH = re.compile(r'[$"\\\x00-\x1f\x7f]')
_LISTEN = re.compile(r"^(?:\[[0-9A-Fa-f:.]+\]:|[A-Za-z0-9.-]+:)?[0-9]{1,5}$")
_SERVER_NAME = re.compile(r"^[A-Za-z0-9_.*-]+(?: [A-Za-z0-9_.*-]+)*$")
# Material for MkDocs names its bundles main.<hash>.min.css, bundle.<hash>.min.js …
_HASHED_ASSET = r"assets/.+\.[0-9a-f]{8}\.min\.(?:css|js)$"
# Account files are published under files/<sha256[:16]>/ (render/proofs.py): named by
# their content, and SVG or HTML among them can carry scripts.
_PUBLISHED_FILE = r"(?:[^/]+/)*files/[0-9a-f]{16}/[^/]+$"
_SCRIPTABLE_FILE = r"(?:[^/]+/)*files/[0-9a-f]{16}/[^/]+\.(?:svg|html?)$"

# The file types a portal holds; nothing else gets a type of its own.
MIME_TYPES = {
    "text/html": "html htm",
    "text/css": "css",
    "text/javascript": "js mjs",
    "application/json": "json map",
    "application/xml": "xml",
    "application/gzip": "gz",
    "text/calendar": "ics",
    "text/plain": "txt",
    "image/svg+xml": "svg",
    "image/png": "png",
    "image/jpeg": "jpg jpeg",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/x-icon": "ico",
    "font/woff2": "woff2",
    "font/woff": "woff",
    "application/pdf": "pdf",
}
CHARSET_TYPES = "text/css text/javascript application/json application/xml text/calendar text/plain"


class PublishError(BuildError):
    """The deploy tree could not be made (missing or unsafe credentials); nothing was replaced."""


@dataclass(frozen=True)
class Credential:
    """Who may open one portal. The password is kept only long enough to hash it."""

    user: str
    password: str = field(repr=False)
    source: str  # where it came from, for messages: a variable's name or the file's


@dataclass(frozen=True)
class Target:
    """One portal of the deploy tree and the credentials that open it."""

    key: str  # clients/<slug> or internal
    htpasswd: str  # path inside the tree


@dataclass(frozen=True)
class PublishResult:
    out: Path
    server: str
    targets: tuple[Target, ...]
    users: dict[str, str]  # key → user name
    policy: str  # the Content-Security-Policy of every response
    warnings: tuple[str, ...]


# --- credentials ---------------------------------------------------------------


def env_names(slug: str) -> tuple[str, str]:
    """The variables holding a client's user and password: AEPORTAL_USER_X, AEPORTAL_PASSWORD_X."""
    name = slug.replace("-", "_").upper()
    return f"AEPORTAL_USER_{name}", f"AEPORTAL_PASSWORD_{name}"


STAFF_ENV = ("AEPORTAL_STAFF_USER", "AEPORTAL_STAFF_PASSWORD")


def git_work_tree(path: Path) -> Path | None:
    """The git work tree that holds ``path``, if any (the nearest folder with a ``.git``)."""
    for folder in (path, *path.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _refuse_inside(credentials: Path, repos: Iterable[Path]) -> None:
    real = credentials.resolve()
    for repo in repos:
        if real.is_relative_to(repo.resolve()):
            raise PublishError(
                f"{display_path(credentials)}: the credentials file is inside the git work tree "
                f"{display_path(repo)}; keep it outside the repository (for example in "
                "~/.config/aeportal/) so that it can never be committed"
            )


def read_credentials(path: Path) -> dict[str, Credential]:
    """Credentials by portal key (``clients/<slug>``, ``internal``) from a YAML or lines file.

    ``*.yml`` and ``*.yaml`` files are YAML (``staff:`` and ``clients: {slug: {user, password}}``);
    any other file holds ``NAME:PASSWORD`` lines, NAME being a client's slug or ``staff``.
    """
    report = Report()
    src = read_source(path, report)
    if src is None or report.errors:
        raise PublishError(_problems(report))
    if path.suffix in (".yml", ".yaml"):
        found = _credentials_yaml(src.text, src.name, report)
    else:
        found = _credentials_lines(src.text, src.name, report)
    if report.errors:
        raise PublishError(_problems(report))
    return found


def _problems(report: Report) -> str:
    lines = [f"{d.loc}: {d.message}" + (f" ({d.hint})" if d.hint else "") for d in report.sorted()]
    return "the credentials file cannot be used:\n" + "\n".join(f"  {line}" for line in lines)


def _credentials_lines(text: str, name: str, report: Report) -> dict[str, Credential]:
    found: dict[str, Credential] = {}
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        who, colon, password = line.partition(":")
        who = who.strip()
        if not colon or not (who == STAFF or _SLUG.fullmatch(who)):
            message = "expected NAME:PASSWORD, NAME being a client's slug or staff"
            _bad(report, Loc(name, number, 1), message)
            continue
        key = "internal" if who == STAFF else f"clients/{who}"
        if key in found:
            _bad(report, Loc(name, number, 1), f"`{who}` is given twice")
            continue
        found[key] = Credential(who, password, f"{name}:{number}")
    return found


def _bad(report: Report, at: Loc, message: str) -> None:
    # Reported like the YAML reader's own problems; _problems() prints place and message only.
    report.add("YAML001", at, message)


def _at(name: str, node: yaml.Node) -> Loc:
    return Loc(name, node.start_mark.line + 1, node.start_mark.column + 1)


def _credentials_yaml(text: str, name: str, report: Report) -> dict[str, Credential]:
    # Values are taken as written (the node's text): a password `no` or `12:30` stays that text.
    node = parse_yaml(text, name, report)
    found: dict[str, Credential] = {}
    if node is None:
        return found
    top = _mapping(node, name, report, {"staff", "clients"})
    if "staff" in top:
        cred = _entry(top["staff"], STAFF, name, report)
        if cred is not None:
            found["internal"] = cred
    if "clients" in top:
        clients = _mapping(top["clients"], name, report, None)
        for slug, entry in clients.items():
            if not _SLUG.fullmatch(slug):
                _bad(report, _at(name, entry), f"`{slug}` is not a client's slug")
                continue
            cred = _entry(entry, slug, name, report)
            if cred is not None:
                found[f"clients/{slug}"] = cred
    return found


def _mapping(
    node: yaml.Node, name: str, report: Report, allowed: set[str] | None
) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        _bad(report, _at(name, node), "expected a mapping of keys to values here")
        return {}
    out: dict[str, yaml.Node] = {}
    for key, value in node.value:
        at = _at(name, key)
        if not isinstance(key, yaml.ScalarNode):
            _bad(report, at, "a key must be plain text")
        elif key.value in out:
            _bad(report, at, f"`{key.value}` is given twice")
        elif allowed is not None and key.value not in allowed:
            known = ", ".join(sorted(allowed))
            _bad(report, at, f"unknown key `{key.value}` (expected {known})")
        else:
            out[key.value] = value
    return out


def _entry(node: yaml.Node, default_user: str, name: str, report: Report) -> Credential | None:
    fields = _mapping(node, name, report, {"user", "password"})
    values: dict[str, str] = {}
    for key, value in fields.items():
        if isinstance(value, yaml.ScalarNode):
            values[key] = value.value
        else:
            _bad(report, _at(name, value), f"`{key}` must be text")
    if "password" not in values:
        if isinstance(node, yaml.MappingNode) and "password" not in fields:
            _bad(report, _at(name, node), f"`{default_user}` has no password")
        return None
    line = fields["password"].start_mark.line + 1
    return Credential(values.get("user", default_user), values["password"], f"{name}:{line}")


def gather_credentials(
    keys: Iterable[str], env: Mapping[str, str], from_file: Mapping[str, Credential]
) -> dict[str, Credential]:
    """Credentials for every portal key: the file's where it names the portal, else the env's.

    Every missing or unsafe credential is reported at once, naming the variable to set.
    """
    problems: list[str] = []
    found: dict[str, Credential] = {}
    for key in keys:
        user_var, password_var = STAFF_ENV if key == "internal" else env_names(key.split("/")[1])
        default_user = STAFF if key == "internal" else key.split("/")[1]
        cred = from_file.get(key)
        if cred is None and env.get(password_var):
            cred = Credential(env.get(user_var) or default_user, env[password_var], password_var)
        if cred is None:
            problems.append(
                f"{key}: no credentials; set {password_var} (and {user_var} if the user is "
                f"not `{default_user}`) or give it in the credentials file"
            )
            continue
        problems.extend(f"{key}: {p} ({cred.source})" for p in _unsafe(cred))
        found[key] = cred
    by_password: dict[str, str] = {}
    for key, cred in found.items():
        if cred.password in by_password:
            problems.append(
                f"{key}: has the same password as {by_password[cred.password]}; "
                "each portal needs its own, or one client could open the other's"
            )
        by_password.setdefault(cred.password, key)
    if problems:
        raise PublishError(
            "not published; every portal needs its own credentials:\n"
            + "\n".join(f"  {p}" for p in problems)
        )
    return found


def _unsafe(cred: Credential) -> list[str]:
    problems = []
    if not _USER.fullmatch(cred.user):
        problems.append(
            f"user `{cred.user}` is not 1 to 64 letters, digits and . _ @ + -"
            if cred.user.isprintable()
            else "the user name holds a control character"
        )
    if len(cred.password) < MIN_PASSWORD:
        problems.append(f"the password is shorter than {MIN_PASSWORD} characters")
    if len(cred.password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        problems.append(f"the password is longer than {MAX_PASSWORD_BYTES} bytes (bcrypt's limit)")
    if any(not ch.isprintable() for ch in cred.password):
        problems.append("the password holds a control character or a line break")
    return problems


def htpasswd_line(cred: Credential, rounds: int = BCRYPT_ROUNDS) -> str:
    """One ``user:hash`` line; the hash is bcrypt ($2b$), which nginx checks through crypt(3)."""
    hashed = bcrypt.hashpw(cred.password.encode("utf-8"), bcrypt.gensalt(rounds)).decode("ascii")
    return f"{cred.user}:{hashed}\n"


def _write_secret(path: Path, text: str, top: Path) -> None:
    """Write ``path`` with mode 0600, in folders of mode 0700 from ``top`` down."""
    for folder in reversed(path.relative_to(top).parents[:-1]):
        (top / folder).mkdir(mode=0o700, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        os.fchmod(fh.fileno(), 0o600)  # whatever the umask
        fh.write(text)


# --- Content-Security-Policy ---------------------------------------------------


class _InlineScan(HTMLParser):
    """Inline scripts and inline styles of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.styles = False
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if "style" in names:
            self.styles = True
        if tag == "style":
            self.styles = True
        elif tag == "script" and "src" not in names and _executable(names.get("type")):
            self._script = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


def _executable(kind: str | None) -> bool:
    # `<script type="application/json">` (Material's __config) is data, never run.
    return kind is None or kind.strip().lower() in ("", "text/javascript", "module")


@dataclass(frozen=True)
class InlineCode:
    script_hashes: tuple[str, ...]  # 'sha256-…' of every inline script, sorted
    inline_styles: bool  # a style attribute or <style> element anywhere


def scan_inline(folder: Path) -> InlineCode:
    """The inline scripts and styles of every page under ``folder``."""
    hashes: set[str] = set()
    styles = False
    for page in sorted(folder.rglob("*.html")):
        scan = _InlineScan()
        # Browsers hash the script as parsed: line breaks folded to LF first.
        text = page.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
        scan.feed(text)
        scan.close()
        styles = styles or scan.styles
        for script in scan.scripts:
            digest = hashlib.sha256(script.encode("utf-8")).digest()
            hashes.add(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return InlineCode(tuple(sorted(hashes)), styles)


def content_security_policy(inline: InlineCode) -> str:
    """The policy of the published pages: their own files and inline scripts, nothing else."""
    # The search (Pagefind) compiles its WebAssembly file: allowed, and no other eval.
    script = " ".join(("'self'", "'wasm-unsafe-eval'", *inline.script_hashes))
    style = "'self' 'unsafe-inline'" if inline.inline_styles else "'self'"
    return (
        f"default-src 'self'; script-src {script}; style-src {style}; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    )


# --- nginx -----------------------------------------------------------------------


def _quote(text: str) -> str:
    return f'"{text}"'


def security_headers(policy: str, hsts: bool) -> list[tuple[str, str]]:
    """The headers every response carries (nginx adds them with ``always``, errors too)."""
    headers = [
        ("Content-Security-Policy", policy),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Robots-Tag", "noindex, nofollow"),
        ("X-Content-Type-Options", "nosniff"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
    ]
    if hsts:
        headers.append(("Strict-Transport-Security", "max-age=31536000"))
    return headers


NO_CACHE = "private, no-cache"
IMMUTABLE = "private, max-age=31536000, immutable"


def _header_lines(policy: str, hsts: bool, cache: str | None, indent: str) -> list[str]:
    lines = [
        f"{indent}add_header {name} {_quote(value)} always;"
        for name, value in security_headers(policy, hsts)
    ]
    if cache is not None:
        # Without `always`: on pages and redirects only. An error is never cached (a 401
        # kept for a year would lock the client out), and so every 401 has the same headers.
        lines.append(f"{indent}add_header Cache-Control {_quote(cache)};")
    return lines


@dataclass(frozen=True)
class Listen:
    """Where the server block listens, and its TLS certificate if it terminates TLS itself."""

    address: str = DEFAULT_LISTEN
    server_name: str = "_"
    tls_cert: Path | None = None
    tls_key: Path | None = None


def nginx_server_block(out: Path, targets: Iterable[Target], listen: Listen, policy: str) -> str:
    """The ``server { }`` block serving the tree at ``out`` (an absolute path).

    Every location sends the same security headers (nginx drops inherited ``add_header``
    lines where a location has its own, so each repeats them), and one policy for all
    portals: a 401 on a client's path then looks exactly like a 401 anywhere else.
    """
    tls = listen.tls_cert is not None
    lines = [
        "# AE Portal: written by `aeportal publish`; publish again rather than edit it.",
        "# Include it inside nginx's http { } block; docs/publishing.md explains every line.",
        "server {",
        f"    listen {listen.address}{' ssl' if tls else ''};",
        f"    server_name {listen.server_name};",
    ]
    if tls:
        lines += [
            f"    ssl_certificate {_quote(str(listen.tls_cert))};",
            f"    ssl_certificate_key {_quote(str(listen.tls_key))};",
            "    ssl_protocols TLSv1.2 TLSv1.3;",
        ]
    lines += [
        f"    root {_quote(str(out / 'www'))};",
        "    index index.html;",
        "    autoindex off;",
        "    server_tokens off;",
        "    absolute_redirect off;",
        "    disable_symlinks on;",
        "    charset utf-8;",
        f"    charset_types {CHARSET_TYPES};",
        "    types {",
        *(f"        {kind} {exts};" for kind, exts in MIME_TYPES.items()),
        "    }",
        "    default_type application/octet-stream;",
        "",
        "    # Every path that is not a portal gets the same challenge as a portal, so that",
        "    # no answer tells which clients exist; nothing here lists them.",
        "    location / {",
        f"        add_header WWW-Authenticate 'Basic realm=\"{REALM}\"' always;",
        *_header_lines(policy, tls, None, "        "),
        "        return 401;",
        "    }",
    ]
    for target in targets:
        users = _quote(str(out / target.htpasswd))
        auth = [f"auth_basic {_quote(REALM)};", f"auth_basic_user_file {users};"]
        prefix = f"/{target.key}/"
        who = "the staff only" if target.key == "internal" else "this client only"
        lines += [
            "",
            f"    # {prefix}: {who}.",
            # Without the slash: the static module redirects to the folder, after the check.
            f"    location = /{target.key} {{",
            *(f"        {line}" for line in auth),
            *_header_lines(policy, tls, NO_CACHE, "        "),
            "    }",
            f"    location ^~ {prefix} {{",
            *(f"        {line}" for line in auth),
            *_header_lines(policy, tls, NO_CACHE, "        "),
            f"        location ~ {_quote(f'^{prefix}{_HASHED_ASSET}')} {{",
            *(f"            {line}" for line in auth),
            *_header_lines(policy, tls, IMMUTABLE, "            "),
            "        }",
            # An SVG or HTML file of the work is only ever downloaded: opened in the
            # portal's own origin, its scripts could read the client's pages.
            f"        location ~* {_quote(f'^{prefix}{_SCRIPTABLE_FILE}')} {{",
            *(f"            {line}" for line in auth),
            *_header_lines(policy, tls, IMMUTABLE, "            "),
            '            add_header Content-Disposition "attachment" always;',
            "            types { }",
            "            default_type application/octet-stream;",
            "        }",
            f"        location ~ {_quote(f'^{prefix}{_PUBLISHED_FILE}')} {{",
            *(f"            {line}" for line in auth),
            *_header_lines(policy, tls, IMMUTABLE, "            "),
            "        }",
            "    }",
        ]
    lines.append("}")
    return "\n".join(lines) + "\n"


def nginx_test_config(out: Path, run_as: str | None) -> str:
    """A top-level configuration that serves ``nginx.conf`` alone, all its files under ``-p``."""
    conf = out / "nginx.conf"
    lines = [
        "# Local runs and tests of nginx.conf, never production. Every path nginx writes",
        "# (pid, logs, temporary files) is relative to the prefix given with -p:",
        "#   mkdir -p /tmp/aeportal-nginx",
        f"#   nginx -p /tmp/aeportal-nginx/ -c {out / 'nginx-test.conf'} -g 'daemon off;'",
        "worker_processes 1;",
        "pid nginx.pid;",
        "error_log error.log;",
    ]
    if run_as is not None:
        # Started by root, nginx would hand the work to `nobody`, who cannot read this tree.
        lines.append(f"user {run_as};")
    lines += [
        "events {",
        "    worker_connections 64;",
        "}",
        "http {",
        "    access_log access.log;",
        "    client_body_temp_path client_body_temp;",
        "    proxy_temp_path proxy_temp;",
        "    fastcgi_temp_path fastcgi_temp;",
        "    uwsgi_temp_path uwsgi_temp;",
        "    scgi_temp_path scgi_temp;",
        f"    include {_quote(str(conf))};",
        "}",
    ]
    return "\n".join(lines) + "\n"


def _root_user() -> str | None:
    if os.geteuid() != 0:
        return None
    import pwd

    return pwd.getpwuid(0).pw_name


# --- the deploy tree ------------------------------------------------------------


def portal_keys(site: Path) -> list[str]:
    """Keys of the portals built under ``site``: clients/<slug> …, then internal."""
    clients = site / "clients"
    keys = []
    if clients.is_dir():
        for folder in sorted(clients.iterdir()):
            if folder.is_dir():
                if not _SLUG.fullmatch(folder.name):
                    raise InputError(f"{display_path(folder)}: not a client's slug")
                keys.append(f"clients/{folder.name}")
    if (site / "internal").is_dir():
        keys.append("internal")
    return keys


def _check_paths(site: Path, out: Path, listen: Listen) -> None:
    if not (site / "clients").is_dir() and not (site / "internal").is_dir():
        raise InputError(f"{display_path(site)}: no built portals here (run aeportal build)")
    if out == site or out.is_relative_to(site) or site.is_relative_to(out):
        raise InputError(f"{display_path(out)}: the deploy tree must not overlap the site")
    if out.exists() and not out.is_dir():
        raise InputError(f"{display_path(out)}: not a folder")
    if out.exists() and not (out / MARKER).exists() and any(out.iterdir()):
        raise InputError(
            f"{display_path(out)}: exists and was not made by aeportal publish; "
            "give a new or empty folder (publish replaces it whole)"
        )
    paths = [out, *(p for p in (listen.tls_cert, listen.tls_key) if p is not None)]
    for path in paths:
        if _UNSAFE_PATH.search(str(path)):
            raise InputError(
                f'{path}: nginx cannot take a path with $, ", \\ or control characters'
            )
    if not _LISTEN.fullmatch(listen.address):
        raise InputError(f"--listen {listen.address}: expected PORT, HOST:PORT or [IPv6]:PORT")
    if not _SERVER_NAME.fullmatch(listen.server_name):
        raise InputError(f"--server-name {listen.server_name}: expected host names")
    if (listen.tls_cert is None) != (listen.tls_key is None):
        raise InputError("--tls-cert and --tls-key go together")


def publish(
    site: Path,
    out: Path | None = None,
    credentials: Path | None = None,
    env: Mapping[str, str] | None = None,
    listen: Listen | None = None,
    server: str = "nginx",
    rounds: int = BCRYPT_ROUNDS,
) -> PublishResult:
    """Make the deploy tree of the portals built in ``site`` (default: ``site/../publish``)."""
    if server not in SERVERS:
        raise InputError(f"no server `{server}` (servers: {', '.join(SERVERS)})")
    site = site.absolute()
    out = (out or site.parent / "publish").absolute()
    listen = listen or Listen()
    env = os.environ if env is None else env
    _check_paths(site, out, listen)
    from_file: dict[str, Credential] = {}
    if credentials is not None:
        repos = {r for r in (git_work_tree(site), git_work_tree(Path.cwd().absolute())) if r}
        _refuse_inside(credentials, repos)
        from_file = read_credentials(credentials)
    keys = portal_keys(site)
    creds = gather_credentials(keys, env, from_file)
    warnings = tuple(
        f"{display_path(credentials or Path())}: `{k}` has no built portal; not used"
        for k in sorted(from_file)
        if k not in keys
    )

    # The site's staging and swap: a deploy tree is never half made either.
    out.parent.mkdir(parents=True, exist_ok=True)
    _clean_stale(out)
    staging = _staging_dir(out)
    staging.mkdir()
    try:
        targets = []
        for key in keys:
            shutil.copytree(site / key, staging / "www" / key)
            htpasswd = "htpasswd/staff" if key == "internal" else f"htpasswd/{key}"
            _write_secret(staging / htpasswd, htpasswd_line(creds[key], rounds), staging)
            targets.append(Target(key, htpasswd))
        policy = content_security_policy(scan_inline(staging / "www"))
        (staging / "nginx.conf").write_text(
            nginx_server_block(out, targets, listen, policy), encoding="utf-8"
        )
        (staging / "nginx-test.conf").write_text(
            nginx_test_config(out, _root_user()), encoding="utf-8"
        )
        (staging / MARKER).write_text(
            "Made by `aeportal publish`, which replaces this folder whole.\n", encoding="utf-8"
        )
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    users = {key: creds[key].user for key in keys}
    return PublishResult(out, server, tuple(targets), users, policy, warnings)
