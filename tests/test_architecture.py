"""The import rules of docs/architecture.md, read from the code with ``ast``.

Every import counts, including the lazy ones inside functions: a rule that only
looked at the top of a file would let the next shortcut through.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "scripts" / "aeportal"

# The folders in the order of imports: a module imports the root, its own folder and
# the folders before it, never one after it. "root" is the package's top level.
STAGES = ("root", "load", "derive", "trail", "check", "render", "build", "publish", "cli")
# `python -m aeportal` is the command line's second door.
STAGE_OF_MODULE = {"aeportal.__main__": "cli"}

MODEL = "aeportal.model"
MODEL_MAY_IMPORT = {"aeportal.diagnostics", "aeportal.errors"}

ENGINES = "aeportal.build.engines"
# Each engine's packages, and the one engine module (a folder counts with what it holds)
# that may import them. Python-Markdown and its extensions are shared by the engines
# that render with them: any engine module may import those.
ENGINE_LIBRARIES = {
    "mkdocs": f"{ENGINES}.mkdocs",
    "material": f"{ENGINES}.mkdocs",
    "markdown": ENGINES,
    "pymdownx": ENGINES,
    "zensical": f"{ENGINES}.zensical",
}
# (module, exact module imported): each exception and its reason is in docs/architecture.md.
ENGINE_EXCEPTIONS = {
    # The installed versions go into the key of the compiled-template cache.
    ("aeportal.cachefile", "mkdocs"),
    ("aeportal.cachefile", "material"),
    # The e-mail's HTML part: markdown.markdown() on the status text, no extension internals.
    ("aeportal.render.statusmail", "markdown"),
    # Validate finds a body's links with the Markdown parser and extensions the build uses,
    # so that what it checks is what the page will link (the text is the same either way).
    ("aeportal.check.links", "markdown"),
    ("aeportal.check.links", "markdown.treeprocessors"),
}

CLI = "cli"
# (module, function) that may write to the terminal outside cli/.
PRINT_EXCEPTIONS = {
    # The progress callback the CLI hands to build_sites (the plugin and tests pass none).
    ("aeportal.build.sites", "stderr_progress"),
}


SYS_TERMINAL = ("stdout", "stderr", "argv")


@dataclass(frozen=True)
class Use:
    """One thing a module does that a rule is about, where it does it."""

    module: str
    line: int
    what: str  # a module imported, or "print", "sys.stdout", "sys.argv", "argparse"
    function: str  # the enclosing function, "" at module level


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def read_package() -> dict[str, ast.Module]:
    """Every module of the package, parsed."""
    return {
        module_name(path): ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def is_module(name: str) -> bool:
    relative = Path(*name.split(".")[1:]) if "." in name else Path()
    return (PACKAGE / relative).with_suffix(".py").is_file() or (PACKAGE / relative).is_dir()


class _Collector(ast.NodeVisitor):
    def __init__(self, module: str, is_package: bool) -> None:
        self.module = module
        self.is_package = is_package
        self.function: list[str] = []
        self.uses: list[Use] = []

    def _add(self, node: ast.AST, what: str) -> None:
        name = self.function[-1] if self.function else ""
        self.uses.append(Use(self.module, getattr(node, "lineno", 0), what, name))

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.function.append(node.name)
        self.generic_visit(node)
        self.function.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(node, alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = node.module or ""
        if node.level:
            package = self.module if self.is_package else self.module.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{base}" if base else package
        for alias in node.names:
            # `from aeportal.build import sites` imports the module aeportal.build.sites.
            full = f"{base}.{alias.name}"
            self._add(node, full if base.startswith("aeportal") and is_module(full) else base)

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Name) and node.func.id == "print":
            self._add(node, "print")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        value = node.value
        if isinstance(value, ast.Name) and value.id == "sys" and node.attr in SYS_TERMINAL:
            self._add(node, f"sys.{node.attr}")
        self.generic_visit(node)


def uses_of(modules: dict[str, ast.Module]) -> list[Use]:
    found: list[Use] = []
    for name, tree in modules.items():
        path = PACKAGE.parent / Path(*name.split("."))
        collector = _Collector(name, path.is_dir())
        collector.visit(tree)
        found.extend(collector.uses)
    return found


def stage_of(name: str) -> str:
    """The stage a module of the package belongs to (root for the top level)."""
    if name in STAGE_OF_MODULE:
        return STAGE_OF_MODULE[name]
    parts = name.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in STAGES) else "root"


def ours(use: Use) -> bool:
    return use.what == "aeportal" or use.what.startswith("aeportal.")


def where(use: Use) -> str:
    return f"{use.module}:{use.line}"


# --- the rules: each returns what breaks it -----------------------------------------------


def model_imports_only_diagnostics(modules: dict[str, ast.Module]) -> list[str]:
    return [
        f"{where(u)} imports {u.what}"
        for u in uses_of(modules)
        if u.module == MODEL and ours(u) and u.what not in MODEL_MAY_IMPORT
    ]


def no_stage_imports_a_later_one(modules: dict[str, ast.Module]) -> list[str]:
    rank = {stage: i for i, stage in enumerate(STAGES)}
    broken = []
    for u in uses_of(modules):
        if not ours(u):
            continue
        mine, theirs = stage_of(u.module), stage_of(u.what)
        if rank[theirs] > rank[mine]:
            broken.append(f"{where(u)} ({mine}) imports {u.what} ({theirs}, a later stage)")
    return broken


def inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def only_the_engine_imports_engine_libraries(modules: dict[str, ast.Module]) -> list[str]:
    return [
        f"{where(u)} imports {u.what}"
        for u in uses_of(modules)
        if u.what.split(".")[0] in ENGINE_LIBRARIES
        and not inside(u.module, ENGINE_LIBRARIES[u.what.split(".")[0]])
        and (u.module, u.what) not in ENGINE_EXCEPTIONS
    ]


def only_the_interface_knows_an_engine(modules: dict[str, ast.Module]) -> list[str]:
    """Outside build/engines/, an engine is reached through the interface, never directly."""
    return [
        f"{where(u)} imports {u.what}"
        for u in uses_of(modules)
        if inside(u.what, ENGINES) and u.what != ENGINES and not inside(u.module, ENGINES)
    ]


def writes_to_the_terminal(what: str) -> bool:
    """Whether a use parses arguments or prints."""
    return what in ("print", "sys.stdout", "sys.stderr", "sys.argv") or what.startswith("argparse")


def only_the_cli_parses_arguments_or_prints(modules: dict[str, ast.Module]) -> list[str]:
    return [
        f"{where(u)} uses {u.what}"
        for u in uses_of(modules)
        if writes_to_the_terminal(u.what)
        and stage_of(u.module) != CLI
        and (u.module, u.function) not in PRINT_EXCEPTIONS
    ]


RULES = {
    "model imports only diagnostics": model_imports_only_diagnostics,
    "no stage imports a later stage": no_stage_imports_a_later_one,
    "only the engine imports mkdocs, material, markdown": only_the_engine_imports_engine_libraries,
    "only the interface knows an engine": only_the_interface_knows_an_engine,
    "only the cli parses arguments or prints": only_the_cli_parses_arguments_or_prints,
}


@pytest.fixture(scope="module")
def package() -> dict[str, ast.Module]:
    return read_package()


@pytest.mark.parametrize("rule", RULES, ids=list(RULES))
def test_the_package_keeps_the_rule(rule: str, package: dict[str, ast.Module]) -> None:
    broken = RULES[rule](package)
    assert not broken, "\n".join(broken)


def test_every_folder_is_a_stage() -> None:
    inside = (p.relative_to(PACKAGE).parts for p in PACKAGE.rglob("*.py"))
    folders = {parts[0] for parts in inside if len(parts) > 1}
    assert sorted(folders - set(STAGES)) == [], "place each new folder in STAGES, in order"


def test_every_stage_says_what_it_owns() -> None:
    for stage in STAGES[1:]:
        tree = ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{stage}/__init__.py has no docstring"


def test_the_exceptions_are_still_needed(package: dict[str, ast.Module]) -> None:
    """An exception nothing uses any more is removed, so that it cannot hide a new use."""
    uses = uses_of(package)
    imported = {(u.module, u.what) for u in uses}
    printing = {(u.module, u.function) for u in uses if u.what in ("print", "sys.stderr")}
    assert not ENGINE_EXCEPTIONS - imported, ENGINE_EXCEPTIONS - imported
    assert not PRINT_EXCEPTIONS - printing, PRINT_EXCEPTIONS - printing


# --- each rule fails on a wrong import ------------------------------------------------------

WRONG = [
    # (rule, module the line is added to, the line)
    ("model imports only diagnostics", "aeportal.model", "from aeportal.load import loader"),
    ("no stage imports a later stage", "aeportal.model", "from aeportal.cli import main"),
    (
        "no stage imports a later stage",
        "aeportal.derive.status",
        "def lazy():\n    from aeportal.render import pages",
    ),
    ("no stage imports a later stage", "aeportal.load.loader", "from aeportal import build"),
    (
        "only the engine imports mkdocs, material, markdown",
        "aeportal.render.pages",
        "def lazy():\n    from mkdocs.structure.files import File",
    ),
    (
        "only the engine imports mkdocs, material, markdown",
        "aeportal.render.statusmail",
        "from markdown.extensions import toc",
    ),
    (
        "only the engine imports mkdocs, material, markdown",
        "aeportal.build.sites",
        "import material",
    ),
    (
        "only the engine imports mkdocs, material, markdown",
        "aeportal.build.audit",
        "def lazy():\n    from mkdocs.utils import get_build_date",
    ),
    (
        "only the interface knows an engine",
        "aeportal.build.sites",
        "from aeportal.build.engines.mkdocs import engine",
    ),
    (
        "only the interface knows an engine",
        "aeportal.cli.portals",
        "def lazy():\n    from aeportal.build.engines import mkdocs",
    ),
    ("only the cli parses arguments or prints", "aeportal.check.rules", "import argparse"),
    ("only the cli parses arguments or prints", "aeportal.derive.status", "print('done')"),
    (
        "only the cli parses arguments or prints",
        "aeportal.build.sites",
        "def report():\n    sys.stdout.write('done')",
    ),
]


@pytest.mark.parametrize(("rule", "module", "line"), WRONG)
def test_a_wrong_line_breaks_the_rule(
    rule: str, module: str, line: str, package: dict[str, ast.Module]
) -> None:
    wrong = dict(package)
    tree = ast.parse(ast.unparse(package[module]) + "\n" + line)
    wrong[module] = tree
    assert RULES[rule](wrong), f"{rule}: {module} with {line!r} was not caught"
