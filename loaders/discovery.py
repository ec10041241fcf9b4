"""Names nobody listed: schemes, funds, platforms, institutes, centres and companies the gazetteer does not know.

Discovery reads every text of a corpus before recognition starts, and each name it finds comes with the method that
found it and a confidence (data/rules/entity_patterns.yaml says how far each method is trusted):
- patterns: a phrase in 「」 that ends like a name (「…資助計劃」), a quoted core before the word for what it is
  (「數碼企業身份」平台: the 數碼企業身份平台, and 「數碼企業身份」 alone is the same name), a university, a Latin
  company name ("… Limited"), an English name of capitalised words ending with a head word ("… Scheme", "… Fund"),
  a body named with its jurisdiction (上海航天技術研究院, 南非國家航天局: the place vouches for one mention);
- a statistical model: a span categorizer over characters (loaders/train_names.py trains it on this corpus, the
  gazetteer's names as labels) reads the characters before each word that ends a name (計劃, 基金, 中心, 署 …,
  `name_heads`) that no known name ends at, and says where the name starts and what it is, with a probability.

Precision comes first: a wrong entity is worse than a missing one. A name must pass `plausible_name` (not a slogan,
app or generic word of gazetteer/nonentities.yaml, no sentence fragment, no verb or determiner in front, not a known
name cut short or with words stuck before it). Names at `min_confidence` become entities; those a little below are
kept for review (`innograph report`), never written to the graph.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Ragged, get_current_ops

from graph import yaml_text
from graph.model import Label, entity_id
from graph.names import english_spellings
from graph.resources import DATA_DIR
from loaders.gazetteer import Gazetteer, surface_key

RULES_FILE = DATA_DIR / "rules" / "entity_patterns.yaml"
MODEL_DIR = DATA_DIR / "models" / "names"
MODEL_METHOD = "model:spancat"
TRAINING_FILE = "training.json"  # in the model folder: what the model was trained on (loaders/train_names.py)
SPANS_KEY = "names"

MAX_NAME_CHARS = 24  # the model proposes names of at most this many characters, head included
_LEFT_CONTEXT = 4  # characters the model sees before the longest name it may propose
# A name never runs across these; a window for the model starts after the last one before the head.
_WINDOW_STOPS = frozenset("，。；：、？！「」《》()（）\"“”‘’•●|")

# The patterns that take a name's start from the text, not from a guess: its 「」, or the sentence (after 、 or an
# opener, a row's number, the first character of its short form). plausible_name says what that changes.
QUOTED_METHODS = frozenset({"pattern:quoted-name", "pattern:quoted-core"})
BOUNDED_METHODS = QUOTED_METHODS | {"pattern:numbered-list", "pattern:enumeration", "pattern:defined-short-form",
                                    "pattern:source-body", "pattern:subhead"}

# 「…」, or “…” as newswire and LegCo pages quote ("配合50億元“策略性創科基金”", 中評社 2022-10-19)
_QUOTED = re.compile(r"「([^「」]{1,40})」|“([^“”「」]{1,40})”")
# An English name after a Chinese one in the same quotes: capitalised words after the last Chinese character.
_ENGLISH_TAIL = re.compile(r"(?<=[\u4e00-\u9fff])\s*[A-Z][A-Za-z0-9&@'\-]*(?:\s+[A-Z][A-Za-z0-9&@'\-]*)+$")
_DEFINED_SHORT_FORM = re.compile(r"[(（]\s*「([^「」]{1,12})」\s*[)）]")


@dataclass(frozen=True)
class Candidate:
    """A name the gazetteer does not list, found by a pattern, the model or a recipient list."""

    name: str
    label: Label
    kind: str | None
    method: str
    confidence: float | None = None  # None: a rule that is not scored (a recipient list)
    aliases: tuple[str, ...] = ()
    count: int = 1  # how many times discovery met it
    example: str = ""  # one place it was met, for a reviewer
    jurisdiction: str | None = None  # a body outside Hong Kong: where (data/model.yaml `jurisdiction`)

    @property
    def id(self) -> str:
        return entity_id(self.label, self.name)

    @property
    def surface_forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Head:
    suffix: str
    label: Label
    kind: str | None
    not_followed_by: str = ""
    not_preceded_by: str = ""
    named_by_place: bool = False  # a park: its place alone says which one (香港科學園), generic word or not


@dataclass(frozen=True)
class BodyHead(Head):
    alone: bool = False  # the place and the head are the whole name (廣東省政府); else words between say which body


@dataclass(frozen=True)
class JurisdictionBodies:
    """The rule for a body named with its jurisdiction (data/rules/entity_patterns.yaml `jurisdiction_bodies`)."""

    label: Label
    method: str
    places: tuple[tuple[str, str], ...]  # (name, jurisdiction), longest name first
    heads: tuple[BodyHead, ...]  # longest first
    max_core_chars: int
    core_must_not_contain: tuple[str, ...]
    body_words: tuple[str, ...]  # what a body's name ends with: a conjunction after one joins two bodies

    @cached_property
    def second_body(self) -> re.Pattern[str]:
        """Where a conjunction joins two bodies, the match ending at it: after a body's name, or before another
        place ("中國人民銀行與金管局", "…委員會及陝西省…")."""
        ends = "|".join(re.escape(w) for w in sorted(self.body_words, key=len, reverse=True))
        return re.compile(f"(?:{ends}|(?=[及和與或](?:{self.place_regex.pattern})))(?=[及和與或])")

    @cached_property
    def place_regex(self) -> re.Pattern[str]:
        return re.compile("|".join(re.escape(name) for name, _ in self.places))

    @cached_property
    def head_regex(self) -> re.Pattern[str]:
        return _heads_regex(self.heads)

    def jurisdiction_of(self, place: str) -> str:
        return dict(self.places)[place]

    def head_of(self, head: str) -> BodyHead:
        return next(h for h in self.heads if h.suffix == head)


@dataclass(frozen=True)
class Rules:
    suffixes: tuple[tuple[str, Label, str], ...]
    min_length: int
    max_length: int
    forbidden: frozenset[str]
    name_patterns: tuple[tuple[re.Pattern[str], Label, str, str], ...]
    abbreviation: re.Pattern[str]
    heads: tuple[Head, ...]
    quoted_core_heads: tuple[str, ...]
    must_not_start_with: tuple[str, ...]
    must_not_contain: tuple[str, ...]
    nouns_with_clause_words: tuple[str, ...]  # 配對: a noun, though 對 is a clause word
    generic_modifiers: tuple[str, ...]
    min_core_chars: int
    conjunctions_before_head: str
    english_heads: tuple[Head, ...]
    english_small_words: tuple[str, ...]
    english_min_words: int
    english_not_name_words: frozenset[str]
    english_not_first_words: frozenset[str]
    spelling_variants: tuple[tuple[str, ...], ...]
    jurisdiction_bodies: JurisdictionBodies
    statutory_body_prefixes: tuple[str, ...]
    source_bodies_before: tuple[str, ...]
    source_bodies_after: tuple[str, ...]
    list_openers: tuple[str, ...]
    subhead: re.Pattern[str]
    list_families: tuple[frozenset[Label], ...]
    list_min_known: int
    list_known_share: float
    confidence: dict[str, float] = field(hash=False)
    min_confidence: float = 0.9
    review_confidence: float = 0.3
    model_min_texts: int = 2
    model_unsupported_factor: float = 0.5

    @cached_property
    def head_regex(self) -> re.Pattern[str]:
        return _heads_regex(self.heads)

    @cached_property
    def english_regex(self) -> re.Pattern[str]:
        word = r"[A-Z][A-Za-z0-9&@.'\-]*"
        small = "|".join(re.escape(w) for w in self.english_small_words)
        heads = "|".join(re.escape(h.suffix) for h in self.english_heads)
        gap = r"(?:[ \t]+|[ \t]*\n[ \t]*)"  # a space, or one line break: a blank line ends a name
        return re.compile(rf"(?<![A-Za-z])(?P<name>{word}(?:{gap}(?:{word}|{small}))*?{gap}(?:{heads}))(?![A-Za-z])")

    @cached_property
    def source_bodies_regex(self) -> re.Pattern[str]:
        before = "|".join(map(re.escape, self.source_bodies_before))
        after = "|".join(map(re.escape, self.source_bodies_after))
        return re.compile(f"(?:{before})(?P<names>[^，。；：、？！「」《》()（）\n]{{2,30}}?)(?:{after})")

    @cached_property
    def _head_at_end(self) -> re.Pattern[str]:
        """The longest head word a name ends with: the leftmost match that reaches the end."""
        return re.compile("(?:" + "|".join(re.escape(h.suffix) for h in self.heads) + ")$")

    @cached_property
    def _heads_by_suffix(self) -> dict[str, Head]:
        return {h.suffix: h for h in self.heads}

    def head_of(self, name: str) -> Head | None:
        """The head word `name` ends with; 香港…局 is a statutory body's, not a bureau's (statutory_body_prefixes)."""
        m = self._head_at_end.search(name)
        head = self._heads_by_suffix[m.group()] if m else None
        if head is not None and head.label == Label.BUREAU and name.startswith(self.statutory_body_prefixes):
            return replace(head, label=Label.INSTITUTION, kind="statutory_body")
        return head

    def family(self, label: Label) -> frozenset[Label]:
        """The labels a list may mix (bodies of every kind; schemes): `lists.families`."""
        return next((f for f in self.list_families if label in f), frozenset({label}))

    def variant_key(self, name: str) -> str:
        """What two spellings of one name share: surface_key, and one spelling of each word with variants."""
        key = surface_key(name)
        for first, *others in self.spelling_variants:
            for other in others:
                key = key.replace(other, first)
        return key


def _heads_regex(heads: Iterable[Head]) -> re.Pattern[str]:
    """Where a Chinese name may end: a head word not followed (or preceded) by a character that makes it part of
    another word."""
    parts = [(f"(?<![{re.escape(h.not_preceded_by)}])" if h.not_preceded_by else "") + re.escape(h.suffix)
             + (f"(?![{re.escape(h.not_followed_by)}])" if h.not_followed_by else "") for h in heads]
    return re.compile("|".join(parts))


def _jurisdiction_bodies(data: dict, name_heads: Iterable[Head]) -> JurisdictionBodies:
    places = [(name, jurisdiction) for jurisdiction, names in data["places"].items() for name in names]
    heads = [BodyHead(h["suffix"], Label(data["label"]), h["kind"], h.get("not_followed_by") or "",
                      h.get("not_preceded_by") or "", alone=bool(h.get("alone"))) for h in data["heads"]]
    return JurisdictionBodies(
        label=Label(data["label"]),
        method=str(data["method"]),
        places=tuple(sorted(places, key=lambda p: -len(p[0]))),
        heads=tuple(sorted(heads, key=lambda h: -len(h.suffix))),
        max_core_chars=int(data["max_core_chars"]),
        core_must_not_contain=tuple(data["core_must_not_contain"]),
        body_words=tuple({h.suffix for h in [*heads, *name_heads]} | set(data["other_body_words"])),
    )


@cache
def load_rules(path: Path = RULES_FILE) -> Rules:
    data = yaml_text.safe_load(path.read_text(encoding="utf-8"))
    suffixes = sorted(
        ((s["suffix"], Label(s["label"]), s["kind"]) for s in data["quoted_name_suffixes"]),
        key=lambda s: -len(s[0]),
    )
    heads = [Head(h["suffix"], Label(h["label"]), h.get("kind"), h.get("not_followed_by") or "",
                  h.get("not_preceded_by") or "", bool(h.get("named_by_place"))) for h in data["name_heads"]]
    return Rules(
        suffixes=tuple(suffixes),
        min_length=int(data["quoted_name_min_length"]),
        max_length=int(data["quoted_name_max_length"]),
        forbidden=frozenset(data["quoted_name_forbidden_characters"]),
        name_patterns=tuple(
            (re.compile(p["regex"]), Label(p["label"]), p["kind"], p["method"]) for p in data["name_patterns"]
        ),
        abbreviation=re.compile(data["abbreviation_regex"]),
        heads=tuple(sorted(heads, key=lambda h: -len(h.suffix))),
        quoted_core_heads=tuple(data["quoted_core_heads"]),
        must_not_start_with=tuple(sorted(data["name_must_not_start_with"], key=len, reverse=True)),
        must_not_contain=tuple(data["name_must_not_contain"]),
        nouns_with_clause_words=tuple(data.get("name_nouns_with_clause_words", ())),
        generic_modifiers=tuple(data["generic_modifiers"]),
        min_core_chars=int(data["name_min_core_chars"]),
        conjunctions_before_head=str(data["conjunctions_before_head"]),
        english_heads=tuple(Head(h["head"], Label(h["label"]), h.get("kind")) for h in data["english_heads"]),
        english_small_words=tuple(data["english_small_words"]),
        english_min_words=int(data["english_min_words"]),
        english_not_name_words=frozenset(data["english_not_name_words"]),
        english_not_first_words=frozenset(data.get("english_not_first_words", [])),
        spelling_variants=tuple(tuple(v) for v in data["spelling_variants"]),
        jurisdiction_bodies=_jurisdiction_bodies(data["jurisdiction_bodies"], heads),
        statutory_body_prefixes=tuple(data["statutory_body_prefixes"]),
        source_bodies_before=tuple(data["source_bodies"]["before"]),
        source_bodies_after=tuple(data["source_bodies"]["after"]),
        list_openers=tuple(sorted(data["lists"]["openers"], key=len, reverse=True)),
        subhead=re.compile(data["subhead_regex"]),
        list_families=tuple(frozenset(Label(lbl) for lbl in f) for f in data["lists"]["families"]),
        list_min_known=int(data["lists"]["numbered_min_known"]),
        list_known_share=float(data["lists"]["numbered_known_share"]),
        confidence={str(k): float(v) for k, v in data["confidence"].items()},
        min_confidence=float(data["min_confidence"]),
        review_confidence=float(data["review_confidence"]),
        model_min_texts=int(data["model_min_texts"]),
        model_unsupported_factor=float(data["model_unsupported_factor"]),
    )


def rules_digest(path: Path = RULES_FILE) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- what counts as a name ---------------------------------------------------------------------------------------


def is_quoted_name(name: str, gazetteer: Gazetteer, rules: Rules) -> bool:
    """Could the text inside 「」 be a name? Not a slogan, app or generic word, not a sentence fragment."""
    return (
        rules.min_length <= len(name) <= rules.max_length
        and not (set(name) & rules.forbidden)
        and not name[0].isdigit()
        and not gazetteer.is_not_entity(name)
        and not gazetteer.is_generic(name)
    )


class KnownForms:
    """The gazetteer's surface forms, for the tests a new name must pass against them."""

    def __init__(self, gazetteer: Gazetteer, extra: Iterable[str] = (), harmless_prefixes: Iterable[str] = ()) -> None:
        # words that, before a known name, make no other name (香港, 政府 …: generic_modifiers)
        self.harmless_prefixes = frozenset(surface_key(p) for p in harmless_prefixes)
        forms = {surface_key(f) for e in gazetteer.entries for f in e.surface_forms} | {surface_key(f) for f in extra}
        self.forms = frozenset(f for f in forms if f)
        self.lengths = sorted({len(f) for f in self.forms}, reverse=True)
        self.tails = frozenset(f[i:] for f in self.forms for i in range(1, len(f)))  # every proper tail

    def ends(self, text: str) -> bool:
        """Does a known form end where `text` ends?"""
        return any(surface_key(text[-n:]) in self.forms for n in self.lengths if n <= len(text))

    def explains(self, name: str, bounded: bool = False) -> bool:
        """Is `name` a known name cut short (科技及工業局) or one with words stuck before it
        (設立香港人工智能研發院)? `bounded`: the sentence says where the name starts (an item of a list, a name
        before its short form), so a known name inside it is a part of it (商務及經濟發展局 is not 發展局), and a
        known name's tail is a name of its own (發展局 after 、 is not 商務及經濟發展局 cut short by a line break)."""
        key = surface_key(name)
        if key in self.tails and not bounded:
            return True
        prefixes = [key[:i] for i in range(1, len(key)) if key[i:] in self.forms]
        return any(not bounded or len(p) < 2 or p in self.harmless_prefixes for p in prefixes)


