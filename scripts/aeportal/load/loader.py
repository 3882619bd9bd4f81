"""Files to model: the only module that reads the content repository.

Every problem becomes a located ``Diagnostic``; nothing here raises on bad
content. A file that cannot be read is skipped after its diagnostic, so the
rest of the repository is still checked in the same run.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import multiprocessing as mp
import os
import re
import stat
import threading
import tomllib
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from aeportal import model
from aeportal.diagnostics import Diagnostic, Lines, Loc, Report
from aeportal.errors import InputError
from aeportal.load.assets import hash_assets
from aeportal.load.cache import LoadCache, Lookup
from aeportal.load.schema import MISSING, Converter

try:  # libyaml's C parser is several times faster; fall back where it is missing
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

# The first characters for which YAML's implicit resolvers may give a tag other than str,
# and the only words (starting with a letter) they turn into booleans or null.
_RESOLVABLE = frozenset(yaml.resolver.Resolver.yaml_implicit_resolvers)
_WORDS = frozenset(
    w
    for base in ("yes", "no", "true", "false", "on", "off", "null")
    for w in (base, base.capitalize(), base.upper())
)


class _YamlLoader(_BaseLoader):
    """The safe loader with shortcuts: most plain scalars are text and need no regexes,
    and the others (dates, numbers, ids) recur, so each is resolved once per run."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0] and value:
            first = value[0]
            if first not in _RESOLVABLE or (first.isalpha() and value not in _WORDS):
                return self.DEFAULT_SCALAR_TAG
            tag = _RESOLVED.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
                if len(_RESOLVED) < _RESOLVED_MAX:
                    _RESOLVED[value] = tag
            return tag
        return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]


# Tags of plain scalars already resolved: the resolver's tables never change, so neither
# does the tag of a given text. Bounded, to keep a huge repository's memory in check.
_RESOLVED: dict[str, str] = {}
_RESOLVED_MAX = 100_000


MAX_FILE_BYTES = 2 * 1024 * 1024
ACCOUNT_FILE = "account.yml"
TIMELINE_FILE = "timeline.yml"
RELATIONSHIP_FILE = "relationship.yml"
ASSETS_DIR = "assets"
_SLUG = re.compile(model.SLUG_PATTERN)
# Deeper than any AE Portal file needs, and far below where libyaml's composer crashes.
MAX_DEPTH = 64
_YAML_HINT = (
    "check the indentation and quoting near this line: a value that contains `: ` or `#`, "
    "or starts with one of { } [ ] & * ! | > ' \" % @ `, must be in quotes"
)


def display_path(path: Path | str) -> str:
    """A path as diagnostics show it: relative to the working folder when inside it."""
    text = os.fspath(path)
    try:
        rel = _relpath(text)
    except ValueError:  # another drive on Windows
        return text
    return text if rel.startswith("..") else rel


def _relpath(text: str) -> str:
    """``os.path.relpath(text)``, read off directly where it can be (it is, for each file
    of a run): relpath calls getcwd twice and compares lists of components."""
    if os.name == "posix" and text:
        norm = os.path.normpath(text)
        if not norm.startswith("/"):
            if norm != ".." and not norm.startswith("../"):
                return norm
        else:
            cwd = os.fspath(Path.cwd())
            if norm == cwd:
                return "."
            inside = cwd if cwd.endswith("/") else cwd + "/"
            if norm.startswith(inside):
                return norm[len(inside) :]
    return os.path.relpath(text)


@dataclass(frozen=True)
class Source:
    """A file's text, ready to parse, and the name diagnostics give it."""

    path: Path
    name: str
    text: str


