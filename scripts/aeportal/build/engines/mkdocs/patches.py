"""Every patch of a third party's private code, in one place, with the versions it was read against.

The MkDocs engine builds hundreds of sites in one process, and a few steps of MkDocs
and Python-Markdown redo for each site (or each page) work whose result is known in
advance. ``speedups.py`` holds faster code for those steps;
this registry is the only way it is put in place. Each entry names the import package
it patches, the private objects it replaces, why, and the exact versions of the
distribution providing that package whose code the replacement was compared with.

An upgrade is a decision, not a surprise:

* ``tests/test_patches.py`` fails when an installed version is not one an entry was
  checked against, and says what to read again;
* at build time, a patch whose package is at a version it was not checked against is
  left out, with a notice (an ``UncheckedUpstream`` warning): the upstream code runs as
  it is. Every patch gives the same output as the code it replaces, only faster, so the
  unpatched path is always correct; refusing to build would stop an agency from taking
  a security release of Python-Markdown, and patching unread code could publish a wrong
  page.

``docs/engines.md`` ("Patches of third-party code") tells how to check a new version.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import metadata

from aeportal.build.engines.mkdocs import speedups


class UncheckedUpstream(UserWarning):
    """A patched package is at a version its patch was not checked against: patch left out."""


@dataclass(frozen=True)
class Patch:
    """One replacement of a third party's private code."""

    name: str
    package: str  # the import package patched: mkdocs or markdown (nothing of Material)
    targets: tuple[str, ...]  # the objects replaced or read, as `module:qualified.name`
    replaces: str  # what it does instead, and why
    # The distributions that may provide `package`, each with the versions whose code the
    # replacement was compared with (`mkdocs` is provided by MkDocs or by ProperDocs).
    checked: Mapping[str, tuple[str, ...]]
    apply: Callable[[], Callable[[], None]]  # puts it in place; returns what takes it out


# The MkDocs 1.x line: MkDocs itself, and ProperDocs, its maintained continuation, whose
# code in these places is MkDocs 1.6.1's (Page.render: see speedups.page_converter).
_MKDOCS = {"mkdocs": ("1.6.1",), "properdocs": ("1.6.7",)}

PATCHES: tuple[Patch, ...] = (
    Patch(
        name="theme-files-listed-once",
        package="mkdocs",
        targets=("mkdocs.structure.files:Files.add_files_from_theme",),
        replaces=(
            "MkDocs lists every file of the theme for every site (Material ships thousands of "
            "icons); the list is made once per theme and process and the same files are added."
        ),
        checked=_MKDOCS,
        apply=speedups.theme_files_listed_once,
    ),
    Patch(
        name="theme-environment-once",
        package="mkdocs",
        targets=("mkdocs.theme:Theme.get_env",),
        replaces=(
            "MkDocs makes a new Jinja environment, compiling every template again, for every "
            "site; one is kept per theme and language, its compiled templates in the "
            "repository's cache."
        ),
        checked=_MKDOCS,
        apply=speedups.theme_environment_once,
    ),
    Patch(
        name="entry-points-listed-once",
        package="mkdocs",
        targets=("mkdocs.utils:get_themes", "mkdocs.plugins:get_plugins"),
        replaces=(
            "MkDocs reads every installed distribution's entry points for each configuration "
            "and empties its cache of themes when a theme loads; they are read once per "
            "process (nothing is installed while a portfolio builds)."
        ),
        checked=_MKDOCS,
        apply=speedups.entry_points_listed_once,
    ),
    Patch(
        name="page-converter-reused",
        package="mkdocs",
        targets=(
            "mkdocs.structure.pages:Page.render",
            "mkdocs.structure.pages:_RawHTMLPreprocessor",
            "mkdocs.structure.pages:_ExtractAnchorsTreeprocessor",
            "mkdocs.structure.pages:_RelativePathTreeprocessor",
            "mkdocs.structure.pages:_ExtractTitleTreeprocessor",
        ),
        replaces=(
            "MkDocs makes a new Markdown converter, loading every extension again, for every "
            "page; a copy of Page.render takes one converter per configuration and resets it."
        ),
        checked=_MKDOCS,
        apply=speedups.page_converter_reused,
    ),
    Patch(
        name="inline-patterns-skipped",
        package="markdown",
        targets=(
            "markdown.treeprocessors:InlineProcessor.__handleInline",
            "markdown.treeprocessors:InlineProcessor.__applyPattern",
            "markdown.util:Registry._sort",  # and the `_priority` list it sorts
            "markdown.inlinepatterns:*_RE",
        ),
        replaces=(
            "Python-Markdown tries every inline pattern on every run of text; a pattern of its "
            "own is skipped on text without the character any match of it starts with."
        ),
        checked={"markdown": ("3.11.3",)},
        apply=speedups.inline_patterns_skipped,
    ),
)

_PROVIDERS = {"mkdocs": ("properdocs", "mkdocs"), "markdown": ("markdown",)}
_applied: dict[str, Callable[[], None]] = {}
_left_out: dict[str, str] = {}  # name → notice, warned once per process (and its forks)


def installed(package: str) -> tuple[str, str]:
    """The installed distribution that provides the import package ``package``, and its version.

    ``mkdocs`` is ProperDocs' when ``provider.use_properdocs`` made it so.
    """
    if package == "mkdocs":
        import mkdocs

        names: tuple[str, ...] = (mkdocs.__name__,)  # "properdocs" when it stands in
    else:
        names = _PROVIDERS[package]
    for name in names:
        try:
            return name, metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return names[-1], ""


def unchecked(patch: Patch) -> str | None:
    """Why ``patch`` may not be applied to what is installed, or None when it may."""
    name, version = installed(patch.package)
    if version in patch.checked.get(name, ()):
        return None
    checked = "; ".join(f"{dist} {', '.join(v)}" for dist, v in patch.checked.items())
    return (
        f"`{patch.package}` comes from {name} {version or '(not installed)'}, but the patch "
        f"`{patch.name}` of {', '.join(patch.targets)} was checked against {checked}: "
        f"read that code in the new version against build/engines/mkdocs/speedups.py, run "
        f"tests/test_speedups.py, then record the version in build/engines/mkdocs/patches.py"
    )


def apply() -> list[str]:
    """Put in place every patch checked against what is installed; the notices of the rest.

    A patch left out is left to the upstream code, and warned about once per process.
    """
    for patch in PATCHES:
        if patch.name in _applied or patch.name in _left_out:
            continue
        notice = unchecked(patch)
        if notice is None:
            _applied[patch.name] = patch.apply()
        else:
            _left_out[patch.name] = notice
            warnings.warn(f"left out: {notice}", UncheckedUpstream, stacklevel=2)
    return list(_left_out.values())


def remove() -> None:
    """Put the upstream code back (to compare both ways); ``apply`` checks versions again."""
    _left_out.clear()
    for patch in reversed(PATCHES):
        undo = _applied.pop(patch.name, None)
        if undo is not None:
            undo()


def applied() -> list[str]:
    """The names of the patches in place."""
    return [p.name for p in PATCHES if p.name in _applied]
