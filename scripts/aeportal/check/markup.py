"""What a document body may carry into a portal: Markdown, not HTML or scripts.

Python-Markdown passes raw HTML through, and the ``attr_list`` extension lets
``{onclick=…}`` set any attribute, so bodies are checked (``find_unsafe``, for
``validate``) and neutralised (``sanitize``, for every page) here. Every other
value (titles, names, decisions …) is plain text, and ``plain_text`` makes it so.

Both read a body the way Markdown and then a browser will, not the way it looks:
a link's address may run on to the next line, and a browser decodes entities and
drops tabs, line breaks and leading control characters before it looks at the
scheme. Code is passed through as written only where Markdown surely reads it as
code; otherwise a fence or a code span that Markdown does not see would carry
raw HTML past both.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from markupsafe import Markup

_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>?")
_COMMENT_TAIL = re.compile(r"<!--.*")
_DANGEROUS_TAGS = frozenset(
    {
        "script",
        "iframe",
        "object",
        "embed",
        "style",
        "form",
        "input",
        "button",
        "link",
        "meta",
        "base",
        "frame",
        "frameset",
        "svg",
        "math",
        "img",
        "video",
        "audio",
        "source",
        "textarea",
    }
)
_HANDLER = re.compile(r"\bon[a-z]+\s*=", re.IGNORECASE)
_BAD_SCHEME = re.compile(r"(javascript|vbscript|data):", re.IGNORECASE)
_SCRIPT_VALUE = re.compile(r"\b(javascript|vbscript|data):", re.IGNORECASE)
# The start of a link's address, as far as it can still spell a scheme: letters, entities,
# and what browsers drop (a line break too: Markdown lets the address run on to the next
# line). It stops at a bracket, so that it never swallows the next link.
_LINK = re.compile(r"(\]\(\s*<?\s*)([A-Za-z0-9+.\-&#;:`\\\x00-\x1f]*)")
# The address of a reference definition (`[r]: address`, maybe on the next line). Found after
# any `]:`, not only at the start of a line: in a quote or a list item it still counts.
_REF = re.compile(r"(\]:[ \t]*\n?[ \t]*<?)([^\s\[\]]+)")
_ATTR_LIST = re.compile(r"\{:?[^{}\n]*\}")
_CODE_SPAN = re.compile(r"`[^`]*`")
# Markdown deletes STX and ETX before it parses, so must anything that predicts its reading;
# NUL becomes U+FFFD, as in a browser (and it cannot be taken for the placeholders below).
_MARKDOWN_DELETES = {0x02: None, 0x03: None, 0x00: 0xFFFD}
# A browser drops tabs and line breaks from URLs, and skips leading control characters and
# spaces (Markdown strips Unicode spaces too). Backticks and backslashes go as well, to be
# safe: Markdown may take them out as code span or escape marks before the browser looks.
_URL_NOISE = re.compile(r"[\t\n\r`\\]")
_URL_LEAD = re.compile(r"^[\x00-\x20\s]+")
# Fenced code as pymdownx.superfences surely reads it: at the start of a line, at most a
# language after the fence, closed by the very same fence at the start of a line.
_FENCE_OPEN = re.compile(r"(`{3,}|~{3,})[ \t]*(?:\.?[\w#.+-]+)?[ \t]*\Z")
_FENCE_CLOSE = re.compile(r"(`{3,}|~{3,})[ \t]*\Z")
_FENCE_LIKE = re.compile(r"[ \t>]*(?=```|~~~)")
_SIMPLE_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)\s*/?>")
_ZWSP = "\u200b"  # invisible, and no tag, fence or scheme starts with it
# What each finding of find_unsafe needs: a tag `<`, an attribute list `{`, a link `](` or
# a reference `]:`. STX and ETX could join `]` and `(` once deleted, so they count too.
_MAY_BE_UNSAFE = re.compile(r"[<{\x02\x03]|\][(:]")


@dataclass(frozen=True)
class Unsafe:
    line: int  # 1-based, within the body
    col: int
    what: str
    dangerous: bool  # scripts, handlers, frames, script URLs (an error), or plain HTML


def _scheme(url: str) -> str | None:
    """The scheme a browser finds in ``url`` if it is one that runs code, else None."""
    seen = _URL_LEAD.sub("", _URL_NOISE.sub("", html.unescape(url)))
    m = _BAD_SCHEME.match(seen)
    return m.group(1).lower() if m else None


def _attrs_problem(text: str) -> str | None:
    """What is wrong with attributes (of a tag or a `{…}` list): a handler, a script link."""
    seen = _URL_NOISE.sub("", html.unescape(text))
    if _HANDLER.search(seen):
        return "an event handler"
    if _SCRIPT_VALUE.search(seen):
        return "a script link"
    return None


def _code_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines of the fenced code blocks (fences included) Markdown surely sees.

    A fence counts after a blank line (or at the start) and only when it is closed:
    Markdown reads an unclosed, indented or decorated fence as text. Pairs are found
    with a look-up of the closing lines, so that many unclosed fences stay cheap.
    """
    closers: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        if m := _FENCE_CLOSE.match(line):
            closers.setdefault(m.group(1), []).append(index)
    code: set[int] = set()
    index = 0
    while index < len(lines):
        m = _FENCE_OPEN.match(lines[index])
        if m and (index == 0 or not lines[index - 1].strip(" \t")):
            ends = closers.get(m.group(1), [])
            at = bisect.bisect_right(ends, index)
            if at < len(ends):
                code.update(range(index, ends[at] + 1))
                index = ends[at] + 1
                continue
        index += 1
    return code