def plausible_name(name: str, gazetteer: Gazetteer, rules: Rules, known: KnownForms, bounded: str | None = None
                   ) -> bool:
    """A name, not a slogan, a generic word, a fragment of a sentence or a known name mangled. `bounded`: where the
    text says the name starts: "sentence" (after 、 or an opener, a row's number …: a known name inside it is a
    part of it, KnownForms.explains) or "quotes" (its 「」: besides, a character that starts words of a sentence may
    start it: 「效率促進辦公室」 is a name, the model's 效… after 成 is not)."""
    starts = [w for w in rules.must_not_start_with if len(w) > 1] if bounded == "quotes" else rules.must_not_start_with
    bare = _QUALIFIER.sub("", name) if bounded == "quotes" else name  # 「…項目(港澳)」: its brackets are the quotes'
    return (
        len(name) >= 2
        and not (set(bare) & _WINDOW_STOPS)
        and not name[0].isdigit()
        and not name.startswith(tuple(starts))
        and not has_clause_words(name, rules, bounded is not None)
        and says_which_one(name, rules)
        and not any(name == h.suffix for h in rules.heads)
        and not gazetteer.is_not_entity(name)
        and not gazetteer.is_generic(name)
        and gazetteer.lookup(name) is None
        and not known.explains(name, bounded is not None)
    )


