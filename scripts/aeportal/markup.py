"""What a document body may carry into a portal: Markdown, not HTML or scripts.

Python-Markdown passes raw HTML through, and the ``attr_list`` extension lets
``{onclick=…}`` set any attribute, so bodies are checked (``find_unsafe``, for
``validate``) and neutralised (``sanitize``, for every page) here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_FENCE = re.compile(r"^\s*(```|~~~)")
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>?")
_COMMENT = re.compile(r"<!--.*?(-->|$)", re.DOTALL)
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
_BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)
_LINK = re.compile(r"(\]\(\s*<?)([^)\s>]*)")
_AUTOLINK_REF = re.compile(r"^(\s*\[[^\]]+\]:\s*<?)(\S+)", re.MULTILINE)
_ATTR_LIST = re.compile(r"\{:?[^{}\n]*\}")


@dataclass(frozen=True)
class Unsafe:
    line: int  # 1-based, within the body
    col: int
    what: str
    dangerous: bool  # scripts, handlers, frames, script URLs (an error), or plain HTML


def _lines_outside_code(body: str) -> Iterator[tuple[int, str]]:
    fenced = False
    for number, line in enumerate(body.split("\n"), 1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line


def _without_code_spans(line: str) -> str:
    # Keep columns: blank out `code` spans instead of removing them.
    return re.sub(r"`[^`]*`", lambda m: " " * len(m.group()), line)


def find_unsafe(body: str) -> list[Unsafe]:
    """Raw HTML, event handlers and script URLs in a Markdown body, with their places."""
    found: list[Unsafe] = []
    for number, raw in _lines_outside_code(body):
        line = _without_code_spans(raw)
        for m in _TAG.finditer(line):
            if m.group(1):  # a closing tag: its opening tag is reported
                continue
            tag = m.group(2).lower()
            handler = _HANDLER.search(m.group(3) or "")
            dangerous = tag in _DANGEROUS_TAGS or handler is not None
            what = f"<{tag}> with an event handler" if handler else f"<{tag}>"
            found.append(Unsafe(number, m.start() + 1, what, dangerous))
        for m in _ATTR_LIST.finditer(line):
            if _HANDLER.search(m.group()) or "javascript:" in m.group().lower():
                found.append(Unsafe(number, m.start() + 1, "an event handler in {…}", True))
        for m in _LINK.finditer(line):
            if _BAD_SCHEME.match(m.group(2)):
                found.append(
                    Unsafe(number, m.start(2) + 1, f"a {m.group(2).split(':')[0]}: link", True)
                )
        for m in _AUTOLINK_REF.finditer(line):
            if _BAD_SCHEME.match(m.group(2)):
                found.append(Unsafe(number, m.start(2) + 1, "a script link", True))
    return found


def sanitize(body: str) -> str:
    """The body with raw HTML shown as text, and script links and handlers removed.

    HTML comments are dropped (Markdown would carry them into the page source).
    """
    body = re.sub(r"<!--.*?-->", "", body, flags=re.DOTALL)
    out = []
    fenced = False
    for line in body.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            out.append(line)
            continue
        if fenced:
            out.append(line)
            continue
        out.append(_sanitize_line(line))
    return "\n".join(out)


def _sanitize_line(line: str) -> str:
    spans: list[str] = []

    def keep(m: re.Match[str]) -> str:
        spans.append(m.group())
        return f"\0{len(spans) - 1}\0"

    def safe_url(m: re.Match[str]) -> str:
        return m.group(1) + ("#" if _BAD_SCHEME.match(m.group(2)) else m.group(2))

    def safe_attrs(m: re.Match[str]) -> str:
        text = m.group()
        return "" if _HANDLER.search(text) or "javascript" in text.lower() else text

    line = re.sub(r"`[^`]*`", keep, line)  # code spans are shown as written
    line = _COMMENT.sub("", line).replace("<", "&lt;")
    line = _ATTR_LIST.sub(safe_attrs, line)
    line = _LINK.sub(safe_url, line)
    line = _AUTOLINK_REF.sub(safe_url, line)
    return re.sub(r"\0(\d+)\0", lambda m: spans[int(m.group(1))], line)
