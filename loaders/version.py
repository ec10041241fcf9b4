"""Which loaders wrote a fact: `loader_version` on every extracted edge.

The package version alone said "0.1.0" through a dozen rule changes. The version is now that, plus a digest of what
decides the facts: the loaders' code (and graph/names.py, the name folding they share with the search), the
extraction rules, the gazetteer and the model. Change any of them and the facts of the next build say so; rebuild
with the same files and they carry the same version (line ends do not count, so a Windows checkout agrees).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from graph.resources import CODE_ROOT, RESOURCE_ROOT, VERSION

DIGEST_CHARS = 12
_DATA_PATTERNS = ("data/rules/*.yaml", "data/gazetteer/*.yaml", "data/model.yaml")
# Code outside loaders/ that decides what they extract: how two spellings of a name fold to one (surface_key).
_GRAPH_CODE = ("graph/names.py",)


def loader_files(code_root: Path = CODE_ROOT, resource_root: Path = RESOURCE_ROOT) -> dict[str, Path]:
    """The files whose content decides what the loaders extract, by their path in the repository, in a fixed order.

    The code is found where Python imports it from and the data where graph.resources finds it: one folder in a
    checkout, two in an installed wheel. The names are the same in both, and so is the digest.
    """
    code = {f"loaders/{path.name}": path for path in sorted((code_root / "loaders").glob("*.py"))}
    code |= {name: code_root / name for name in _GRAPH_CODE}
    data = {path.relative_to(resource_root).as_posix(): path
            for pattern in _DATA_PATTERNS for path in sorted(resource_root.glob(pattern))}
    return code | data


def loader_version(code_root: Path = CODE_ROOT, resource_root: Path = RESOURCE_ROOT) -> str:
    """`<package version>+<digest of the loader files>`, e.g. `0.1.0+3f2a9c1e0b7d`."""
    digest = hashlib.sha256()
    for name, path in loader_files(code_root, resource_root).items():
        digest.update(name.encode() + b"\0")
        digest.update(path.read_bytes().replace(b"\r\n", b"\n") + b"\0")
    return f"{VERSION}+{digest.hexdigest()[:DIGEST_CHARS]}"


LOADER_VERSION = loader_version()