def has_clause_words(name: str, rules: Rules, bounded: bool = False) -> bool:
    """Does `name` hold a verb or clause word (`name_must_not_contain`)? In a name whose start the sentence gives,
    a verb of two characters or more right before the head word says what the body does (投資推廣署 among the
    bodies a reply consulted), not what the sentence does (運輸及物流局作為秘書處: 作為 is not before the head)."""
    head = rules.head_of(name) if bounded else None
    core = name[: -len(head.suffix)] if head is not None else name
    for noun in rules.nouns_with_clause_words:
        core = core.replace(noun, "\u3000" * len(noun))  # blanked, so that no word spans it
    allowed = lambda word: head is not None and len(word) > 1 and core.endswith(word) and core.count(word) == 1  # noqa: E731
    return any(word in core and not allowed(word) for word in rules.must_not_contain)


def says_which_one(name: str, rules: Rules) -> bool:
    """Do the words before the head name one thing ("社會福利署"), not a kind of thing ("政府計劃", "創科公司")?"""
    head = rules.head_of(name)
    if head is None:
        return True
    core = name[: -len(head.suffix)]
    if core[-1:] and core[-1] in rules.conjunctions_before_head:
        return False
    if head.named_by_place:  # 香港科學園: a park is named by its place, 香港 included
        return len(core) >= rules.min_core_chars
    for word in rules.generic_modifiers:
        core = core.replace(word, "")
    return len(core) >= rules.min_core_chars


# --- 1. patterns -----------------------------------------------------------------------------------------------


def pattern_candidates(text: str, gazetteer: Gazetteer, rules: Rules) -> Iterator[Candidate]:
    """Every name a pattern finds in `text` (known or not; the caller keeps the new ones)."""
    yield from _quoted_names(text, gazetteer, rules)
    yield from _quoted_cores(text, gazetteer, rules)
    for pattern, label, kind, method in rules.name_patterns:
        for m in pattern.finditer(text):
            if not _only_head_words(m.group("name"), rules):
                yield _found(text, m.start("name"), m.end("name"), label, kind, method, rules)
    yield from _english_names(text, rules)
    yield from _english_quoted_names(text, rules)
    yield from _bodies_with_jurisdiction(text, rules)
    yield from _numbered_rows(text, gazetteer, rules)
    yield from _enumerated_bodies(text, gazetteer, rules)
    yield from _listed_companies(text, gazetteer, rules)
    yield from _names_with_short_forms(text, rules)
    yield from _source_bodies(text, rules)
    yield from _subheads(text, gazetteer, rules)


def _only_head_words(name: str, rules: Rules) -> bool:
    """A Latin-letter name whose capitalised words are all head words names nothing: "the Company and the Corporation"
    (FCR(97-98)95) refers back to two bodies named before."""
    heads = {h.suffix for h in rules.english_heads}
    capitalised = [w for w in re.findall(r"[A-Za-z][A-Za-z.&'\-]*", name) if w[0].isupper()]
    return bool(capitalised) and all(w.rstrip(".") in heads for w in capitalised)


def _found(text: str, start: int, end: int, label: Label, kind: str | None, method: str, rules: Rules,
           confidence: float | None = None, aliases: tuple[str, ...] = (), jurisdiction: str | None = None
           ) -> Candidate:
    name = _one_line(text[start:end])
    confidence = rules.confidence.get(method, 0.0) if confidence is None else confidence
    return Candidate(name, label, kind, method, confidence, aliases, example=_context(text, start, end),
                     jurisdiction=jurisdiction)


def _quoted_names(text: str, gazetteer: Gazetteer, rules: Rules) -> Iterator[Candidate]:
    """「…資助計劃」: a quoted phrase that ends like a name. 「生命健康創新科研中心InnoLife Healthtech Hub」: the
    Chinese name and its English one in one pair of quotes; the English one is an alias."""
    for m in _QUOTED.finditer(text):
        if text[max(0, m.start() - 1) : m.start()] in ("(", "（"):
            continue  # 全名(「簡稱」): a short form of the name before it, not a name of its own
        inner, at = _quoted(m)
        name = inner.strip()
        english = _ENGLISH_TAIL.search(name)
        chinese = name[: english.start()] if english else name
        if not is_quoted_name(chinese, gazetteer, rules):
            continue
        unqualified = _QUALIFIER.sub("", chinese)  # 「優秀青年科學基金項目(港澳)」: the 項目 for Hong Kong and Macao
        for suffix, label, kind in rules.suffixes:
            if unqualified.endswith(suffix):
                aliases = (english.group().strip(),) if english else ()
                start = at + len(inner) - len(inner.lstrip())
                yield _found(text, start, start + len(chinese), label, kind, "pattern:quoted-name", rules,
                             aliases=aliases)
                break


def _quoted(match: re.Match[str]) -> tuple[str, int]:
    """The text inside the quotes of a `_QUOTED` match, and where it starts."""
    group = 1 if match.group(1) is not None else 2
    return match.group(group), match.start(group)


# A short qualifier in brackets at the end of a quoted name: which edition or place of the thing it names.
_QUALIFIER = re.compile(r"[(（][^()（）]{1,6}[)）]$")


