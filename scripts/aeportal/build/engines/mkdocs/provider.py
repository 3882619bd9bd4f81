"""Which distribution provides the ``mkdocs`` package: MkDocs 1.6, or ProperDocs.

ProperDocs is the maintained continuation of MkDocs 1.x. It installs the import package
``properdocs`` (not ``mkdocs``) and its command ``properdocs`` makes every ``mkdocs.*``
import of the process load the same module of ``properdocs`` (``properdocs.replacement``),
so that themes and plugins written for MkDocs, Material's and ours, run unchanged; it reads
their ``mkdocs.themes`` and ``mkdocs.plugins`` entry points beside its own. AE Portal builds
in its own process, so it does the same, before anything imports ``mkdocs``.
"""

from __future__ import annotations

import sys
from importlib.util import find_spec


def use_properdocs() -> str:
    """Let ProperDocs stand in for ``mkdocs`` when it is installed; the provider's name.

    ProperDocs is preferred when both are installed: Material requires ``mkdocs``, so
    installing ProperDocs beside it leaves MkDocs installed too, and whoever installed
    ProperDocs meant it to be used. A process that has already imported ``mkdocs`` (the
    ``mkdocs`` command running our plugin) keeps it: two providers must never mix.
    """
    if "mkdocs" not in sys.modules and find_spec("properdocs") is not None:
        import properdocs.replacement  # noqa: F401  (makes `mkdocs.*` load `properdocs.*`)
    import mkdocs

    return str(mkdocs.__name__)
