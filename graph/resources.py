"""Where innograph's files are, and which version of innograph this is.

The files: the model, rules, gazetteer and bundled corpus (data/), the Cypher (cypher/), the explorer's pages
(api/static/) and the cookbook's documentation (docs/cookbook.md). They are found one way, beside the code that is
running: in a checkout (installed editable or not installed at all) they are the repository's own folders, next to
the packages. An installed wheel must not put folders named data/ or cypher/ straight into site-packages, so it
keeps them in site-packages/innograph_resources/, in the repository's layout (pyproject.toml maps that package to
the repository root): only the root differs. Looking beside the code, rather than asking an installed package,
means a checkout always reads its own files, even when another checkout of innograph is installed editable.

The store's data folder is not here: it is the user's ($INNOGRAPH_HOME or ./.innograph, graph/store.py), never
inside the installation.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

CODE_ROOT = Path(__file__).resolve().parent.parent
"""The folder that holds the graph, loaders, api and innograph packages: the checkout, or site-packages."""

_INSTALLED_RESOURCES = CODE_ROOT / "innograph_resources"
RESOURCE_ROOT = _INSTALLED_RESOURCES if _INSTALLED_RESOURCES.is_dir() else CODE_ROOT

DATA_DIR = RESOURCE_ROOT / "data"
CYPHER_DIR = RESOURCE_ROOT / "cypher"
STATIC_DIR = RESOURCE_ROOT / "api" / "static"
COOKBOOK_DOC = RESOURCE_ROOT / "docs" / "cookbook.md"


def _installed_version() -> str:
    # pyproject.toml takes the version from innograph/__init__.py, which graph/ may not import (it is the top layer).
    try:
        return metadata.version("innograph")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "0+unknown"


VERSION = _installed_version()
