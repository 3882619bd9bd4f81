"""Hostile input: random trees, raw HTML, path tricks and size bombs.

Property-based where it fits. Hypothesis runs derandomized and without an example
database, so CI sees the same examples on every run. Every run of the command goes
through `run`: `main()` in a thread joined with a generous timeout, so that a hang
fails the test instead of stalling CI (a guard, not a speed assertion), and with its
output written through strict UTF-8, as a terminal would take it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import tempfile
import threading
from collections.abc import Callable, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from aeportal.build.engines.mkdocs import engine
from aeportal.check.markup import find_unsafe, sanitize
from aeportal.cli.commands import main
from aeportal.diagnostics import CODES
from conftest import ACCOUNT, BRIEF, MEETING, TIMELINE, TODAY, VALID

T = TypeVar("T")
GUARD = 120.0  # seconds; real runs take a fraction of this
MARK = "zqxhostilez"  # in every payload below; nothing of ours writes it into a page
BUILD = ["--today", TODAY, "--no-history", "--jobs", "1", "--quiet"]
MiB = 1024 * 1024

# Derandomized with no database: the same examples on every machine. Writing a tree and
# running the command per example is slower than hypothesis expects of a test body.
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- running the command -----------------------------------------------------------------


class Run(NamedTuple):
    status: int
    out: str
    err: str


def guarded(call: Callable[[], T], timeout: float = GUARD) -> T:
    """``call()`` in a thread; fails the test if it is still running after ``timeout``."""
    result: list[T] = []
    error: list[BaseException] = []

    def target() -> None:
        try:
            result.append(call())
        except BaseException as exc:  # handed to the test below, traceback and all
            error.append(exc)

    thread = threading.Thread(target=target, name="hang-guard", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        pytest.fail(f"still running after {timeout:.0f} s: it hangs")
    if error:
        raise error[0]
    return result[0]


def run(argv: list[str], cwd: Path, timeout: float = GUARD) -> Run:
    """``main(argv)`` from inside ``cwd``; never a traceback, output strictly UTF-8."""
    out, err = io.BytesIO(), io.BytesIO()
    out_text = io.TextIOWrapper(out, encoding="utf-8", errors="strict", write_through=True)
    err_text = io.TextIOWrapper(err, encoding="utf-8", errors="strict", write_through=True)
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out_text), contextlib.redirect_stderr(err_text):
            status = guarded(lambda: main(argv), timeout)
    finally:
        os.chdir(previous)
    result = Run(status, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8"))
    assert "Traceback" not in result.out + result.err
    return result


def validate_json(root: Path, *extra: str) -> tuple[int, list[dict[str, Any]]]:
    """``aeportal validate ROOT --format json`` from inside ROOT: (status, diagnostics)."""
    done = run(["validate", ".", "--today", TODAY, "--format", "json", *extra], root)
    assert done.err == ""
    return done.status, json.loads(done.out)["diagnostics"]


def codes(diagnostics: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    return [(d["code"], d["path"], d["line"]) for d in diagnostics]


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def snapshot(folder: Path, skip: Path | None = None) -> dict[str, tuple[str, bytes]]:
    """Every entry under ``folder`` (links not followed) with its kind and content."""
    found: dict[str, tuple[str, bytes]] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        if skip is not None:
            dirnames[:] = [d for d in dirnames if here / d != skip]
        for name in dirnames + filenames:
            path = here / name
            rel = os.fsencode(path.relative_to(folder)).decode("utf-8", "backslashreplace")
            if path.is_symlink():
                found[rel] = ("link", os.fsencode(path.readlink()))
            elif path.is_dir():
                found[rel] = ("dir", b"")
            elif path.is_file():
                found[rel] = ("file", path.read_bytes())
            else:
                found[rel] = ("other", b"")
    return found


def fresh_folder(base: Path) -> Path:
    """A new folder for one example, to hold its repository and nothing else."""
    return Path(tempfile.mkdtemp(dir=base))


def assert_only_site_written(root: Path, build: Callable[[], Run]) -> Run:
    """Run ``build``; nothing may change outside ROOT/site (nor beside ROOT)."""
    parent = root.parent
    before = snapshot(parent, skip=root / "site")
    done = build()
    after = snapshot(parent, skip=root / "site")
    assert sorted(after) == sorted(before), "entries appeared or vanished outside site/"
    assert after == before, "files outside site/ changed"
    return done


# --- reading built pages as a browser would ------------------------------------------------

URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "ping"}
)
FRAMES = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base"})
# The theme's scripts, and AE Portal's own (assets/aeportal.js and the search dialog,
# assets/search.js): the only ones shipped.
THEME_SCRIPT = re.compile(r"(?:\.\./)*/?assets/(?:javascripts/[\w./-]+|aeportal|search)\.js")
SCRIPT_SCHEMES = ("javascript", "vbscript", "data")


def browser_scheme(url: str) -> str:
    """The scheme a browser finds in an attribute value (entities already decoded)."""
    url = re.sub(r"[\t\n\r]", "", url).lstrip("".join(map(chr, range(0x21))))
    m = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return m.group(1).lower() if m else ""


class LiveParts(HTMLParser):
    """What in a page would run: handlers, script URLs, frames, scripts we did not ship."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if re.fullmatch(r"on[a-z]+", name):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and browser_scheme(value) in SCRIPT_SCHEMES:
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag in FRAMES:
            self.found.append(f"<{tag}>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.found.append(f"<meta refresh {values.get('content')!r}>")
        if tag == "script":
            self.in_script = True
            src = values.get("src")
            if src is not None and not THEME_SCRIPT.fullmatch(src):
                self.found.append(f"<script src={src!r}>")
            if any(MARK in value for value in values.values()):
                self.found.append(f"<script {values}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.in_script = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and MARK in data:
            self.found.append(f"<script>{data[:60]!r}")


def live_parts(page: str) -> list[str]:
    parser = LiveParts()
    parser.feed(page)
    parser.close()
    return parser.found


def live_parts_of_site(site: Path) -> dict[str, list[str]]:
    found = {}
    for path in sorted(site.rglob("*.html")):
        if parts := live_parts(path.read_text(encoding="utf-8", errors="replace")):
            found[str(path.relative_to(site))] = parts
    return found


def portal_markdown() -> markdown.Markdown:
    """Markdown with the extensions and settings every portal page is built with."""
    base = yaml.safe_load(engine.PACKAGE_BASE_CONFIG.read_text(encoding="utf-8"))
    names: list[str] = []
    configs: dict[str, Any] = {}
    for entry in base["markdown_extensions"]:
        if isinstance(entry, str):
            names.append(entry)
        else:
            ((name, config),) = entry.items()
            names.append(name)
            configs[name] = config
    return markdown.Markdown(extensions=names, extension_configs=configs)


def as_page(body: str) -> str:
    """A document body where the page templates put it: after a table, before more text."""
    return (
        "# Title\n\n| field | value |\n|---|---|\n| owner | Minh |\n\n"
        f"{sanitize(body)}\n\n## History\n\n- sent 2026-11-10\n"
    )


# --- strategies --------------------------------------------------------------------------

# Vietnamese, right-to-left, zero-width and direction marks, emoji, control characters,
# and what YAML and Markdown treat specially.
ODD = (
    "ếạđươỹ Đặng Việt Nguyễn "
    "\u202e\u202d\u200f\u0627\u05d0 "
    "\u200b\u200c\u200d\u2060\ufeff\u2028\u2029\x85\xa0 "
    "😀👍🏽🇻🇳 "
    "\x00\x01\x02\x03\x1b\x7f\t\r\n"
    ":#-[]{}&*!|>'\"%@`,?~<>()/\\=;_"
)
odd_text = st.text(st.sampled_from(ODD) | st.characters(codec="utf-8"), max_size=30)
yaml_words = st.sampled_from(
    [
        "yes", "no", "on", "off", "~", "null", "0x10", "010", "1.10", "12:30", "1e3", ".inf",
        "2026-13-01", "20/11/2026", "2026-11-20", "2026-11-20 10:00", "true", "False", "<<",
        "*alias", "&anchor", "!!python/object/apply:os.system", "- x", "? x", "|", ">-", "%YAML",
        "@x", "`x`", "'x'", '"x"', "#x", "[", "]", "{", "}", "-", "---", "...",
    ]
)  # fmt: skip
model_keys = st.sampled_from(
    [
        "name", "language", "client", "contacts", "team", "contract", "approval", "approvers",
        "objectives", "scope", "inputs", "surveys", "internal", "milestones", "risks", "id",
        "title", "status", "owner", "due", "start", "done", "depends_on", "deliverables",
        "quantity", "revisions", "round", "attendees", "decisions", "actions", "task", "adds",
        "requested_by", "results", "objective", "visibility", "phase", "impact", "score",
    ]
)  # fmt: skip
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates().map(str),
    yaml_words,
    odd_text,
)
structures = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(model_keys | odd_text, inner, max_size=5)
    ),
    max_leaves=12,
)


