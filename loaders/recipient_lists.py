"""Recipient lists: the grantees, projects or investee companies a reply or release lists for a scheme, one fact
per recipient, with its amount where the item states one and without where not.

Two shapes carry them (data/rules/recipient_lists.yaml holds their words):
- an enumeration opened by 為： / 包括 / (即 in a sentence that says the listed were funded —
  "…當中19宗已簽署資助協議，相關申請者及其所屬行業和項目内容為：Cat Dynamics(威士忌生產)、…及迦南印刷(印刷)。",
  "…向6所大學(即香港城市大學、…及香港大學)提供資助…". Items split on 、 and a last 及/和/以及; what follows a
  name in brackets is a note on it; a project's recipients stand in brackets after it
  ("…資助項目包括涉及大語言模型的硏究/訓練(香港理工大學、香港生成式人工智能研發中心)、…");
- the rows of a table whose header has a recipient column (申請機構, 大學) and whose title or lead-in says the rows
  were funded ("首批獲「產學研1+計劃」支持的項目"): one recipient per row, the body named first in its cell.
  A table with a money column ("(百萬元)") is loaders/tables.py's and is not read here.

The funder is the scheme named in the list's sentence or the table's title, else the last scheme named shortly
before. A known name that a line break splits ("PDS Technology⏎Electronic", "香港生成式人工智能⏎研發中心") is
joined into one mention. A listed name nobody knows becomes an entity of its own (a Candidate) when the list says
its items are bodies (申請者, 大學, 部門): being listed as a grantee is the evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from graph import yaml_text
from graph.model import AmountType, Label
from graph.resources import DATA_DIR
from loaders.discovery import Candidate
from loaders.entities import EntityRecognizer, Mention
from loaders.funding import is_source
from loaders.funding import load_rules as load_funding_rules
from loaders.gazetteer import surface_key
from loaders.money import Amount, find_amounts, unit_multiplier
from loaders.text import is_cjk, line_spans

RULES_FILE = DATA_DIR / "rules" / "recipient_lists.yaml"
# Who a list names as receiving money. data/model.yaml lets FUNDS end at a scheme, institution, company or
# department; a list's items are bodies (not schemes), and never a bureau (a bureau's money is its departments').
RECIPIENTS = (Label.INSTITUTION, Label.COMPANY, Label.DEPARTMENT)
METHOD_ENUMERATION = "list:enumeration"
METHOD_TABLE = "list:table-rows"
METHOD_JOINED = "joined-lines"
_OPEN, _CLOSE = "(（[", ")）]"
_PUNCTUATION = frozenset("、，。；：！？「」『』()（）[]【】*•●")
# The part of a broken name at the end of its first line and at the start of the next: a run of Latin words, or
# of characters up to a blank or punctuation.
_LATIN_TAIL = re.compile(r"[A-Za-z0-9&.'\-]+(?: [A-Za-z0-9&.'\-]+)*$")
_LATIN_HEAD = re.compile(r"^[A-Za-z0-9&.'\-]+(?: [A-Za-z0-9&.'\-]+)*")
_WORD_TAIL = re.compile(r"[^\s、，。；：！？「」『』()（）\[\]【】*•●]+$")
_WORD_HEAD = re.compile(r"^[^\s、，。；：！？「」『』()（）\[\]【】*•●]+")
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")

Span = tuple[int, int]


@dataclass(frozen=True)
class RecipientFact:
    """One listed recipient: a FUNDS fact funder -> recipient (amount None when the list states none)."""

    funder: str
    recipient: str
    amount: Amount | None  # offsets into the analysed text
    amount_type: AmountType
    fiscal_year: str | None
    row: Span  # the list's sentence, or the table row: the quote
    method: str  # list:enumeration | list:table-rows
    mention: Mention  # the recipient as written; new (not among the mentions given) when the recognizer missed it
    candidate: Candidate | None = None  # a name no gazetteer entry or pattern knows: the node to make for it


@dataclass(frozen=True)
class ListRules:
    opener: re.Pattern[str]
    conjunctions: tuple[str, ...]
    etc_words: tuple[str, ...]
    recipient_words: tuple[tuple[AmountType, tuple[str, ...]], ...]
    entity_nouns: tuple[str, ...]
    label_nouns: tuple[tuple[str, Label], ...]
    name_min_length: int
    name_max_length: int
    name_forbidden: frozenset[str]
    count: re.Pattern[str]
    max_list_chars: int
    recipient_columns: frozenset[str]
    table_header_lines: int
    table_title_lines: int
    table_end: re.Pattern[str]
    note: re.Pattern[str]
    row_number: re.Pattern[str]
    funder_look_back: int
    broken_name_max_part: int


@cache
def load_rules(path: Path = RULES_FILE) -> ListRules:
    data = yaml_text.safe_load(path.read_text(encoding="utf-8"))
    return ListRules(
        opener=re.compile(data["opener_regex"]),
        conjunctions=tuple(data["conjunctions"]),
        etc_words=tuple(data["etc_words"]),
        recipient_words=tuple((AmountType(r["type"]), tuple(r["words"])) for r in data["recipient_words"]),
        entity_nouns=tuple(data["entity_nouns"]),
        label_nouns=tuple((n["noun"], Label(n["label"])) for n in data["label_nouns"]),
        name_min_length=int(data["name_min_length"]),
        name_max_length=int(data["name_max_length"]),
        name_forbidden=frozenset(data["name_forbidden_characters"]),
        count=re.compile(data["count_regex"]),
        max_list_chars=int(data["max_list_chars"]),
        recipient_columns=frozenset(data["recipient_columns"]),
        table_header_lines=int(data["table_header_lines"]),
        table_title_lines=int(data["table_title_lines"]),
        table_end=re.compile(data["table_end_regex"]),
        note=re.compile(data["note_regex"]),
        row_number=re.compile(data["row_number_regex"]),
        funder_look_back=int(data["funder_look_back"]),
        broken_name_max_part=int(data["broken_name_max_part"]),
    )


class KnownNames:
    """The names the gazetteer and the recognizer's discovered candidates know, looked up as surface keys."""

    def __init__(self, recognizer: EntityRecognizer) -> None:
        self.gazetteer = recognizer.gazetteer
        self._candidates = {surface_key(c.name): c for c in recognizer.candidates.values()}

    def lookup(self, name: str) -> tuple[Label, str] | None:
        """(label, id) of a known name."""
        entry = self.gazetteer.lookup(name)
        if entry is not None:
            return entry.label, entry.id
        candidate = self._candidates.get(surface_key(name))
        return (candidate.label, candidate.id) if candidate else None


