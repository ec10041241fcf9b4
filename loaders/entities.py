"""Find the bureaus, departments, schemes, institutions and companies named in a text, and resolve each to one id.

No pretrained Chinese model can be installed here, so recognition is rules over spaCy:
1. discovery (loaders/discovery.py) — before anything is tokenised, patterns and a small statistical model read
   the whole corpus for names the gazetteer does not list; the names it trusts join the gazetteer's here, each
   with the method that found it and a confidence. Slogans, apps and generic words are never names;
2. a blank "zh" spaCy pipeline with the jieba segmenter, taught every known name as a word (so a name is one token,
   not split across two), and an EntityRuler with a phrase pattern per surface form, whose `id` is the entity id —
   so the gazetteer's alias groups (港投公司 / 香港投資管理有限公司) resolve to one node by construction;
3. local abbreviations — `全名(「簡稱」)` or `全名(簡稱)` defines the short form for the rest of *that text* only
   (a reply, a press release); generic short forms (「計劃」) never outlive it nor become nodes.

An English text (the English edition of the replies) goes through a blank "en" pipeline instead, with an
EntityRuler over the gazetteer's English forms: `name_en` and Latin aliases case-insensitively ("the highways
department"), abbreviations case-sensitively and as whole tokens ("ITC" yes, "itc" and "ITC001" no). A line break
may fall between the words of a name ("Commerce and Economic⏎Development Bureau"); the longest name wins, so that
name is the CEDB and not the "Development Bureau" inside it.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import jieba
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from graph.model import ENTITY_LABELS, Label
from graph.names import acronyms, english_spellings
from loaders.discovery import Candidate, bare_english_name, discover, load_rules
from loaders.gazetteer import Entry, Gazetteer, load_gazetteer
from loaders.segmenter import BlockSegmenter, load_jieba_dictionary
from loaders.text import is_cjk

_JIEBA_FREQ = 10**6  # high enough that jieba keeps a known name whole

jieba.setLogLevel(logging.WARNING)


@dataclass(frozen=True)
class Mention:
    start: int  # offsets into the text that was analysed
    end: int
    surface: str
    label: Label
    entity_id: str
    method: str  # gazetteer | pattern:quoted-name | model:spancat | abbreviation:local | …


# --- the spaCy pipeline -------------------------------------------------------------------------------------


class EntityRecognizer:
    """A spaCy pipeline that knows the gazetteer and the discovered candidates."""

    def __init__(self, gazetteer: Gazetteer | None = None, candidates: Iterable[Candidate] = (),
                 review: Iterable[Candidate] = (), refer_back: bool = True) -> None:
        self.gazetteer = gazetteer or load_gazetteer()
        # English "the Scheme" as a mention of the last scheme named (back_references): a news story's "the scheme
        # will fund …" is the scheme it is about, and its money is that scheme's
        self.refer_back = refer_back
        self.rules = load_rules()
        self.candidates = {c.id: c for c in candidates}
        self.review = list(review)  # names discovery found but does not trust enough: never entities
        self.nlp = _pipeline(self._patterns())

    @classmethod
    def for_corpus(cls, texts: list[str], gazetteer: Gazetteer | None = None, **discovery) -> EntityRecognizer:
        """A recognizer that knows the gazetteer and the names discovery finds in `texts` (loaders/discovery.py;
        `discovery`: its options, such as another `model`)."""
        gazetteer = gazetteer or load_gazetteer()
        found = discover(texts, gazetteer, **discovery)
        return cls(gazetteer, found.accepted, found.review)

    def _patterns(self) -> list[dict]:
        patterns = []
        for entry in self.gazetteer.entries:
            if entry.label in ENTITY_LABELS:
                patterns += [_pattern(entry.label, form, entry.id, "gazetteer") for form in entry.surface_forms]
        for candidate in self.candidates.values():
            patterns += [_pattern(candidate.label, form, candidate.id, candidate.method)
                         for form in candidate.surface_forms]
        return patterns

    @cached_property
    def nlp_en(self) -> Language:
        """The English pipeline, built the first time an English text comes."""
        nlp = spacy.blank("en")
        patterns, known = [], set()
        # a form that is another entry's own English name is that entry's only: "Hong Kong-Shenzhen Innovation and
        # Technology Park" is the park, though its company's name without "Limited" reads the same
        names = {_english_key(e.name_en): e.id for e in self.gazetteer.entries if e.name_en}
        for entry in self.gazetteer.entries:
            if entry.label in ENTITY_LABELS:
                for form, exact in english_forms(entry):
                    if names.get(_english_key(form), entry.id) != entry.id:
                        continue
                    patterns.append(_english_pattern(nlp, entry.label, form, entry.id, exact))
                    known.add(_english_key(form))
        for entry, acronym in english_acronyms(self.gazetteer, known):
            patterns.append(_english_pattern(nlp, entry.label, acronym, entry.id, True))
        for candidate in self.candidates.values():
            for form in candidate.surface_forms:
                # a name discovery found that is a gazetteer name written with "&" is that entry, not a new one
                # written in Latin letters, dashes and all ("Tourist District Enhancement Programme – The Peak")
                if not any(is_cjk(ch) for ch in form) and _english_key(form) not in known:
                    exact = _looks_like_an_acronym(form)  # "(TVP)" after a discovered name: TVP, never "tvp"
                    patterns.append(_english_pattern(nlp, candidate.label, form, candidate.id, exact))
        ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
        ruler.add_patterns(patterns)
        return nlp

    def mentions(self, text: str, language: str = "zh-Hant") -> list[Mention]:
        return self.mentions_many([text], [language])[0]

    def mentions_many(self, texts: list[str], languages: list[str] | None = None) -> list[list[Mention]]:
        """The mentions in each text; `languages` (a document's `language`, "zh-Hant" when not given) chooses the
        pipeline: English texts go through the English one."""
        languages = languages or ["zh-Hant"] * len(texts)
        docs: dict[int, Doc] = {}
        for english in (False, True):
            picked = [i for i, language in enumerate(languages) if is_english(language) == english]
            if picked:
                nlp = self.nlp_en if english else self.nlp
                docs.update(zip(picked, nlp.pipe([texts[i] for i in picked], batch_size=64), strict=True))
        results = []
        for i, text in enumerate(texts):
            found = [self._mention(ent) for ent in docs[i].ents]
            if self.refer_back and is_english(languages[i]):
                found += back_references(text, found)
            results.append(sorted(found + self._local_abbreviations(text, found), key=lambda m: m.start))
        return results

    def _mention(self, ent) -> Mention:
        label = Label[ent.label_]
        method = self.candidates[ent.ent_id_].method if ent.ent_id_ in self.candidates else "gazetteer"
        return Mention(ent.start_char, ent.end_char, ent.text, label, ent.ent_id_, method)

    # --- local abbreviations ---------------------------------------------------------------------------------

    def abbreviations(self, text: str, mentions: list[Mention]) -> dict[str, tuple[Mention, int]]:
        """Short forms defined in `text`: short -> (the mention it abbreviates, where its definition ends)."""
        defined: dict[str, tuple[Mention, int]] = {}
        named_by: dict[str, set[str]] = defaultdict(set)
        for mention in mentions:
            m = self.rules.abbreviation.match(text, mention.end)
            if not m:
                continue
            short = m.group("short")
            named_by[short].add(mention.entity_id)
            known = self.gazetteer.lookup(short)
            if short == mention.surface or not looks_like_abbreviation(short, mention.surface):
                continue  # "(2024-25)": a note in brackets, not a short form
            if known is not None and known.id != mention.entity_id:
                continue  # a name of its own
            defined.setdefault(short, (mention, m.end()))
        # The same word in brackets after two different names is a note on what they are, not a short form of
        # either: "新精明印刷(印刷)、…迦南印刷(印刷)".
        return {short: d for short, d in defined.items() if len(named_by[short]) == 1}

    def _local_abbreviations(self, text: str, mentions: list[Mention]) -> list[Mention]:
        taken = [(m.start, m.end) for m in mentions]
        found = []
        for short, (full, after) in self.abbreviations(text, mentions).items():
            if self.gazetteer.lookup(short) is not None and not self.gazetteer.is_generic(short):
                continue  # a known alias: the EntityRuler finds it everywhere already
            generic = self.gazetteer.is_generic(short)
            for m in re.finditer(re.escape(short), text[after:]):
                start, end = after + m.start(), after + m.end()
                if generic and not _starts_a_reference(text, start):
                    continue  # "兩個計劃", "其他資助計劃": the generic word, not the short form
                if not any(s < end and start < e for s, e in taken):
                    found.append(Mention(start, end, short, full.label, full.entity_id, "abbreviation:local"))
                    taken.append((start, end))
            # the definition itself, e.g. 「計劃」 in 「傑出創科學人計劃」(「計劃」)
            definition = text.find(short, full.end)
            if 0 <= definition < after and not any(s < definition + len(short) and definition < e for s, e in taken):
                found.append(
                    Mention(
                        definition,
                        definition + len(short),
                        short,
                        full.label,
                        full.entity_id,
                        "abbreviation:definition",
                    )
                )
        return found


# "The Scheme aims to …", "the coverage of the Programme": a capitalised head word after "the" refers back; so does
# a scheme's head word in lower case ("the scheme will fund …") when one scheme alone was named so before it.
_BACK_REFERENCE = re.compile(r"\b[Tt]he[ \t]+(?P<head>Scheme|Fund|Programme|Program|Centre|Center|Park|Platform|"
                             r"Institute|Council|Corporation|Authority|Commission|Bureau|Department|Office|Campaign|"
                             r"scheme|fund|programme)\b")


def back_references(text: str, mentions: list[Mention]) -> list[Mention]:
    """In English, "the Scheme" (capitalised) is the last scheme named before it whose name ends with that word:
    "… launch the I&T Accelerator Pilot Scheme … The Scheme aims to attract …". In lower case, "the scheme",
    "the fund", "the programme" is the one scheme, fund or programme the text named before it, when it named only
    one ("… launch of the Research, Academic & Industry Sectors One-plus Scheme … With a funding allocation of
    $10 billion, the scheme will fund …"): with two, it may be either, or any. A head word with no such name
    before it refers to nothing the text names."""
    found, named = [], sorted(mentions, key=lambda m: m.start)
    for m in _BACK_REFERENCE.finditer(text):
        start, end, head = m.start("head"), m.end("head"), m.group("head")
        if any(n.start < end and start < n.end for n in named):
            continue  # part of a name ("The Hong Kong … Council" is no reference)
        before = [n for n in named if n.end <= start and n.surface.split()[-1:] == [head.capitalize()]]
        if head.islower() and len({n.entity_id for n in before}) != 1:
            continue
        if before:
            found.append(Mention(start, end, head, before[-1].label, before[-1].entity_id, "reference:back"))
    return found


def looks_like_abbreviation(short: str, full: str) -> bool:
    """數字辦 for 數字政策辦公室, 港投公司 for 香港投資管理有限公司: the characters of a Chinese short form stand in the
    full name in the same order. A Latin acronym (ITF, HKSTP) may stand for a Chinese name."""
    if re.fullmatch(r"[A-Z][A-Za-z&@]{1,9}", short):
        return True
    rest = iter(full)
    return len(short) >= 2 and all(ch in rest for ch in short)


_REFERENCE_OPENERS = ("該", "此", "本", "有關", "上述", "這")


def _starts_a_reference(text: str, start: int) -> bool:
    """A generic short form refers back only in quotes, at the start of a clause, or after 該/此/本/上述."""
    before = text[max(0, start - 2) : start]
    return start == 0 or before[-1:] in "「\n。，；：、(（" or any(before.endswith(w) for w in _REFERENCE_OPENERS)


def _pattern(label: Label, surface: str, id_: str, method: str) -> dict:
    return {"label": label.name, "pattern": surface, "id": id_}


def is_english(language: str | None) -> bool:
    return (language or "").lower().startswith("en")


_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")


def english_forms(entry) -> list[tuple[str, bool]]:
    """The forms of a gazetteer entry English text may use, each with whether it must match exactly (case and
    whole token): the English name (with and without its legal form, "… Company Limited"), the other ways it writes
    its terms (graph/names.english_spellings) and Latin aliases case-insensitively, abbreviations (ITC, HyD, EffO,
    and any alias that looks like one) exactly."""
    forms = []
    if entry.name.isascii() and re.search(r"[A-Za-z]", entry.name):
        forms.append((entry.name, False))  # a name written in Latin letters in Chinese too: "AIR@InnoHK"
    if entry.name_en:
        forms.append((entry.name_en, False))
        if bare_english_name(entry):
            forms.append((bare_english_name(entry), False))
        # its terms short or in full ("AI Subsidy Scheme" for the Artificial Intelligence Subsidy Scheme)
        forms += [(spelling, False) for spelling in english_spellings(entry.name_en)]
        # without a bracketed note that says what kind of money it is: "TechConnect (Block Vote)" is "TechConnect"
        if (unbracketed := _TRAILING_NOTE.sub("", entry.name_en)) != entry.name_en and unbracketed:
            forms.append((unbracketed, False))
        if (with_kind := _with_its_kind_word(entry)) is not None:
            forms += [(form, False) for form in (with_kind, *english_spellings(with_kind))]
    if entry.get("abbreviation"):
        forms.append((str(entry.get("abbreviation")), True))
    for alias in entry.aliases:
        if alias.isascii() and re.search(r"[A-Za-z]", alias):
            forms.append((alias, _looks_like_an_acronym(alias)))
    return list(dict.fromkeys(forms))


def _with_its_kind_word(entry: Entry) -> str | None:
    """A scheme's English name that has no word of its kind, with it: the gazetteer's "IT Innovation Lab in Secondary
    Schools" (a programme) is the 2019-20 Budget's "IT Innovation Lab in Secondary Schools Programme". The kind
    words are discovery's English heads of schemes (entity_patterns.yaml `english_heads`)."""
    if entry.label != Label.SCHEME or not entry.name_en or entry.kind != "programme":
        return None  # a programme: a scheme's or a fund's name says "Scheme", "Fund" … already, or is a name apart
    heads = [h for h in load_rules().english_heads if h.label == Label.SCHEME]
    if any(re.search(rf"\b{re.escape(h.suffix)}\b", entry.name_en) for h in heads):
        return None
    word = next((h.suffix for h in heads if h.kind == entry.kind), None)
    return f"{entry.name_en} {word}" if word else None


def english_acronyms(gazetteer: Gazetteer, taken: set[str]) -> list[tuple[Entry, str]]:
    """The acronyms English text writes for institutions and schemes nobody listed, made from their English names as
    search makes them (graph/names.acronyms: HKSTP, ASTRI, HKTDC, TVP, UGC), matched exactly in capitals. Three
    letters only when they are every word's initial (UGC, VTC, TVP; not the STP or IIT a name makes without its
    "Hong Kong": IIT is another institute); never two; not one two entries make ("CUHK": the Chinese University, and
    City University's initials); not one already a form of any entry."""
    made: dict[str, set[Entry]] = defaultdict(set)
    for entry in gazetteer.entries:
        if entry.label in (Label.INSTITUTION, Label.SCHEME) and entry.name_en:
            forms = acronyms(entry.name_en)
            longest = max(map(len, forms), default=0)
            for acronym in forms:
                if len(acronym) >= 4 or len(acronym) == 3 == longest:
                    made[acronym.upper()].add(entry)
    return sorted(((owners.pop(), acronym) for acronym, owners in made.items()
                   if len(owners) == 1 and _english_key(acronym) not in taken), key=lambda pair: pair[1])


def _looks_like_an_acronym(form: str) -> bool:
    """HKSTP, HyD, EffO, R&D: one word with two capitals or more."""
    return " " not in form and len(re.findall(r"[A-Z]", form)) >= 2


def _english_key(form: str) -> str:
    """An English name as the ruler matches it without case: "&" is "and" ("Hong Kong Science & Technology Parks
    Corporation" on news.gov.hk is the gazetteer's "… Science and Technology Parks Corporation")."""
    return " ".join(form.lower().replace("&", " and ").split())


_AND = frozenset({"and", "&"})
_ABBREVIATED = frozenset({"ltd", "ltd.", "inc", "inc.", "co", "co.", "corp", "corp."})  # spaCy keeps the full stop


def _english_pattern(nlp: Language, label: Label, surface: str, id_: str, exact: bool) -> dict:
    """A token pattern: each word of `surface` (ORTH when exact, else LOWER), line breaks allowed between them."""
    attr = "ORTH" if exact else "LOWER"
    tokens: list[dict] = []
    for token in nlp.make_doc(surface):
        if token.is_space:
            continue
        if tokens:
            tokens.append({"IS_SPACE": True, "OP": "*"})
        if not exact and token.lower_ in _AND:  # "Innovation & Technology Fund" is the Innovation and Technology Fund
            tokens.append({"LOWER": {"IN": sorted(_AND)}})
        elif not exact and token.lower_ in _ABBREVIATED:  # "Outblaze Ltd." is the name "Outblaze Ltd"
            tokens.append({"LOWER": {"IN": [token.lower_.rstrip("."), token.lower_.rstrip(".") + "."]}})
        else:
            tokens.append({attr: token.text if exact else token.lower_})
    return {"label": label.name, "pattern": tokens, "id": id_}


def _pipeline(patterns: list[dict]) -> Language:
    """blank zh + jieba, with every surface form a jieba word, and an EntityRuler over them."""
    load_jieba_dictionary()  # what jieba.add_word would load first, faster (loaders/segmenter.py)
    for p in patterns:
        if len(p["pattern"]) > 1:
            jieba.add_word(p["pattern"], freq=_JIEBA_FREQ)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.tokenizer.jieba_seg = BlockSegmenter()  # jieba's cut, each block once (loaders/segmenter.py)
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    ruler.add_patterns(patterns)
    return nlp
