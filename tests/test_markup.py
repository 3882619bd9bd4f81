"""Document bodies reach pages as Markdown only: never scripts, frames, handlers."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest

from aeportal.check.markup import find_unsafe, sanitize

EXTENSIONS = ["tables", "admonition", "attr_list", "md_in_html", "pymdownx.superfences"]

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<iframe src="https://evil.example"></iframe>',
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x]( JavaScript:alert(1) )",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    '[x](https://ok.example){ onclick="alert(1)" }',
    '{: onmouseover="alert(1)" }',
    "[ref]: javascript:alert(1)\n\n[go][ref]",
    '<div markdown="1" onclick="alert(1)">**x**</div>',
    "<svg><script>alert(1)</script></svg>",
    "<style>body{display:none}</style>",
    "<<script>script>alert(1)<</script>/script>",
    "<!-- secret --><script>alert(1)</script>",
]


class _Live(HTMLParser):
    """The tags and attributes a browser would act on (text that looks like HTML is not)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markup_never_becomes_live_html(text: str) -> None:
    live = _Live()
    live.feed(markdown.markdown(sanitize(text), extensions=EXTENSIONS))
    tags = {tag for tag, _ in live.tags}
    assert tags <= {"p", "a", "strong", "em", "code", "div", "pre", "span"}, (text, live.tags)
    for _tag, attrs in live.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (text, attrs)
            assert not (value or "").strip().lower().startswith(("javascript:", "data:")), attrs
    assert live.comments == []
    assert find_unsafe(text), text


def test_markdown_stays_markdown() -> None:
    text = (
        "# Title\n\n**bold** and [a link](https://example.com)\n\n> quoted\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert sanitize(text) == text
    html = markdown.markdown(sanitize(text), extensions=EXTENSIONS)
    assert '<a href="https://example.com">a link</a>' in html
    assert "<blockquote>" in html and "<table>" in html
    assert find_unsafe(text) == []


def test_code_is_shown_as_written() -> None:
    text = "Use `<b>` here.\n\n```html\n<script>alert(1)</script>\n```"
    assert sanitize(text) == text
    html = markdown.markdown(sanitize(text), extensions=EXTENSIONS)
    assert "<script" not in html
    assert find_unsafe(text) == []


def test_plain_html_is_shown_as_text_and_reported_where_it_is() -> None:
    found = find_unsafe("Line one.\nLaunch <b>today</b> only.")
    assert [(u.line, u.col, u.what, u.dangerous) for u in found] == [(2, 8, "<b>", False)]
    live = _Live()
    live.feed(markdown.markdown(sanitize("Launch <b>today</b>."), extensions=EXTENSIONS))
    assert [tag for tag, _ in live.tags] == ["p"]
