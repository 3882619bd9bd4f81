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

The binary comes from the ``pagefind-bin`` wheel. Each process of the build (each worker)
starts it once as a service (``pagefind --service``) and has it write index after index:
the pages go to it in memory, each answer is read as soon as it comes (Pagefind's own
Python package drives the same service but looks for answers every tenth of a second).
The pages are given in the order of their paths, so the same pages give the same index.
"""

from __future__ import annotations

import atexit
import base64
import gzip
import json
import multiprocessing.util
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

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
    pages = {
        page.relative_to(site_dir).as_posix(): fold(page.read_text(encoding="utf-8"))
        for page in _pages(site_dir)
    }
    try:
        _indexer().index(pages, out, language)
    except BuildError as exc:
        raise BuildError(f"{site_dir.name}: the search index was not written: {exc}") from None
    if not (out / "pagefind.js").is_file():
        raise BuildError(f"{site_dir.name}: the search index was not written")
    for path in out.iterdir():
        if _UNUSED.match(path.name):
            path.unlink()


class _Indexer:
    """One Pagefind process (``pagefind --service``) that writes index after index.

    A process per portal cost more than the indexing itself: starting the binary, its
    threads and its memory came to some 2,500 page faults a portal, and to about a
    third of a large portfolio's build. The service reads requests on its standard input
    and answers on its standard output, each a JSON message in base64 followed by a
    comma (the protocol of Pagefind's own Python and Node packages, ``pagefind.service``);
    this client waits for each answer where those packages poll every tenth of a second.
    """

    # Answers are read after every so many requests, so that neither side's pipe fills
    # while the other waits for it to be read.
    BATCH = 64

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.process = subprocess.Popen(
            [str(binary()), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.sent = 0
        self.buffer = b""

    def index(self, pages: dict[str, str], out: Path, language: str) -> None:
        config = {
            "root_selector": ROOT_SELECTOR,
            "exclude_selectors": [EXCLUDE],
            "force_language": language,
        }
        index_id = self._ask({"type": "NewIndex", "config": config})["index_id"]
        items = list(pages.items())
        for start in range(0, len(items), self.BATCH):
            batch = items[start : start + self.BATCH]
            for path, text in batch:
                # The file's path in the site: Pagefind makes its URL as the command line
                # does from a site folder ("briefs/x/index.html" → "/briefs/x/").
                self._send(
                    {"type": "AddFile", "index_id": index_id, "file_path": path,
                     "file_contents": text}
                )  # fmt: skip
            self._flush()
            for _ in batch:
                self._answer()
        self._ask({"type": "WriteFiles", "index_id": index_id, "output_path": str(out)})
        self._ask({"type": "DeleteIndex", "index_id": index_id})

    def _ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        self._send(payload)
        self._flush()
        return self._answer()

    def _send(self, payload: dict[str, Any]) -> None:
        self.sent += 1
        message = json.dumps({"message_id": self.sent, "payload": payload})
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
        except OSError as exc:
            raise BuildError(f"the Pagefind service stopped ({exc})") from None

    def _flush(self) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.flush()
        except OSError as exc:
            raise BuildError(f"the Pagefind service stopped ({exc})") from None

    def _answer(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        while b"," not in self.buffer:
            chunk = os.read(self.process.stdout.fileno(), 1 << 16)
            if not chunk:
                raise BuildError(f"the Pagefind service stopped (exit {self.process.wait()})")
            self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b",")
        payload: dict[str, Any] = json.loads(base64.b64decode(message))["payload"]
        if payload.get("type") == "Error":
            raise BuildError(f"Pagefind: {payload.get('message')}")
        return payload

    def close(self) -> None:
        if self.pid != os.getpid() or self.process.returncode is not None:
            return  # another process's, or closed already
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait()


_INDEXERS: list[_Indexer] = []


def _indexer() -> _Indexer:
    """This process's Pagefind service (a forked worker starts its own)."""
    here = os.getpid()
    if _INDEXERS and _INDEXERS[-1].pid == here and _INDEXERS[-1].process.poll() is None:
        return _INDEXERS[-1]
    # The parent's service (inherited by a fork) is not this process's to talk to.
    _INDEXERS.clear()
    made = _Indexer()
    _INDEXERS.append(made)
    # Closed and waited for when this process ends: a worker process of the builder
    # ends without running atexit, but with multiprocessing's finalizers.
    multiprocessing.util.Finalize(made, made.close, exitpriority=10)
    atexit.register(made.close)
    return made


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
