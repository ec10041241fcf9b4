"""Curated reference data (data/gazetteer/*.yaml), read into typed records."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from graph.model import Label, entity_id
from loaders.corpus import PROJECT_DIR
from loaders.errors import SourceError

GAZETTEER_DIR = PROJECT_DIR / "data" / "gazetteer"


@dataclass(frozen=True)
class GovernmentBody:
    label: Label  # BUREAU or DEPARTMENT
    key: str
    name: str
    name_en: str | None = None
    abbreviation: str | None = None
    head_no: str | None = None
    head_name: str | None = None
    parent: str | None = None  # key of the parent bureau
    aliases: tuple[str, ...] = field(default_factory=tuple)

    @property
    def id(self) -> str:
        return entity_id(self.label, self.key)


@dataclass(frozen=True)
class Government:
    bodies: tuple[GovernmentBody, ...]

    def by_head(self, head_no: str) -> GovernmentBody | None:
        return next((b for b in self.bodies if b.head_no == head_no), None)

    def by_name(self, name: str) -> GovernmentBody | None:
        return next((b for b in self.bodies if name == b.name or name in b.aliases), None)

    def bureau(self, key: str) -> GovernmentBody | None:
        return next((b for b in self.bodies if b.label == Label.BUREAU and b.key == key), None)


@cache
def load_government(path: Path = GAZETTEER_DIR / "government.yaml") -> Government:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise SourceError(str(path), f"cannot read the gazetteer: {err}".splitlines()[0]) from None
    bodies = []
    for section, label in (("bureaus", Label.BUREAU), ("departments", Label.DEPARTMENT)):
        for number, entry in enumerate(data.get(section) or [], start=1):
            if not entry.get("key") or not entry.get("name"):
                raise SourceError(str(path), f"{section} entry {number} needs a key and a name")
            entry = {**entry, "aliases": tuple(entry.get("aliases") or ())}
            bodies.append(GovernmentBody(label=label, **entry))
    return Government(tuple(bodies))