def yaml_text(value: Any, flow: bool) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow, sort_keys=False)


@st.composite
def mutated(draw: st.DrawFn, base: str) -> str:
    """``base`` with a few random line edits: the near-misses people actually write."""
    lines = base.split("\n")
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["insert", "replace", "delete", "indent", "copy", "splice"]))
        if edit == "insert":
            lines.insert(at, draw(odd_text | yaml_words))
        elif edit == "replace":
            key = lines[at].partition(":")[0]
            lines[at] = f"{key}: {draw(odd_text | yaml_words)}"
        elif edit == "delete" and len(lines) > 1:
            del lines[at]
        elif edit == "indent":
            lines[at] = draw(st.sampled_from(["", " ", "\t", "      "])) + lines[at].lstrip()
        elif edit == "copy":
            lines.insert(at, lines[draw(st.integers(0, len(lines) - 1))])
        else:
            text = lines[at]
            cut = draw(st.integers(0, len(text)))
            lines[at] = text[:cut] + draw(odd_text | yaml_words) + text[cut:]
    return "\n".join(lines)


def yaml_file(base: str) -> st.SearchStrategy[bytes]:
    text = st.one_of(
        mutated(base),
        st.builds(yaml_text, structures, st.booleans()),
        st.builds(yaml_text, st.dictionaries(model_keys, structures, max_size=6), st.booleans()),
        odd_text,
    )
    return text.map(lambda t: t.encode("utf-8")) | st.binary(max_size=200)


