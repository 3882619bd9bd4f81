"""The privacy audit: no client site may hold another client's data or anything internal.

Every built file of every client site (HTML, the search index with its compressed files
read back, sitemap, 404 page, assets) is searched for other accounts' ids, names, contact
e-mails and document titles, and for this account's internal-only strings: among them the
agency's judgement of the relationship (survey comments, the wording of the relationship
health reasons and, given the day, those reasons as the agency's portal words them, numbers
and all).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gzip
import html
import json
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ahocorasick

from aeportal import model
from aeportal.build import engines, search
from aeportal.derive.status import RELATIONSHIP_REASONS, derive_status
from aeportal.derive.visibility import client_view
from aeportal.render.i18n import words
from aeportal.render.proofs import client_files

MIN_MARKER = 6  # shorter strings are too common to mean anything
MIN_TITLE = 10
# Fields holding codes (status, phase …), not words a person wrote.
_CODE_FIELDS = frozenset(
    {
        "loc",
        "locs",
        "path",
        "visibility",
        "status",
        "phase",
        "impact",
        "type",
        "language",
        "renewal",
        "currency",
        "body_line",
    }
)


@dataclass(frozen=True, order=True)
class Hit:
    path: str
    marker: str
    why: str

    def __str__(self) -> str:
        return f"{self.path}: “{self.marker}” ({self.why})"


def _distinctive(text: str) -> bool:
    """Whether a string is specific enough to be a marker (not a common word)."""
    if len(text) < MIN_MARKER or re.fullmatch(r"[\d\s.,:/+-]+", text):
        return False  # dates and numbers are not anyone's secret
    return any(ch.isspace() for ch in text) or (
        len(text) >= 8 and any(not ch.isalpha() for ch in text)
    )


def _strings(value: Any, keys: bool = True) -> Iterator[str]:
    """Every text value inside a record, recursively (mapping keys too if ``keys``)."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name not in _CODE_FIELDS:
                yield from _strings(getattr(value, f.name), keys)
    elif isinstance(value, dict):
        for k, v in value.items():
            if keys:
                yield from _strings(k)
            yield from _strings(v, keys)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v, keys)


def _visible_text(bundle: model.AccountBundle) -> str:
    view = client_view(bundle)
    parts = list(
        _strings(
            [
                view.account,
                view.timeline,
                view.relationship,
                *view.briefs,
                *view.changes,
                *view.meetings,
                *view.reports,
            ]
        )
    )
    return "\n".join(parts)


def identity_markers(bundle: model.AccountBundle) -> dict[str, str]:
    """Strings that identify an account: marker → what it is."""
    a = bundle.account
    out: dict[str, str] = {}
    if len(bundle.slug) >= MIN_MARKER:
        out[bundle.slug] = f"id of {bundle.slug}"
    if a is None:
        return out
    out[a.name] = f"name of {bundle.slug}"
    out[a.client.company] = f"company of {bundle.slug}"
    for c in a.client.contacts:
        out[c.name] = f"contact of {bundle.slug}"
        if c.email:
            out[c.email] = f"contact e-mail of {bundle.slug}"
    for doc in (*bundle.briefs, *bundle.changes, *bundle.meetings, *bundle.reports, *bundle.notes):
        title = getattr(doc, "title", "")
        if len(title) >= MIN_TITLE:
            out[title] = f"title of a document of {bundle.slug}"
    found = {k: v for k, v in out.items() if _distinctive(k)}
    # A published file's folder is named by its content: the account's files are its own.
    for file in bundle.files.values():
        found.setdefault(_published_folder(file.sha256), f"file {file.path} of {bundle.slug}")
    return found


def _published_folder(sha256: str) -> str:
    """How a file's content names its folder in a portal (``files/<sha256[:16]>/``)."""
    return f"files/{sha256[:16]}/"


def relationship_wording(language: str) -> dict[str, str]:
    """The fixed words each relationship reason starts with: marker → which reason."""
    w = words(language)
    out = {}
    for code in sorted(RELATIONSHIP_REASONS):
        # "CSAT is low: {score}/{scale}" → "CSAT is low:" — the words, whatever the numbers.
        lead = w("reason_" + code).split("{", 1)[0].strip()
        if _distinctive(lead):
            out[lead] = f"wording of the agency-only health reason {code}"
    return out