def _quoted_cores(text: str, gazetteer: Gazetteer, rules: Rules) -> Iterator[Candidate]:
    """「數碼企業身份」平台: the name is the core and the head; the core in 「」 alone names it too."""
    for m in _QUOTED.finditer(text):
        inner, at = _quoted(m)
        core = inner.strip()
        head = next((h for h in rules.quoted_core_heads if text.startswith(h, m.end())), None)
        if head is None or core.endswith(head) or not is_quoted_name(core, gazetteer, rules):
            continue
        if gazetteer.lookup(core) is not None:
            continue  # 「研究人才庫」計劃: a known name with the word for what it is after it
        known = rules.head_of(head)
        label, kind = (known.label, known.kind) if known else (Label.SCHEME, None)
        found = _found(text, at, m.end() + len(head), label, kind, "pattern:quoted-core", rules,
                       aliases=(core,))
        yield Candidate(core + head, found.label, found.kind, found.method, found.confidence, found.aliases,
                        example=found.example)


def _english_names(text: str, rules: Rules) -> Iterator[Candidate]:
    """"… Scheme", "the Hong Kong … Council": capitalised words (and the small words between them) ending with a head
    word, then any head word right after it ("Technology Voucher Programme") and a tail of "of"/"for" and
    capitalised words ("Research Institute of Textiles and Apparel", "Support Scheme for Universities"). A Latin
    acronym in brackets right after it, whose capitals are its words' initials in order, is an alias ("(TVP)")."""
    heads = {h.suffix: h for h in rules.english_heads}
    small = set(rules.english_small_words) | {"The"}
    after = 0  # a match inside the tail of the name before is no name of its own
    for m in rules.english_regex.finditer(text):
        if m.end("name") <= after:
            continue
        head_end, head_word = _after_head_words(text, m.end("name"), m.group("name").split()[-1], rules)
        end = _after_english_tail(text, head_end, rules)
        # a match may start inside the tail of the name before ("… Scheme for Universities.⏎For the Corporate
        # Venture Fund"): its name starts after it
        start = max(_english_start(text, m.start("name"), head_end, rules), after)
        words = [(w.group(), start + w.start()) for w in re.finditer(r"\S+", text[start:head_end])]
        while words and not words[0][0][0].isalpha():
            words = words[1:]
        if "The" in [w for w, _ in words[1:]]:  # "Gototop The Department": a name starts at its "The"
            words = words[max(i for i, (w, _) in enumerate(words) if w == "The") :]
        while words and (words[0][0] in small or words[0][0].lower() in small  # "The … Fund": "… Fund"
                         or words[0][0] in rules.english_not_first_words  # "Under the LPM Programme": "LPM …"
                         or _ends_a_bracketed_name(text, words[0], heads)):
            words = words[1:]
        # two names joined by "and", the first already holding the head word the second ends with: "University
        # College London and Johns Hopkins University" (the Secretary for I&T on InnoHK, news.gov.hk 2019-04-25)
        joins = [i for i, (w, _) in enumerate(words) if w == "and" and head_word in {v for v, _ in words[:i]}]
        if joins:
            words = words[joins[-1] + 1 :]
        if len(words) < 2 or {w for w, _ in words} & rules.english_not_name_words:
            continue
        if not any(w[0].isupper() and w not in heads for w, _ in words):
            continue  # head words and small words only: "the Company and the Corporation" refer back, name nothing
        after = end
        head = heads[head_word]
        # the capitalised words of the name but its head, its tail's too ("Funding Scheme for Workplace English
        # Training", EMB 0008 of 2000-01)
        capitalised = (sum(1 for w, _ in words[:-1] if w[0].isupper())
                       + sum(1 for w in text[head_end:end].split() if w[0].isupper()))
        # a name the text defines a short form for is no thin one: "the Competition Commission (the Commission)"
        trusted = capitalised >= rules.english_min_words or _THE_HEAD_AFTER.match(text, end)
        confidence = rules.confidence["pattern:english-name"] * (1 if trusted else 0.5)
        yield _found(text, words[0][1], end, head.label, head.kind, "pattern:english-name", rules, confidence,
                     aliases=_acronym_after(text, end, _one_line(text[words[0][1] : end])))


def _ends_a_bracketed_name(text: str, word: tuple[str, int], heads: dict) -> bool:
    """A head word right after an acronym in brackets ends the name before it ("the Landslip Preventive Measures (LPM)
    Programme of the Civil Engineering Department", ETWB(W)045 of 2003-04): no name starts with it."""
    return word[0] in heads and text[: word[1]].rstrip().endswith(")")


_COMPANY_ENDS = frozenset({"Limited", "Ltd", "Ltd.", "Inc", "Inc.", "Co.,", "Co."})
_LONG_LINE = 50  # characters: a line this long that breaks inside a name is running text wrapped, not a list row


def _english_start(text: str, start: int, end: int, rules: Rules) -> int:
    """Where an English name between `start` and `end` starts: after a line break that ends a row of a list (the
    line before it short, and its last word no small word: "App Annie⏎Hong Kong … Institute"), and after a word
    that ends a company's name ("… Holdings Ltd⏎Cluster Technology Ltd") or owns it ("The Government's
    Innovation and Technology Venture Fund", "Cyberport's Cyberport Macro Fund")."""
    small = set(rules.english_small_words)
    for at in [start + brk.start() for brk in re.finditer(r"\n", text[start:end])]:
        line = text[text.rfind("\n", 0, at) + 1 : at]
        if len(line) < _LONG_LINE and line.split() and line.split()[-1] not in small:
            start = at + 1
    ends = [start + w.end() for w in re.finditer(r"\S+", text[start:end])
            if w.group() in _COMPANY_ENDS or w.group().endswith(("'s", "’s"))]
    return max([start, *(e for e in ends if e < end)])


def _after_head_words(text: str, end: int, head: str, rules: Rules) -> tuple[int, str]:
    """The end of a run of head words ("Voucher Programme", "Corporation Limited") and the last of them."""
    heads = "|".join(re.escape(h.suffix) for h in rules.english_heads)
    following = re.compile(rf"[ \t]+(?P<head>{heads})(?![A-Za-z])")
    while m := following.match(text, end):
        end, head = m.end(), m.group("head")
    return end, head


def _after_english_tail(text: str, end: int, rules: Rules) -> int:
    """A name goes on after its head word with "of" or "for" and capitalised words: "… Institute of Textiles and
    Apparel", "… Scheme for Universities" (never across a line break: "for⏎" is the sentence's)."""
    word = r"[A-Z][A-Za-z0-9&@'\-]*"
    more = rf"(?P<more>(?:[ \t]+(?:(?:and|&|of)[ \t]+)?{word})*)"
    tail = re.compile(rf"[ \t]+(?:of|for)[ \t]+(?P<the>the[ \t]+)?{word}{more}(?![A-Za-z])")
    m = tail.match(text, end)
    if m and m.group("the") and not m.group("more"):
        return end  # "the Language Fund for the Campaign": "the Campaign" is what the text named before, no tail
    return m.end() if m else end


_ACRONYM_AFTER = re.compile(r"[ \t]*[(（][ \t]*(?P<short>[A-Z][A-Za-z&]{1,9})[ \t]*[)）]")


# A quoted English name the text then calls by a short form: '"Tourist District Enhancement Programme – The Peak"
# (the Project)' (CEDB(CIT)180 of 2012-13): the whole of it, past its head word
_QUOTED_EN_DEFINED = re.compile(r"[\"“](?P<name>[A-Z][^\"“”\n]{3,80}?)[\"”]\s*[(（]\s*the\s+[A-Z][a-z]+\s*[)）]")