# Lines of Markdown, ordinary and hostile; each hostile one carries MARK.
MARKDOWN_LINES = [
    "", "", "", "Text with **bold** and [a link](https://example.com).", "# Heading",
    "- item", "1. item", "> quote", "    indented code", "\tTabbed", "| a | b |", "|---|---|",
    "!!! note", "??? note", "***", "Term", ": definition", "```", "```html", "~~~", "````",
    "    ```", "> ```", "- ```", "``` {.x}", "```a`b", "`", "``", "\\`", "<!--", "-->",
    "<!-- note -->", "<b>bold</b>", "<div markdown>", "</div>", "[r]: https://example.com",
    "[x][r]", "\x02", "{: .class }",
    f"<script>{MARK}()</script>",
    f"<img src=x onerror={MARK}()>",
    f'<a href="javascript:{MARK}()">x</a>',
    f"<iframe src=javascript:{MARK}()></iframe>",
    f"<svg onload={MARK}()>",
    f"[x](javascript:{MARK}())",
    f"[x](java\nscript:{MARK}())",
    f"[x](\njavascript:{MARK}())",
    f"[x](&#106;avascript:{MARK}())",
    f"[x](javascript&colon;{MARK}())",
    f"[x](\x01javascript:{MARK}())",
    f"[x](<javascript:{MARK}()>)",
    f"[x](< javascript:{MARK}()>)",
    f"[x](java`s`cript:{MARK}())",
    f"![i](javascript:{MARK}())",
    f"[x](data:text/html,{MARK})",
    f'[x](https://example.com){{ onclick="{MARK}()" }}',
    f'[x](https://example.com){{: href="java&#115;cript:{MARK}()" }}',
    f"[x](https://example.com){{ href=vbscript:{MARK} }}",
    f"{{: onmouseover={MARK}() }}",
    f"# Heading {{ onclick={MARK}() }}",
    f"[r]: javascript:{MARK}()",
    f"[r]:\n  javascript:{MARK}()",
    f"`<script>{MARK}()</script>`",
    f"\\`<script>{MARK}()</script>`",
    f"`<a` onclick={MARK}()>",
    f"\\`[x](javascript:{MARK}())`",
    f"<!-- x -->[x](java<!-- -->script:{MARK}())",
]  # fmt: skip
# Pieces that Markdown and browsers give meaning to, to be strung together at random.
TOKENS = [
    "[", "]", "(", ")", "`", "``", "```", "~~~", "<", ">", "\n", "\n\n", " ", "    ", "\t", "!",
    "\\", "-", "*", "1.", '"', "'", "=", "x", "&", "#", ";", "{", "}", "{:", ":", "|", "---",
    "\x01", "\x02", "<!--", "-->", "javascript:", "java", "script", "&#106;", "&colon;", "on",
    "click=", "href=", "[x](", "](", "](\n", "]:", "[r]: ", "```\n", "\n```\n", "~~~\n",
    "    ```\n", "\\`", "`<", "<a ", "<script>", "</script>", f"{MARK}()",
    f"javascript:{MARK}()", f"<script>{MARK}()</script>", f"<img src=x onerror={MARK}()>",
    f"{{: onclick={MARK}() }}", f" onclick={MARK}()>",
]  # fmt: skip
token_body = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
markdown_line = st.sampled_from(MARKDOWN_LINES) | odd_text.filter(lambda t: "\x00" not in t)
markdown_body = st.lists(
    st.lists(markdown_line, min_size=1, max_size=3).map("".join), max_size=12
).map("\n".join)


def front_matter(base: str) -> st.SearchStrategy[str]:
    return st.one_of(
        mutated(base),
        st.builds(
            lambda fm, body: f"---\n{fm}---\n{body}\n",
            st.builds(
                yaml_text, st.dictionaries(model_keys, structures, max_size=6), st.booleans()
            ),
            markdown_body,
        ),
        st.builds(lambda body: f"---\n{body}\n", markdown_body),  # never closed
    )


def markdown_file(base: str) -> st.SearchStrategy[bytes]:
    text = front_matter(base) | odd_text
    return text.map(lambda t: t.encode("utf-8")) | st.binary(max_size=200)


slugs = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)
odd_names = (
    st.text(st.sampled_from(ODD.replace("\x00", "").replace("/", "")) | st.characters(
        codec="utf-8", exclude_characters="/\x00"), min_size=1, max_size=40)
    .filter(lambda n: n not in (".", "..") and len(n.encode()) < 200)
)  # fmt: skip
names = slugs | odd_names | st.sampled_from([".hidden", "Tết 2026", "a b", "x" * 180, "UPPER"])


PARTS = {"account.yml", "timeline.yml", "briefs", "changes", "meetings", "reports", "internal"}


