"""How two spellings of one name fold to one key: width, case, quotes and brackets, variant and simplified characters,
English short forms (data/rules/search_variants.yaml).

Two foldings, one inside the other:
- `spelling_key` — what any two spellings of one name share, in whatever document: full and half width, case,
  spaces, the quotes and brackets around part of a name (『升』級 / 「升」級), variant characters (衞/衛, 身份/身分) and
  Simplified for Traditional. The loaders decide "is this the same name" with it (loaders/gazetteer.py);
- `search_key` — also what a reader types for a name: English short forms and their Chinese ("AI Subsidy Scheme",
  人工智能資助計劃 and "Artificial Intelligence Subsidy Scheme" all fold to one key). For search only: a loader must
  not take "HK" for 香港 inside a name.

Traditional to Simplified is done one character at a time with OpenCC's own character tables (the
opencc-python-reimplemented package ships them), not with its phrase converter: one character in, one character out,
so a part of a name folds to a part of the folded name (what `contains` needs), and a table look-up is some thirty
times faster than its converter (benchmarks/bench_search.py prints both). Many-to-one is what a key wants: 乾 and
幹 both fold to 干, so two names can only meet more often, never less.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from graph import yaml_text
from graph.resources import DATA_DIR

VARIANTS_FILE = DATA_DIR / "rules" / "search_variants.yaml"
# OpenCC's tables, applied in its own order for Hong Kong text (its hk2s config): Hong Kong variant forms to
# OpenCC's standard forms (衞 -> 衛), Taiwan ones likewise, then Traditional to Simplified (衛 -> 卫).
_OPENCC_TABLES = ("HKVariantsRev.txt", "TWVariantsRev.txt", "TSCharacters.txt")


def _is_latin(text: str) -> bool:
    return bool(re.fullmatch(r"[0-9a-z&@+/ ]+", text))


def _whole_or_anywhere(text: str) -> str:
    """A pattern for `text`: English as a whole word (not the "ai" of "mainland"), Chinese anywhere."""
    escaped = re.escape(text)
    return rf"(?<![0-9a-z]){escaped}(?![0-9a-z])" if _is_latin(text) else escaped


@dataclass(frozen=True)
class Replacements:
    """Words put for others, all in one pass of one pattern (the longest form first); the text they apply to has
    single spaces between its words already."""

    pattern: re.Pattern[str] | None
    to: dict[str, str]
    spaced: bool  # the replacement stands as a word of its own ("AI研發院": "人工智能 研发院")

    @classmethod
    def of(cls, pairs: list[tuple[str, str]], spaced: bool = False) -> Replacements:
        forms = sorted({form for form, _ in pairs}, key=len, reverse=True)
        pattern = re.compile("|".join(_whole_or_anywhere(form) for form in forms)) if forms else None
        return cls(pattern, dict(pairs), spaced)

    def apply(self, text: str) -> str:
        if self.pattern is None:
            return text
        if self.spaced:
            return " ".join(self.pattern.sub(lambda m: f" {self.to[m.group(0)]} ", text).split())
        return self.pattern.sub(lambda m: self.to[m.group(0)], text)


@dataclass(frozen=True)
class Folding:
    characters: dict[int, str]  # str.translate table: marks to a space, Traditional to Simplified
    punctuation: dict[int, str]  # str.translate table: punctuation to a space (search only)
    variants: Replacements  # one spelling for both
    terms: Replacements  # every form of a term to its first form
    english_terms: tuple[tuple[str, ...], ...]  # each term's English forms, casefolded: "ai", "artificial intelligence"
    movable_words: tuple[str, ...]  # first, or right before the kind word (`word_order`): "pilot"
    kind_words: tuple[str, ...]  # "scheme", "fund"
    article_after: tuple[str, ...]  # "in": "in secondary schools" and "in the secondary schools" are one name
    acronym_skip_words: frozenset[str]
    acronym_leading: tuple[str, ...]
    acronym_trailing: tuple[str, ...]
    acronym_prefix_min_length: int
    fuzzy_min_score: float
    fuzzy_min_query_length: int
    fuzzy_min_word_score: float
    fuzzy_min_word_length: int

    def spelled(self, text: str) -> str:
        """`text` as words, folded for spelling: width, case, marks, variant and simplified characters."""
        folded = unicodedata.normalize("NFKC", text).replace("\u31d0", "一").casefold().translate(self.characters)
        return self.variants.apply(" ".join(folded.split()))

    def searched(self, text: str) -> str:
        """`text` as words, folded for search: its spelling, and every short form or translation of a term as one."""
        return self.searched_from(self.spelled(text))

    def searched_from(self, spelled: str) -> str:
        """What `searched` makes of a text that `spelled` folded already."""
        return self.terms.apply(" ".join(spelled.translate(self.punctuation).split()))


def compact(words: str) -> str:
    """A key without its spaces: Chinese has none, and "數 字 辦" or "Digital  Policy" are typed with some."""
    return words.replace(" ", "")


def spelling_key(text: str) -> str:
    return compact(folding().spelled(text))


def search_key(text: str) -> str:
    return compact(folding().searched(text))


def search_words(text: str) -> list[str]:
    return folding().searched(text).split()


def spelling_words(text: str) -> list[str]:
    return folding().spelled(text).split()


def plain_key(text: str) -> str:
    """What the exact match compares: the name with only width, case and spaces folded."""
    return "".join(unicodedata.normalize("NFKC", text).replace("\u31d0", "一").split()).casefold()


def english_spellings(name_en: str) -> list[str]:
    """The other ways English writes a name, its terms short or in full (search_variants.yaml `terms`) and a movable
    word at its other place (`word_order`: "I&T Accelerator Pilot Scheme"): the
    "Artificial Intelligence Subsidy Scheme" is the "AI Subsidy Scheme" in a Budget speech, the "Pilot I&T Accelerator
    Scheme" the "Pilot Innovation and Technology Accelerator Scheme". Casefolded; the name itself not included."""
    name = " ".join(unicodedata.normalize("NFKC", name_en).casefold().split())
    spellings = {name, *_reordered(name), *_with_articles(name)}
    for forms in folding().english_terms:
        for spelling in list(spellings):
            for form in forms:
                if re.search(_whole_or_anywhere(form), spelling):
                    spellings |= {re.sub(_whole_or_anywhere(form), other, spelling) for other in forms if other != form}
    spellings.discard(name)
    return sorted(spellings)


