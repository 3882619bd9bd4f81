"""The registry of patches of third-party code (build/engines/mkdocs/patches.py).

An installed version of a patched package that no entry was checked against fails here,
and at build time its patch is left out; no patch exists without an entry.
"""

from __future__ import annotations

import ast
import importlib
import warnings
from pathlib import Path
from typing import Any

import pytest

from aeportal.build.engines.mkdocs import patches, speedups

FOLDER = Path(speedups.__file__).parent
THIRD_PARTY = ("mkdocs", "properdocs", "markdown", "material", "pymdownx", "jinja2")


def _resolve(target: str) -> Any:
    """The object ``module:qualified.name`` names (a class-private name as Python mangles it)."""
    module, _, qualified = target.partition(":")
    found: Any = importlib.import_module(module)
    for part in qualified.split("."):
        if part.startswith("__") and not part.endswith("__") and isinstance(found, type):
            part = f"_{found.__name__}{part}"
        if "*" in part:  # a family of names, as `*_RE`
            assert [n for n in vars(found) if n.endswith(part.strip("*"))], target
            return found
        found = getattr(found, part)
    return found


@pytest.mark.parametrize("patch", patches.PATCHES, ids=lambda p: p.name)
def test_the_installed_version_is_one_the_patch_was_checked_against(patch: patches.Patch) -> None:
    # The message says what to read again: see the entry's `targets`.
    assert patches.unchecked(patch) is None, patches.unchecked(patch)


@pytest.mark.parametrize("patch", patches.PATCHES, ids=lambda p: p.name)
def test_every_target_exists_in_what_is_installed(patch: patches.Patch) -> None:
    for target in patch.targets:
        assert patch.package == target.split(".")[0]
        _resolve(target)
    assert patch.checked and all(patch.checked.values())


def test_apply_replaces_each_target_and_remove_puts_the_upstream_code_back() -> None:
    replaced = [
        target
        for patch in patches.PATCHES
        for target in patch.targets
        if target.split(":")[1] in {
            "Files.add_files_from_theme", "Theme.get_env", "get_themes", "get_plugins",
            "Page.render", "InlineProcessor.__handleInline",
        }
    ]  # fmt: skip
    assert len(replaced) == 6
    patches.remove()
    upstream = {target: _resolve(target) for target in replaced}
    try:
        assert patches.applied() == []
        patches.apply()
        assert patches.applied() == [p.name for p in patches.PATCHES]
        assert [t for t in replaced if _resolve(t) is upstream[t]] == []
        patches.remove()
        assert [t for t in replaced if _resolve(t) is not upstream[t]] == []
    finally:
        patches.apply()


def test_a_version_not_checked_leaves_its_patch_out_with_a_notice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from markdown import treeprocessors

    real = patches.installed
    handle = "_InlineProcessor__handleInline"

    def installed(package: str) -> tuple[str, str]:
        # As if Python-Markdown had been upgraded to a release nobody has read yet.
        return ("markdown", "3.12.0") if package == "markdown" else real(package)

    patches.remove()
    upstream = vars(treeprocessors.InlineProcessor)[handle]
    monkeypatch.setattr(patches, "installed", installed)
    try:
        with pytest.warns(patches.UncheckedUpstream) as caught:
            notices = patches.apply()
        # Python-Markdown's own inline loop runs; the patches of MkDocs are in place.
        assert vars(treeprocessors.InlineProcessor)[handle] is upstream
        assert "inline-patterns-skipped" not in patches.applied()
        assert len(patches.applied()) == len(patches.PATCHES) - 1
        assert notices == [
            "`markdown` comes from markdown 3.12.0, but the patch "
            "`inline-patterns-skipped` of markdown.treeprocessors:InlineProcessor.__handleInline, "
            "markdown.treeprocessors:InlineProcessor.__applyPattern, markdown.util:Registry._sort, "
            "markdown.inlinepatterns:*_RE was checked against markdown 3.11.3: "
            "read that code in the new version against build/engines/mkdocs/speedups.py, run "
            "tests/test_speedups.py, then record the version in build/engines/mkdocs/patches.py"
        ]
        assert [str(w.message) for w in caught] == [f"left out: {notices[0]}"]
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # once per process: each worker builds many sites
            assert patches.apply() == notices
    finally:
        patches.remove()
        monkeypatch.undo()
        patches.apply()
    assert vars(treeprocessors.InlineProcessor)[handle] is not upstream


def test_only_mkdocs_and_python_markdown_are_patched() -> None:
    # Nothing of Material (its search plugin is not used) nor of pymdown-extensions:
    # their upgrades need no reading. docs/engines.md says the same.
    assert {patch.package for patch in patches.PATCHES} == {"mkdocs", "markdown"}
    assert set(patches._PROVIDERS) == {"mkdocs", "markdown"}


def test_a_package_that_is_not_installed_leaves_its_patch_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    patch = patches.PATCHES[0]
    monkeypatch.setattr(patches, "installed", lambda package: ("mkdocs", ""))
    assert "comes from mkdocs (not installed)" in (patches.unchecked(patch) or "")


def _third_party_names(tree: ast.Module) -> set[str]:
    """Names a module binds to third-party modules or their objects, lazy imports included."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in THIRD_PARTY:
                    names.add((alias.asname or alias.name).split(".")[0])
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and (node.module or "").split(".")[0] in THIRD_PARTY
        ):
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def _root(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def patching(source: str) -> list[str]:
    """Where ``source`` changes a third-party object: assignments to its attributes, setattr.

    ``speedups._replace`` changes what it is given (a parameter, not an import): each of its
    callers is the ``apply`` of an entry (the next test).
    """
    tree = ast.parse(source)
    names = _third_party_names(tree)
    found = []
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "setattr":
            targets = [ast.Attribute(node.args[0], "?")]
        found += [
            f"line {node.lineno}: {ast.unparse(target)}"
            for target in targets
            if isinstance(target, ast.Attribute) and _root(target) in names
        ]
    return found


def test_no_module_of_the_engine_patches_third_party_code_outside_the_registry() -> None:
    for path in sorted(FOLDER.glob("*.py")):
        assert patching(path.read_text(encoding="utf-8")) == [], path.name


def test_every_function_that_replaces_code_is_the_apply_of_one_entry() -> None:
    tree = ast.parse(Path(speedups.__file__).read_text(encoding="utf-8"))
    replacing = {
        function.name
        for function in tree.body
        if isinstance(function, ast.FunctionDef)
        for node in ast.walk(function)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_replace"
    }
    assert replacing == {patch.apply.__name__ for patch in patches.PATCHES}
    assert len({patch.name for patch in patches.PATCHES}) == len(patches.PATCHES)


@pytest.mark.parametrize(
    "line",
    [
        "from mkdocs.structure import pages\npages.Page.render = len\n",
        "def f():\n    import markdown\n    markdown.Markdown.convert = len\n",
        "def f():\n    from material.plugins import search\n    setattr(search, 'x', 1)\n",
    ],
)
def test_a_patch_outside_the_registry_is_caught(line: str) -> None:
    assert patching(line) != []


def test_the_runtime_guard_is_silent_when_every_version_was_checked() -> None:
    patches.remove()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert patches.apply() == []