def recipient_facts(
    text: str,
    mentions: list[Mention],
    recognizer: EntityRecognizer,
    rules: ListRules | None = None,
    not_recipients: frozenset[str] = frozenset(),
    names: KnownNames | None = None,
    joined: bool = False,
) -> list[RecipientFact]:
    """The recipients the lists of `text` name, one fact each; `mentions` are the recognizer's for `text`.
    `not_recipients`: ids never funded (funding.yaml `not_recipient_kinds`); `names`: the names known before the
    corpus was read (default: the recognizer's now); `joined`: `mentions` went through `with_joined_names` already
    (joining them again finds nothing more, and was a tenth of the analysis)."""
    rules = rules or load_rules()
    names = names or KnownNames(recognizer)
    if not joined:
        mentions = with_joined_names(text, mentions, names, rules)
    facts = [*_enumeration_facts(text, mentions, names, rules), *_table_facts(text, mentions, rules)]
    return _unique(f for f in facts if f.recipient not in not_recipients and f.recipient != f.funder)


def new_entities(facts: Iterable[RecipientFact]) -> list[Candidate]:
    """The entities the lists make that no gazetteer entry or pattern knew, once each."""
    return list({f.candidate.id: f.candidate for f in facts if f.candidate is not None}.values())


def _unique(facts: Iterable[RecipientFact]) -> list[RecipientFact]:
    seen, out = set(), []
    for f in facts:
        key = (f.funder, f.recipient, f.mention.start)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