def _with_articles(name: str) -> list[str]:
    """The name with "the" after its prepositions, or without it: "it innovation lab in the secondary schools"
    (search_variants.yaml `word_order.article_after`)."""
    words = name.split()
    rules = folding()
    if not any(w in rules.article_after for w in words[1:-1]):
        return []
    with_the, without = [], []
    for i, word in enumerate(words):
        with_the.append(word)
        if word in rules.article_after and 0 < i < len(words) - 1 and words[i + 1] != "the":
            with_the.append("the")
        if not (word == "the" and i > 0 and words[i - 1] in rules.article_after):
            without.append(word)
    return [v for v in (" ".join(with_the), " ".join(without)) if v != name]


def _reordered(name: str) -> list[str]:
    """The name with a movable word at the other place English puts it: "pilot i&t accelerator scheme" and
    "i&t accelerator pilot scheme" (search_variants.yaml `word_order`)."""
    rules = folding()
    words = name.split()
    if len(words) < 3 or words[-1] not in rules.kind_words:
        return []
    if words[0] in rules.movable_words:
        return [" ".join([*words[1:-1], words[0], words[-1]])]
    if words[-2] in rules.movable_words:
        return [" ".join([words[-2], *words[:-2], words[-1]])]
    return []


def acronyms(name_en: str) -> set[str]:
    """The acronyms of an English name: "Hong Kong Science and Technology Parks Corporation" is HKSTPC and HKSTP
    (without its legal form), STP and STPC (without "Hong Kong")."""
    rules = folding()
    words = unicodedata.normalize("NFKC", name_en).casefold().translate(rules.characters)
    words = words.translate(rules.punctuation).split()
    if len(words) < 2:
        return set()
    found = set()
    for without_leading in (False, True):
        kept = " ".join(words)
        if without_leading:
            kept = next((kept[len(w):].strip() for w in rules.acronym_leading if kept.startswith(w + " ")), "")
        for without_trailing in (False, True):
            part = kept
            if without_trailing:
                part = next((part[: -len(w)].strip() for w in rules.acronym_trailing if part.endswith(" " + w)), "")
            initials = "".join(w[0] for w in part.split() if w not in rules.acronym_skip_words)
            if len(initials) >= 2:
                found.add(initials)
    return found