def _english_quoted_names(text: str, rules: Rules) -> Iterator[Candidate]:
    """A quoted English name with a short form defined right after it, labelled by the last head word in it."""
    heads = {h.suffix: h for h in rules.english_heads}
    for m in _QUOTED_EN_DEFINED.finditer(text):
        found = [w for w in re.findall(r"[A-Za-z]+", m.group("name")) if w in heads]
        if found:
            head = heads[found[-1]]
            yield _found(text, m.start("name"), m.end("name"), head.label, head.kind, "pattern:english-name", rules)


# "(the Commission)" right after a name: the short form the text will call it by (CEDB(CIT)021 of 2012-13)
_THE_HEAD_AFTER = re.compile(r"\s*[(（]\s*the\s+[A-Z][a-z]+\s*[)）]")


def _acronym_after(text: str, end: int, name: str) -> tuple[str, ...]:
    """"Technology Voucher Programme (TVP)": the acronym in brackets after a name, when its capitals are initials of
    the name's words in order ("(HKSTPC)" after "Hong Kong Science & Technology Parks Corporation")."""
    m = _ACRONYM_AFTER.match(text, end)
    if not m:
        return ()
    initials = iter(w[0].upper() for w in re.split(r"[\s\-]+", name) if w)
    capitals = [ch for ch in m.group("short") if ch.isupper()]
    return (m.group("short"),) if len(capitals) >= 2 and all(ch in initials for ch in capitals) else ()


def _bodies_with_jurisdiction(text: str, rules: Rules) -> Iterator[Candidate]:
    """上海航天技術研究院, 南非國家航天局: a place that starts a clause, the words that say which body, and the word
    for what it is; the longest such name in the clause (國家航天局探月與航天工程中心, not 國家航天局)."""
    bodies = rules.jurisdiction_bodies
    for place in bodies.place_regex.finditer(text):
        if not _starts_clause(text, place.start(), rules):
            continue
        clause = _clause_after(text, place.end(), bodies)
        for m in reversed(list(bodies.head_regex.finditer(clause))):
            head = bodies.head_of(m.group())
            if _says_which_body(clause[: m.start()], head, rules):
                end = place.end() + m.end()
                yield _found(text, place.start(), end, bodies.label, head.kind, bodies.method, rules,
                             aliases=_short_form(text, place.group(), end, rules),
                             jurisdiction=bodies.jurisdiction_of(place.group()))
                break


def _starts_clause(text: str, at: int, rules: Rules) -> bool:
    """Is nothing but punctuation, a line break or a word that is never part of a name (與, 及, 包括 …) before
    `at`? "香港駐上海經濟貿易辦事處": 駐 is part of the name, and the name is not Shanghai's."""
    before = text[:at].rstrip(" \n")
    return not before or before[-1] in _WINDOW_STOPS or before.endswith(rules.must_not_start_with)


def _clause_after(text: str, at: int, bodies: JurisdictionBodies) -> str:
    """What may follow a place in a name: up to the core's length and a head, never across punctuation nor a
    conjunction that joins two bodies; a PDF line break inside is layout."""
    clause = ""
    for ch in text[at:]:
        if ch in _WINDOW_STOPS or len(clause) >= bodies.max_core_chars + len(bodies.heads[0].suffix):
            break
        if ch != "\n":
            clause += ch
    second = bodies.second_body.search(clause)
    return clause[: second.end()] if second else clause


def _says_which_body(core: str, head: BodyHead, rules: Rules) -> bool:
    """Do the words between the place and the head name one body: none for a head that names it alone (廣東省政府),
    else at least two without the generic words, and no verb, clause word or kind of body among them?"""
    if head.alone:
        return not core
    clause_words = [w for w in rules.must_not_start_with if len(w) > 1]
    words = (*rules.must_not_contain, *rules.jurisdiction_bodies.core_must_not_contain, *clause_words)
    if any(word in core for word in words) or core.startswith(rules.must_not_start_with):
        return False
    specific = core
    for word in rules.generic_modifiers:
        specific = specific.replace(word, "")
    return len(specific) >= rules.min_core_chars


def _short_form(text: str, place: str, end: int, rules: Rules) -> tuple[str, ...]:
    """廣東省政務服務和數據管理局(廣東省政數局): the short form in brackets after a body's name, when it keeps the
    place and the last character of the head."""
    m = rules.abbreviation.match(text, end)
    if not m:
        return ()
    short = m.group("short")
    return (short,) if short.startswith(place) and short[-1] == text[end - 1] and len(short) > len(place) + 1 else ()


# --- names a list or a definition vouches for --------------------------------------------------------------------

# A numbered row of a list or table: "46.入境事務處", "5.君聖泰醫藥 生物醫藥", "8. Medpace生物醫藥"; the first cell
# is the row's name, the rest (after a space) its other cells.
_NUMBERED_ROW = re.compile(r"^[ \t]*(?P<no>\d{1,3})\.[ \t]*(?P<item>[^\s，。；：、？！「」《》()（）]{2,24})"
                           r"(?:[ \t]+(?P<rest>[^\s，。；：、？！]{2,12}))?[ \t]*$", re.MULTILINE)


def _numbered_rows(text: str, gazetteer: Gazetteer, rules: Rules) -> Iterator[Candidate]:
    """The rows of a numbered list whose known rows are of one kind (46.入境事務處 among 45.香港郵政, 47.…; 5.君聖泰醫藥
    among 4.思謀科技, 6.金域檢驗): the list vouches that its other rows are of that kind too. A row's second cell
    stuck to its first ("8. Medpace生物醫藥") is taken off when other rows have it as their second cell."""
    for rows in _runs_of_rows(text):
        cells = {m.group("rest") for m in rows if m.group("rest")}
        items = [(m, _without_cell(m.group("item"), cells)) for m in rows]
        known = [entry.label for _, item in items if (entry := gazetteer.lookup(item)) is not None]
        label = _list_label(known, rules)
        if label is None:
            continue
        for m, item in items:
            if gazetteer.lookup(item) is not None:
                continue
            head = rules.head_of(item)
            own = head.label if head is not None and head.label in rules.family(label) else label
            yield _found(text, m.start("item"), m.start("item") + len(item), own,
                         head.kind if head is not None and head.label == own else None, "pattern:numbered-list",
                         rules)


def _runs_of_rows(text: str) -> Iterator[list[re.Match[str]]]:
    """Numbered rows whose numbers go up one by one (other lines may stand between them: a table's other cells)."""
    run: list[re.Match[str]] = []
    for m in _NUMBERED_ROW.finditer(text):
        if run and int(m.group("no")) != int(run[-1].group("no")) + 1:
            yield run
            run = []
        run.append(m)
    if run:
        yield run


def _without_cell(item: str, cells: set[str]) -> str:
    """"Medpace生物醫藥" -> "Medpace" when 生物醫藥 is another row's second cell: a PDF drops the space between a
    Latin name and the Chinese cell after it (never between two Chinese words: 華潤微電子 is one name)."""
    cell = next((c for c in sorted(cells, key=len, reverse=True) if item.endswith(c) and len(item) > len(c)), None)
    return item[: -len(cell)].strip() if cell and item[: -len(cell)].strip()[-1:].isascii() else item


def _list_label(known: list[Label], rules: Rules) -> Label | None:
    """The label of a list's rows: the most frequent label of its known rows, if at least `lists.numbered_min_known`
    are known and `lists.numbered_known_share` of them are of its family."""
    if len(known) < rules.list_min_known:
        return None
    label = max(sorted(set(known)), key=known.count)
    family = rules.family(label)
    return label if sum(1 for lbl in known if lbl in family) >= rules.list_known_share * len(known) else None