@st.composite
def account_trees(draw: st.DrawFn) -> dict[str, bytes]:
    """An account folder (or two): some of its files, each valid, mangled or random."""
    files: dict[str, bytes] = {}
    for slug in draw(st.lists(st.just("acme") | names, min_size=1, max_size=2, unique=True)):
        folder = f"accounts/{slug}"
        if draw(st.booleans()):
            files[f"{folder}/account.yml"] = draw(yaml_file(VALID[ACCOUNT]))
        if draw(st.booleans()):
            files[f"{folder}/timeline.yml"] = draw(yaml_file(VALID[TIMELINE]))
        for kind, base in [
            ("briefs", VALID[BRIEF]),
            ("changes", "---\ntitle: X\nrequested_by: lan\n---\nBody.\n"),
            ("meetings", VALID[MEETING]),
            ("reports", "---\ntitle: R\nperiod_start: 2026-10-01\n---\nBody.\n"),
            ("internal", "---\ntitle: N\nauthor: minh\n---\nBody.\n"),
        ]:
            for name in draw(st.lists(slugs | names, max_size=2, unique=True)):
                suffix = draw(st.sampled_from([".md", ".md", ".md", "", ".txt", ".MD"]))
                files[f"{folder}/{kind}/{name}{suffix}"] = draw(markdown_file(base))
        for name in draw(st.lists(names.filter(lambda n: n not in PARTS), max_size=2)):
            files[f"{folder}/{name}"] = draw(st.binary(max_size=50))
    return files


# --- 1. random account trees -------------------------------------------------------------


@settings(FUZZ, max_examples=100)
@given(tree=account_trees())
def test_validate_never_crashes_and_locates_every_problem(
    tree: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory
) -> None:
    parent = fresh_folder(tmp_path_factory.getbasetemp())
    root = write_tree(parent / "repo", tree)
    status, diagnostics = validate_json(root)
    assert status in (0, 1)
    errors = [d for d in diagnostics if d["severity"] == "error"]
    assert status == (1 if errors else 0)
    for d in diagnostics:
        assert d["code"] in CODES
        assert d["severity"] == str(CODES[d["code"]][0])
        assert d["line"] >= 0 and d["col"] >= 0
        assert d["message"] and "\n" not in d["path"]
        place = os.path.normpath(root / d["path"])
        assert place == str(root) or place.startswith(f"{root}{os.sep}"), d


SUMMARY = r"\d+ accounts? checked: (no problems|\d+ errors?, \d+ warnings? in \d+ files?)"