def internal_markers(bundle: model.AccountBundle, today: dt.date | None = None) -> dict[str, str]:
    """Strings that only the agency may see: marker → where it comes from.

    With ``today``, the relationship reasons of the account's health on that day, as
    the agency's portal words them, are markers too.
    """
    out: dict[str, str] = {}

    def add(values: Iterable[str], why: str) -> None:
        for value in values:
            for line in value.splitlines():
                line = line.strip().strip("#-*> ").strip()
                if _distinctive(line):
                    out.setdefault(line, why)

    a = bundle.account
    if a is not None:
        add(_strings(a.internal, keys=False), "internal field in account.yml")
        add((v.comment for v in a.surveys), "survey comment in account.yml")
        for marker, why in relationship_wording(a.language).items():
            out.setdefault(marker, why)
        if today is not None:
            w = words(a.language)
            for reason in derive_status(bundle, today).reasons:
                if not reason.delivery:
                    add([w.reason(reason)], f"agency-only health reason {reason.code}")
        add([a.contract.renews or "", a.contract.lost_to or ""], "contract history in account.yml")
    rel = bundle.relationship
    if rel is not None:
        # The relationship is the agency's: only proposals shared with the client are not.
        why = "relationship.yml"
        for contract in rel.contracts:
            add([contract.id, contract.lost_to or ""], f"earlier contract in {why}")
            add(_strings(contract.internal, keys=False), f"earlier contract in {why}")
        for complaint in rel.complaints:
            add([complaint.about, complaint.resolution], f"{complaint.kind} in {why}")
            add(_strings(complaint.internal, keys=False), f"{complaint.kind} in {why}")
        for referral in rel.referrals:
            add([referral.referred, referral.note], f"referral in {why}")
        for expansion in rel.expansions:
            add([expansion.what], f"expansion in {why}")
        for proposal in rel.proposals:
            add(_strings(proposal.internal, keys=False), f"proposal in {why}")
            if proposal.visibility == "internal":
                add([proposal.title], f"internal proposal in {why}")
    if bundle.timeline is not None:
        entries: list[model.Milestone | model.Risk] = [
            *bundle.timeline.milestones,
            *bundle.timeline.risks,
        ]
        for entry in entries:
            add(_strings(entry.internal, keys=False), "internal field in timeline.yml")
            if entry.visibility == "internal":
                add([entry.title], "internal timeline entry")
    docs: list[model.Brief | model.ChangeRequest | model.Meeting | model.Report] = [
        *bundle.briefs,
        *bundle.changes,
        *bundle.meetings,
        *bundle.reports,
    ]
    for doc in docs:
        add(_strings(doc.internal, keys=False), f"internal field of {doc.path}")
        if doc.visibility == "internal":
            add(_strings(doc), f"internal document {doc.path}")
    for note in bundle.notes:
        add(_strings(note), f"internal note {note.path}")
    versioned: list[model.Brief | model.ChangeRequest] = [*bundle.briefs, *bundle.changes]
    for shown in versioned:
        for version in shown.versions:
            if version.visibility == "internal":
                add(_strings(version), f"internal version {version.version} of {shown.path}")
    # Files the client's pages name nowhere (only internal documents, internal rounds or
    # nothing): neither their content nor their name may reach the client portal.
    published = client_files(bundle)
    for file in bundle.files.values():
        if file.sha256 not in published:
            out.setdefault(_published_folder(file.sha256), f"internal file {file.path}")
            add([posixpath.basename(file.path)], f"name of the internal file {file.path}")
    return out