_CLAUSE = re.compile(r"[^，。；：？！「」《》()（）\n]+")  # an enumeration never crosses punctuation or a line


def _enumerated_bodies(text: str, gazetteer: Gazetteer, rules: Rules) -> Iterator[Candidate]:
    """"經諮詢保安局、發展局、財經事務及庫務局和律政司後": in an enumeration (items joined by 、, the last by 及/和),
    an item that ends with a head word, beside a known item of the head's family, is a name of the head's label.
    The first item is new only after an opener (經諮詢, 包括 …: `lists.openers`; without one, the words before it
    may be the sentence's); "X及Y" is two items only when X ends with a head word ("運輸署及水務署"; "財經事務及庫務局"
    is one)."""
    for clause in _CLAUSE.finditer(text):
        if "、" not in clause.group():
            continue
        items = _enumeration_items(clause.group().split("、"), clause.start(), rules)
        heads = {item: rules.head_of(item) for _, item, new in items if new}
        if not any(heads.values()):
            continue  # the common case: a list of things, not of bodies or schemes
        known = {item: gazetteer.lookup(item) for _, item, _ in items}
        families = {rules.family(entry.label) for entry in known.values() if entry is not None}
        for start, item, may_be_new in items:
            head = heads.get(item)
            if not may_be_new or head is None or known[item] is not None or rules.family(head.label) not in families:
                continue
            yield _found(text, start, start + len(item), head.label, head.kind, "pattern:enumeration", rules)


def _listed_companies(text: str, gazetteer: Gazetteer, rules: Rules) -> Iterator[Candidate]:
    """"…、華潤創業、華為、百度、螞蟻集團、上海臨港集團、北京中關村…": in an enumeration whose known items are
    companies (at least `lists.numbered_min_known`, `lists.numbered_known_share` of them), an item without a head
    word is a company too, as in a numbered list of companies. Not one that starts with a place (北京中關村 is a
    district; a body named with its place says what it is with a head word), nor the first item without an opener,
    nor the last unless 等 ends it ("包括多點Dmall、永信至誠、CertiK等"): the sentence's words may run into them."""
    for clause in _CLAUSE.finditer(text):
        if "、" not in clause.group():
            continue
        items = _headless_items(clause.group().split("、"), clause.start(), rules)
        known = [entry.label for _, item, _ in items if (entry := gazetteer.lookup(item)) is not None]
        companies = sum(1 for label in known if label == Label.COMPANY)
        if companies < rules.list_min_known or companies < rules.list_known_share * len(known):
            continue
        for start, item, may_be_new in items:
            place = rules.jurisdiction_bodies.place_regex.match(item)
            if (may_be_new and rules.head_of(item) is None and gazetteer.lookup(item) is None
                    and 2 <= len(item) <= _MAX_LISTED_COMPANY and not place):
                yield _found(text, start, start + len(item), Label.COMPANY, "private", "pattern:enumeration", rules)


_MAX_LISTED_COMPANY = 8  # characters: a longer item without a head word is a phrase


def _headless_items(parts: list[str], offset: int, rules: Rules) -> list[tuple[int, str, bool]]:
    """(offset, text, may be a new name) of each item of an enumeration split on 、, whole: the first after its
    opener (new only if it has one), the last up to 等 (new only if it has it)."""
    items, at = [], offset
    for i, part in enumerate(parts):
        start, item, may_be_new = _after_opener(part, at, rules) if i == 0 else (at, part, True)
        at += len(part) + 1
        if i == len(parts) - 1:
            may_be_new = "等" in item
            item = item.split("等")[0]
        lead = len(item) - len(item.lstrip())
        items.append((start + lead, item.strip(), may_be_new))
    return [(s, item, new) for s, item, new in items if item]


def _after_opener(part: str, at: int, rules: Rules) -> tuple[int, str, bool]:
    """The first item of an enumeration: what follows its opener (包括, 例如 …), a new name only if it has one."""
    opener = next((o for o in rules.list_openers if o in part), None)
    if opener is None:
        return at, part, False
    cut = part.rindex(opener) + len(opener)
    return at + cut, part[cut:], True


def _enumeration_items(parts: list[str], offset: int, rules: Rules) -> list[tuple[int, str, bool]]:
    """(offset, text, may be a new name) of each item of an enumeration split on 、: the first after its opener
    (a new name only if it has one), the last split at a conjunction after a head word and cut after its last
    head word."""
    items, at = [], offset
    for i, part in enumerate(parts):
        start, item, may_be_new = _after_opener(part, at, rules) if i == 0 else (at, part, True)
        at += len(part) + 1
        if i == len(parts) - 1:
            for piece_start, piece in _split_at_conjunction(item, rules):
                end = max((m.end() for m in rules.head_regex.finditer(piece)), default=0)
                if end:
                    items.append((start + piece_start, piece[:end], may_be_new))
            continue
        items.append((start, item, may_be_new))
    return [(s, item, new) for s, item, new in items if item]


def _split_at_conjunction(item: str, rules: Rules) -> list[tuple[int, str]]:
    """"財經事務及庫務局和律政司後" -> 財經事務及庫務局, 律政司後: at each conjunction right after a head word."""
    pieces, start = [], 0
    for m in re.finditer("以及|[及和與]", item):
        if m.start() > start and rules.head_of(item[start : m.start()]):
            pieces.append((start, item[start : m.start()]))
            start = m.end()
    return [*pieces, (start, item[start:])]


def _source_bodies(text: str, rules: Rules) -> Iterator[Candidate]:
    """"經諮詢工業貿易署後", "根據環境及生態局提供的資料": the bodies a reply consulted or quotes (between the words
    of `source_bodies`), each ending with the head word of a body."""
    for m in rules.source_bodies_regex.finditer(text):
        for start, piece in _split_at_conjunction(m.group("names"), rules):
            head = rules.head_of(piece)
            if head is not None and head.label != Label.SCHEME:
                at = m.start("names") + start
                yield _found(text, at, at + len(piece), head.label, head.kind, "pattern:source-body", rules)


def _subheads(text: str, gazetteer: Gazetteer, rules: Rules) -> Iterator[Candidate]:
    """"分目090院校中游研發計劃(整體撥款)": the title of a budget subhead that ends with a head word names a scheme,
    a fund or a body; a title without one is an item of spending (分目603機器、車輛及設備), and a known name with a
    head word after it is that name (分目110創科創投基金公司: the spending of the known 創科創投基金)."""
    for m in rules.subhead.finditer(text):
        head = rules.head_of(m.group("name"))
        if head is not None and gazetteer.lookup(m.group("name")[: -len(head.suffix)]) is None:
            yield _found(text, m.start("name"), m.end("name"), head.label, head.kind, "pattern:subhead", rules)


def _names_with_short_forms(text: str, rules: Rules) -> Iterator[Candidate]:
    """"漁農自然護理署(漁護署)", "香港微電子研發院(微電子研發院)": a name that ends with a head word, followed by a
    short form in brackets whose characters stand in it in order, from its first. The short form says where the
    name starts: at the last character before the head like its first that starts a clause (or a generic word such
    as 香港 before it does). A Latin acronym ("製衣業訓練局(CITA)") says the phrase is a name, not where it starts:
    the clause does."""
    for bracket in re.finditer(r"[(（]", text):
        end = bracket.start()
        while end > 0 and text[end - 1] in " \t」":
            end -= 1
        if not any(h.end() == end for h in rules.head_regex.finditer(text, max(0, end - 4), end)):
            continue  # no head word right before the brackets
        m = rules.abbreviation.match(text, end)
        if not m:
            continue
        short = m.group("short")
        start = _start_of_defined_name(text, end, short, rules)
        if start is None:
            continue
        head = rules.head_of(text[start:end])
        if head is None:
            continue
        yield _found(text, start, end, head.label, head.kind, "pattern:defined-short-form", rules,
                     aliases=(short,))