def _runs(lines: list[str], code: set[int]) -> Iterator[tuple[bool, int, int]]:
    """(is code, first, last + 1) of the consecutive runs of code and text lines."""
    start = 0
    for index in range(1, len(lines) + 1):
        if index == len(lines) or (index in code) != (start in code):
            yield start in code, start, index
            start = index


def replace_comments(text: str, replace: Callable[[str], str]) -> str:
    """``text`` with each HTML comment ``<!--…-->`` replaced by ``replace(inside)``.

    A loop over ``str.find`` rather than a regex: ``<!--.*?-->`` rescans the rest
    of the text from every unclosed ``<!--``, which is quadratic.
    """
    out = []
    at = 0
    while (start := text.find("<!--", at)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break  # no comment closes after this one, nor after any later one
        out.append(text[at:start])
        out.append(replace(text[start + 4 : end]))
        at = end + 3
    out.append(text[at:])
    return "".join(out)


def audience_text(body: str, internal: bool) -> str:
    """The Markdown a page is made of for a body: sanitised, and with the AE's notes.

    HTML comments are the AE's notes: shown to the agency, dropped for the client.
    """
    if internal:
        body = replace_comments(body, lambda inside: f"*({' '.join(inside.split())})*")
    return sanitize(body)


def _keep_line_breaks(inside: str) -> str:
    return "\n" * inside.count("\n")


class _Offsets:
    """From offsets in a text with pieces removed back to lines and columns of the original."""

    def __init__(self, original: str, removed: list[tuple[int, int]]) -> None:
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", original)]
        self.cuts = [at for at, _ in removed]  # offsets in the reduced text, ascending
        self.shifts = []
        total = 0
        for _, length in removed:
            total += length
            self.shifts.append(total)

    def place(self, offset: int) -> tuple[int, int]:
        at = bisect.bisect_right(self.cuts, offset)
        original = offset + (self.shifts[at - 1] if at else 0)
        line = bisect.bisect_right(self.line_starts, original)
        return line, original - self.line_starts[line - 1] + 1


def _reduce(body: str) -> tuple[str, _Offsets]:
    """The body as Markdown parses it (comments out, line breaks kept), and a way back."""
    removed: list[tuple[int, int]] = []
    out: list[str] = []
    length = at = 0
    comments = True
    for m in re.finditer("<!--|[\x02\x03]", body):
        start = m.start()
        if start < at:
            continue  # inside a comment already taken out
        if m.group() == "<!--":
            close = body.find("-->", start + 4) if comments else -1
            if close < 0:
                comments = False  # none closes after this one, nor after a later one
                continue
            end = close + 3
        else:
            end = start + 1
        kept = _keep_line_breaks(body[start:end])
        out += [body[at:start], kept]
        length += start - at + len(kept)
        removed.append((length, end - start - len(kept)))
        at = end
    out.append(body[at:])
    return "".join(out), _Offsets(body, removed)


def find_unsafe(body: str) -> list[Unsafe]:
    """Raw HTML, event handlers and script URLs in a Markdown body, with their places."""
    if not _MAY_BE_UNSAFE.search(body):
        return []  # most bodies: nothing in _find_unsafe could match
    return _find_unsafe(body)


def _find_unsafe(body: str) -> list[Unsafe]:
    text, offsets = _reduce(body)
    lines = text.split("\n")
    code = _code_lines(lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    found: list[tuple[int, str, bool]] = []  # (offset in text, what, dangerous)
    for is_code, first, last in _runs(lines, code):
        if is_code:
            continue
        for index in range(first, last):
            line = _CODE_SPAN.sub(lambda m: " " * len(m.group()), lines[index])
            for m in _TAG.finditer(line):
                if m.group(1):  # a closing tag: its opening tag is reported
                    continue
                tag = m.group(2).lower()
                problem = _attrs_problem(m.group(3) or "")
                what = f"<{tag}> with {problem}" if problem else f"<{tag}>"
                dangerous = tag in _DANGEROUS_TAGS or problem is not None
                found.append((starts[index] + m.start(), what, dangerous))
            for m in _ATTR_LIST.finditer(lines[index]):
                if problem := _attrs_problem(m.group()):
                    found.append((starts[index] + m.start(), f"{problem} in {{…}}", True))
        run = text[starts[first] : starts[last] - 1]
        for m in _LINK.finditer(run):
            if scheme := _scheme(m.group(2)):
                found.append((starts[first] + m.start(2), f"a {scheme}: link", True))
        for m in _REF.finditer(run):
            if _scheme(m.group(2)):
                found.append((starts[first] + m.start(2), "a script link", True))
    found.sort(key=lambda f: f[0])
    return [Unsafe(*offsets.place(at), what, bad) for at, what, bad in found]


def sanitize(body: str) -> str:
    """The body with raw HTML shown as text, and script links and handlers removed.

    HTML comments are dropped (Markdown would carry them into the page source).
    """
    body = replace_comments(body.translate(_MARKDOWN_DELETES), _keep_line_breaks)
    lines = body.split("\n")
    code = _code_lines(lines)
    out = []
    for is_code, first, last in _runs(lines, code):
        if is_code:
            out.extend(lines[first:last])
            continue
        run = "\n".join(_sanitize_line(line) for line in lines[first:last])
        run = _LINK.sub(_safe_url, run)
        out.append(_REF.sub(_safe_url, run))
    return "\n".join(out)


def _safe_url(m: re.Match[str]) -> str:
    return m.group(1) + ("#" if _scheme(m.group(2)) else m.group(2))


def _sanitize_line(line: str) -> str:
    spans: list[str] = []

    def keep(m: re.Match[str]) -> str:
        spans.append(m.group())
        return f"\0{len(spans) - 1}\0"

    def restore(m: re.Match[str]) -> str:
        # Markdown may not read it as code after all (a backslash before it, a backtick
        # on another line): keep only tags that are harmless as HTML too.
        span = spans[int(m.group(1))]
        return re.sub(r"<", lambda t: _harmless_tag_at(span, t.start()), span)

    def safe_attrs(m: re.Match[str]) -> str:
        return "" if _attrs_problem(m.group()) else m.group()

    line = _ATTR_LIST.sub(safe_attrs, line)
    line = _CODE_SPAN.sub(keep, line)  # code spans are shown as written
    line = _COMMENT_TAIL.sub("", line).replace("<", "&lt;")
    line = re.sub(r"\0(\d+)\0", restore, line)
    if m := _FENCE_LIKE.match(line):
        line = line[: m.end()] + _ZWSP + line[m.end() :]  # not a fence: make sure of it
    return line


def _harmless_tag_at(span: str, at: int) -> str:
    m = _SIMPLE_TAG.match(span, at)
    return "<" if m and m.group(1).lower() not in _DANGEROUS_TAGS else "<" + _ZWSP


# Control characters (a YAML escape such as "\u000b" writes any of them) and every character
# that some reader takes for a line break (str.splitlines, YAML, e-mail headers, calendar
# apps): each becomes a space, so that a value stays on its one line wherever it goes.
_ONE_LINE = {
    **dict.fromkeys([*range(0x00, 0x09), *range(0x0A, 0x20), 0x7F, *range(0x80, 0xA0)], " "),
    **dict.fromkeys([0x2028, 0x2029], " "),
}
_ONE_LINE_TABLE = str.maketrans(_ONE_LINE)


def one_line(text: str) -> str:
    """``text`` with control characters and line breaks of every kind made spaces."""
    return text.translate(_ONE_LINE_TABLE)


# A value is text, whatever it holds: each character that Markdown, one of its extensions
# (attribute lists `{#id}`, tables, admonitions …) or HTML gives a meaning to becomes a
# character reference, which the page shows as the character and nothing parses; it is
# one line, as above (a heading, a table cell), and holds no STX or ETX, which
# Python-Markdown reserves for its own placeholders.
_TEXT_TABLE = str.maketrans(
    {
        **_ONE_LINE,
        **{ch: f"&#{ord(ch)};" for ch in "\\`*{}[]#+!|~^=:$"},
        **{"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"},
    }
)
# An underscore between two letters or digits is left alone, so that identifiers such as
# `in_review` in a class name stay as they are: there, Markdown never reads it as emphasis.
_LONE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# What starts a list, a code block or an ordered list when a value begins a line.
_LINE_START = re.compile(r"[ \t]+|[-.]|\d+[.)]")


def plain_text(value: object) -> Markup:
    """``value`` as text for a Markdown page: shown exactly as written, never read as markup."""
    text = str(value)
    # Pages print the same labels, dates and names over and over: each short one is worked
    # out once (long ones are rare, and would fill the memory).
    return _short_plain_text(text) if len(text) <= 200 else _plain_text(text)


def _plain_text(text: str) -> Markup:
    text = text.translate(_TEXT_TABLE)
    if "_" in text:
        text = _LONE_UNDERSCORE.sub("&#95;", text)
    if m := _LINE_START.match(text):
        start = m.group()
        text = start[:-1] + f"&#{ord(start[-1])};" + text[m.end() :]
    return Markup(text)


_short_plain_text = functools.lru_cache(maxsize=8192)(_plain_text)


# Limits that keep the build of a body linear in its size. Python-Markdown parses nested
# lists and quotes by recursion (a few hundred levels end in RecursionError); it looks for
# the end of every unclosed bracket through the rest of its paragraph (quadratic: a 10 KB
# line of `[` took minutes); and it rebuilds a paragraph's text for every inline match in
# it (80 KB of `\\` took 9 s, 40 KB 3 s). Real documents stay far below all three.
MAX_DEPTH = 16
MAX_UNCLOSED = 50
MAX_MARKS_TIMES_LENGTH = 10_000_000  # a paragraph's marks × its characters: about 0.01 s
_LEVEL = re.compile(r" {0,3}(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]?")
_OPENS = {"[": "]", "(": ")", "<": ">"}
_CLOSES = {closer: opener for opener, closer in _OPENS.items()}
_BRACKET = re.compile(r"[\[\]()<>]")
_CLOSER = re.compile(r"[\])>]")
# What an inline pattern of Python-Markdown starts with (speedups._INLINE_TRIGGERS), and a
# line break: two spaces at the end of a line.
_MARKS = ("\\", "`", "[", "!", "<", "&", "*", "_")


@dataclass(frozen=True)
class TooComplex:
    line: int  # 1-based, within the body
    col: int
    code: str  # BODY001 (nesting), BODY002 (unclosed brackets), BODY003 (marks)
    count: int  # levels, unclosed brackets, or marks
    length: int = 0  # of the paragraph, for BODY003


def find_too_complex(body: str) -> list[TooComplex]:
    """Lines nested too deep, and paragraphs with too many unclosed brackets or marks.

    Fenced code is left out: Markdown does not look into it.
    """
    found: list[TooComplex] = []
    lines = body.split("\n")
    code = _code_lines(lines)
    paragraph = _Paragraph(0)
    for index, line in enumerate(lines):
        if index in code or not line.strip():  # the end of a paragraph, and of any search
            paragraph.close(found)
            paragraph = _Paragraph(index + 1)
            continue
        depth, col = _depth(line)
        if depth > MAX_DEPTH and not paragraph.deep:
            found.append(TooComplex(index + 1, col, "BODY001", depth))
            paragraph.deep = True
        paragraph.add(index, line, found)
    paragraph.close(found)
    return found


class _Paragraph:
    """What one paragraph holds so far: open brackets, marks and length."""

    def __init__(self, first: int) -> None:
        self.first = first
        self.open_now = dict.fromkeys(_OPENS, 0)
        self.unclosed_reported = self.deep = False
        self.marks = self.length = 0

    def add(self, index: int, line: str, found: list[TooComplex]) -> None:
        self.length += len(line) + 1
        self.marks += sum(map(line.count, _MARKS)) + line.endswith("  ")
        if self.unclosed_reported or not _BRACKET.search(line):
            return
        if not _CLOSER.search(line):  # only opening brackets: counted at C speed
            counts = {opener: line.count(opener) for opener in _OPENS}
            if all(self.open_now[o] + n <= MAX_UNCLOSED for o, n in counts.items()):
                for opener, n in counts.items():
                    self.open_now[opener] += n
                return
        for m in _BRACKET.finditer(line):
            char = m.group()
            if char in _OPENS:
                self.open_now[char] += 1
                if self.open_now[char] > MAX_UNCLOSED and not self.unclosed_reported:
                    found.append(TooComplex(index + 1, m.start() + 1, "BODY002", MAX_UNCLOSED))
                    self.unclosed_reported = True
            else:
                opener = _CLOSES[char]
                self.open_now[opener] = max(0, self.open_now[opener] - 1)

    def close(self, found: list[TooComplex]) -> None:
        if self.marks * self.length > MAX_MARKS_TIMES_LENGTH and not self.unclosed_reported:
            found.append(TooComplex(self.first + 1, 1, "BODY003", self.marks, self.length))


def _depth(line: str) -> tuple[int, int]:
    """How many quotes, list items and indents a line is nested in, and the column of the
    first level beyond ``MAX_DEPTH``."""
    depth = at = beyond = 0
    column = 0  # as Markdown counts it: a tab goes on to the next multiple of 4
    while True:
        start, end, reach = at, at, column
        while end < len(line) and line[end] in " \t" and reach - column < 4:
            reach = reach + 4 - reach % 4 if line[end] == "\t" else reach + 1
            end += 1
        if reach - column >= 4:  # an indent of its own: a level of a nested list
            at, column = end, reach
        elif (m := _LEVEL.match(line, at)) and m.end() > at:
            at, column = m.end(), column + m.end() - at
        else:
            return depth, beyond
        depth += 1
        if depth == MAX_DEPTH + 1:
            beyond = start + 1