@settings(FUZZ, max_examples=25)
@given(tree=account_trees(), style=st.sampled_from(["text", "github"]))
def test_every_output_format_prints_any_tree(
    tree: dict[str, bytes], style: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    parent = fresh_folder(tmp_path_factory.getbasetemp())
    root = write_tree(parent / "repo", tree)
    done = run(["validate", ".", "--today", TODAY, "--format", style, "--strict"], root)
    assert done.err == "" and done.status in (0, 1)
    summary = done.out.rsplit("\n", 2)[-2]
    assert re.fullmatch(SUMMARY, summary), summary
    assert (summary.endswith("no problems"), done.status) in ((True, 0), (False, 1))


def test_validate_a_path_that_is_not_a_folder_exits_2(tmp_path: Path) -> None:
    (tmp_path / "file.yml").write_text("x: 1\n", encoding="utf-8")
    done = run(["validate", "file.yml"], tmp_path)
    assert (done.status, done.out) == (2, "")
    assert done.err == "aeportal: file.yml: not a folder (give the repository or an account)\n"


# Bodies and values for the build property: the valid account with hostile text in it.
# Half of them from the lines that validate lets through on their own, so that most
# examples get as far as a build and the pages can be searched for live code.
QUIET_LINES = [line for line in MARKDOWN_LINES if not any(f.dangerous for f in find_unsafe(line))]
# What a name or title could try on the theme, which writes them into the page unescaped.
THEME_TRICKS = [
    f"<script>{MARK}()</script>",
    f"<img src=x onerror={MARK}()>",
    f'Acme" onmouseover="{MARK}()',
    f"Acme'/onfocus='{MARK}()' autofocus='",
    f"`<svg onload={MARK}()>`",
    "<!--",
    'Lan\'s "Café" & Co',
    "&lt;b&gt; &#60;i&#62;",
]
build_line = st.one_of(
    odd_text.filter(lambda t: "\x00" not in t),
    st.sampled_from(QUIET_LINES),
    st.sampled_from(THEME_TRICKS),
)
build_line = build_line.map(lambda t: t.replace("\n", " ").replace("\r", " "))
# A line break in a value lets it start a line of the page (names and titles are one line).
build_text = st.lists(build_line, min_size=1, max_size=2).map("\n".join)
build_bodies = markdown_body | st.lists(
    st.lists(st.sampled_from(QUIET_LINES) | odd_text, min_size=1, max_size=3).map("".join),
    max_size=12,
).map("\n".join)


def yaml_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (JSON's escapes, and YAML's for the rest)."""

    def printable(ch: str) -> bool:
        o = ord(ch)
        return o >= 0x20 and o != 0x7F and not 0x80 <= o <= 0x9F and o not in (0xFFFE, 0xFFFF)

    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(ch if printable(ch) or ch == "\n" else f"\\u{ord(ch):04x}" for ch in quoted)


@st.composite
def hostile_accounts(draw: st.DrawFn) -> dict[str, str]:
    title, name = yaml_quoted(draw(build_line)), yaml_quoted(draw(build_line))
    decision = yaml_quoted(draw(build_text))
    body = draw(build_bodies).replace("\x00", "")
    brief = VALID[BRIEF].replace("title: Launch post", f"title: {title}")
    brief = brief.replace("One post announcing the new cold brew.\n", f"{body}\n")
    meeting = VALID[MEETING].replace("- Start with social posts", f"- {decision}")
    account = VALID[ACCOUNT].replace("name: Acme Coffee\n", f"name: {name}\n", 1)
    return {**VALID, ACCOUNT: account, BRIEF: brief, MEETING: meeting}


@settings(FUZZ, max_examples=12)
@given(files=hostile_accounts())
def test_build_writes_only_site_and_no_page_runs_planted_code(
    files: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    parent = fresh_folder(tmp_path_factory.getbasetemp())
    root = write_tree(parent / "repo", files)
    done = assert_only_site_written(root, lambda: run(["build", ".", *BUILD], root))
    assert done.status in (0, 1)
    event("built" if done.status == 0 else "refused by validation")
    if done.status == 0:
        assert live_parts_of_site(root / "site") == {}
        for command in (["status", "acme"], ["email", "acme"]):
            assert run([*command, "--today", TODAY], root).status == 0
    else:
        assert not (root / "site").exists()
        assert done.err.endswith("aeportal: not built; the previous site is untouched\n")


# --- 2. raw HTML in Markdown ----------------------------------------------------------------


@settings(FUZZ, max_examples=400)
@given(body=markdown_body | token_body)
def test_sanitized_body_never_becomes_live_html(body: str) -> None:
    md = portal_markdown()
    assert live_parts(md.convert(as_page(body))) == []


@settings(FUZZ, max_examples=200)
@given(body=markdown_body | token_body | odd_text)
def test_every_unsafe_part_is_placed_inside_the_body(body: str) -> None:
    lines = body.split("\n")
    for found in find_unsafe(body):
        assert 1 <= found.line <= len(lines), found
        assert 1 <= found.col <= len(lines[found.line - 1]) + 1, found


# Each text replaces line 16 of VALID's brief (its first line of text).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"<script>{MARK}()</script>", [("HTML001", 16, 1)]),
        (f'<iframe src="https://x.example/{MARK}"></iframe>', [("HTML001", 16, 1)]),
        (f"Hi <b onclick={MARK}()>there</b>", [("HTML001", 16, 4)]),
        (f'<a href="javascript:{MARK}()">x</a>', [("HTML001", 16, 1)]),
        (f"[x](javascript:{MARK}())", [("HTML001", 16, 5)]),
        (f"[x](JaVaScRiPt:{MARK}())", [("HTML001", 16, 5)]),
        (f"[x](&#106;avascript:{MARK}())", [("HTML001", 16, 5)]),
        (f"[x](java&Tab;script:{MARK}())", [("HTML001", 16, 5)]),
        (f"[x](\x01javascript:{MARK}())", [("HTML001", 16, 5)]),
        (f"[x](java`s`cript:{MARK}())", [("HTML001", 16, 5)]),
        (f"[x](\njavascript:{MARK}())", [("HTML001", 17, 1)]),
        (f"[x](java\nscript:{MARK}())", [("HTML001", 16, 5)]),
        (f"[x](data:text/html,{MARK})", [("HTML001", 16, 5)]),
        (f'[x](https://ok.example){{ onclick="{MARK}()" }}', [("HTML001", 16, 24)]),
        (f'[x](https://ok.example){{: href="vbscript:{MARK}" }}', [("HTML001", 16, 24)]),
        (f"[ref]: javascript:{MARK}()", [("HTML001", 16, 8)]),
        (f"[ref]:\n   javascript:{MARK}()", [("HTML001", 17, 4)]),
        (f"<!-- a -->[x](java<!-- b -->script:{MARK}())", [("HTML001", 16, 15)]),
        # A fence that Markdown does not see is no fence: its content is text.
        (f"    ```\n<script>{MARK}()</script>\n    ```", [("HTML001", 17, 1)]),
        (f"```\n<script>{MARK}()</script>", [("HTML001", 17, 1)]),
        (f"```\n<script>{MARK}()</script>\n````", [("HTML001", 17, 1)]),
        (f"```a`b\n<script>{MARK}()</script>\n```", [("HTML001", 17, 1)]),
        ("Launch <b>today</b>, <div>really</div>.", [("HTML002", 16, 8), ("HTML002", 16, 22)]),
        (f"Fine in code: `<script>{MARK}()</script>`", []),
        # But a script link is one even in code: Markdown may not read the ticks as code.
        (f"Quoted: `[x](javascript:{MARK}())`", [("HTML001", 16, 14)]),
        (f"Fine in a fence:\n\n```html\n<script>{MARK}()</script>\n```", []),
    ],
)
def test_raw_html_is_reported_at_its_line(
    text: str, expected: list[tuple[str, int, int]], tmp_path: Path
) -> None:
    brief = VALID[BRIEF].replace("One post announcing the new cold brew.", text)
    root = write_tree(tmp_path / "repo", {**VALID, BRIEF: brief})
    status, diagnostics = validate_json(root)
    assert [(d["code"], d["line"], d["col"]) for d in diagnostics] == expected
    assert {d["path"] for d in diagnostics} <= {BRIEF}
    assert status == (1 if any(code == "HTML001" for code, _, _ in expected) else 0)


@pytest.mark.parametrize(
    ("path", "old", "new", "line", "col"),
    [
        (BRIEF, "title: Launch post", f"title: '[Launch](javascript:{MARK}())'", 2, 8),
        (BRIEF, "title: Launch post", f'title: "Launch {{: onclick={MARK}() }}"', 2, 8),
        (MEETING, "- Start with social posts", f"- '[go](&#106;avascript:{MARK}())'", 6, 5),
        (TIMELINE, "title: Campaign launch", f'title: "[x](vbscript:{MARK})"', 10, 12),
        (ACCOUNT, "name: Hoa Pham", f'name: "[Hoa](data:text/html,{MARK})"', 13, 13),
        # The account's name and the titles also reach the theme's header and menu unescaped.
        (ACCOUNT, "name: Acme Coffee", f"name: <script>{MARK}()</script>", 1, 7),
        (ACCOUNT, "name: Acme Coffee", f'name: Acme" onmouseover="{MARK}()', 1, 7),
        (BRIEF, "title: Launch post", f"title: <img src=x onerror={MARK}()>", 2, 8),
    ],
)
def test_script_links_in_yaml_values_are_reported_at_the_value(
    path: str, old: str, new: str, line: int, col: int, tmp_path: Path
) -> None:
    root = write_tree(tmp_path / "repo", {**VALID, path: VALID[path].replace(old, new)})
    status, diagnostics = validate_json(root)
    assert (status, [(d["code"], d["path"], d["line"], d["col"]) for d in diagnostics]) == (
        1,
        [("HTML001", path, line, col)],
    )


def test_a_value_cannot_open_a_fence_around_the_document_text(tmp_path: Path) -> None:
    # The title's second line would open a fence in the page; the document's own fence would
    # then close it, and the snippet inside would be read as the page: a live script.
    brief = VALID[BRIEF].replace("title: Launch post", 'title: "Launch\\n```"')
    brief = brief.replace(
        "new cold brew.", f"new cold brew.\n\n```\n<script>{MARK}()</script>\n```"
    )
    root = write_tree(tmp_path / "repo", {**VALID, BRIEF: brief})
    done = run(["build", ".", *BUILD], root)
    assert (done.status, done.out) == (1, "")
    assert done.err.startswith(f"{BRIEF}:2:8: error HTML003 a line of `title` starts a code fence")
    assert not (root / "site").exists()


# Hostile text that validate lets through (warnings at most) and the build must defuse.
SLIPS_THROUGH = f"""\
Launch <b>today</b> and <span style="x">this</span>.

Escaped tick: \\`<script>{MARK}()</script>`

Ticks that pair across lines: ``a
`<script>{MARK}()</script>`

Tag split by a tick: `<a` onclick={MARK}()>

A real snippet for the client's web team:

```html
<script src="https://tracker.example/{MARK}.js"></script>
```
"""


def test_what_validate_lets_through_is_inert_on_every_page(tmp_path: Path) -> None:
    brief = VALID[BRIEF].replace("One post announcing the new cold brew.\n", SLIPS_THROUGH)
    root = write_tree(tmp_path / "repo", {**VALID, BRIEF: brief})
    status, diagnostics = validate_json(root)
    assert (status, {d["code"] for d in diagnostics}) == (0, {"HTML002"})
    done = run(["build", ".", *BUILD], root)
    assert done.status == 0
    assert live_parts_of_site(root / "site") == {}
    page = (root / "site/clients/acme/briefs/launch-post/index.html").read_text(encoding="utf-8")
    # The fenced snippet is still shown exactly as written (as highlighted code).
    assert re.sub(r"<[^>]+>", "", page).count(f"tracker.example/{MARK}.js") == 1


# --- 3. path tricks -------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return write_tree(fresh_folder(tmp_path) / "repo", VALID)


NO_ACCOUNT = "aeportal: no account `{}` (accounts: acme)\n"
NO_DOCUMENT = "aeportal: `acme` has no brief or change request `{}` (known: launch-post)\n"


@pytest.mark.parametrize(
    ("argv", "err"),
    [
        (["status", "../x"], NO_ACCOUNT.format("../x")),
        (["status", "../repo/accounts/acme"], NO_ACCOUNT.format("../repo/accounts/acme")),
        (["status", "/etc"], NO_ACCOUNT.format("/etc")),
        (["status", "acme\n"], NO_ACCOUNT.format("acme\n")),
        (["email", "../acme"], NO_ACCOUNT.format("../acme")),
        (["approve", "../acme", "launch-post", "--by", "lan"], NO_ACCOUNT.format("../acme")),
        (["approve", "acme", "../../account", "--by", "lan"], NO_DOCUMENT.format("../../account")),
        (["approve", "acme", "/etc/passwd", "--by", "lan"], NO_DOCUMENT.format("/etc/passwd")),
    ],
)
def test_slugs_with_paths_in_them_are_refused(argv: list[str], err: str, repo: Path) -> None:
    before = snapshot(repo.parent)
    today = ["--today", TODAY] if argv[0] != "approve" else ["--no-commit"]
    assert run([*argv, *today], repo) == (2, "", err)
    assert snapshot(repo.parent) == before


@pytest.mark.parametrize("account", ["../x", "../../etc", "/etc", "acme/../acme", "acme\n", "."])
def test_build_account_with_a_path_in_it_builds_nothing(account: str, repo: Path) -> None:
    done = assert_only_site_written(
        repo, lambda: run(["build", ".", "--account", account, *BUILD], repo)
    )
    # Documented: an unknown --account is status 1, and the previous site is untouched.
    assert done.status == 1
    assert done.err == f"aeportal: no account `{account}` (accounts: acme)\n"
    assert not (repo / "site").exists()


def test_symlinks_out_of_the_repository_are_never_followed(repo: Path, tmp_path: Path) -> None:
    outside = write_tree(
        tmp_path / "outside",
        {
            "secret.md": f"---\ntitle: {MARK} secret\n---\n{MARK}\n",
            "beta/account.yml": VALID[ACCOUNT],
            "timeline.yml": VALID[TIMELINE],
        },
    )
    acme = repo / "accounts/acme"
    (acme / "briefs/leak.md").symlink_to(outside / "secret.md")
    (acme / "reports").symlink_to(outside, target_is_directory=True)
    (repo / "accounts/beta").symlink_to(outside / "beta", target_is_directory=True)
    (acme / "timeline.yml").unlink()
    (acme / "timeline.yml").symlink_to(outside / "timeline.yml")
    status, diagnostics = validate_json(repo)
    assert (status, codes(diagnostics)) == (
        1,
        [
            ("FILE005", "accounts/acme/briefs/leak.md", 0),
            ("FILE005", "accounts/acme/reports", 0),
            ("FILE005", TIMELINE, 0),
            ("FILE005", "accounts/beta", 0),
        ],
    )
    assert MARK not in json.dumps(diagnostics)


def test_an_accounts_folder_linked_from_outside_is_refused(tmp_path: Path) -> None:
    elsewhere = write_tree(
        tmp_path / "elsewhere", {k.removeprefix("accounts/"): v for k, v in VALID.items()}
    )
    root = tmp_path / "repo"
    root.mkdir()
    (root / "accounts").symlink_to(elsewhere, target_is_directory=True)
    status, diagnostics = validate_json(root)
    assert (status, codes(diagnostics)) == (1, [("FILE005", "accounts", 0)])


def test_a_named_pipe_is_reported_not_waited_on(repo: Path) -> None:
    timeline = repo / TIMELINE
    timeline.unlink()
    os.mkfifo(timeline)
    (repo / "accounts/acme/briefs/pipe.md").symlink_to(timeline)
    status, diagnostics = validate_json(repo)
    assert (status, codes(diagnostics)) == (
        1,
        [("FILE006", "accounts/acme/briefs/pipe.md", 0), ("FILE008", TIMELINE, 0)],
    )
    assert diagnostics[1]["message"] == "cannot read the file: not a regular file"


NAMES = {
    "newline": ("acme\n", "acme\\n"),
    "carriage return": ("acme\r", "acme\\r"),
    "Vietnamese": ("khách-hàng", "khách-hàng"),
    "space": ("acme co", "acme co"),
    "right-to-left override": ("acme\u202egpj", "acme\\u202egpj"),
    "zero-width space": ("ac\u200bme", "ac\\u200bme"),
    "emoji": ("acme-☕", "acme-☕"),
    "upper case": ("ACME", "ACME"),
    "very long": ("a" * 200, "a" * 200),
    "64 characters": ("a" * 64, "a" * 64),
    "leading dash": ("-acme", "-acme"),
}


@pytest.mark.parametrize(("name", "shown"), NAMES.values(), ids=NAMES.keys())
def test_odd_account_folder_names_are_refused_by_name(name: str, shown: str, repo: Path) -> None:
    (repo / "accounts/acme").rename(repo / "accounts" / name)
    status, diagnostics = validate_json(repo)
    assert (status, codes(diagnostics)) == (1, [("FILE009", f"accounts/{shown}", 0)])
    assert diagnostics[0]["message"] == f"account folder name `{shown}` is not a valid id"


@pytest.mark.parametrize(("name", "shown"), NAMES.values(), ids=NAMES.keys())
def test_odd_document_names_are_refused_by_name(name: str, shown: str, repo: Path) -> None:
    (repo / "accounts/acme/changes").mkdir()
    (repo / "accounts/acme/changes" / f"{name}.md").write_text(
        "---\ntitle: X\nrequested_by: lan\n---\nBody.\n", encoding="utf-8"
    )
    status, diagnostics = validate_json(repo)
    path = f"accounts/acme/changes/{shown}.md"
    assert (status, codes(diagnostics)) == (1, [("FILE009", path, 0)])


def test_names_that_are_not_utf8_are_shown_escaped(repo: Path) -> None:
    # The file system hands such bytes over as surrogates (os.fsdecode), and takes them back.
    (repo / "accounts" / os.fsdecode(b"caf\xe9")).mkdir()
    (repo / "accounts/acme/briefs" / os.fsdecode(b"\xff.md")).write_bytes(b"---\ntitle: X\n---\n")
    status, diagnostics = validate_json(repo)
    assert (status, codes(diagnostics)) == (
        1,
        [
            ("FILE009", "accounts/acme/briefs/\\udcff.md", 0),
            ("FILE009", "accounts/caf\\udce9", 0),
        ],
    )
    done = run(["validate", ".", "--today", TODAY], repo)  # the text format, strict UTF-8
    assert done.status == 1 and "accounts/caf\\udce9:0:0: error FILE009" in done.out


def test_hidden_folders_and_files_are_skipped_silently(repo: Path) -> None:
    write_tree(repo, {"accounts/.git/config": "x", "accounts/acme/briefs/.draft.md": "x"})
    assert validate_json(repo) == (0, [])


# --- 4. size and structure bombs ------------------------------------------------------------


def _bytes_read() -> int | None:
    """Bytes this process has read so far (Linux), or None where that is not known."""
    try:
        text = Path("/proc/self/io").read_text(encoding="ascii")
    except OSError:
        return None
    m = re.search(r"^rchar: (\d+)$", text, re.MULTILINE)
    return int(m.group(1)) if m else None


def test_a_50_mb_file_is_refused_without_being_read(repo: Path) -> None:
    big = repo / "accounts/acme/briefs/huge.md"
    with big.open("wb") as fh:
        fh.write(b"---\ntitle: Huge\n---\n")
        fh.truncate(50 * MiB)  # sparse: made at once, and reading it would cost 50 MB
    before = _bytes_read()
    status, diagnostics = validate_json(repo)
    after = _bytes_read()
    assert (status, codes(diagnostics)) == (1, [("FILE007", "accounts/acme/briefs/huge.md", 0)])
    if before is not None and after is not None:
        assert after - before < 20 * MiB


LAUGHS = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


def test_billion_laughs_is_refused_at_its_anchors_and_aliases(repo: Path) -> None:
    nested = "internal:\n  " + LAUGHS.rstrip("\n").replace("\n", "\n  ") + "\n"
    write_tree(repo, {ACCOUNT: VALID[ACCOUNT] + nested})
    status, diagnostics = validate_json(repo)
    first = VALID[ACCOUNT].count("\n") + 2  # the line of `a: &a [...]`
    # Every anchor and every alias, each where it is written; nothing expanded.
    assert status == 1
    assert [(d["code"], d["line"]) for d in diagnostics] == [
        ("YAML006", first + row) for row in range(9) for _ in range(1 if row == 0 else 10)
    ]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("internal: " + "[" * 200_000 + "]" * 200_000 + "\n", 1),
        ("internal: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n", 1),
        ("internal:\n" + "- " * 100_000 + "x\n", 2),
        ("".join(" " * i + f"k{i}:\n" for i in range(1_500)), 65),
    ],
    ids=["flow lists", "flow mappings", "compact lists", "indented mappings"],
)
def test_deep_nesting_is_refused_before_it_is_composed(text: str, line: int, repo: Path) -> None:
    write_tree(repo, {TIMELINE: text})
    status, diagnostics = validate_json(repo)
    assert (status, codes(diagnostics)) == (1, [("YAML001", TIMELINE, line)])
    assert diagnostics[0]["message"] == "values are nested more than 64 levels deep"


def test_a_million_short_lines_are_read(repo: Path) -> None:
    write_tree(
        repo,
        {
            TIMELINE: VALID[TIMELINE] + "#\n" * 1_000_000,
            BRIEF: VALID[BRIEF] + "x\n" * 900_000,
        },
    )
    assert validate_json(repo) == (0, [])


def test_an_extremely_long_line_is_read_and_built(repo: Path) -> None:
    write_tree(repo, {BRIEF: VALID[BRIEF] + "word " * 400_000 + "\n"})
    assert validate_json(repo) == (0, [])
    done = run(["build", ".", *BUILD], repo)
    assert done.status == 0
    page = repo / "site/clients/acme/briefs/launch-post/index.html"
    assert page.read_text(encoding="utf-8").count("word ") >= 400_000


def test_front_matter_with_10000_keys(repo: Path) -> None:
    keys = "".join(f"key{i}: value {i}\n" for i in range(10_000))
    write_tree(repo, {BRIEF: f"---\ntitle: Many\n{keys}---\nBody.\n"})
    status, diagnostics = validate_json(repo)
    assert status == 1
    assert [(d["code"], d["line"]) for d in diagnostics] == [("SCHEMA002", 2)] + [
        ("SCHEMA001", line) for line in range(3, 10_003)
    ]
    assert diagnostics[0]["message"] == "front matter has no `owner`"


@pytest.mark.parametrize(
    "body",
    [
        "<!--\n" * 200_000,  # unclosed comments: a regex would rescan the rest from each
        "<!--" * 200_000,
        "\n" * 400_000,
        "[r]:\n" * 200_000,
        "```a\n" * 200_000,  # unclosed fences
        "`a" * 400_000,
        "\x02" * 400_000,
    ],
    ids=["comment lines", "comments", "blank lines", "references", "fences", "ticks", "STX"],
)
def test_markup_checks_finish_on_pathological_bodies(body: str) -> None:
    found = guarded(lambda: find_unsafe(body))
    guarded(lambda: sanitize(body))
    assert all(not f.dangerous for f in found)