def _file_text(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix.lower() == ".pdf":
        # A PDF's text is in compressed streams: read as a reader would show it.
        return _pdf_text(data) + "\n" + data.decode("utf-8", errors="ignore")
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    if path.suffix in search.COMPRESSED:
        # The search index: compressed, with đ written for the indexer (build/search.py).
        return search.shown_text(search.read_compressed(path).decode("utf-8", errors="ignore"))
    text = data.decode("utf-8", errors="ignore")
    if path.suffix == ".ics":
        # iCalendar folds long lines and escapes , ; \ and newlines (RFC 5545 3.1, 3.3.11).
        text = re.sub(r"\r?\n[ \t]", "", text)
        text = re.sub(r"\\([,;\\])", r"\1", text).replace("\\n", "\n").replace("\\N", "\n")
    if path.suffix == ".json" or path.name.endswith(".json.gz"):
        # The search index escapes non-ASCII text as \\uXXXX.
        with contextlib.suppress(ValueError):
            text = json.dumps(json.loads(text), ensure_ascii=False)
    return html.unescape(text)


def _pdf_text(data: bytes) -> str:
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return ""  # not a PDF pdfium reads: its bytes are still searched
    try:
        texts = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(texts)
    finally:
        pdf.close()


class Auditor:
    """Markers of a whole portfolio, compiled once, to audit many client sites quickly."""

    def __init__(self, portfolio: model.Portfolio, today: dt.date | None = None) -> None:
        self.identity: dict[str, dict[str, str]] = {}  # marker → {slug: why}
        self.internal: dict[str, dict[str, str]] = {}
        self.bundles = {b.slug: b for b in portfolio.accounts}
        for bundle in portfolio.accounts:
            for marker, why in identity_markers(bundle).items():
                self.identity.setdefault(marker, {})[bundle.slug] = why
            for marker, why in internal_markers(bundle, today).items():
                self.internal.setdefault(marker, {})[bundle.slug] = why
        # Aho-Corasick: one pass over a file finds every occurrence of thousands of
        # markers, overlapping ones included (a regex alternation would report only
        # the leftmost, and costs seconds to compile for a large portfolio).
        self.automaton: Any = None
        words = set(self.identity) | set(self.internal)
        if words:
            self.automaton = ahocorasick.Automaton()
            for word in words:
                self.automaton.add_word(word, word)
            self.automaton.make_automaton()
        self._own: dict[str, set[str]] = {}
        self._theme = engines.theme_files()

    def _found(self, text: str) -> set[str]:
        if self.automaton is None:
            return set()
        return {marker for _end, marker in self.automaton.iter(text)}

    def own(self, slug: str) -> set[str]:
        """Markers this client legitimately has in its own visible content: never a leak."""
        if slug not in self._own:
            bundle = self.bundles[slug]
            own = self._found(_visible_text(bundle))
            own |= {_published_folder(sha) for sha in client_files(bundle)}
            self._own[slug] = own
        return self._own[slug]

    def why(self, marker: str, slug: str) -> str | None:
        """Why ``marker`` must not appear in ``slug``'s site, or None if it may."""
        if marker in self.own(slug):
            return None
        if slug in self.internal.get(marker, {}):
            return self.internal[marker][slug]
        others = {s: w for s, w in self.identity.get(marker, {}).items() if s != slug}
        return next(iter(others.values()), None)

    def audit_folder(self, folder: Path, slug: str, label: str) -> list[Hit]:
        """Hits in the client site in ``folder``; paths are reported under ``label``."""
        hits = []
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if self._is_theme_file(path, folder):
                continue  # byte for byte the installed theme's own file: no account data
            relative = path.relative_to(folder).as_posix()
            # The file's path too: a published file is named by the account file it comes from.
            for found in sorted(self._found(relative + "\n" + _file_text(path))):
                why = self.why(found, slug)
                if why is not None:
                    hits.append(Hit(f"{label}/{relative}", found, why))
        return hits

    def _is_theme_file(self, path: Path, folder: Path) -> bool:
        original = self._theme.get(path.relative_to(folder).as_posix())
        if original is None or original.stat().st_size != path.stat().st_size:
            return False
        return original.read_bytes() == path.read_bytes()


def audit_site(
    site: Path,
    portfolio: model.Portfolio,
    only: Iterable[str] | None = None,
    today: dt.date | None = None,
) -> list[Hit]:
    """Hits in every client site under ``site/clients/`` (or only those of ``only`` slugs).

    ``today`` is the day the sites were built for (see ``internal_markers``).
    """
    hits: list[Hit] = []
    clients = site / "clients"
    wanted = set(only) if only is not None else None
    auditor = Auditor(portfolio, today) if wanted is None or wanted else None
    for bundle in portfolio.accounts:
        folder = clients / bundle.slug
        if auditor is None or not folder.is_dir() or (wanted and bundle.slug not in wanted):
            continue
        label = folder.relative_to(site).as_posix()
        hits.extend(auditor.audit_folder(folder, bundle.slug, label))
    if clients.is_dir():
        known = {b.slug for b in portfolio.accounts}
        for stray in sorted(clients.iterdir()):
            if stray.name not in known:
                hits.append(
                    Hit(
                        str(stray.relative_to(site.parent)),
                        stray.name,
                        "a client site for an account that does not exist",
                    )
                )
    return sorted(hits)