def _start_of_defined_name(text: str, end: int, short: str, rules: Rules) -> int | None:
    if _LATIN_ACRONYM.fullmatch(short):
        return _start_of_clause(text, end, rules)
    if len(short) < 2 or not all(is_cjk_char(ch) for ch in short):
        return None
    lowest = max(0, end - MAX_NAME_CHARS)
    for p in range(end - len(short), lowest - 1, -1):
        if text[p] in _WINDOW_STOPS or text[p] == "\n":
            return None
        if text[p] != short[0] or not _in_order(short, text[p:end]):
            continue
        if _starts_clause(text, p, rules) and end - p > len(short):
            return p
        modifier = next((w for w in rules.generic_modifiers if text.endswith(w, 0, p)), None)
        if modifier and _starts_clause(text, p - len(modifier), rules):
            return p - len(modifier)
    return None


# A Latin acronym as a Chinese name's short form: "製衣業訓練局(CITA)", "香港電腦學會(HKCS)" (two capitals or more).
_LATIN_ACRONYM = re.compile(r"(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z&@]{1,9}")


def _start_of_clause(text: str, end: int, rules: Rules) -> int | None:
    """Where the clause that ends at `end` starts: after the last punctuation mark or line break, and after an
    opener (經諮詢, 包括, 由 …: `lists.openers`) that begins it. None if that is more than MAX_NAME_CHARS away. A
    Latin acronym says nothing of where the Chinese name before it starts; the clause does ("此外，製衣業訓練局
    (CITA)在…"), and a clause with more words in front is no name (plausible_name)."""
    start = end
    while start > 0 and text[start - 1] not in _WINDOW_STOPS and text[start - 1] != "\n":
        start -= 1
        if end - start > MAX_NAME_CHARS:
            return None
    opener = next((o for o in rules.list_openers if text.startswith(o, start)), None)
    return start + len(opener) if opener else start


def _in_order(short: str, name: str) -> bool:
    rest = iter(name)
    return all(ch in rest for ch in short)


