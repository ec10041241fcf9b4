"""Curated reference data (data/gazetteer/*.yaml), read into typed records.

The gazetteer is data, not code: government bodies, institutions, companies and schemes with their official names
and the other names they go by, plus the quoted phrases that are not entities and the generic words documents use
as local abbreviations. One entry is one real entity: its aliases merge, its `distinct_from` / `predecessors` never do.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from graph import yaml_text
from graph.model import MODEL, Label, Rel, entity_id
from graph.names import spelling_key
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

    def node_properties(self) -> dict[str, Any]:
        """The entry's fields that its label has as properties in data/model.yaml, for its node."""
        allowed = MODEL.labels[self.label].properties
        return {k: v for k, v in self.extra.items() if k in allowed and v not in (None, [], "")}

    def answers_for_head(self, head_no: str, fiscal_year: str | None) -> bool:
        """True when the body answers under budget head `head_no` in `fiscal_year` (its valid_from..valid_to;
        fiscal years "2024-25" compare as text). Without a year, the body that holds the head today."""
        if self.get("head_no") != head_no:
            return False
        if fiscal_year is None:
            return not self.get("valid_to")
        return (self.get("valid_from") or "") <= fiscal_year <= (self.get("valid_to") or "9999")

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

    @cached_property
    def _by_id(self) -> dict[str, Entry]:
        return {entry.id: entry for entry in self.entries}  # ids are unique (_check_unique)

    def by_id(self, entity_id_: str) -> Entry | None:
        return self._by_id.get(entity_id_)

    def by_head(self, head_no: str, fiscal_year: str | None = None) -> Entry | None:
        """The body that answers under a budget head in a fiscal year: head 47 is the Digital Policy Office from
        2025-26, the Office of the Government Chief Information Officer before."""
        return next((e for e in self.entries if e.answers_for_head(head_no, fiscal_year)), None)

    def edges(self) -> Iterator[tuple[Entry, str, Rel, Entry | None]]:
        """(entry, field, relationship type, target entry) for each gazetteer field that is a relationship
        (data/model.yaml `gazetteer_edges`); every target was checked to exist when the gazetteer was read."""
        for entry in self.entries:
            for field_name, rel_type in MODEL.gazetteer_edges.items():
                if key := entry.get(field_name):
                    yield entry, field_name, Rel(rel_type), self._edge_target(entry, rel_type, str(key))

    def _edge_target(self, entry: Entry, rel_type: str, key: str) -> Entry | None:
        ends = MODEL.relationships[rel_type].end
        found = [e for e in self.entries if e.key == key and e.label in ends]
        return next((e for e in found if e.label == entry.label), found[0] if found else None)

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


@lru_cache(maxsize=1 << 16)  # asked for the same few thousand names ~180,000 times in a build of the bundled corpus
def surface_key(surface: str) -> str:
    """What two spellings of one name share (graph.names.spelling_key): width (＠/@, Ｄ/D), spaces, case, the quotes
    and brackets around part of a name (『升』級/「升」級), variant characters (衞/衛, 身分/身份) and Simplified for
    Traditional. The search folds names the same way, and English short forms besides."""
    return spelling_key(fold(surface))


@cache
def load_gazetteer(folder: Path = GAZETTEER_DIR) -> Gazetteer:
    entries: list[Entry] = []
    lines: dict[str, tuple[Path, int | None, dict[str, int]]] = {}  # entry id -> where it and its fields are
    for file_name, sections in _SECTIONS.items():
        path = folder / file_name
        data, text = _read_yaml_text(path)
        for section, label in sections:
            where = _item_lines(text, section)
            for number, item in enumerate(data.get(section) or [], start=1):
                line, field_lines = where[number - 1] if number <= len(where) else (None, {})
                entry = _entry(path, section, number, label, item, line, field_lines)
                entries.append(entry)
                lines[entry.id] = (path, line, field_lines)
    extra = _read_yaml(folder / "nonentities.yaml")
    not_entities = frozenset(
        (item["name"] if isinstance(item, dict) else str(item)) for item in extra.get("not_entities") or []
    )
    generic = frozenset(str(s) for s in extra.get("generic_short_forms") or [])
    _check_unique(entries, folder)
    gazetteer = Gazetteer(tuple(entries), not_entities, generic)
    _check_edge_targets(gazetteer, lines)
    return gazetteer


def load_government(folder: Path = GAZETTEER_DIR) -> Gazetteer:
    """The gazetteer, for code that needs only its government bodies (budget heads, bureaus)."""
    return load_gazetteer(folder)


def _read_yaml(path: Path) -> dict:
    return _read_yaml_text(path)[0]


def _read_yaml_text(path: Path) -> tuple[dict, str]:
    if not path.exists():
        return {}, ""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise SourceError(str(path), f"not UTF-8 text (invalid byte at offset {err.start})") from None
    try:
        return yaml_text.safe_load(text) or {}, text
    except yaml.YAMLError as err:
        raise yaml_error(str(path), err, text) from None


def _item_lines(text: str, section: str) -> list[tuple[int, dict[str, int]]]:
    """For each entry of `section`: the 1-based line it starts on and the line of each of its fields (PyYAML's
    node tree keeps the marks that safe_load drops)."""
    root = yaml_text.compose(text) if text else None
    if not isinstance(root, yaml.MappingNode):
        return []
    items = next((value for key, value in root.value if key.value == section), None)
    if not isinstance(items, yaml.SequenceNode):
        return []
    return [
        (item.start_mark.line + 1,
         {k.value: k.start_mark.line + 1 for k, _ in item.value} if isinstance(item, yaml.MappingNode) else {})
        for item in items.value
    ]


def _entry(path: Path, section: str, number: int, label: Label, item: dict, line: int | None = None,
           field_lines: dict[str, int] | None = None) -> Entry:
    if not isinstance(item, dict) or not item.get("key") or not item.get("name"):
        raise SourceError(str(path), f"{section} entry {number} needs a key and a name", line=line)
    for name in item:
        if problem := MODEL.gazetteer_field_problem(label, str(name)):
            raise SourceError(str(path), f"{section} entry {item['key']!r}: {problem}",
                              line=(field_lines or {}).get(str(name), line))
    extra = {k: v for k, v in item.items() if k not in _CORE_FIELDS}
    if "head_no" in extra and extra["head_no"] is not None:
        extra["head_no"] = str(extra["head_no"])
    for name, value in extra.items():
        if name in MODEL.properties and (problem := MODEL.properties[name].problem_with(value)):
            raise SourceError(str(path), f"{section} entry {item['key']!r}: {problem}",
                              line=(field_lines or {}).get(name, line))
    return Entry(
        label=label,
        key=str(item["key"]),
        name=str(item["name"]),
        name_en=item.get("name_en"),
        kind=item.get("kind"),
        aliases=tuple(str(a) for a in item.get("aliases") or ()),
        extra=extra,
    )


def _check_edge_targets(gazetteer: Gazetteer, lines: dict[str, tuple[Path, int | None, dict[str, int]]]) -> None:
    """Every `parent:` or `part_of:` names an entry that exists, of a label the relationship may end at."""
    for entry, field_name, rel_type, target in gazetteer.edges():
        if target is None:
            path, entry_line, field_lines = lines[entry.id]
            line = field_lines.get(field_name, entry_line)
            ends = "/".join(sorted(MODEL.relationships[rel_type].end))
            raise SourceError(str(path), f"{entry.key}: {field_name}: no {ends} entry has the key "
                                         f"{entry.get(field_name)!r}", line=line)


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
