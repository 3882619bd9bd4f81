"""Full-text search of a built portal: a Pagefind index, written after the site engine.

Whatever engine wrote a portal's HTML, this step reads the pages back and writes the
portal's own index into ``pagefind/`` beside them, so the index holds that portal's
pages and nothing else. The search box (``render/templates/assets/search.js``) loads it
from the portal itself: no request leaves the host.

Pagefind folds diacritics by decomposing words (NFD) and dropping the combining marks,
both when it indexes and in the browser when it searches: "hop qua" finds "Hộp quà",
"tet" finds "Tết", and decomposed input finds precomposed text. Two gaps remain, and the
copy of each page given to the indexer (never the page served) closes them:

* ``đ`` and ``Đ`` have no decomposition, so "dong" would not find "đồng". In the copy
  they are written ``d`` (``D``) followed by U+0345, a combining mark that is also a
  letter: Pagefind keeps the word whole and folds it to "dong". The search box reads a
  typed ``đ`` as ``d``, and shows ``d`` + U+0345 as ``đ`` again (``shown_text`` here);
* a page written in decomposed Unicode would be split at each combining mark (marks are
  not letters to Pagefind's word splitter): the copy is precomposed (NFC) first.

The binary comes from the ``pagefind-bin`` wheel and is run once per portal over a
folder of those copies. Pagefind's Python API drives the same binary as a service and
reads each answer after a tenth of a second's sleep: for the 22 pages of a demo portal,
2.4 s page by page in memory and 0.31 s for a folder, against 0.05 s for one run.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from aeportal.errors import BuildError

FOLDER = "pagefind"  # the index, inside each portal
# The combining mark written after d/D in the indexed copy: General_Category Mn (folded
# away by Pagefind) and Alphabetic (so its word splitter keeps the word whole).
FOLD_MARK = "\u0345"
_UNFOLD = re.compile(f"([dD]){FOLD_MARK}")
# What is indexed of a page: its article, without heading permalinks (the ¶ signs).
ROOT_SELECTOR = "article"
EXCLUDE = ".headerlink"
# The search box uses pagefind.js and its WebAssembly; the ready-made interfaces of the
# bundle are not used, so not published.
_UNUSED = re.compile(r"^pagefind-(?:component-ui|modular-ui|ui|highlight)\.(?:js|css)$")
# What Pagefind writes compressed: index chunks, page fragments, metadata and filters.
COMPRESSED = (".pf_index", ".pf_fragment", ".pf_meta", ".pf_filter")
_SIGNATURE = b"pagefind_dcd"


def fold(text: str) -> str:
    """The text the indexer is given for ``text``."""
    # str.translate with a mapping costs about a millisecond per page; most pages are NFC
    # already, and str.replace of two characters is a hundred times faster.
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text.replace("đ", "d" + FOLD_MARK).replace("Đ", "D" + FOLD_MARK)


def shown_text(text: str) -> str:
    """Text of the index as a reader sees it (``đ`` again); ``search.js`` does the same."""
    return _UNFOLD.sub(lambda m: "đ" if m.group(1) == "d" else "Đ", text)


def binary() -> Path:
    """The Pagefind binary installed with the ``pagefind-bin`` package."""
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:
        raise BuildError(
            "search: the Pagefind binary is missing; install AE Portal's dependencies "
            "(pip install -e . brings pagefind-bin)"
        ) from exc
    try:
        return Path(get_executable())
    except FileNotFoundError as exc:
        raise BuildError(f"search: {exc}; reinstall pagefind-bin") from exc


def _pages(site_dir: Path) -> list[Path]:
    """The HTML pages of a portal: not its 404 page, not the files it publishes."""
    return [
        p
        for p in sorted(site_dir.rglob("*.html"))
        if p.relative_to(site_dir).parts[0] not in ("files", FOLDER)
        and p.relative_to(site_dir).as_posix() != "404.html"
    ]


def index_portal(site_dir: Path, language: str) -> None:
    """Write the search index of the portal built in ``site_dir`` into its ``pagefind/``."""
    out = site_dir / FOLDER
    shutil.rmtree(out, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="aeportal-search-") as tmp:
        copies = Path(tmp) / "site"
        for page in _pages(site_dir):
            copy = copies / page.relative_to(site_dir)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(fold(page.read_text(encoding="utf-8")), encoding="utf-8")
        copies.mkdir(exist_ok=True)
        command = [
            str(binary()),
            "--site",
            str(copies),
            "--output-path",
            str(out),
            "--force-language",
            language,
            "--root-selector",
            ROOT_SELECTOR,
            "--exclude-selectors",
            EXCLUDE,
            "--silent",
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not (out / "pagefind.js").is_file():
        said = (done.stderr or done.stdout).strip() or f"exit status {done.returncode}"
        raise BuildError(f"{site_dir.name}: the search index was not written: {said}")
    for path in out.iterdir():
        if _UNUSED.match(path.name):
            path.unlink()


def read_compressed(path: Path) -> bytes:
    """The content of one of Pagefind's compressed files (index, fragment, metadata)."""
    data = gzip.decompress(path.read_bytes())
    return data.removeprefix(_SIGNATURE)


def indexed_pages(site_dir: Path) -> dict[str, str]:
    """Each page of the portal's search index: its URL → its title and text, as shown."""
    found: dict[str, str] = {}
    for path in sorted((site_dir / FOLDER).rglob("*.pf_fragment")):
        fragment = json.loads(read_compressed(path))
        title = fragment.get("meta", {}).get("title", "")
        found[fragment["url"]] = shown_text(f"{title}\n{fragment['content']}")
    return found


def index_text(site_dir: Path) -> str:
    """Every page's text as the portal's search index holds it (as a reader sees it)."""
    return "\n".join(f"{url}\n{text}" for url, text in indexed_pages(site_dir).items())