def is_cjk_char(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# --- 2. the model ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """The characters before one head word, line breaks taken out: the model's input. `offsets[i]` is where
    character i of `text` stands in the text the window was cut from."""

    text: str
    offsets: tuple[int, ...]
    head: Head

    @property
    def end(self) -> int:
        return self.offsets[-1] + 1


def head_windows(text: str, rules: Rules) -> Iterator[Window]:
    """One window per head word in `text`: up to MAX_NAME_CHARS + a little context before it, never across a
    punctuation mark, ending with the head."""
    for m in rules.head_regex.finditer(text):
        head = rules.head_of(m.group())
        offsets: list[int] = []
        i = m.end() - 1
        while i >= 0 and len(offsets) < MAX_NAME_CHARS + _LEFT_CONTEXT and text[i] not in _WINDOW_STOPS:
            if text[i] != "\n":  # a PDF line break inside a name is layout
                offsets.append(i)
            i -= 1
        offsets.reverse()
        yield Window("".join(text[j] for j in offsets), tuple(offsets), head)


def window_doc(nlp: Language, window: str) -> Doc:
    """One token per character (spaces too), so that token i is character i."""
    return Doc(nlp.vocab, words=list(window), spaces=[False] * len(window))


@registry.misc("innograph.name_end_suggester.v1")
def name_end_suggester(max_length: int = MAX_NAME_CHARS):
    """Propose the spans of 2..max_length characters that end where the window ends (at its head word)."""

    def suggest(docs: Iterable[Doc], *, ops=None) -> Ragged:
        ops = ops or get_current_ops()
        spans, lengths = [], []
        for doc in docs:
            n = len(doc)
            starts = range(max(0, n - max_length), n - 1)
            spans.extend((s, n) for s in starts)
            lengths.append(len(starts))
        array = numpy.array(spans, dtype="i").reshape(-1, 2)
        return Ragged(ops.asarray2i(array), ops.asarray1i(numpy.array(lengths, dtype="i")))

    return suggest


@cache
def load_name_model(path: Path = MODEL_DIR) -> Language:
    import spacy

    if not (path / "meta.json").is_file():
        raise FileNotFoundError(f"no name model in {path}: run `python -m loaders.train_names`")
    return spacy.load(path)


def training_facts(path: Path = MODEL_DIR) -> dict:
    """What the shipped model was trained on (loaders/train_names.py writes it next to the model)."""
    return json.loads((path / TRAINING_FILE).read_text(encoding="utf-8"))


def model_candidates(texts: Sequence[str], nlp: Language, gazetteer: Gazetteer, rules: Rules,
                     known: KnownForms) -> Iterator[Candidate]:
    """The names the model finds before heads that no known name ends at, each window read once (nlp.pipe)."""
    windows: dict[str, list[tuple[int, Window]]] = defaultdict(list)
    for i, text in enumerate(texts):
        for w in head_windows(text, rules):
            if not known.ends(w.text):
                windows[w.text].append((i, w))
    unique = list(windows)
    docs = nlp.pipe((window_doc(nlp, w) for w in unique), batch_size=256)
    for window, doc in zip(unique, docs, strict=True):
        best = _best_span(doc)
        if best is None:
            continue
        start, label, score = best
        named = rules.head_of(window[start:])  # 香港…局: a statutory body, whatever the model says
        if label == Label.BUREAU and named is not None and named.label != Label.BUREAU:
            label = named.label
        for i, w in windows[window]:
            head = named if named is not None and named.label == label else None
            yield Candidate(window[start:], label, head.kind if head else None, MODEL_METHOD, score,
                            example=_context(texts[i], w.offsets[start], w.end))


def _best_span(doc: Doc) -> tuple[int, Label, float] | None:
    """(start, label, probability) of the likeliest name in a window, if the model sees one."""
    group = doc.spans.get(SPANS_KEY)
    if not group:
        return None
    scores = numpy.asarray(group.attrs["scores"]).reshape(-1)
    best = int(scores.argmax())
    return group[best].start, Label[group[best].label_], float(scores[best])


class _Support:
    """What the corpus says about a name the model proposes: in how many texts it is written, and whether it is
    ever written where nothing can precede it (after punctuation, a line break, at the start). Where a character
    after it makes its head part of a longer word (財政司 in 財政司司長: a post), it is not written there."""

    _CLEAN_BEFORE = _WINDOW_STOPS | {"\n", " "}

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self._verdicts: dict[str, bool] = {}

    def vouches_for(self, name: str, rules: Rules) -> bool:
        if name not in self._verdicts:
            self._verdicts[name] = self._vouches_for(name, rules)
        return self._verdicts[name]

    def _vouches_for(self, name: str, rules: Rules) -> bool:
        head = rules.head_of(name)
        longer_word = set(head.not_followed_by) if head is not None else set()  # 財政司 in 財政司司長 is no name
        in_texts, clean = 0, False
        for text in self.texts:
            if name not in text:
                continue  # most texts: found without a regular expression
            ats = [m.start() for m in re.finditer(re.escape(name), text)
                   if text[m.end() : m.end() + 1] not in longer_word]
            in_texts += bool(ats)
            clean = clean or any(at == 0 or text[at - 1] in self._CLEAN_BEFORE for at in ats)
        return clean and in_texts >= rules.model_min_texts


# --- 3. all together -------------------------------------------------------------------------------------------


@dataclass
class Discovery:
    accepted: list[Candidate]  # become entities
    review: list[Candidate]  # below min_confidence: for a human to look at (innograph report)


def discover(texts: Iterable[str], gazetteer: Gazetteer, rules: Rules | None = None,
             model: Language | None = None, use_model: bool = True) -> Discovery:
    """The new names in `texts`, in a stable order. `model`: the name model (the shipped one unless given);
    `use_model=False` reads the patterns alone."""
    rules = rules or load_rules()
    texts = list(texts)
    short_forms = {surface_key(m.group(1)) for text in texts for m in _DEFINED_SHORT_FORM.finditer(text)}
    found: dict[str, list[Candidate]] = defaultdict(list)
    for text in texts:
        for c in pattern_candidates(text, gazetteer, rules):
            found[rules.variant_key(c.name)].append(c)
    known = KnownForms(gazetteer, harmless_prefixes=rules.generic_modifiers)
    pattern_names = KnownForms(gazetteer, pattern_forms(found.values(), gazetteer, rules))
    if use_model:
        nlp = model if model is not None else load_name_model()
        support = _Support(texts)
        for c in model_candidates(texts, nlp, gazetteer, rules, pattern_names):
            if not support.vouches_for(c.name, rules):
                c = replace(c, confidence=round(c.confidence * rules.model_unsupported_factor, 3))
            found[rules.variant_key(c.name)].append(c)
    _fold_short_forms(found, rules)
    known_keys = {rules.variant_key(f) for e in gazetteer.entries for f in known_spellings(e)}
    accepted, review = [], []
    for key, group in found.items():
        if key in short_forms:
            continue  # a phrase some text defines as a short form (「加速計劃」) names different things elsewhere
        if key in known_keys:
            continue  # a known name spelled another way ("Innovation & Technology Fund")
        candidate = _with_statutory_spelling(_merged(group), texts, rules)
        methods = set(candidate.method.split("+"))
        bounded = "quotes" if methods & QUOTED_METHODS else "sentence" if methods & BOUNDED_METHODS else None
        if not plausible_name(candidate.name, gazetteer, rules, known, bounded):
            continue
        if candidate.confidence >= rules.min_confidence:
            accepted.append(candidate)
        elif candidate.confidence >= rules.review_confidence:
            review.append(candidate)
    order = lambda c: (c.label, c.name)  # noqa: E731
    return Discovery(sorted(accepted, key=order), sorted(review, key=lambda c: (-c.confidence, c.name)))


def pattern_forms(found: Iterable[list[Candidate]], gazetteer: Gazetteer, rules: Rules) -> set[str]:
    """The forms of the names the patterns found, which tell the model where names end: not a head word alone
    ("政府委任的資助計劃委員會(委員會)" defines 委員會 as a short form in one reply, and every window ending with
    委員會, 立法會財務委員會's too, would be taken for it), nor a generic word."""
    heads = {h.suffix for h in rules.heads}
    return {f for group in found for c in group for f in c.surface_forms
            if f not in heads and not gazetteer.is_generic(f)}


def _fold_short_forms(found: dict[str, list[Candidate]], rules: Rules) -> None:
    """A name found on its own that another name has as its short form (廣東省政數局, defined in brackets after
    廣東省政務服務和數據管理局 in one reply, written alone in another) is that name: its finds join the full name's,
    under the full name."""
    for key, group in list(found.items()):
        if key not in found:
            continue  # folded into another already
        for alias in {a for c in group for a in c.aliases}:
            other = rules.variant_key(alias)
            if other != key and other in found:
                full = group[0].name
                group += [replace(c, name=full, aliases=(*c.aliases, c.name)) for c in found.pop(other)]


_LEGAL_FORM = re.compile(r"\s+(?:Company\s+)?(?:Limited|Ltd\.?)$")


def bare_english_name(entry) -> str | None:
    """A gazetteer entry's English name without its legal form: a release writes "Hong Kong Applied Science and
    Technology Research Institute" for the "… Company Limited" of the register."""
    bare = _LEGAL_FORM.sub("", entry.name_en) if entry.name_en else ""
    return bare if bare and bare != entry.name_en else None


def known_spellings(entry) -> tuple[str, ...]:
    """A gazetteer entry's surface forms, its English name without its legal form, and the other ways English
    writes the name (graph/names.english_spellings: "AI Subsidy Scheme", "I&T Accelerator Pilot Scheme"). (Not the
    words before its "of" or "for": "Innovation and Technology Fund for Better Living" is not the Innovation and
    Technology Fund.)"""
    bare = bare_english_name(entry)
    english = tuple(english_spellings(entry.name_en)) if entry.name_en else ()
    return (*entry.surface_forms, *([bare] if bare else []), *english)


def _with_statutory_spelling(candidate: Candidate, texts: Sequence[str], rules: Rules) -> Candidate:
    """A bureau's name the corpus also writes with 香港 before it (statutory_body_prefixes) is a statutory body's:
    貿易發展局(貿發局) in one text, 香港貿易發展局 in another. No policy bureau is written so (香港教育局 is
    nowhere in the bundled corpus, 香港生產力促進局 twenty times); the longer spelling is its name."""
    if candidate.label != Label.BUREAU:
        return candidate
    prefix = next((p for p in rules.statutory_body_prefixes if any(p + candidate.name in t for t in texts)), None)
    if prefix is None:
        return candidate
    longer = rules.head_of(prefix + candidate.name)
    return replace(candidate, name=prefix + candidate.name, label=longer.label, kind=longer.kind,
                   aliases=tuple(sorted({*candidate.aliases, candidate.name})))


def _merged(group: list[Candidate]) -> Candidate:
    """One candidate for all the times a name was found: the spelling met most often, the label of the most
    trusted pattern (else the model's most frequent), confidence 1 - (1 - pattern)(1 - model)."""
    patterns = [c for c in group if c.method != MODEL_METHOD]
    models = [c for c in group if c.method == MODEL_METHOD]
    spellings = defaultdict(int)
    for c in group:
        spellings[c.name] += 1
    name = max(sorted(spellings), key=spellings.get)
    if patterns:
        lead = max(patterns, key=lambda c: c.confidence or 0)
        label, kind = lead.label, lead.kind
    else:
        labels = defaultdict(int)
        for c in models:
            labels[c.label] += 1
        label = max(sorted(labels), key=labels.get)
        kind = next((c.kind for c in models if c.label == label and c.kind), None)
    jurisdiction = next((c.jurisdiction for c in patterns if c.jurisdiction), None)  # whichever pattern saw it
    p_pattern = max((c.confidence or 0 for c in patterns), default=0.0)
    p_model = max((c.confidence or 0 for c in models if c.label == label), default=0.0)
    methods = sorted({c.method for c in group if c.method != MODEL_METHOD or c.label == label})
    aliases = sorted({f for c in group for f in c.surface_forms} - {name})
    example = next((c.example for c in sorted(group, key=lambda c: -(c.confidence or 0))), "")
    return Candidate(name, label, kind, "+".join(methods), round(1 - (1 - p_pattern) * (1 - p_model), 3),
                     tuple(aliases), len(group), example, jurisdiction)


def _one_line(text: str) -> str:
    """A name broken over a PDF line: Chinese joins without a space, Latin words with one."""
    parts = [p.strip() for p in text.split("\n")]
    out = parts[0]
    for p in parts[1:]:
        out += (" " if out[-1:].isascii() and p[:1].isascii() and out[-1:].isalnum() else "") + p
    return " ".join(out.split(" ")).strip()


def _context(text: str, start: int, end: int, width: int = 20) -> str:
    return _one_line(text[max(0, start - width) : end + width])