def read_source(path: Path, report: Report, kept: dict[Path, bytes] | None = None) -> Source | None:
    """Read one text file, refusing what is not safe, small, UTF-8 text.

    ``kept``, if given, receives the bytes read, under ``path``: the folder digest
    hashes them instead of reading the file a second time.
    """
    name = display_path(path)
    try:
        # Without O_NONBLOCK, opening a named pipe waits for a writer, for ever.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            mode = os.fstat(fh.fileno()).st_mode
            if not stat.S_ISREG(mode):
                why = os.strerror(errno.EISDIR) if stat.S_ISDIR(mode) else "not a regular file"
                raise OSError(errno.EINVAL, why)
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        report.add(
            "FILE008",
            Loc(name),
            f"cannot read the file: {exc.strerror}",
            "check that the file exists and is readable",
        )
        return None
    if kept is not None:
        kept[path] = data
    if len(data) > MAX_FILE_BYTES:
        report.add(
            "FILE007",
            Loc(name),
            f"the file is larger than {MAX_FILE_BYTES // 1024} KiB",
            "keep briefs and YAML files small; put large material in shared storage and link to it",
        )
        return None
    if b"\0" in data:
        report.add(
            "FILE002",
            Loc(name),
            "the file holds binary data (NUL bytes), not text",
            "save it as UTF-8 text, or move it out of the account folder",
        )
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        report.add(
            "FILE004",
            Loc(name, 1, 1),
            "the file starts with a byte order mark (BOM)",
            "save it as UTF-8 without BOM (most editors call it plain UTF-8)",
        )
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        at_line = data.count(b"\n", 0, exc.start) + 1
        at_col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        report.add(
            "FILE001",
            Loc(name, at_line, at_col),
            f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
            "save the file as UTF-8 (it is probably in a legacy encoding "
            "such as Windows-1258 or Latin-1)",
        )
        return None
    # CRLF and lone CR are accepted: folded to LF so that line numbers match the editor's.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        report.add(
            "FILE003",
            Loc(name, 1, 1),
            "the file is empty",
            "fill it in (see docs/format.md) or delete it",
        )
        return None
    return Source(path, name, text)


def parse_yaml(text: str, name: str, report: Report, line_offset: int = 0) -> yaml.Node | None:
    """Compose one YAML document into nodes (with marks), without constructing values."""
    if "\t" in text and _report_tabs(text, name, report, line_offset):
        return None
    lines = Lines(text, line_offset)
    flow_bound = text.count("[") + text.count("{")
    try:
        # The exact scan costs half a parse, so it runs only where it can find something.
        if (
            "&" in text or "*" in text or _nests_deeper(text, MAX_DEPTH - flow_bound)
        ) and not _scan_events(text, name, report, lines):
            return None
        loader = _YamlLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
        if node is not None and lines.yaml_counts_more:
            _count_lines_as_editors_do(node, Lines(text))
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow (a control character such as a vertical tab).
        at_line, at_col = lines.at(_reader_offset(text, exc))
        report.add(
            "YAML001",
            Loc(name, at_line, at_col),
            f"character U+{exc.character:04X} is not allowed in YAML",
            "remove it (it is invisible in most editors), or write it as an escape such as "
            f"\\u{exc.character:04x} inside double quotes",
        )
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at_line, at_col = lines.of_mark(mark) if mark else (0, 0)
        problem = exc.problem or "invalid YAML"
        # libyaml and PyYAML both put this phrase in the context, not the problem.
        if "expected a single document" in f"{exc.context} {problem}":
            report.add(
                "YAML008",
                Loc(name, at_line, at_col),
                "the file holds more than one YAML document",
                "remove the `---` line; one file is one document",
            )
        else:
            context = f" ({exc.context})" if exc.context else ""
            start = exc.context_mark
            start_line = lines.of_mark(start)[0] if start else 0
            if exc.context and start and mark and start_line != at_line:
                # An unclosed quote or bracket is found where the file ends: say where it opened.
                context = f" ({exc.context} started on line {start_line})"
            report.add("YAML001", Loc(name, at_line, at_col), f"{problem}{context}", _YAML_HINT)
        return None
    except yaml.YAMLError as exc:
        report.add("YAML001", Loc(name, 1 + line_offset, 1), str(exc), _YAML_HINT)
        return None
    return node


