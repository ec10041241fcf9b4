"""Curated reference data (data/gazetteer/*.yaml), read into typed records.

The gazetteer is data, not code: government bodies, institutions, companies and schemes with their official names
and the other names they go by, plus the quoted phrases that are not entities and the generic words documents use
as local abbreviations. One entry is one real entity: its aliases merge, its `distinct_from` / `predecessors` never do.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml

from graph.model import Label, entity_id
from graph.resources import DATA_DIR
from loaders.errors import SourceError, yaml_error
from loaders.text import fold

GAZETTEER_DIR = DATA_DIR / "gazetteer"

# file -> [(section, label)]
_SECTIONS = {
    "government.yaml": [("bureaus", Label.BUREAU), ("departments", Label.DEPARTMENT)],
    "institutions.yaml": [("institutions", Label.INSTITUTION)],
    "companies.yaml": [("companies", Label.COMPANY)],
    "schemes.yaml": [("schemes", Label.SCHEME)],
}
_CORE_FIELDS = ("key", "name", "name_en", "kind", "aliases")


@dataclass(frozen=True)
class Entry:
    label: Label
    key: str
    name: str
    name_en: str | None = None
    kind: str | None = None
    aliases: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False)  # abbreviation, head_no, parent, …

    @property
    def id(self) -> str:
        return entity_id(self.label, self.key)

    def get(self, key: str) -> Any:
        return self.extra.get(key)

    @property
    def surface_forms(self) -> tuple[str, ...]:
        forms = [self.name, *self.aliases]
        if self.name_en:
            forms.append(self.name_en)
        return tuple(dict.fromkeys(f for f in forms if f))


@dataclass(frozen=True)
class Gazetteer:
    entries: tuple[Entry, ...]
    not_entities: frozenset[str] = frozenset()
    generic_short_forms: frozenset[str] = frozenset()

    @cached_property
    def _by_surface(self) -> dict[str, Entry]:
        index: dict[str, Entry] = {}
        for entry in self.entries:
            for form in entry.surface_forms:
                index.setdefault(surface_key(form), entry)
        return index

    def lookup(self, surface: str) -> Entry | None:
        """The entry a name or alias belongs to (width, case and spacing do not matter)."""
        return self._by_surface.get(surface_key(surface))

    def by_id(self, entity_id_: str) -> Entry | None:
        return next((e for e in self.entries if e.id == entity_id_), None)

    def by_head(self, head_no: str) -> Entry | None:
        return next((e for e in self.entries if e.get("head_no") == head_no), None)

    def by_name(self, name: str) -> Entry | None:
        entry = self.lookup(name)
        return entry if entry and entry.label in (Label.BUREAU, Label.DEPARTMENT) else None

    def bureau(self, key: str) -> Entry | None:
        return next((e for e in self.entries if e.label == Label.BUREAU and e.key == key), None)

    def is_not_entity(self, surface: str) -> bool:
        return surface_key(surface) in self._not_entity_keys

    def is_generic(self, surface: str) -> bool:
        return surface_key(surface) in self._generic_keys

    @cached_property
    def _not_entity_keys(self) -> frozenset[str]:
        return frozenset(surface_key(s) for s in self.not_entities)

    @cached_property
    def _generic_keys(self) -> frozenset[str]:
        return frozenset(surface_key(s) for s in self.generic_short_forms)


def surface_key(surface: str) -> str:
    """What two spellings of one name share: folded width (＠/@, Ｄ/D), no spaces, Latin in lower case."""
    return "".join(fold(unicodedata.normalize("NFKC", surface)).split()).lower()


@cache
def load_gazetteer(folder: Path = GAZETTEER_DIR) -> Gazetteer:
    entries: list[Entry] = []
    for file_name, sections in _SECTIONS.items():
        data = _read_yaml(folder / file_name)
        for section, label in sections:
            for number, item in enumerate(data.get(section) or [], start=1):
                entries.append(_entry(folder / file_name, section, number, label, item))
    extra = _read_yaml(folder / "nonentities.yaml")
    not_entities = frozenset(
        (item["name"] if isinstance(item, dict) else str(item)) for item in extra.get("not_entities") or []
    )
    generic = frozenset(str(s) for s in extra.get("generic_short_forms") or [])
    _check_unique(entries, folder)
    return Gazetteer(tuple(entries), not_entities, generic)


def load_government(folder: Path = GAZETTEER_DIR) -> Gazetteer:
    """The gazetteer, for code that needs only its government bodies (budget heads, bureaus)."""
    return load_gazetteer(folder)


def _read_yaml(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise SourceError(str(path), f"not UTF-8 text (invalid byte at offset {err.start})") from None
    try:
        return yaml.safe_load(text) or {}
    except yaml.YAMLError as err:
        raise yaml_error(str(path), err, text) from None


def _entry(path: Path, section: str, number: int, label: Label, item: dict) -> Entry:
    if not isinstance(item, dict) or not item.get("key") or not item.get("name"):
        raise SourceError(str(path), f"{section} entry {number} needs a key and a name")
    extra = {k: v for k, v in item.items() if k not in _CORE_FIELDS}
    if "head_no" in extra and extra["head_no"] is not None:
        extra["head_no"] = str(extra["head_no"])
    return Entry(
        label=label,
        key=str(item["key"]),
        name=str(item["name"]),
        name_en=item.get("name_en"),
        kind=item.get("kind"),
        aliases=tuple(str(a) for a in item.get("aliases") or ()),
        extra=extra,
    )


def _check_unique(entries: list[Entry], folder: Path) -> None:
    ids: set[str] = set()
    owner: dict[str, str] = {}
    for entry in entries:
        if entry.id in ids:
            raise SourceError(str(folder), f"two gazetteer entries have the id {entry.id}")
        ids.add(entry.id)
        for form in entry.surface_forms:
            key = surface_key(form)
            if key in owner and owner[key] != entry.id:
                raise SourceError(str(folder), f"the name {form!r} belongs to both {owner[key]} and {entry.id}")
            owner[key] = entry.id