# --- names broken across lines ------------------------------------------------------------------------------------


def join_broken_lines(name: str) -> str:
    """A name on one line: a line break between two Latin words is a space ("PDS Technology⏎Electronic"), one
    beside a Chinese character is nothing ("香港生成式人工智能⏎研發中心")."""

    def joined(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        return f"{left}{'' if is_cjk(left) or is_cjk(right) else ' '}{right}"

    return re.sub(r"(\S)[ \t]*\n\s*(\S)", joined, name)


def with_joined_names(text: str, mentions: list[Mention], names: KnownNames,
                      rules: ListRules | None = None) -> list[Mention]:
    """`mentions` plus the known names a line break splits (a line that ends without punctuation and whose next
    line continues the name), each one mention, in place of any mention inside it."""
    rules = rules or load_rules()
    ends = {m.end for m in mentions}
    inside = {at for m in mentions for at in range(m.start + 1, m.end)}  # offsets strictly inside a mention
    found = [m for m in (_joined_at(text, at, ends, inside, names, rules) for at in _line_breaks(text)) if m]
    if not found:
        return mentions
    kept = [m for m in mentions if not any(j.start <= m.start < j.end for j in found)]
    return sorted([*kept, *found], key=lambda m: (m.start, -m.end))


def _line_breaks(text: str) -> Iterator[int]:
    at = text.find("\n")
    while at >= 0:
        yield at
        at = text.find("\n", at + 1)


def _joined_at(text: str, at: int, ends: set[int], inside: set[int], names: KnownNames,
               rules: ListRules) -> Mention | None:
    """The known name that starts at the end of the line ending at `at` and goes on at the start of the next;
    `ends`: where the mentions end, `inside`: the offsets inside one (sets: a text has thousands of lines)."""
    line_start = text.rfind("\n", 0, at) + 1
    line = text[line_start:at].rstrip()
    line_end = line_start + len(line)
    if not line or line[-1] in _PUNCTUATION or line_end in ends:
        return None  # the line ends a sentence or a cell, or with a whole name
    next_line = text[at + 1 : _line_end(text, at + 1)]
    for tail_pattern, head_pattern in ((_LATIN_TAIL, _LATIN_HEAD), (_WORD_TAIL, _WORD_HEAD)):
        tail = tail_pattern.search(line[-rules.broken_name_max_part :])
        head = head_pattern.match(next_line)
        if not tail or not head:
            continue
        end = at + 1 + head.end()
        # the join of the line's last character, the break and the next line's first is the same for every start:
        # made once, not once per start (join_broken_lines(text[start:end]), by part)
        joint = join_broken_lines(text[line_end - 1 : at + 2])
        for start in range(line_end - len(tail.group(0)), line_end):
            if start in inside:
                continue  # a first part that starts inside another name
            name = text[start : line_end - 1] + joint + text[at + 2 : end]
            if known := names.lookup(name):
                return Mention(start, end, name, known[0], known[1], METHOD_JOINED)
    return None


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return end if end >= 0 else len(text)


# --- the funder and the kind of fact ------------------------------------------------------------------------------


def _funder(text: str, mentions: list[Mention], start: int, end: int, rules: ListRules) -> str | None:
    """The scheme named in text[start:end] (the list's sentence up to the list, or a table's title), else the last
    one named within `funder_look_back` characters before it. A scheme the money only goes through (透過…,
    在…下) is taken only when there is no other."""
    schemes = [m for m in mentions if start <= m.start < end and m.label == Label.SCHEME]
    if not schemes:
        schemes = [m for m in mentions
                   if start - rules.funder_look_back <= m.start < start and m.label == Label.SCHEME]
    funding_rules = load_funding_rules()
    direct = [m for m in schemes if not is_source(text, m, funding_rules)]
    return (direct or schemes)[-1].entity_id if schemes else None


def _recipient_kind(context: str, rules: ListRules) -> AmountType | None:
    """The kind of fact a list's sentence (the list itself left out) or a table's title says its items are, if
    it says they were funded at all."""
    return next((kind for kind, words in rules.recipient_words if any(w in context for w in words)), None)


# --- enumerations -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Enumeration:
    sentence: Span  # the sentence the list stands in
    opener: Span  # 為： / 包括 / (即
    end: int  # where the items end
    items: tuple[Span, ...]


def _enumeration_facts(text: str, mentions: list[Mention], names: KnownNames,
                       rules: ListRules) -> Iterator[RecipientFact]:
    for enum in _enumerations(text, mentions, rules):
        around = text[enum.sentence[0] : enum.opener[0]] + text[enum.end : enum.sentence[1]]
        kind = _recipient_kind(around, rules)
        funder = _funder(text, mentions, enum.sentence[0], enum.opener[0], rules) if kind else None
        if kind is None or funder is None:
            continue
        found = [_item_recipients(text, item, mentions) for item in enum.items]
        label = _label_of_unknown(text, found, mentions, funder, enum, rules) if _lists_bodies(text, enum, rules) \
            else None
        notes = _carries_notes(text, enum.items)
        for item, recipients in zip(enum.items, found, strict=True):
            if recipients is None and label is not None:
                recipients = _named_entity(text, item, names, label, rules, notes)
            for mention, candidate in recipients or []:
                if mention.label in RECIPIENTS:
                    yield RecipientFact(funder, mention.entity_id, _amount_in(text, item), kind, None,
                                        enum.sentence, METHOD_ENUMERATION, mention, candidate)


def _enumerations(text: str, mentions: list[Mention], rules: ListRules) -> Iterator[_Enumeration]:
    for opener in rules.opener.finditer(text):
        if any(m.start < opener.start() < m.end for m in mentions):
            continue  # 為 or 包括 inside a name
        end, items = _split_items(text, opener.end(), mentions, rules)
        if len(items) >= 2:
            sentence = (_sentence_start(text, opener.start()), _sentence_end(text, end))
            yield _Enumeration(sentence, opener.span(), end, tuple(items))


def _split_items(text: str, start: int, mentions: list[Mention], rules: ListRules) -> tuple[int, list[Span]]:
    """Walk a list from `start`, stepping over names: an item ends at 、 or at a conjunction between two items,
    outside brackets; the list ends at the end of its sentence, at a comma not followed by a conjunction, or at
    a closing bracket it did not open (that of "(即…)")."""
    name_at = {m.start: m for m in mentions}
    name_ends = {m.end for m in mentions}
    items: list[Span] = []
    item_start, depth, i = start, 0, start
    limit = min(len(text), start + rules.max_list_chars)
    while i < limit:
        if i in name_at:
            i = max(name_at[i].end, i + 1)
            continue
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            if depth == 0:
                break
            depth -= 1
        elif depth == 0:
            if ch in "。；：" or (ch == "\n" and not _name_goes_on(text, i)):
                break
            after_comma = ch == "，"
            conjunction = _conjunction_at(text, i + after_comma, rules, name_ends, name_at, after_comma)
            if after_comma and conjunction is None:
                break
            if ch == "、" or conjunction is not None:
                items.append((item_start, i))
                i = item_start = i + after_comma + (len(conjunction) if conjunction else 1)
                continue
        i += 1
    items.append((item_start, i))
    trimmed = [_trim(text, s, e, rules) for s, e in items]
    return i, [(s, e) for s, e in trimmed if e > s]


def _name_goes_on(text: str, at: int) -> bool:
    """A line break inside a list item: its line ends without punctuation ("PDS Technology⏎Electronic(…)、…"),
    and the next line goes on with the list (a 、 or the sentence's end on it), not with a heading or a table."""
    if not 0 < at < len(text) - 1 or text[at - 1] in _PUNCTUATION or text[at - 1].isspace():
        return False
    next_line = text[at + 1 : _line_end(text, at + 1)]
    return "、" in next_line or "。" in next_line


def _conjunction_at(text: str, i: int, rules: ListRules, name_ends: set[int], name_at: dict[int, Mention],
                    after_comma: bool) -> str | None:
    """The conjunction at `i` that joins two items: after a comma, or a word of two characters (以及), always;
    及/和 only after a closing bracket or a name, or before a name — not the 及 inside 康樂及文化事務署."""
    for word in rules.conjunctions:
        if not text.startswith(word, i):
            continue
        if after_comma or len(word) > 1 or text[i - 1 : i] in _CLOSE or i in name_ends or i + len(word) in name_at:
            return word
    return None


def _trim(text: str, start: int, end: int, rules: ListRules) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    for word in rules.etc_words:
        if text.endswith(word, start, end):
            end -= len(word)
    return start, end


def _sentence_start(text: str, at: int) -> int:
    return max(text.rfind("。", 0, at), text.rfind("\n", 0, at)) + 1


def _sentence_end(text: str, at: int) -> int:
    """The end of the sentence a list ends in: "…(即…香港大學)提供資助以支援大學團隊…。"."""
    return min(e + 1 if e >= 0 else len(text) for e in (text.find("。", at), text.find("\n", at)))


def _item_recipients(text: str, item: Span, mentions: list[Mention]) -> list[tuple[Mention, None]] | None:
    """The bodies an item names: the name it opens with (what follows in brackets is a note on it: 「效率促進辦公室
    (現併入數字政策辦公室)」), else those in its brackets (a project's: 「…的研究(香港理工大學、…)」). An empty
    list: the item names something that is not a recipient (a bureau); None: it names nothing known."""
    start, end = item
    opening = next((m for m in mentions if m.start == start + _quote_offset(text, start)), None)
    if opening is not None:
        return [(opening, None)] if _is_whole_name(text, opening, end, mentions) else None
    inside = _first_of_cells(text, [m for m in mentions if start < m.start < end])
    bracketed = [m for m in inside if _inside_brackets(text, start, m.start)]
    return [(m, None) for m in bracketed if m.label in RECIPIENTS] or None


def _quote_offset(text: str, start: int) -> int:
    return 1 if text[start : start + 1] in "「『" else 0


def _is_whole_name(text: str, mention: Mention, end: int, mentions: list[Mention]) -> bool:
    """The mention is the item's whole name (notes in brackets aside), or the first of names written back to
    back ("香港城市大學香港人工智能與科學研究院"): not the known start of a longer, unknown name."""
    rest = _BRACKETED.sub("", text[mention.end : end]).strip(" 」』\n")
    return not rest or any(m.start == mention.end for m in mentions)


def _inside_brackets(text: str, start: int, at: int) -> bool:
    segment = text[start:at]
    return sum(c in _OPEN for c in segment) > sum(c in _CLOSE for c in segment)


def _first_of_cells(text: str, found: list[Mention]) -> list[Mention]:
    """One mention per cell: a name right after another (nothing, a blank, a line break or an opening bracket
    between: "香港城市大學⏎香港人工智能與科學研究院", "…研發中心(HKGAI)") is the same body's cell."""
    kept: list[Mention] = []
    for m in sorted(found, key=lambda m: m.start):
        if kept and (m.start < kept[-1].end or not text[kept[-1].end : m.start].strip(" \n" + _OPEN)):
            continue
        kept.append(m)
    return kept


def _lists_bodies(text: str, enum: _Enumeration, rules: ListRules) -> bool:
    """The clause just before the list says its items are bodies (「相關申請者…為：」, 「向6所大學(即」), not
    projects or topics: only then may a listed name nobody knows become an entity."""
    clause = text[enum.sentence[0] : enum.opener[0]]
    clause = clause[clause.rfind("，") + 1 :]
    return any(noun in clause for noun in rules.entity_nouns)


def _label_of_unknown(text: str, found: list, mentions: list[Mention], funder: str, enum: _Enumeration,
                      rules: ListRules) -> Label | None:
    """The label a listed name nobody knows gets: that of its known neighbours when they agree, else the noun
    nearest before the list in the text that introduces it (from the funder's last mention on)."""
    labels = {m.label for recipients in found if recipients for m, _ in recipients}
    if len(labels) == 1:
        return labels.pop()
    lead_start = max((m.end for m in mentions if m.entity_id == funder and m.end <= enum.opener[0]),
                     default=enum.sentence[0])
    lead = text[lead_start : enum.opener[0]]
    hits = [(lead.rfind(noun), label) for noun, label in rules.label_nouns if noun in lead]
    return max(hits, key=lambda hit: hit[0])[1] if hits else None


def _carries_notes(text: str, items: tuple[Span, ...]) -> bool:
    """Most items end in a note in brackets ("新精明印刷(印刷)"): an item's last brackets are a note."""
    return sum(text[e - 1] in _CLOSE for _, e in items) * 2 > len(items)


def _name_end(text: str, item: Span, notes: bool) -> int:
    """Where an item's name ends: before its last brackets when the list carries notes ("泓展(香港)(…)")."""
    start, end = item
    if not notes or text[end - 1] not in _CLOSE:
        return end
    depth = 0
    for i in range(end - 1, start - 1, -1):
        depth += (text[i] in _CLOSE) - (text[i] in _OPEN)
        if depth == 0:
            return i
    return end


def _named_entity(text: str, item: Span, names: KnownNames, label: Label, rules: ListRules,
                  notes: bool) -> list[tuple[Mention, Candidate | None]] | None:
    """The item's name as an entity: the known one when it is one, else a new one of `label`."""
    start = item[0] + _quote_offset(text, item[0])
    end = _name_end(text, item, notes)
    name = join_broken_lines(text[start:end]).strip(" 」』")
    if not _is_a_name(name, names, rules):
        return None
    if known := names.lookup(name):
        return [(Mention(start, end, name, known[0], known[1], METHOD_JOINED), None)]
    candidate = Candidate(name, label, None, METHOD_ENUMERATION)  # kind None: the list does not say which
    return [(Mention(start, end, name, label, candidate.id, METHOD_ENUMERATION), candidate)]


def _is_a_name(name: str, names: KnownNames, rules: ListRules) -> bool:
    return (
        rules.name_min_length <= len(name) <= rules.name_max_length
        and not set(name) & rules.name_forbidden
        and not rules.count.match(name)
        and not names.gazetteer.is_not_entity(name)
        and not names.gazetteer.is_generic(name)
    )


def _amount_in(text: str, item: Span) -> Amount | None:
    """The item's amount, when it states exactly one."""
    found = find_amounts(text[item[0] : item[1]])
    if len(found) != 1:
        return None
    return replace(found[0], start=found[0].start + item[0], end=found[0].end + item[0])


# --- tables -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    title: Span
    body: Span
    recipient_first: bool  # the recipient column is the first: a row starts with its recipient
    header_lines: frozenset[str]  # the header's lines, which a page break repeats inside the body


def _table_facts(text: str, mentions: list[Mention], rules: ListRules) -> Iterator[RecipientFact]:
    lines = line_spans(text)
    read_to = -1
    for i, (start, _) in enumerate(lines):
        table = None if start < read_to else _table_at(text, lines, i, mentions, rules)
        if table is None:
            continue  # no header here, or one repeated after a page break inside a table already read
        read_to = table.body[1]
        kind = _recipient_kind(text[table.title[0] : table.title[1]], rules)
        funder = _funder(text, mentions, *table.title, rules) if kind else None
        if kind is None or funder is None:
            continue
        in_body = [m for m in mentions if table.body[0] <= m.start < table.body[1] and _fills_a_cell(text, m)]
        recipients = [m for m in _first_of_cells(text, in_body) if m.label in RECIPIENTS]
        for row, mention in zip(_rows(text, table, recipients, rules), recipients, strict=True):
            yield RecipientFact(funder, mention.entity_id, None, kind, None, row, METHOD_TABLE, mention)



def _table_at(text: str, lines: list[Span], i: int, mentions: list[Mention], rules: ListRules) -> _Table | None:
    """The table whose header is line `i`: a line with a recipient column, its first row (the first line with a
    name) close below, and no money column among the header's lines."""
    start, end = lines[i]
    cells = text[start:end].split()
    column = next((k for k, cell in enumerate(cells) if cell in rules.recipient_columns), None)
    if column is None:
        return None
    first_row = next((k for k in range(i + 1, min(len(lines), i + 1 + rules.table_header_lines))
                      if any(lines[k][0] <= m.start < lines[k][1] for m in mentions)), None)
    if first_row is None or any(_is_money_unit(text[s:e]) for s, e in lines[i:first_row]):
        return None
    body = (lines[first_row][0], _table_end(text, lines, first_row, rules))
    header = frozenset(text[s:e].strip() for s, e in lines[i:first_row])
    return _Table(_title(text, lines, i, rules), body, column == 0, header)


def _is_money_unit(line: str) -> bool:
    line = line.strip()
    return line[:1] in "(（" and line[-1:] in ")）" and unit_multiplier(line) is not None


def _table_end(text: str, lines: list[Span], first: int, rules: ListRules) -> int:
    for start, end in lines[first:]:
        line = text[start:end].strip()
        if rules.table_end.search(line) and not rules.note.match(line):
            return start
    return len(text)


def _title(text: str, lines: list[Span], header: int, rules: ListRules) -> Span:
    """A table's title: the lines above its header back to an 附件/附表 line close above, else the line above
    (the lead-in of a table that follows the answer's text: "…已評審並批出9個…項目…。詳情如下：")."""
    for start, _ in reversed(lines[max(0, header - rules.table_title_lines) : header]):
        if text.startswith(("附件", "附表"), start):
            return start, lines[header][0]
    return lines[max(0, header - 1)][0], lines[header][0]


def _fills_a_cell(text: str, mention: Mention) -> bool:
    """A name that fills a table cell: a line start, a blank or a mark before it, a blank, a line end or a
    bracket after it; not a name inside a project's title ("…香港大學…")."""
    before = text[mention.start - 1 : mention.start] if mention.start else ""
    after = text[mention.end : mention.end + 1]
    return (not before or before.isspace() or not (before.isalnum() or is_cjk(before))) and (
        not after or after.isspace() or after in _OPEN
    )


def _rows(text: str, table: _Table, recipients: list[Mention], rules: ListRules) -> list[Span]:
    """Each recipient's row. When the recipient column is the first, from the recipient's line to the line before
    the next recipient's; else to the end of the recipient's line, from the line after the previous row — or,
    in numbered rows, from the row's number (a cell wrapped from the row above comes before it). A note or the
    header repeated after a page break is no part of a row."""
    line_starts = [text.rfind("\n", 0, m.start) + 1 for m in recipients]
    line_ends = [_line_end(text, m.end) for m in recipients]
    if table.recipient_first:
        nexts = [s - 1 for s in line_starts[1:]] + [table.body[1]]
        return [_row_from(text, s, n, table, rules) for s, n in zip(line_starts, nexts, strict=True)]
    previous = [table.body[0]] + [e + 1 for e in line_ends[:-1]]
    return [_row_to(text, p, e, table, rules) for p, e in zip(previous, line_ends, strict=True)]


def _is_furniture(line: str, table: _Table, rules: ListRules) -> bool:
    return line.strip() in table.header_lines or bool(rules.note.match(line.strip()))


def _row_from(text: str, start: int, end: int, table: _Table, rules: ListRules) -> Span:
    """The row from `start` (its recipient's line) up to `end` or the first note or repeated header."""
    for line_start, line_end in _lines_between(text, start, end)[1:]:
        if _is_furniture(text[line_start:line_end], table, rules):
            return start, line_start - 1
    return start, len(text[:end].rstrip())


def _row_to(text: str, start: int, end: int, table: _Table, rules: ListRules) -> Span:
    """The row up to `end` (its recipient's line) from its number, else from after the last note or header."""
    lines = _lines_between(text, start, end)
    numbered = [s for s, e in lines if rules.row_number.match(text[s:e])]
    if numbered:
        return numbered[-1], end
    after = [e + 1 for s, e in lines[:-1] if _is_furniture(text[s:e], table, rules)]
    return (after[-1] if after else start), end


def _lines_between(text: str, start: int, end: int) -> list[Span]:
    return [(start + s, start + e) for s, e in line_spans(text[start:end])]