def _count_lines_as_editors_do(root: yaml.Node, lines: Lines) -> None:
    """Give every node the line and column an editor shows, for whoever reads its marks.

    YAML breaks lines at NEL, U+2028 and U+2029 as well (see ``Lines``); only a file
    that holds one of them gets here. Nodes seen twice (aliases) are done once.
    """
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        for name in ("start_mark", "end_mark"):
            mark = getattr(node, name)
            if mark is not None:
                line, col = lines.at(mark.index)
                setattr(node, name, yaml.Mark(mark.name, mark.index, line - 1, col - 1, None, 0))
        if isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _reader_offset(text: str, exc: yaml.reader.ReaderError) -> int:
    """The character offset of the character a YAML reader refused.

    libyaml gives the offset in UTF-8 bytes, the pure-Python reader in characters.
    """
    at: int = exc.position
    if 0 <= at < len(text) and ord(text[at]) == exc.character:
        return at
    return len(text.encode("utf-8", "surrogatepass")[:at].decode("utf-8", "ignore"))


def _report_tabs(text: str, name: str, report: Report, line_offset: int) -> bool:
    """Report each line indented with a tab; whether there was one."""
    tabs = False
    for number, line in enumerate(text.split("\n"), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            tabs = True
            report.add(
                "YAML003",
                Loc(name, number + line_offset, indent.index("\t") + 1),
                "a tab character is used for indentation",
                "indent with spaces only (set your editor to insert spaces for YAML)",
            )
    return tabs


# Every byte but the indicators counted below and line breaks (none is part of a
# multi-byte UTF-8 character, so counting bytes counts characters).
_NOT_INDICATOR = bytes(b for b in range(256) if b not in b"-:?\n")


def _nests_deeper(text: str, limit: int) -> bool:
    """Whether block collections may nest more than ``limit`` deep (a bound, never too low).

    Block collections around a line start at most two to a column left of it, and
    compact ones (`- - a: b`) each start after an indicator on the line.
    """
    # The most indicators on any line and the deepest indent, even when on different
    # lines, bound the figure from above, and are found without a Python loop over the
    # lines (which cost a sixth of a parse). Only past the limit is it done line by line.
    data = text.encode("utf-8", "surrogatepass").translate(None, _NOT_INDICATOR)
    indicators = max(map(len, data.split(b"\n")))
    deepest = (limit - indicators) // 2 - 1  # the deepest indent within the limit
    if deepest >= 0 and "\t" not in text:
        too_deep = " " * (deepest + 1)
        if not text.startswith(too_deep) and "\n" + too_deep not in text:
            return False
    bound = max(
        2 * (len(line) - len(line.lstrip(" \t")) + 1)
        + line.count("-")
        + line.count(":")
        + line.count("?")
        for line in text.split("\n")
    )
    return bound > limit


def _scan_events(text: str, name: str, report: Report, lines: Lines) -> bool:
    """Report anchors and aliases where they are written; False if nested too deep to compose.

    libyaml's composer recurses once per level in C and crashes the interpreter
    on a few tens of thousands of levels, which fit in a small file: the event
    stream is flat, so the depth is checked on it first.
    """
    depth = 0
    scanned = 0  # where the last event ended: the scanner has read at least this far
    loader = _YamlLoader(text)
    try:
        while (event := _next_event(loader, text, scanned, depth)) is not None:
            mark = event.start_mark
            at = lines.loc(name, mark) if mark else Loc(name)
            scanned = event.end_mark.index if event.end_mark else scanned
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    _report_too_deep(report, at)
                    return False
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            if isinstance(event, yaml.AliasEvent):
                report.add(
                    "YAML006",
                    at,
                    f"alias `*{event.anchor}` is not allowed",
                    "write the value out in full",
                )
            elif isinstance(event, yaml.NodeEvent) and event.anchor:
                report.add(
                    "YAML006",
                    at,
                    f"anchor `&{event.anchor}` is not allowed",
                    "remove it, and write out in full every value that refers to it",
                )
    except _TooDeep as deep:
        _report_too_deep(report, Loc(name, *lines.at(deep.index)))
        return False
    finally:
        loader.dispose()
    return True


class _TooDeep(Exception):
    """Flow collections opened ahead of the events pass the depth limit at ``index``."""

    def __init__(self, index: int) -> None:
        super().__init__(index)
        self.index = index


def _next_event(loader: _YamlLoader, text: str, scanned: int, depth: int) -> yaml.Event | None:
    """The next event of the stream, or None at its end.

    The scanner reads flow collections ahead of the events it hands out, and PyYAML
    6.0.4 and later stop at a nesting limit of their own while doing so, with their
    own words. Where the scanner stops, the brackets it was reading are counted here,
    so that the limit users meet is AE Portal's, whatever PyYAML's is.
    """
    try:
        return loader.get_event()
    except yaml.MarkedYAMLError as exc:
        stop = exc.problem_mark.index if exc.problem_mark else len(text)
        level = depth
        for at in range(scanned, min(stop + 1, len(text))):
            char = text[at]
            if char in "[{":
                level += 1
                if level > MAX_DEPTH:
                    raise _TooDeep(at) from exc
            elif char in "]}":
                level -= 1
        raise


def _report_too_deep(report: Report, at: Loc) -> None:
    report.add(
        "YAML001",
        at,
        f"values are nested more than {MAX_DEPTH} levels deep",
        "flatten the structure; AE Portal files nest a few levels at most",
    )


def split_front_matter(src: Source, report: Report) -> tuple[str, str, int] | None:
    """(front matter YAML, body, body's first line) of a Markdown document."""
    lines = src.text.split("\n")
    if lines[0].rstrip() != "---":
        report.add(
            "FM001",
            Loc(src.name, 1, 1),
            "the document does not start with front matter",
            "start the file with a line `---`, then the keys (title: …), then `---`",
        )
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    report.add(
        "FM002",
        Loc(src.name, 1, 1),
        "the front matter is never closed",
        "add a line `---` after the last key of the front matter",
    )
    return None


def _holds_no_data(text: str) -> bool:
    """Whether YAML text has only blank lines, comments and `---` (it parses to nothing)."""
    return all(
        not line.strip() or line.lstrip().startswith("#") or line.rstrip() in ("---", "...")
        for line in text.split("\n")
    )


def _load_yaml_record(path: Path, cls: type, report: Report, kept: dict[Path, bytes]) -> Any:
    src = read_source(path, report, kept)
    if src is None:
        return None
    if _holds_no_data(src.text):
        report.add(
            "FILE003",
            Loc(src.name, 1, 1),
            "the file holds no data, only comments or blank lines",
            "fill it in (see docs/format.md) or delete it",
        )
        return None
    node = parse_yaml(src.text, src.name, report)
    if node is None:
        return None
    record = Converter(src.name, report).record(node, cls, path.name)
    return None if record is MISSING else record


def _load_document(
    path: Path, cls: type[model.Document], report: Report, kept: dict[Path, bytes]
) -> Any:
    src = read_source(path, report, kept)
    if src is None:
        return None
    parts = split_front_matter(src, report)
    if parts is None:
        return None
    front, body, body_line = parts
    if _holds_no_data(front):
        report.add(
            "SCHEMA002",
            Loc(src.name, 1, 1),
            "the front matter is empty",
            "add at least `title:` between the two `---` lines",
        )
        return None
    node = parse_yaml(front, src.name, report, line_offset=1)
    if node is None:
        return None
    record = Converter(src.name, report, line_offset=1).record(
        node,
        cls,
        "front matter",
        id=path.stem,
        path=src.name,
        body=body,
        body_line=body_line,
    )
    return None if record is MISSING else record


def _inside(path: Path, folder_real: str) -> bool:
    real = os.path.realpath(path)
    return real == folder_real or real.startswith(folder_real + os.sep)


def _shown(name: str | Path) -> str:
    """A name as diagnostics show it: line breaks, invisible characters and bytes that are
    not UTF-8 (which the file system hands over as surrogates) written as escapes, so that
    any terminal prints it and nothing in it can pass for another line of output."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in os.fspath(name))


def _check_entry(path: Path, folder_real: str, report: Report) -> bool:
    """Whether an entry may be read: symbolic links must stay inside the account."""
    if path.is_symlink() and not _inside(path, folder_real):
        report.add(
            "FILE005",
            Loc(_shown(display_path(path))),
            f"symbolic link points outside the account folder (to {_shown(path.readlink())})",
            "copy the file into the account folder instead of linking to it",
        )
        return False
    return True


def _slug_ok(path: Path, stem: str, report: Report, what: str) -> bool:
    if _SLUG.fullmatch(stem):  # not match: `$` also matches before a final newline
        return True
    from aeportal.load.schema import slugify

    suggestion = slugify(stem) or "my-name"
    suffix = path.suffix if path.is_file() else ""
    report.add(
        "FILE009",
        Loc(_shown(display_path(path))),
        f"{what} name `{_shown(path.name)}` is not a valid id",
        f"rename it to `{suggestion}{suffix}` (lowercase letters, digits and dashes)",
    )
    return False


def load_account(folder: Path, report: Report) -> model.AccountBundle | None:
    """Read one client folder; None when it has no usable account.yml."""
    slug = folder.name
    folder_real = os.path.realpath(folder)
    account_path = folder / ACCOUNT_FILE
    if not account_path.exists() and not account_path.is_symlink():
        report.add(
            "ACCT001",
            Loc(display_path(folder)),
            f"account folder `{slug}` has no {ACCOUNT_FILE}",
            f"add {ACCOUNT_FILE}: `aeportal new account NAME --slug {slug}` writes one to fill "
            "in (from templates/starters/), or move the folder out of accounts/",
        )
        return None
    docs: dict[str, list[Any]] = {kind: [] for kind in model.DOCUMENT_KINDS}
    kept: dict[Path, bytes] = {}
    account = timeline = relationship = None
    for entry in sorted(folder.iterdir()):
        if not _check_entry(entry, folder_real, report):
            continue
        name = entry.name
        if name.startswith("."):
            continue
        if name == ACCOUNT_FILE:
            account = _load_yaml_record(entry, model.Account, report, kept)
        elif name == TIMELINE_FILE:
            timeline = _load_yaml_record(entry, model.Timeline, report, kept)
        elif name == RELATIONSHIP_FILE:
            relationship = _load_yaml_record(entry, model.Relationship, report, kept)
        elif name in model.DOCUMENT_KINDS and entry.is_dir():
            cls = model.DOCUMENT_KINDS[name]
            for doc_path in sorted(entry.iterdir()):
                if doc_path.name.startswith(".") or not _check_entry(doc_path, folder_real, report):
                    continue
                if doc_path.suffix != ".md" or not doc_path.is_file():
                    report.add(
                        "FILE006",
                        Loc(_shown(display_path(doc_path))),
                        f"`{_shown(doc_path.name)}` is not a Markdown (.md) document "
                        "and is ignored",
                        f"only .md files belong in {name}/; put images in {ASSETS_DIR}/",
                    )
                    continue
                if not _slug_ok(doc_path, doc_path.stem, report, "document"):
                    continue
                doc = _load_document(doc_path, cls, report, kept)
                if doc is not None:
                    docs[name].append(doc)
        elif name == ASSETS_DIR and entry.is_dir():
            continue
        else:
            report.add(
                "FILE006",
                Loc(_shown(display_path(entry))),
                f"`{_shown(name)}` is not part of an account folder and is ignored",
                "an account holds account.yml, timeline.yml, relationship.yml, briefs/, changes/, "
                f"meetings/, reports/, internal/ and {ASSETS_DIR}/; check the name's spelling",
            )
    files, problems = hash_assets(folder, folder_real, model.MAX_ASSET_BYTES)
    for problem in problems:
        if problem.code == "FILE005":
            report.add(
                "FILE005",
                Loc(_shown(display_path(problem.path))),
                f"symbolic link points outside the account folder (to {_shown(problem.reason)})",
                "copy the file into the account folder instead of linking to it",
            )
        else:
            report.add(
                "FILE008",
                Loc(_shown(display_path(problem.path))),
                f"cannot read the file: {problem.reason}",
                "check that the file exists and is readable",
            )
    hashed = {folder / key: f"{f.sha256} {f.size}".encode() for key, f in files.items()}
    return model.AccountBundle(
        slug=slug,
        root=display_path(folder),
        account=account,
        timeline=timeline,
        relationship=relationship,
        briefs=tuple(docs["briefs"]),
        changes=tuple(docs["changes"]),
        meetings=tuple(docs["meetings"]),
        reports=tuple(docs["reports"]),
        notes=tuple(docs["internal"]),
        digest=_folder_digest(folder, folder_real, {**kept, **hashed}),
        files=files,
    )


def _folder_digest(folder: Path, folder_real: str, kept: Mapping[Path, bytes]) -> str:
    """A hash of every file in an account folder (names and bytes).

    ``kept`` holds bytes the loader has read already (by path): they are hashed as
    they were parsed; for the files of assets/, it holds their SHA-256 and size, so
    that a large file is read once, and whole. The other files (ignored ones) are read
    here.
    """
    digest = hashlib.sha256()
    entries: list[tuple[tuple[str, ...], os.DirEntry[str]]] = []
    _walk(os.fspath(folder), (), entries)
    # Sorted by path components, as Path objects sort: `a/x` before `a-b/x`.
    entries.sort(key=lambda item: item[0])
    for parts, entry in entries:
        try:
            if not entry.is_file():
                continue
        except OSError:
            continue
        # Only a link can lead out: the walk does not enter linked folders.
        if entry.is_symlink() and not _inside(Path(entry.path), folder_real):
            continue
        # A name may hold bytes that are not UTF-8 (kept as surrogates): hash them as they are.
        digest.update(os.fsencode("/".join(parts)) + b"\0")
        data = kept.get(folder.joinpath(*parts)) if kept else None
        if data is None:
            try:
                with Path(entry.path).open("rb") as fh:
                    data = fh.read(MAX_FILE_BYTES + 1)
            except OSError as exc:  # unreadable: reported (FILE008) where the file is read
                data = str(exc.errno).encode()
        digest.update(data)
        digest.update(b"\0")
    return digest.hexdigest()


def _walk(
    top: str, parts: tuple[str, ...], out: list[tuple[tuple[str, ...], os.DirEntry[str]]]
) -> None:
    """Every entry under ``top``, as ``Path.rglob("*")`` finds them (not inside linked folders)."""
    try:
        with os.scandir(top) as found:
            entries = list(found)
    except OSError:  # a folder that cannot be listed adds nothing, as with rglob
        return
    for entry in entries:
        here = (*parts, entry.name)
        out.append((here, entry))
        try:
            descend = entry.is_dir(follow_symlinks=False)
        except OSError:
            descend = False
        if descend:
            _walk(entry.path, here, out)


# Fewer accounts to read than this are read in this process: starting workers and sending
# the accounts back would cost more than it saves.
PARALLEL_FROM = 8

Loaded = tuple[model.AccountBundle | None, list[Diagnostic]]
_START_METHODS = mp.get_all_start_methods()


def _read_accounts(folders: list[Path], cache: LoadCache) -> list[Loaded]:
    """Each folder's account and the loader's diagnostics about it, in the order given.

    Unchanged accounts come from the cache; the others are read, by worker processes
    when there are many of them (each account is read on its own).
    """
    found = [cache.lookup(folder) for folder in folders]
    results: list[Loaded] = [(f.bundle, f.diagnostics) for f in found]
    missing = [i for i, f in enumerate(found) if not f.hit]
    tasks = [(folders[i], found[i], cache) for i in missing]
    cores = os.cpu_count() or 1
    # Forking copies only the calling thread: with others running (a preview server's),
    # a lock one of them holds would stay held in the worker.
    alone = threading.active_count() == 1
    if len(tasks) < PARALLEL_FROM or cores < 2 or not alone or "fork" not in _START_METHODS:
        fresh = [_load_and_keep(task) for task in tasks]
    else:
        # Forked, the workers start with every module loaded; only the results travel.
        with ProcessPoolExecutor(min(cores, 4), mp_context=mp.get_context("fork")) as pool:
            fresh = list(pool.map(_load_and_keep, tasks, chunksize=4))
    for i, loaded in zip(missing, fresh, strict=True):
        results[i] = loaded
    return results


def _load_and_keep(task: tuple[Path, Lookup, LoadCache]) -> Loaded:
    folder, lookup, cache = task
    report = Report()
    bundle = load_account(folder, report)
    cache.keep(lookup, bundle, report.items)
    return bundle, report.items


def read_as_of(path: Path) -> dt.date | None:
    """The date a repository is shown as of, when its pyproject.toml fixes one.

    A demonstration repository tells the story of one day (`[tool.aeportal] as_of`); an
    agency's repository sets nothing and is shown as of today.
    """
    root = find_accounts_dir(path)[0] if path.is_dir() else path
    config = root / "pyproject.toml"
    if not config.is_file():
        return None
    name = display_path(config)
    try:
        table = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{name}: cannot read [tool.aeportal]: {exc}") from exc
    value = table.get("tool", {}).get("aeportal", {}).get("as_of")
    if value is None:
        return None
    if type(value) is dt.date:
        return value
    raise InputError(
        f"{name}: [tool.aeportal] as_of = {value!r} is not a date; "
        "write it as a bare date, as_of = 2026-11-23"
    )


def find_accounts_dir(path: Path) -> tuple[Path, list[Path]]:
    """(repository root, account folders) for a path given on the command line.

    The path may be a repository (holding ``accounts/``), an ``accounts/``
    folder, or a single account folder.
    """
    if not path.exists():
        raise InputError(f"{display_path(path)}: no such file or folder")
    if not path.is_dir():
        raise InputError(f"{display_path(path)}: not a folder (give the repository or an account)")
    if path.name in ("", ".", ".."):
        path = Path(os.path.normpath(path.absolute()))  # a folder needs its name (its slug)
    # One account: it has account.yml, or (missing it) the parts of an account.
    parts = [TIMELINE_FILE, RELATIONSHIP_FILE, *model.DOCUMENT_KINDS]
    if (path / ACCOUNT_FILE).exists() or any((path / part).exists() for part in parts):
        return path.parent.parent, [path]
    accounts_dir = path / "accounts" if (path / "accounts").is_dir() else path
    root = accounts_dir.parent
    try:
        entries = sorted(accounts_dir.iterdir())
    except OSError as exc:
        raise InputError(f"{display_path(accounts_dir)}: {exc.strerror}") from exc
    return root, [e for e in entries if e.is_dir() and not e.name.startswith(".")]


def load_portfolio(path: Path, report: Report) -> model.Portfolio:
    """Read every account under ``path``; problems go to ``report``."""
    root, folders = find_accounts_dir(path)
    bundles = []
    accounts = root / "accounts"
    if accounts.is_symlink() and not _inside(accounts, os.path.realpath(root)):
        report.add(
            "FILE005",
            Loc(display_path(accounts)),
            "accounts/ is a symbolic link to a place outside the repository "
            f"(to {_shown(accounts.readlink())})",
            "keep the accounts in the repository instead of linking to them",
        )
        return model.Portfolio(root=display_path(root))
    accounts_real = os.path.realpath(accounts)
    readable = []
    for folder in folders:
        if folder.is_symlink() and not _inside(folder, accounts_real):
            report.add(
                "FILE005",
                Loc(_shown(display_path(folder))),
                "account folder is a symbolic link to a place outside accounts/",
                "move the account into accounts/ instead of linking to it",
            )
            continue
        if _slug_ok(folder, folder.name, report, "account folder"):
            readable.append(folder)
    for bundle, diagnostics in _read_accounts(readable, LoadCache(root)):
        report.extend(diagnostics)
        if bundle is not None:
            bundles.append(bundle)
    if not folders:
        report.add(
            "ACCT002",
            Loc(display_path(path)),
            "no account folders found",
            "create accounts/<slug>/account.yml, e.g. with `aeportal new account`",
        )
    return model.Portfolio(root=display_path(root), accounts=tuple(bundles))
