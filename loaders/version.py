"""Which loaders wrote a fact: `loader_version` on every extracted edge.

The package version alone said "0.1.0" through a dozen rule changes. The version is now that, plus a digest of what
decides the facts: the loaders' code, the extraction rules, the gazetteer and the model. Change any of them and the
facts of the next build say so; rebuild with the same files and they carry the same version (line ends do not
count, so a Windows checkout agrees).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from loaders.corpus import PROJECT_DIR

DIGEST_CHARS = 12


def loader_files(root: Path = PROJECT_DIR) -> list[Path]:
    """The files whose content decides what the loaders extract, in a fixed order."""
    patterns = ("loaders/*.py", "data/rules/*.yaml", "data/gazetteer/*.yaml", "data/model.yaml")
    return [path for pattern in patterns for path in sorted(root.glob(pattern))]


def loader_version(files: Iterable[Path] | None = None, root: Path = PROJECT_DIR) -> str:
    """`<package version>+<digest of the loader files>`, e.g. `0.1.0+3f2a9c1e0b7d`."""
    digest = hashlib.sha256()
    for path in files if files is not None else loader_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes().replace(b"\r\n", b"\n") + b"\0")
    return f"{_package_version()}+{digest.hexdigest()[:DIGEST_CHARS]}"


def _package_version() -> str:
    try:
        return metadata.version("innograph")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "0+unknown"


LOADER_VERSION = loader_version()