def opencc_characters() -> dict[str, str]:
    """One Simplified character for each Traditional or variant one, from OpenCC's tables (one character in, one
    out; where a table gives several, its first — the one OpenCC's converter picks too)."""
    tables = [_opencc_table(name) for name in _OPENCC_TABLES]
    characters = set().union(*tables)
    folded = {}
    for ch in characters:
        to = ch
        for table in tables:
            to = table.get(to, to)
        if to != ch:
            folded[ch] = to
    return folded


def _opencc_table(name: str) -> dict[str, str]:
    table = {}
    text = resources.files("opencc").joinpath("dictionary", name).read_text(encoding="utf-8")
    for line in text.splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0]
        if len(source) == 1 and len(target) == 1:
            table[source] = target
    return table


@cache
def folding(path: Path = VARIANTS_FILE) -> Folding:
    data = yaml_text.safe_load(path.read_text(encoding="utf-8"))
    characters = str.maketrans({**opencc_characters(), **{mark: " " for mark in data["marks"]}})
    punctuation = str.maketrans({mark: " " for mark in data["punctuation"]})

    def by_characters(text: str) -> str:  # width, case, marks and characters: the steps before the variants
        return " ".join(unicodedata.normalize("NFKC", text).casefold().translate(characters).split())

    variants = [(by_characters(v["from"]), by_characters(v["to"])) for v in data["variants"]]
    terms = []
    for term in data["terms"]:  # a term's forms are spelled like the names they are looked for in
        canonical = by_characters(str(term[0])).translate(punctuation)
        terms += [(" ".join(by_characters(str(form)).translate(punctuation).split()), canonical) for form in term[1:]]
    acronym = data["acronyms"]
    return Folding(
        characters=characters,
        punctuation=punctuation,
        variants=Replacements.of(variants),
        terms=Replacements.of(terms, spaced=True),
        english_terms=tuple(forms for term in data["terms"]
                            if len(forms := tuple(f for f in map(by_characters, map(str, term)) if _is_latin(f))) > 1),
        movable_words=tuple(by_characters(str(w)) for w in data["word_order"]["words"]),
        kind_words=tuple(by_characters(str(w)) for w in data["word_order"]["kinds"]),
        article_after=tuple(by_characters(str(w)) for w in data["word_order"].get("article_after", ())),
        acronym_skip_words=frozenset(str(w) for w in acronym["skip_words"]),
        acronym_leading=tuple(str(w) for w in acronym["leading"]),
        acronym_trailing=tuple(sorted((str(w) for w in acronym["trailing"]), key=len, reverse=True)),
        acronym_prefix_min_length=int(acronym["prefix_min_length"]),
        fuzzy_min_score=float(data["fuzzy"]["min_score"]),
        fuzzy_min_query_length=int(data["fuzzy"]["min_query_length"]),
        fuzzy_min_word_score=float(data["fuzzy"]["min_word_score"]),
        fuzzy_min_word_length=int(data["fuzzy"]["min_word_length"]),
    )
