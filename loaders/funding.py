"""Money facts from prose: tie each amount in a sentence to who pays it and who receives it, or to the one thing
it is about, and say what kind of figure it is.

The rules (data/rules/funding.yaml) work on one sentence at a time, with the entities already resolved in it:
- the words around an amount may say it is about one thing (a threshold 不少於, a change 增加, an average, a cost
  or income: `figure_context`), or no figure of the graph at all (the figure compared with, private money);
- a flow (FUNDS): a scheme and an institution or company in the sentence: the scheme funds the nearest recipient;
  a scheme alone: it is funded by the body named in the sentence, else its administrator (gazetteer), else the
  policy bureau of the reply's budget head; an institution or company alone: funded by the body named in the
  sentence, else by the bureau of the reply (the Budget is the bureau's, whichever department answers);
- a figure (FundingFact.funder None, a Figure node): a cap, average, change, threshold, salary, income or cost
  (`figure_types`), an amount per recipient, or an amount with no payer and payee: about the scheme, body or
  company named nearest (a per-recipient figure about the scheme when one is named).
Amounts with nothing to tie them to are left out (and counted by the report). The amount_type comes from the
words just before the amount (預留 → allocation, 修訂預算 → revised_estimate, 已承擔 → committed …) or from the
money parser (最高 / 上限 → cap); fiscal_year only when the sentence states one.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from graph import yaml_text
from graph.model import AmountType, Label, label_of_id
from graph.resources import DATA_DIR
from loaders.entities import Mention, is_english
from loaders.money import Amount, find_amounts, recipient_of

RULES_FILE = DATA_DIR / "rules" / "funding.yaml"
# The rules of English text (the English edition of the replies, English press releases): same keys, English words.
RULES_FILE_EN = DATA_DIR / "rules" / "funding_en.yaml"
_FUNDERS = (Label.BUREAU, Label.DEPARTMENT)
_GOVERNMENT_PREFIXES = ("bureau:", "dept:")
_RECIPIENTS = (Label.INSTITUTION, Label.COMPANY)
# A flow whose payer the sentence does not name: the payer is who runs the scheme (gazetteer) or the bureau whose
# budget the reply answers for. The method says so on the edge, so that a user can tell a stated payer from it.
INFERRED_PAYER_METHODS = frozenset({"rule:scheme-administrator", "rule:bureau-of-reply"})


def payer_is_inferred(method: str) -> bool:
    """A table's rows paid by the bureau of the reply end their method in "+bureau-of-reply" (loaders/tables.py)."""
    return method in INFERRED_PAYER_METHODS or method.endswith("+bureau-of-reply")


@dataclass(frozen=True)
class FundingRules:
    amount_types: tuple[tuple[AmountType, tuple[str, ...]], ...]
    default: AmountType
    administers_verbs: tuple[str, ...]
    look_back: int
    look_ahead: int
    reach: int
    change_words: tuple[str, ...]
    change_window: int
    table_title_exclude: tuple[str, ...]
    not_recipient_kinds: frozenset[str]
    not_recipient_jurisdictions: frozenset[str]
    figure_context: tuple[tuple[AmountType | None, tuple[str, ...]], ...]
    figure_types: frozenset[AmountType]
    amount_nouns: tuple[tuple[AmountType, tuple[str, ...]], ...] = ()
    not_amount_type_words: tuple[str, ...] = ()
    table_references: tuple[str, ...] = ()
    table_lead_in_sentences: int = 2
    table_programme_lead_in_sentences: int = 2
    source_markers: tuple[tuple[str, str | None], ...] = ()
    part_words: tuple[str, ...] = ()
    statistic_words: tuple[str, ...] = ()
    grantor_verbs: tuple[str, ...] = ()
    administers_reach: int = 20  # how far after a body's name its verb of running a scheme may stand
    target_words: tuple[str, ...] = ()
    collective_words: tuple[str, ...] = ()
    whole_ceiling: dict[str, tuple[str, ...]] = field(default_factory=dict)
    granting_fund: dict[str, tuple[str, ...]] = field(default_factory=dict)
    time_units: tuple[str, ...] = ()
    topic_shifters: tuple[str, ...] = ()
    own_topic_opening: re.Pattern[str] | None = None
    not_years_of_figures: tuple[str, ...] = ()
    compared_kinds: tuple[tuple[AmountType, tuple[str, ...]], ...] = ()
    receive_words: tuple[str, ...] = ()
    paid_out_words: tuple[str, ...] = ()
    level_change_words: tuple[str, ...] = ()
    level_change_gap: re.Pattern[str] | None = None  # English "raised from $6 million to $10 million": all between
    annex_heading: re.Pattern[str] | None = None
    reply_topic_min_mentions: int = 3
    reply_topic_dominance: int = 3
    context_before: int = 12
    heading_reach_lines: int = 4
    informants_before: tuple[str, ...] = ()
    informants_after: tuple[str, ...] = ()
    context_after: int = 8
    programme_reference: re.Pattern[str] | None = None
    previous_year_words: tuple[str, ...] = ()
    coming_year_words: tuple[str, ...] = ()  # the year of the reply's Estimates, named so ("In the coming year")
    programme_provision_types: tuple[tuple[AmountType, AmountType], ...] = ()
    programme_name_min_length: int = 4
    respectively_words: tuple[str, ...] = ()
    respectively_after: bool = False  # English writes "respectively" after the amounts it pairs, Chinese 分別 before
    list_joiners: str = ""
    past_fiscal_years: re.Pattern[str] | None = None
    multi_year_spans: tuple[re.Pattern[str], ...] = ()
    spending_words: tuple[str, ...] = ()
    yearly_grant_words: tuple[str, ...] = ()  # typed by the year's place in the Estimates too, a grant all the same
    receiving_verbs: tuple[str, ...] = ()  # right after a body: it receives (claims, applications), it pays nothing
    change_after: re.Pattern[str] | None = None  # after an amount, says it is a difference ("$594,000 … higher than")
    scheme_size_gap: re.Pattern[str] | None = None
    scheme_size_after: re.Pattern[str] | None = None  # English "X Scheme totalling $1.5 billion"
    # English "With a funding allocation of $10 billion, the scheme will fund …": the words before, the gap after
    scheme_size_with: tuple[re.Pattern[str], re.Pattern[str]] | None = None
    scheme_size_types: dict[AmountType, AmountType] = field(default_factory=dict)
    scheme_grant_types: frozenset[AmountType] = frozenset()
    collective_bodies: tuple[str, ...] = ()
    self_reference: re.Pattern[str] | None = None
    assessor_kinds: frozenset[str] = frozenset()
    payer_kinds: frozenset[str] = frozenset()
    reference_back: re.Pattern[str] | None = None
    applicant_reference: re.Pattern[str] | None = None  # 「該申請」: the applicant named before it
    applicant_after: tuple[str, ...] = ()  # "提交": what follows an applicant's name
    secretariat: re.Pattern[str] | None = None
    qualifier_after: re.Pattern[str] | None = None  # "University Grants Committee-funded": a name that qualifies
    runner_before: re.Pattern[str] | None = None  # "run by the …": who runs the thing named before
    scheme_under: re.Pattern[str] | None = None  # 「X基金下的Y計劃」: what stands between a fund and its scheme
    last_budget: re.Pattern[str] | None = None  # 「我在去年預算案撥款…」: the Budget of the year before the text's
    matching_ratio: re.Pattern[str] | None = None  # 「以1(政府):2(機構)的配對比例」: group `party` is who matches
    topic_references: tuple[str, ...] = ()  # "為此": the clause's money is for what the sentence opens with
    unnamed_scheme: re.Pattern[str] | None = None  # English "a pilot subsidy scheme": a scheme it does not name
    given_as: re.Pattern[str] | None = None  # "…元,作為給予…的注資股本": what the money is given as (equity)
    items_lead: re.Pattern[str] | None = None  # "…合共注資200億元,分別為-": a list of its parts follows
    project_openers: tuple[str, ...] = ()  # "The project …", "該項目…": the one thing the sentence before named
    per_frame: re.Pattern[str] | None = None  # 「就每個申請項目而言，…」: group `noun` is what the sentence is per
    measure_of: re.Pattern[str] | None = None  # 「項目總成本」: group `noun` owns the measure a threshold is of
    writing: Writing = field(default_factory=lambda: Writing())


@dataclass(frozen=True)
class Writing:
    """How a language writes sentences, clauses, years and names (funding.yaml `writing`); the defaults are
    Chinese. English wraps lines mid-sentence, ends a sentence with ". " and writes "2002-03" with no 年度."""

    # where a sentence ends: funding.yaml says for Chinese (a line break too, unless the PDF wrapped the sentence)
    sentence_end: re.Pattern[str] = re.compile(r"[。！？!?；;•●■]|\n")
    # a paragraph's sentences end with these (each character one mark): the previous one's topic may carry over
    full_stop: str = "。；"
    clause_marks: str = "，,；;。\n"
    fiscal_year: re.Pattern[str] = re.compile(r"(20\d{2})\s*[-/／至]\s*(?:20)?(\d{2})\s*(?:財政)?年度")
    comparison_words: tuple[str, ...] = ("較",)  # what follows is the figure compared with
    year_after: re.Pattern[str] | None = None  # English "$700 million in 2013-14": the year right after is its own
    # a year that opens a range or list, right before the year that ends it ("2022-23至2024-25年度")
    year_range_start: re.Pattern[str] | None = re.compile(
        r"20\d{2}\s*[-/／]\s*(?:20)?\d{2}\s*(?:財政)?(?:年度)?\s*(?:至|到|和|及|與|、)\s*(?:20\d{2}\s*[-/／]\s*(?:20)?\d{2}"
        r"\s*(?:年度)?\s*(?:至|到|和|及|與|、)\s*)*$")
    # an item of a list with its own amount and words, up to the mark that ends the item: the next item's type
    # keywords are read after it only ("100億元注資創新及科技基金、100億元改善科學園設施")
    item_with_amount: re.Pattern[str] | None = None
    item_marks: tuple[str, ...] = ()  # what ends an item of a list of amounts ("、", "以及")
    # a name goes with an amount of its own clause before a nearer one across a clause mark (`_unclaimed`)
    names_keep_to_clause: bool = False
    name_open: str = "「『 "  # what may stand between a marker word and a name …
    name_close: str = "」』 "  # … and after the name
    fold_case: bool = False  # English keywords are matched whatever the case ("Total", "total")


def rules_for(language: str | None) -> FundingRules:
    """The rules of a text's language: funding_en.yaml for English, funding.yaml otherwise."""
    return load_rules(RULES_FILE_EN if is_english(language) else RULES_FILE)


def _writing(data: dict | None) -> Writing:
    data, default = data or {}, Writing()

    def pattern(key: str) -> re.Pattern[str] | None:
        return re.compile(data[key]) if key in data else getattr(default, key)

    return Writing(
        sentence_end=pattern("sentence_end"),
        full_stop=data.get("full_stop", default.full_stop),
        clause_marks=data.get("clause_marks", default.clause_marks),
        fiscal_year=pattern("fiscal_year"),
        comparison_words=tuple(data.get("comparison_words", default.comparison_words)),
        year_after=pattern("year_after"),
        year_range_start=pattern("year_range_start"),
        item_with_amount=pattern("item_with_amount"),
        item_marks=tuple(data.get("item_marks", default.item_marks)),
        names_keep_to_clause=bool(data.get("names_keep_to_clause", default.names_keep_to_clause)),
        name_open=data.get("name_open", default.name_open),
        name_close=data.get("name_close", default.name_close),
        fold_case=bool(data.get("fold_case", default.fold_case)),
    )


def _pattern_pair(words: dict | None) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """`before` and `gap` of a rule as patterns matched whatever the case."""
    return (re.compile(words["before"], re.I), re.compile(words["gap"], re.I)) if words else None


@cache
def load_rules(path: Path = RULES_FILE) -> FundingRules:
    data = yaml_text.safe_load(path.read_text(encoding="utf-8"))
    return FundingRules(
        writing=_writing(data.get("writing")),
        amount_types=tuple((AmountType(r["type"]), tuple(r["keywords"])) for r in data["amount_types"]),
        default=AmountType(data["default_amount_type"]),
        administers_verbs=tuple(data["administers_verbs"]),
        administers_reach=int(data.get("administers_reach", 20)),
        look_back=int(data["look_back"]),
        look_ahead=int(data["look_ahead"]),
        reach=int(data["reach"]),
        change_words=tuple(data["change_words"]),
        change_window=int(data["change_window"]),
        table_title_exclude=tuple(data["table_title_exclude"]),
        not_recipient_kinds=frozenset(data["not_recipient_kinds"]),
        not_recipient_jurisdictions=frozenset(data["not_recipient_jurisdictions"]),
        figure_context=tuple((AmountType(r["type"]) if r["type"] else None, tuple(r["words"]))
                             for r in data["figure_context"]),
        figure_types=frozenset(AmountType(t) for t in data["figure_types"]),
        context_before=int(data.get("context_before", 12)),
        heading_reach_lines=int(data.get("heading_reach_lines", 4)),
        informants_before=tuple(data.get("informant_markers", {}).get("before", [])),
        informants_after=tuple(data.get("informant_markers", {}).get("after", [])),
        context_after=int(data.get("context_after", 8)),
        amount_nouns=tuple((AmountType(r["type"]), tuple(r["keywords"])) for r in data.get("amount_nouns", [])),
        not_amount_type_words=tuple(data.get("not_amount_type_words", [])),
        table_references=tuple(data.get("table_references", [])),
        table_lead_in_sentences=int(data.get("table_lead_in_sentences", 2)),
        table_programme_lead_in_sentences=int(data.get("table_programme_lead_in_sentences", 2)),
        source_markers=tuple((m["before"], m.get("after")) for m in data.get("source_markers", [])),
        part_words=tuple(data.get("part_words", [])),
        statistic_words=tuple(data.get("statistic_words", [])),
        grantor_verbs=tuple(data.get("grantor_verbs", [])),
        target_words=tuple(data.get("target_words", [])),
        collective_words=tuple(data.get("collective_words", [])),
        whole_ceiling={k: tuple(v) for k, v in (data.get("whole_ceiling") or {}).items()},
        granting_fund={k: tuple(v) for k, v in (data.get("granting_fund") or {}).items()},
        time_units=tuple(data.get("time_units", [])),
        topic_shifters=tuple(data.get("topic_shifters", [])),
        own_topic_opening=re.compile(data["own_topic_opening"]) if data.get("own_topic_opening") else None,
        not_years_of_figures=tuple(data.get("not_years_of_figures", [])),
        compared_kinds=tuple((AmountType(k["type"]), tuple(k["words"])) for k in data.get("compared_kinds", [])),
        receive_words=tuple(data.get("receive_words", [])),
        paid_out_words=tuple(data.get("paid_out_words", [])),
        level_change_words=tuple(data.get("level_change_words", [])),
        level_change_gap=re.compile(data["level_change_gap"]) if data.get("level_change_gap") else None,
        annex_heading=re.compile(data["annex_heading"], re.MULTILINE) if data.get("annex_heading") else None,
        reply_topic_min_mentions=int(data.get("reply_topic", {}).get("min_mentions", 3)),
        reply_topic_dominance=int(data.get("reply_topic", {}).get("dominance", 3)),
        programme_reference=re.compile(data["programme_reference"]) if data.get("programme_reference") else None,
        previous_year_words=tuple(data.get("previous_year_words", [])),
        coming_year_words=tuple(data.get("coming_year_words", [])),
        programme_name_min_length=int(data.get("programme_name_min_length", 4)),
        respectively_words=tuple(data.get("respectively_words", [])),
        respectively_after=bool(data.get("respectively_after", False)),
        list_joiners=str(data.get("list_joiners", "")),
        past_fiscal_years=re.compile(data["past_fiscal_years"]) if data.get("past_fiscal_years") else None,
        multi_year_spans=tuple(re.compile(p) for p in data.get("multi_year_spans", [])),
        spending_words=tuple(data.get("spending_words", [])),
        yearly_grant_words=tuple(data.get("yearly_grant_words", [])),
        receiving_verbs=tuple(data.get("receiving_verbs", [])),
        change_after=re.compile(data["change_after"], re.I) if "change_after" in data else None,
        scheme_size_gap=re.compile(data["scheme_size_gap"]) if data.get("scheme_size_gap") else None,
        scheme_size_after=re.compile(data["scheme_size_after"]) if data.get("scheme_size_after") else None,
        scheme_size_with=_pattern_pair(data.get("scheme_size_with")),
        scheme_size_types={AmountType(k): AmountType(v) for k, v in data.get("scheme_size_types", {}).items()},
        scheme_grant_types=frozenset(AmountType(t) for t in data.get("scheme_grant_types", [])),
        collective_bodies=tuple(data.get("collective_bodies", [])),
        assessor_kinds=frozenset(data.get("assessor_kinds", [])),
        payer_kinds=frozenset(data.get("payer_kinds", [])),
        reference_back=re.compile(data["reference_back"]) if data.get("reference_back") else None,
        applicant_reference=(re.compile(data["applicant_reference"]["words"])
                             if data.get("applicant_reference") else None),
        applicant_after=tuple(data.get("applicant_reference", {}).get("after", ())),
        secretariat=re.compile(data["secretariat"]) if data.get("secretariat") else None,
        qualifier_after=re.compile(data["qualifier_after"]) if data.get("qualifier_after") else None,
        runner_before=re.compile(data["runner_before"]) if data.get("runner_before") else None,
        scheme_under=re.compile(data["scheme_under"]) if data.get("scheme_under") else None,
        last_budget=re.compile(data["last_budget"]) if data.get("last_budget") else None,
        matching_ratio=re.compile(data["matching_ratio"]) if data.get("matching_ratio") else None,
        per_frame=re.compile(data["per_frame"]) if data.get("per_frame") else None,
        project_openers=tuple(data.get("project_openers", ())),
        items_lead=re.compile(data["items_lead"]) if data.get("items_lead") else None,
        given_as=re.compile(data["given_as"]) if data.get("given_as") else None,
        unnamed_scheme=re.compile(data["unnamed_scheme"]) if data.get("unnamed_scheme") else None,
        topic_references=tuple(data.get("topic_references", ())),
        measure_of=re.compile(data["measure_of"]) if data.get("measure_of") else None,
        self_reference=re.compile(data["self_reference"]) if data.get("self_reference") else None,
        programme_provision_types=tuple((AmountType(k), AmountType(v))
                                        for k, v in data.get("programme_provision_types", {}).items()),
    )


@dataclass(frozen=True)
class Answerer:
    """Who answers a reply, for the figures its sentences give without saying whose they are ("非經營帳目預算較上年度
    的修訂預算增加約3,738萬元"): the bureau or department of its budget head, the programmes its header lists
    (number, name, programme id) and the fiscal year of its Estimates. A press document has none of these, only
    `document_year`, the year of the document (any kind), for what it dates relative to itself (去年預算案)."""

    body: str | None = None
    programmes: tuple[tuple[str | None, str, str], ...] = ()
    fiscal_year: str | None = None
    document_year: str | None = None


@dataclass(frozen=True)
class FundingFact:
    """A money fact. With a funder it is a flow (a FUNDS edge funder -> recipient); without one (None) it is a
    figure about `recipient` alone (a Figure node ABOUT it): a budget, a cap per recipient, a change."""

    funder: str | None  # entity ids
    recipient: str
    amount: Amount
    amount_type: AmountType
    fiscal_year: str | None
    sentence: tuple[int, int]  # offsets into the analysed text
    method: str


@dataclass(frozen=True)
class AdministersFact:
    body: str
    scheme: str
    sentence: tuple[int, int]
    mention: Mention  # the scheme's mention the fact rests on
    method: str


def sentence_spans(text: str, rules: FundingRules | None = None) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in (rules or load_rules()).writing.sentence_end.finditer(text):
        if m.end() - start > 1:
            spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def sentence_of(spans: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    return next((s for s in spans if s[0] <= offset < s[1]), (offset, offset))


def funding_facts(
    text: str,
    mentions: list[Mention],
    amounts: list[Amount],
    default_funder: str | None,
    administrator_of: dict[str, str],
    rules: FundingRules | None = None,
    not_recipients: frozenset[str] = frozenset(),
    answerer: Answerer = Answerer(),
    assessors: frozenset[str] = frozenset(),
    payers: frozenset[str] = frozenset(),
) -> list[FundingFact]:
    """Each amount becomes at most one fact: a flow when the sentence gives a payer and a payee, else a figure
    about the thing it names nearest. `not_recipients`: ids of entities never funded here (see
    `not_recipient_kinds` in funding.yaml) and never what a figure is about. `answerer`: who answers, for a
    reply's programmes and for the changes of its budget that name nothing. `assessors`: bodies that assess or
    approve (`assessor_kinds`): a sentence that names only them is still about the topic before it. `payers`:
    bodies outside the government that pay when named (`payer_kinds`), as a bureau or department does."""
    rules = rules or load_rules()
    text = _folded(text, rules)
    spans = sentence_spans(text, rules)
    amounts = _new_levels_of_caps(text, amounts, spans, rules)
    mentions = [m for m in mentions if not _only_qualifies(text, m, rules)]
    mentions = sorted([*mentions, *_self_references(text, answerer, mentions, rules),
                       *_references_back(text, mentions, rules), *_secretariats(text, mentions, rules),
                       *_applicants_referred_to(text, mentions, rules)],
                      key=lambda m: m.start)
    programmes = [p for p in programme_mentions(text, answerer.programmes, rules)
                  if not any(m.start <= p.start < m.end for m in mentions)]  # not 創新科技及工業 in 創新科技及工業局
    kinds = {id(a): _figure_kind(text, a, rules) for a in amounts}
    lists = _respectively_lists(text, spans, amounts, rules)
    for listed in lists:  # "分別增加1,180萬元(4.0%)、1.613億元…": what the first is, the others are
        for later in listed[1:]:
            if kinds[id(later)] is None:
                kinds[id(later)] = kinds[id(listed[0])]
    figures = [a for a in amounts if kinds[id(a)] is not False]  # False: not a figure of the graph at all
    grants = [a for a in figures if kinds[id(a)] is None]  # what may be a flow: the others are about one thing
    sentence_at = {id(a): sentence_of(spans, a.start) for a in figures}

    def same_sentence(amount: Amount) -> list[Amount]:
        return [o for o in grants if o is not amount and sentence_at[id(o)] == sentence_at[id(amount)]]

    # A breakdown is not more money; and a part must not take the name its whole needs (see `_unclaimed`).
    parts = {id(a) for a in grants if _is_part(text, a, same_sentence(a), rules)
             or _breaks_down_previous(text, a, spans, sentence_at, grants, rules)}
    facts = []
    for amount in figures:
        if id(amount) in parts:
            continue
        sentence = sentence_at[id(amount)]
        rivals = [o for o in same_sentence(amount) if id(o) not in parts]
        in_sentence = [m for m in mentions if sentence[0] <= m.start < sentence[1]]
        # a sentence that names only who assesses or approves is still about the topic before it:
        # 「「評審委員會」已支持其中1宗…申請，項目總投資金額約6億元」; so is one that names only who speaks ("For
        # 2012-13, we have earmarked $80.7 million.", CEDB(CIT)021 of 2012-13, on the Competition Commission)
        names = [m for m in in_sentence if m.entity_id not in assessors and m.method != "rule:self-reference"
                 and not _is_informant(text, m, rules)]
        near = in_sentence + ([] if names else
                              _topic_of_previous(text, spans, sentence, mentions, rules, bodies=bool(in_sentence))
                              or _sole_body_of_previous(text, spans, sentence, mentions, figures, answerer,
                                                        assessors, rules)
                              or _topic_of_heading(text, sentence, mentions, rules)
                              or _topic_of_reply(text, spans, sentence, mentions, rules))
        if _said_of_several(text, amount, sentence, in_sentence, rules) or _drawn_by_every_body(text, sentence,
                                                                                             in_sentence, rules):
            continue
        near = _not_sized_by_its_parts(amount, near, [p for p in grants if id(p) in parts and p is not amount
                                                      and sentence_at[id(p)] == sentence], text, rules)
        year = (fiscal_year(text, amount, sentence, rules)
                or _year_of_last_budget(text, amount, sentence, answerer, rules)
                or _year_compared_from(text, amount, sentence, answerer, rules)
                or _year_of_the_topic(text, spans, sentence, in_sentence, near, rules)
                or _the_coming_year(text, spans, sentence, answerer, rules))
        # "過去3年…的總開支約為770萬元": several years, none of them
        over_years = _spans_years(text, amount, sentence, rules)
        if over_years:
            year = None
        named_programmes = programmes
        listed = next((lst for lst in lists if amount in lst), None)
        if listed is not None:  # before the kind: a year it pairs with may say what the amount is
            pairs = _respectively_pairs(text, sentence, listed, [*near, *programmes], answerer, rules)
            year = pairs.years[listed.index(amount)] if pairs.years else year
            if pairs.names:
                own = pairs.names[listed.index(amount)]
                near = [m for m in near if m not in pairs.names or m is own]
                named_programmes = [p for p in programmes if p not in pairs.names or p is own]
        kind = kinds[id(amount)] or amount_type(text, amount, sentence, rules, (year, answerer.fiscal_year))
        if kind == AmountType.ALLOCATION and any(w in text[amount.end : sentence[1]] for w in rules.paid_out_words):
            kind = AmountType.ACTUAL  # "…撥款約1,677萬元…資助，有關撥款已全數發放": granted and paid
        if kind == rules.default and amount.value_max is not None and _is_per_recipient(amount, rules):
            # "Funding support of between $10 million and $100 million will be provided to each approved project":
            # what each may get, a range whose top is the cap
            kind = AmountType.CAP
        if over_years:
            kind = _spent_over_years(text, amount, kind, rules)
        figure_kind = kinds[id(amount)]
        if kind == AmountType.AVERAGE and amount.per is None:
            amount = replace(amount, per=_averaged_over(text, amount, rules))
        if kind == AmountType.THRESHOLD and amount.per is None:
            amount = replace(amount, per=(_condition_on(text, amount, sentence, rules)
                                          or _framed_per(text, sentence, rules)))
        if kind == AmountType.CAP and amount.per is None:
            amount = replace(amount, per=_matching_party(text[sentence[0] : amount.start], rules)
                             or _framed_per(text, sentence, rules))
        if (programme := _programme_owning(text, amount, near, named_programmes)) is not None:
            if programme.entity_id:  # a programme of another head than the reply's: no node to hold it
                facts.append(FundingFact(None, programme.entity_id, amount, _programme_type(kind, rules), year,
                                         sentence, "rule:programme-in-clause"))
            continue
        if figure_kind is not None or kind in rules.figure_types or _is_per_recipient(amount, rules):
            if kind == AmountType.CHANGE:
                subject = _subject_of_change(text, amount, near, not_recipients, answerer, rules)
            else:
                # a name another amount of the sentence claims is this one's only when none is left to it ("向「奇趣IT
                # 識多啲」計劃增撥逾1.34億元，…向每所資助小學提供最多30萬元資助": the cap is the scheme's)
                own = [m for m in _unclaimed(amount, near, rivals, text, rules) if m.label not in _FUNDERS]
                subject = _subject_of(text, amount, own or near, not_recipients, rules)
            if subject is not None:
                facts.append(FundingFact(None, subject, amount, kind, year, sentence, "rule:figure-about-nearest"))
            elif (spender := _answerer_spending(text, amount, near, sentence, answerer, rules)) is not None:
                facts.append(FundingFact(None, spender, amount, kind, year, sentence, "rule:answerer-spending"))
            continue
        if amount.per is None and (scheme := _scheme_sized_by(text, amount, near, rules)) is not None:
            facts.append(FundingFact(None, scheme.entity_id, amount, rules.scheme_size_types.get(kind, kind), year,
                                     sentence, "rule:scheme-size"))
            continue
        if (received := _received_from_a_scheme(text, amount, sentence, near, not_recipients, rules)) is not None:
            facts.append(FundingFact(*received, amount, kind, year, sentence, "rule:received-from-scheme"))
            continue
        claimed = _unclaimed(amount, near, rivals, text, rules)  # funders (bureaus, departments) are never claimed
        clause = _clause_before(text, amount.start, rules) + text[amount.start : amount.end + 4]
        pair = _funder_and_recipient(amount, clause, claimed, default_funder, administrator_of, rules,
                                     not_recipients | _sources(text, claimed, rules, not_recipients), payers,
                                     _granting_fund(text, amount, claimed, rules, assessors),
                                     frozenset(m.entity_id for m in claimed
                                               if _receives(text, m, rules) or _is_informant(text, m, rules)))
        grantor = pair is not None and _grants_it(text, amount, pair[1], claimed, sentence, rules)
        if pair is not None and (run := _scheme_run_by(text, pair, claimed, rules)) is not None:
            # "撥款5億元，讓數碼港推行「…計劃」": the money is the scheme's, not the scheme paying its runner
            facts.append(FundingFact(None, run, amount, kind, year, sentence, "rule:scheme-run-by-recipient"))
            continue
        if pair is not None and _grants_of_a_scheme(pair, kind, rules):
            # "「基金」共支持了5個…項目，涉及總資助額約1,100萬元": what the scheme approved, not money paid into it by
            # a payer the text does not name
            facts.append(FundingFact(None, pair[1], amount, kind, year, sentence, "rule:grants-of-a-scheme"))
            continue
        if pair is not None and pair[2] in INFERRED_PAYER_METHODS and _is_own_spending(text, amount, rules):
            # "該中心首3年的研發及營運開支約2.35億元": what the body spends, not a grant to it from a payer the text
            # does not name; of no year and no kind of the Estimates, what running it costs (no one allocated it)
            own_kind = AmountType.COST if kind == rules.default and year is None else kind
            facts.append(FundingFact(None, pair[1], amount, own_kind, year, sentence, "rule:own-spending"))
            continue
        if pair is not None and not grantor:
            funder, recipient, method = pair
            facts.append(FundingFact(funder, recipient, amount, kind, year, sentence, method))
            continue
        # No payer and payee: what the sentence says the amount is about ("創科署…的總預算為25.794億元"). A body
        # that grants the money is not what it is about (it would read as its own budget): a scheme must be named.
        subject = _subject_of(text, amount, claimed, not_recipients | ({pair[1]} if grantor else set()), rules,
                              schemes_only=grantor)
        if subject is not None:
            facts.append(FundingFact(None, subject, amount, kind, year, sentence, "rule:figure-about-nearest"))
        elif (spender := _answerer_spending(text, amount, near, sentence, answerer, rules)) is not None:
            facts.append(FundingFact(None, spender, amount, kind, year, sentence, "rule:answerer-spending"))
    compared = [a for a in amounts if kinds[id(a)] is False and _is_compared_figure(text, a, rules)]
    return (_in_each_year(text, facts, rules)
            + _breakdown_facts(text, [a for a in grants if id(a) in parts], facts, mentions, sentence_at,
                               spans, not_recipients, rules)
            + _compared_figures(text, compared, facts, spans, answerer, rules))


def _in_each_year(text: str, facts: list[FundingFact], rules: FundingRules) -> list[FundingFact]:
    """A fact of an amount said "each" of several years right after it is one fact per year: "the estimated expenditure
    of MEF is $20 million in 2009-10, and $40 million each in 2010-11 and 2011-12" (CEDB(CIT)116, 2010-11)."""
    found = []
    for fact in facts:
        found.append(fact)
        lead = rules.writing.year_after and rules.writing.year_after.match(text, fact.amount.end, fact.sentence[1])
        if not lead or not lead.group(0).lstrip().lower().startswith("each"):
            continue
        years = _years_listed(text, lead.end(), fact.sentence[1], rules)
        found += [replace(fact, fiscal_year=year) for year in years[1:] if year != fact.fiscal_year]
    return found


def _years_listed(text: str, start: int, end: int, rules: FundingRules) -> list[str]:
    """The years of a list that starts at `start`, joined by list words only (`list_joiners`): "2010-11 and 2011-12",
    "2010-11, 2011-12 and 2012-13"."""
    matches: list[re.Match[str]] = []
    for match in rules.writing.fiscal_year.finditer(text, start, end):
        gap = text[matches[-1].end() if matches else start : match.start()]
        if (gap.strip() if not matches else not _only_joiners(gap, rules)):
            break
        matches.append(match)
    return [year for match in matches if (year := _year_of(match)) is not None]


def _new_levels_of_caps(text: str, amounts: list[Amount], spans: list[tuple[int, int]],
                        rules: FundingRules) -> list[Amount]:
    """"已把計劃的最高資助額由最初的10萬元，逐步增加至現時的25萬元" (ITIB118): the new level of a cap is a cap too, per
    what the old one was per. The old level stays a cap of its own (what the scheme's cap was). English says it
    with "from … to" and nothing else between ("the funding ceiling for each project raised from $6 million to
    $10 million": `level_change_gap`)."""
    out = list(amounts)
    for i, (old, new) in enumerate(itertools.pairwise(amounts), start=1):
        between = text[old.end : new.start]
        changed = any(w in between for w in rules.level_change_words) or (
            rules.level_change_gap is not None and rules.level_change_gap.fullmatch(between) is not None)
        if (old.is_cap and not new.is_cap and sentence_of(spans, old.start) == sentence_of(spans, new.start)
                and changed):
            out[i] = replace(new, is_cap=True, per=new.per or old.per)
    return out


def _compared_figures(text: str, compared: list[Amount], facts: list[FundingFact], spans: list[tuple[int, int]],
                      answerer: Answerer, rules: FundingRules) -> list[FundingFact]:
    """The figure a change is measured from is a figure too, of the same subject: "數字辦在2025-26年度的預算總開支為
    34.9億元，較上年度的修訂預算31億元增加約3.9億元" (ITIB197) states DPO's revised estimate for 2024-25. Only when
    the sentence has the change, and the words after 較 say the kind (`compared_kinds`) and the year (a fiscal year,
    or 上年度: the year before the change's)."""
    found = []
    for amount in compared:
        sentence = sentence_of(spans, amount.start)
        change = next((f for f in facts if f.amount_type == AmountType.CHANGE and f.sentence == sentence
                       and f.funder is None and f.amount.start > amount.start), None)
        window = _after_comparison(text[sentence[0] : amount.start], rules)
        kind = next((k for k, words in rules.compared_kinds if any(w in window for w in words)), None)
        if change is None or kind is None:
            continue
        years = list(rules.writing.fiscal_year.finditer(_arabic_digits(window)))
        year = _year_of(years[-1]) if years else None
        if year is None and any(w in window for w in rules.previous_year_words):
            year = _year_before(change.fiscal_year or answerer.fiscal_year)
        if year is not None:
            found.append(FundingFact(None, change.recipient, amount, kind, year, sentence, "rule:compared-figure"))
    return found


def _after_comparison(before: str, rules: FundingRules) -> str:
    at = max(before.rfind(word) for word in rules.writing.comparison_words)
    return before[at:] if at >= 0 else ""


def _not_sized_by_its_parts(whole: Amount, near: list[Mention], parts: list[Amount], text: str,
                            rules: FundingRules) -> list[Mention]:
    """A whole is not about a scheme one of its parts sizes: in "預算案亦建議為此撥款總額達183億元,包括成立20億元創科
    創投基金" (a legislator's speech, 2016) the fund is the 20億's; the 183億 is the Budget's I&T money, of no one.
    (A body its parts only spend on stays the whole's: "預留19.1億港元，當中約17.3億港元用以採購中試線設備，另外約1.8億
    港元用以支付微電子研發院的營運開支", ITIB091.)"""
    sized = {id(scheme) for p in parts if p.start > whole.end
             if (scheme := _scheme_sized_by(text, p, near, rules)) is not None}
    return [m for m in near if id(m) not in sized] if sized else near


def _breakdown_facts(text: str, parts: list[Amount], facts: list[FundingFact], mentions: list[Mention],
                     sentence_at: dict[int, tuple[int, int]], spans: list[tuple[int, int]],
                     not_recipients: frozenset[str], rules: FundingRules) -> list[FundingFact]:
    """A part of a whole ("預留19.1億港元，當中約17.3億港元用以採購中試線設備，另外約1.8億港元用以支付微電子研發院的
    營運開支") is a figure of the whole's kind and year about what its own clause names, else about the whole's
    subject: never a second flow, which a sum would count twice with the whole."""
    found = []
    for part in parts:
        sentence = sentence_at[id(part)]
        whole = _whole_of(text, part, [p for p in parts if sentence_at[id(p)] == sentence], facts, sentence, spans,
                          rules)
        clause = (part.start - len(_clause_before(text, part.start)), _clause_end(text, part.end, sentence))
        if any(p is not part and clause[0] <= p.start < clause[1] for p in parts):
            clause = _list_item(text, part, clause, rules)
        own = [m for m in mentions if clause[0] <= m.start < clause[1]]
        if (scheme := _scheme_sized_by(text, part, own, rules)) is not None:
            # a part that sizes a scheme is the scheme's size, whatever the whole is: "預算案亦建議為此撥款總額達183
            # 億元,包括成立20億元創科創投基金" (a legislator's speech, 2016) — the fund's 20億, not a total
            kind = whole.amount_type if whole else amount_type(text, part, sentence, rules)
            found.append(FundingFact(None, scheme.entity_id, part, rules.scheme_size_types.get(kind, kind),
                                     whole.fiscal_year if whole else fiscal_year(text, part, sentence, rules),
                                     sentence, "rule:part-sizes-scheme"))
            continue
        if whole is None:
            # a whole that is no fact (it names no one: "I will set aside an additional $50 billion. Of this
            # amount, $20 billion will be used on the first phase of the Hong Kong-Shenzhen Innovation & Technology
            # Park…", news.gov.hk 2018-02-28): each part is a figure of what its own clause names, never summed with
            # anything
            subject = _subject_of(text, part, own, not_recipients, rules)
            if subject is not None and own:
                found.append(FundingFact(None, subject, part, amount_type(text, part, sentence, rules),
                                         fiscal_year(text, part, sentence, rules), sentence, "rule:part-of-unnamed"))
            continue
        subject = _subject_of(text, part, own, not_recipients, rules) or whole.recipient
        if whole.amount_type == AmountType.INVESTED and subject != whole.recipient:
            # part of money put into a fund that goes on to something else is the fund's own grant to it, no part of
            # the injection: "we will inject $10 billion into the Innovation and Technology Fund … Of this, $500
            # million will serve to implement the Technology Talent Scheme" (info.gov.hk, 2018-04-19)
            found.append(FundingFact(whole.recipient, subject, part, AmountType.ALLOCATION, whole.fiscal_year,
                                     sentence, "rule:part-of-injection"))
            continue
        found.append(FundingFact(None, subject, part, whole.amount_type, whole.fiscal_year, sentence,
                                 "rule:part-of-whole"))
    return found


def _list_item(text: str, part: Amount, clause: tuple[int, int], rules: FundingRules) -> tuple[int, int]:
    """The item of a list of parts that holds `part`, between the item marks around it: "當中包括200億元落馬洲河套
    區、100億元注資創新及科技基金、…、2億元加強支援數碼港初創企業以及利用1億元發展電子競技" (unwire.hk, 2018-03-01):
    the Fund is the second item's, 數碼港 the 2億's, and the 1億 names no one."""
    marks = rules.writing.item_marks
    starts = [at + len(mark) for mark in marks if (at := text.rfind(mark, clause[0], part.start)) >= 0]
    ends = [at for mark in marks if (at := text.find(mark, part.end, clause[1])) >= 0]
    return max(starts, default=clause[0]), min(ends, default=clause[1])


def _whole_of(text: str, part: Amount, siblings: list[Amount], facts: list[FundingFact], sentence: tuple[int, int],
              spans: list[tuple[int, int]], rules: FundingRules) -> FundingFact | None:
    """The fact a part breaks down: the last larger one before it in its sentence, else in the sentence before
    (a part word opens it: `_breaks_down_previous`). Parts that match wholes one to one pair in order ("預算總開支分
    別約為1.52億元及1.47億元；當中用於提升…的預算開支於兩個財政年度分別約為5,073萬元及4,580萬元", ITIB192)."""
    def larger(f: FundingFact) -> bool:
        return f.amount.currency == part.currency and f.amount.value > part.value

    wholes = [f for f in facts if f.sentence == sentence and f.amount.end <= part.start and larger(f)]
    if not wholes:
        before = [s for s in spans if s[1] <= sentence[0]]
        whole_at = _lead_of_items(text, spans, sentence, rules) or (before[-1] if before else None)
        wholes = [f for f in facts if f.sentence == whole_at and larger(f)]
    if not wholes:
        return None
    wholes.sort(key=lambda f: f.amount.start)
    if len(siblings) == len(wholes) > 1 and all(
            w.amount.value > p.value for w, p in zip(wholes, siblings, strict=True)):
        return wholes[siblings.index(part)]
    return wholes[-1]


def _clause_end(text: str, end: int, sentence: tuple[int, int], rules: FundingRules | None = None) -> int:
    """Where the clause that goes on after `end` ends (a clause mark of the language, not a thousands comma)."""
    writing = (rules or load_rules()).writing
    for at in range(end, sentence[1]):
        if _ends_clause(text, at, writing):
            return at
    return sentence[1]


def _ends_clause(text: str, at: int, writing: Writing) -> bool:
    """A clause mark of the language at `at`: not the thousands comma of "1,180萬元", nor a line break the PDF made
    mid-sentence ("預算總開支分別約為1.52億元及\n1.47億元", ITIB148: the break is no end of a sentence either)."""
    mark = text[at]
    if mark not in writing.clause_marks:
        return False
    if mark == ",":
        return not _THOUSANDS.match(text, at + 1)
    return mark != "\n" or bool(writing.sentence_end.match(text, at))


def _figure_kind(text: str, amount: Amount, rules: FundingRules) -> AmountType | None | bool:
    """What the words around an amount say it is when it is not a payment: a threshold (不少於), a change
    (增加…), an average, a cost or income (`figure_context`); False when it is no figure of the graph (the figure
    compared with, a pool a part is drawn from, private money, a valuation); None when it may be a payment."""
    if _is_compared_figure(text, amount, rules) or _is_pool(text, amount):
        return False
    if amount.is_cap:
        return None  # a cap is a cap, whatever it is a share of ("最高資助額為項目總支出的三分之一，上限1,500萬元")
    # a note in brackets right after the amount ("17億元(約81%)屬私人投資") does not push the words out of reach
    after = _BRACKETED.sub("", text[amount.end : amount.end + rules.context_after + 12], count=1)
    around = text[max(0, amount.start - rules.context_before) : amount.start] + after[: rules.context_after]
    for kind, words in rules.figure_context:
        if any(word in around for word in words):
            if kind is None:
                return False
            # "項目的總成本最少3億元": a least cost or investment is a condition to meet, a threshold; one the text
            # expects ("期望…規模達到至少400億元") is a target of its kind
            aimed = any(w in _sentence_before(text, amount.start, rules) for w in rules.target_words)
            return AmountType.THRESHOLD if amount.is_min and not aimed else kind
    if amount.is_min and not any(w in _sentence_before(text, amount.start, rules) for w in rules.target_words):
        return AmountType.THRESHOLD
    if _is_change(text, amount, rules):
        return AmountType.CHANGE
    if _is_average(text, amount, rules):
        return AmountType.AVERAGE
    return None


def programme_mentions(text: str, programmes: tuple[tuple[str | None, str, str], ...],
                       rules: FundingRules) -> list[Mention]:
    """Where the text names a programme of the reply: "綱領(1)" (`programme_reference`) or the programme's name as
    the reply's header prints it ("推動科技創業活動"). A number the header does not list is a programme of another
    head: its mention has no entity id."""
    by_number = {number: pid for number, _, pid in programmes if number}
    found = []
    if rules.programme_reference is not None:
        for m in rules.programme_reference.finditer(text):
            found.append(Mention(m.start(), m.end(), m.group(), Label.PROGRAMME, by_number.get(m.group(1), ""),
                                 "rule:programme-reference"))
    for _, name, pid in programmes:
        at = text.find(name) if len(name) >= rules.programme_name_min_length else -1
        while at >= 0:
            if not any(f.start <= at < f.end + 2 for f in found):  # "綱領(2)推動科技創業活動" is one mention
                found.append(Mention(at, at + len(name), name, Label.PROGRAMME, pid, "rule:programme-name"))
            at = text.find(name, at + len(name))
    return sorted(found, key=lambda m: m.start)


def _programme_owning(text: str, amount: Amount, near: list[Mention], programmes: list[Mention]) -> Mention | None:
    """The programme whose figure this is: named before the amount in its clause, with no other name between
    ("綱領(2)推動科技創業活動於2025-26年度的撥款較…增加30.2%至6,810萬元"). A name between says what the money of
    the programme goes to, and the sentence's other rules decide."""
    clause_start = amount.start - len(_clause_before(text, amount.start))
    named = [p for p in programmes if clause_start <= p.start and p.end <= amount.start]
    if not named:
        return None
    between = [m for m in near if named[-1].end <= m.start < amount.start and m.label in _SUBJECTS]
    return None if between else named[-1]


def _respectively_lists(text: str, spans: list[tuple[int, int]], amounts: list[Amount],
                        rules: FundingRules) -> list[list[Amount]]:
    """The amounts listed after 分別 in a sentence ("分別為320萬元、368萬元及265萬元"): two or more, joined by list
    words only. Each goes with the item of the same rank in a list of as many before 分別 (`_respectively_pairs`)."""
    lists = []
    for sentence in spans:
        piece = text[sentence[0] : sentence[1]]
        for word in rules.respectively_words:
            at = piece.find(word)
            while at >= 0:
                if rules.respectively_after:  # "… is $300 million and $350 million respectively"
                    listed = [a for a in amounts if sentence[0] <= a.start and a.end <= sentence[0] + at][::-1]
                else:  # "分別為320萬元、368萬元及265萬元"
                    listed = [a for a in amounts if sentence[0] + at < a.start < sentence[1]]
                run = listed[:1]
                for a in listed[1:]:
                    first, second = (a, run[-1]) if rules.respectively_after else (run[-1], a)
                    if not _only_joiners(text[first.end : second.start], rules):
                        break
                    run.append(a)
                if len(run) >= 2:
                    lists.append(sorted(run, key=lambda a: a.start))
                at = piece.find(word, at + len(word))
    return lists


_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")


def _only_joiners(between: str, rules: FundingRules) -> bool:
    """"、", "及", "和", with a percentage in brackets or 約 around them: the gap between two items of a list."""
    rest = _BRACKETED.sub("", between).replace("約", "").strip(" \n「」『』")
    return bool(rest) and all(ch in rules.list_joiners for ch in rest)


@dataclass(frozen=True)
class _Pairs:
    years: tuple[str | None, ...] = ()  # the fiscal year of each listed amount, by rank
    names: tuple[Mention, ...] = ()  # the thing each listed amount is about, by rank


def _respectively_pairs(text: str, sentence: tuple[int, int], listed: list[Amount], mentions: list[Mention],
                        answerer: Answerer, rules: FundingRules) -> _Pairs:
    """What the n-th amount after 分別 goes with: the n-th of as many fiscal years before it ("於2024-25年度及
    2025-26年度則分別約為130萬元及400萬元"; "過去3個財政年度…分別為…" are the three years before the reply's), and
    the n-th of as many names listed before it ("綱領(1)、綱領(2)和綱領(3)的撥款…分別增加…")."""
    before = text[sentence[0] : listed[0].start]
    matches = list(rules.writing.fiscal_year.finditer(_arabic_digits(before)))
    years = tuple(dict.fromkeys(_year_of(m) for m in matches))
    if len(years) > len(listed) and _only_joined(before, matches[-len(listed) :], rules):
        # the last years form the list; one before them is another's ("…approved by the Finance Committee – PWSC
        # (2009-10) 67, the estimated expenditure on the project for 2011-12 and 2012-13 should be $541,000,000 and
        # $560,300,000 respectively", CEDB(CIT)146 of 2012-13)
        years = tuple(_year_of(m) for m in matches[-len(listed) :])
    if len(years) != len(listed):
        years = _past_years(before, answerer.fiscal_year, rules)
    if len(years) != len(listed):
        years = ()
    names = _listed_names(text, [m for m in mentions if sentence[0] <= m.start and m.end <= listed[0].start],
                          len(listed), rules)
    return _Pairs(years, names)


def _only_joined(text: str, matches: list[re.Match[str]], rules: FundingRules) -> bool:
    """Consecutive matches with only list words between them ("2011-12 and 2012-13", "2024-25年度及2025-26年度")."""
    return all(_only_joiners(text[a.end() : b.start()], rules) for a, b in itertools.pairwise(matches))


def _listed_names(text: str, mentions: list[Mention], count: int, rules: FundingRules) -> tuple[Mention, ...]:
    """The last run of `count` different names joined by list words only ("「夥伴研究計劃」及「一般支援計劃」")."""
    ordered = sorted(mentions, key=lambda m: m.start)
    for end in range(len(ordered), count - 1, -1):
        run = ordered[end - count : end]
        joined = all(_only_joiners(text[a.end : b.start], rules) for a, b in zip(run, run[1:], strict=False))
        if joined and len({m.entity_id for m in run}) == count:
            return tuple(run)
    return ()


_CHINESE_NUMBERS = {"一": 1, "二": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _past_years(before: str, reply_year: str | None, rules: FundingRules) -> tuple[str, ...]:
    """"過去3個財政年度" in a reply on the 2025-26 Estimates: 2022-23, 2023-24 and 2024-25, in that order."""
    match = rules.past_fiscal_years.search(before) if rules.past_fiscal_years is not None else None
    if not match or not reply_year:
        return ()
    count = int(match.group(1)) if match.group(1).isdigit() else _CHINESE_NUMBERS.get(match.group(1), 0)
    first = int(reply_year[:4])
    return tuple(f"{y}-{(y + 1) % 100:02d}" for y in range(first - count, first))


def _spans_years(text: str, amount: Amount, sentence: tuple[int, int], rules: FundingRules) -> bool:
    """The amount's clause says it runs over several years ("過去3年涉及審核服務的總開支約為770萬元", "於過去兩個財政
    年度合共撥款4億元"), or the sentence opens with the span and the amount's clause names no year of its own ("在過去
    5年，申請整體撥款所推行…的項目約有58個，相關總開支約為2.23億元", ITIB246): it is of none of them, whatever year
    the sentence names elsewhere."""
    clause = _clause_before(text, amount.start)
    if any(p.search(clause) for p in rules.multi_year_spans):
        return True
    opening = re.split(f"[{re.escape(rules.writing.clause_marks)}]", text[sentence[0] : amount.start], maxsplit=1)[0]
    return (opening != text[sentence[0] : amount.start] and any(p.search(opening) for p in rules.multi_year_spans)
            and rules.writing.fiscal_year.search(clause) is None)


def _spent_over_years(text: str, amount: Amount, kind: AmountType, rules: FundingRules) -> AmountType:
    """Spending over past years (開支, 支出) is money spent: actual, not an allocation."""
    if kind == AmountType.ALLOCATION and _is_own_spending(text, amount, rules):
        return AmountType.ACTUAL
    return kind


def _programme_type(kind: AmountType, rules: FundingRules) -> AmountType:
    """A programme's 撥款 for a year is its provision in the Estimates: an estimate (`programme_provision_types`)."""
    return dict(rules.programme_provision_types).get(kind, kind)


def _year_before(year: str | None) -> str | None:
    """"2019-20" -> "2018-19"."""
    start = int(year[:4]) - 1 if year else None
    return f"{start}-{(start + 1) % 100:02d}" if start else None


def _year_of_last_budget(text: str, amount: Amount, sentence: tuple[int, int], answerer: Answerer,
                         rules: FundingRules) -> str | None:
    """Money of last year's Budget, in the clause before the amount ("我在去年預算案撥款三十億元", the 2019-20 Budget
    Speech): of the year before the text's own."""
    this_year = answerer.fiscal_year or answerer.document_year
    if rules.last_budget is None or rules.last_budget.search(_clause_before(text, amount.start, rules)) is None:
        return None
    return _year_before(this_year)


def _year_compared_from(text: str, amount: Amount, sentence: tuple[int, int], answerer: Answerer,
                        rules: FundingRules) -> str | None:
    """A change on the previous year's figure ("較上年度的修訂預算增加約3,738萬元") with no year of its own is a change
    of the year of the reply's Estimates."""
    compared = _after_comparison(text[sentence[0] : amount.start], rules)
    if answerer.fiscal_year and any(word in compared for word in rules.previous_year_words):
        return answerer.fiscal_year
    return None


def _subject_of_change(text: str, amount: Amount, near: list[Mention], not_subjects: frozenset[str],
                       answerer: Answerer, rules: FundingRules) -> str | None:
    """A change is about the thing named before it, whose figure changed ("創新科技署在2025-26年度的預算較…增加了
    約…"); what follows is the reason ("…增加約1.613億元，主要是用作籌備成立香港人工智能研發院"). With nothing named
    before it, it is a change of the budget of the body that answers."""
    before = [m for m in near if m.end <= amount.start]
    if before:
        return _subject_of(text, amount, before, not_subjects, rules)
    if any(word in _since_full_stop(text, amount, rules) for word in rules.collective_bodies):
        return None  # "各局/部門…的預算開支較…增加21.5%(1.37億元)": every department's, not the answerer's
    return answerer.body


def _since_full_stop(text: str, amount: Amount, rules: FundingRules) -> str:
    """The text before the amount back to the last full stop: a sentence a line break cut (a table's rows end just
    above it) still says whose figure it is on the line before."""
    start = max(0, amount.start - 200)
    stops = [text.rfind(mark, start, amount.start) for mark in rules.writing.full_stop + "；;！？!?"]
    return text[max([start - 1, *stops]) + 1 : amount.start]


def _answerer_spending(text: str, amount: Amount, near: list[Mention], sentence: tuple[int, int],
                       answerer: Answerer, rules: FundingRules) -> str | None:
    """Spending that names no one ("大數據分析平台構建開支為6,900萬元" in DPO's reply) is the answering body's own: a
    government IT system is no entity (data/gazetteer/nonentities.yaml), and the office that answers built it.
    Not when the sentence speaks of every bureau and department together."""
    if near or answerer.body is None or not _is_own_spending(text, amount, rules):
        return None
    if _in_an_annex(text, amount.start, rules):
        return None  # an annex lists many bodies' items: "整個項目開支約為2.9億元" is the row's department's
    return None if _is_collective(text, sentence, rules) else answerer.body


def _in_an_annex(text: str, offset: int, rules: FundingRules) -> bool:
    """Below a line that is only an annex's heading ("附件", "附件一", "Annex A")."""
    return rules.annex_heading is not None and any(
        m.start() < offset for m in rules.annex_heading.finditer(text, 0, offset))


def _drawn_by_every_body(text: str, sentence: tuple[int, int], named: list[Mention], rules: FundingRules) -> bool:
    """Money every department draws from a fund for one purpose ("各局/部門在2025-26年度由「基本工程儲備基金總目710
    電腦化計劃」申請撥款推行與資訊保安…相關項目的預算開支為7.73億元", ITIB206) is no figure of the fund, which it names
    only as the source, nor of anyone else the graph holds."""
    return bool(named) and _is_collective(text, sentence, rules) and all(is_source(text, m, rules) for m in named)


def _is_collective(text: str, sentence: tuple[int, int], rules: FundingRules) -> bool:
    """The sentence speaks of every bureau and department together (各局/部門): no one body's money."""
    return any(w in text[sentence[0] : sentence[1]] for w in rules.collective_bodies)


def _is_own_spending(text: str, amount: Amount, rules: FundingRules) -> bool:
    """The amount's clause calls it spending (開支, 支出, expenditure): the spender's figure."""
    clause = _clause_before(text, amount.start, rules)
    return any(w in clause for w in rules.spending_words)


def _is_per_recipient(amount: Amount, rules: FundingRules) -> bool:
    """An amount per project, company or person ("每間企業最高…") is what each recipient gets, not a payment."""
    return any(unit not in rules.time_units for unit in amount.per_units)


# What a figure can be about, most specific first: with several at the same distance, a scheme wins.
_SUBJECTS = (Label.SCHEME, Label.INSTITUTION, Label.COMPANY, Label.DEPARTMENT, Label.BUREAU)


def _subject_of(text: str, amount: Amount, near: list[Mention], not_subjects: frozenset[str] | set[str],
                rules: FundingRules, schemes_only: bool = False) -> str | None:
    """The thing a figure is about: the scheme, body or company named nearest to it (within `reach`), else the
    only one its sentence names. A figure per recipient (a cap, an average grant) is about the scheme when one is
    named: the company or body beside it is who applies or who runs it."""
    candidates = [m for m in near if m.label in _SUBJECTS and m.entity_id not in not_subjects
                  and not _is_informant(text, m, rules)]
    schemes = [m for m in candidates if m.label == Label.SCHEME]
    if schemes_only or (schemes and (_is_per_recipient(amount, rules) or amount.is_cap)):
        candidates = schemes
    ranked = _nearest_first(amount, candidates, rules.reach)
    if ranked:
        return ranked[0].entity_id
    named = {m.entity_id for m in candidates} - _funds_over_schemes(text, candidates, rules)
    if len(named) > 1:
        return _topic_referred_to(text, amount, candidates, rules)
    return named.pop() if named else None


def _topic_referred_to(text: str, amount: Amount, candidates: list[Mention], rules: FundingRules) -> str | None:
    """"為此" ("for this") in the amount's clause points to what the sentence is about, the name it opens with:
    "「InnoHK創新香港研發平台」作為香港創科旗艦項目,始於…在香港科學園建設兩個創新平台的重點舉措,特區政府翌年為此獲得
    立法會通過撥款100億元" (the Chief Executive at InnoHK's launch, 2022) — InnoHK's, not the Science Park's."""
    if not any(w in _clause_before(text, amount.start, rules) for w in rules.topic_references):
        return None
    start = amount.start - len(_sentence_before(text, amount.start, rules))
    opening = text[start:].lstrip(" \n" + rules.writing.name_open)
    first = min(candidates, key=lambda m: m.start)
    return first.entity_id if first.start == len(text) - len(opening) else None


def _funds_over_schemes(text: str, mentions: list[Mention], rules: FundingRules) -> set[str]:
    """Funds named only as where a scheme named right after them sits (「創新及科技基金下的大學科技初創企業資助計劃」):
    the sentence is about the scheme, not about the fund as well."""
    if rules.scheme_under is None:
        return set()
    starts = {m.start for m in mentions if m.label == Label.SCHEME}
    return {m.entity_id for m in mentions if m.label == Label.SCHEME
            and (under := rules.scheme_under.match(text, m.end)) is not None and under.end() in starts}


def _is_informant(text: str, mention: Mention, rules: FundingRules) -> bool:
    """"根據稅務局提供的資料" / "政府統計處發表…": the body says where the figure comes from, not what it is about."""
    before, after = _around_name(text, mention, rules, rules.informants_before)
    return before.endswith(rules.informants_before) or after.startswith(rules.informants_after)


def _sources(text: str, near: list[Mention], rules: FundingRules, not_recipients: frozenset[str]) -> set[str]:
    """The schemes the money comes from or goes through, when the sentence names something else to receive it:
    "透過「計劃」，每家企業最多可獲2億元" with no other name leaves the scheme as what the amount is about."""
    sources = {m.entity_id for m in near if m.label == Label.SCHEME and is_source(text, m, rules)}
    receivers = {m.entity_id for m in near if m.label in (Label.SCHEME, *_RECIPIENTS)} - sources - not_recipients
    return sources if receivers else set()


def is_source(text: str, mention: Mention, rules: FundingRules) -> bool:
    """A scheme named as where the money comes from or goes through (在…下, 從…中, 透過…): the funder's side."""
    before, after = _around_name(text, mention, rules, [b for b, _ in rules.source_markers])
    after = re.sub(r"^[」』]?\s*[(（][^()（）]{0,12}[)）]", "", after).lstrip(rules.writing.name_close)
    return any(before.endswith(b) and (a is None or after[:3].find(a) >= 0) for b, a in rules.source_markers)


def _around_name(text: str, mention: Mention, rules: FundingRules, markers: list[str]) -> tuple[str, str]:
    """The text just before a name (long enough for its longest marker word, quote marks and spaces stripped) and
    just after it; an English marker is a phrase ("according to", "through"), a Chinese one a character or two."""
    text = _folded(text, rules)
    reach = max((len(m) for m in markers), default=1) + 1
    before = text[max(0, mention.start - reach) : mention.start].rstrip(rules.writing.name_open)
    return before, text[mention.end : mention.end + 20].lstrip(rules.writing.name_close)


def _folded(text: str, rules: FundingRules) -> str:
    """Lower case for a language whose keywords are matched whatever the case, when that keeps every offset."""
    folded = text.lower() if rules.writing.fold_case else text
    return folded if len(folded) == len(text) else text


def _topic_of_previous(text: str, spans: list[tuple[int, int]], sentence: tuple[int, int],
                       mentions: list[Mention], rules: FundingRules, bodies: bool = False) -> list[Mention]:
    """A sentence that names nothing goes on about the scheme of the sentence before it, in the same paragraph:
    "(b)透過「產學研1+計劃」…資助大學研發團隊…。每個獲批項目可獲1,000萬元至1億元不等的資助". Only a single scheme
    carries over: with two, which one is meant is a guess. An institution carries over only to a sentence that
    names who approved the money (`bodies`): "河套香港園區由西至東分兩期發展…。立法會於2021年就此批次的工程批出約
    172億元撥款" (ITIB026); to one that names nothing it is a guess (it carried 「香港貿易發展局」 onto the next
    bullet's 「國際航運中心：…已預留二億一千五百萬元」). Clauses a semicolon joins that name nothing are passed over to
    the one that does: "「資助計劃」的目標是…智能生產線；相關產生的累計技術職位增至不少於1 050個；同期相關的累計私人
    投資配對金額增至不少於13億元" (ITIB143)."""
    previous_sentence = _sentence_it_goes_on_from(text, spans, sentence, rules)
    named: list[Mention] = []
    while previous_sentence is not None:
        named = [m for m in mentions if previous_sentence[0] <= m.start < previous_sentence[1]]
        if named or text[previous_sentence[1] - 1] not in "；;":
            break
        previous_sentence = _sentence_it_goes_on_from(text, spans, previous_sentence, rules)
    if previous_sentence is None:
        return []
    # a fund named only as where the scheme sits ("The scheme, which is under the Innovation & Technology Fund, …")
    # does not make two topics
    sitting = [m for m in named if m.label == Label.SCHEME and is_source(text, m, rules)]
    named = [m for m in named if m not in sitting] if len(sitting) < len(named) else named
    for labels in ((Label.SCHEME,), _RECIPIENTS if bodies else ()):
        previous = [m for m in named if m.label in labels]
        if previous:
            return previous if len({m.entity_id for m in previous}) == 1 else []
    return []


def _sentence_it_goes_on_from(text: str, spans: list[tuple[int, int]], sentence: tuple[int, int],
                              rules: FundingRules) -> tuple[int, int] | None:
    """The sentence before, when `sentence` may go on about its topic: same paragraph (the one before ends with a
    full stop), and no word that turns to something new ("另外，…", "Besides, …")."""
    before = [s for s in spans if s[1] <= sentence[0]]
    if not before or not text[before[-1][0] : before[-1][1]].endswith(tuple(rules.writing.full_stop)):
        return None  # the start of a paragraph (or of the text)
    if text[before[-1][1] - 1] in "；;" and _ITEM_MARKER.match(text, sentence[0], sentence[1]):
        return None  # "(i) …；(ii) 非經營帳目預算…增加約3,738萬元": the next item of a list, a topic of its own
    if text[sentence[0] : sentence[1]].lstrip().startswith(rules.topic_shifters):
        return None
    return before[-1]


def _self_references(text: str, answerer: Answerer, mentions: list[Mention], rules: FundingRules) -> list[Mention]:
    """"we", "the Department" (`self_reference`, English only so far): the answering body names itself. A reply's
    money is mostly its own ("The number of … staff employed by the department in 2002-03 is 199 with an
    expenditure level of $43.3 M"), and without this the figure has nothing to be about."""
    label = label_of_id(answerer.body) if answerer.body else None
    if label is None or rules.self_reference is None:
        return []
    found = [(m.start(), m.end(), m.group()) for m in rules.self_reference.finditer(text)]
    return [Mention(start, end, surface, label, answerer.body, "rule:self-reference")
            for start, end, surface in found if not any(n.start <= start < n.end for n in mentions)]


def _the_coming_year(text: str, spans: list[tuple[int, int]], sentence: tuple[int, int], answerer: Answerer,
                     rules: FundingRules) -> str | None:
    """A reply's "the coming year", in the sentence or the one it goes on from, is the year of its Estimates: "In the
    coming year, we will continue our efforts … The expenditure for these activities, … amounts to about $1.1
    million." (CEDB(CIT)185 of 2010-11)."""
    if not answerer.fiscal_year or not rules.coming_year_words:
        return None
    previous = _sentence_it_goes_on_from(text, spans, sentence, rules)
    stretch = text[(previous or sentence)[0] : sentence[1]]
    return answerer.fiscal_year if any(w in stretch for w in rules.coming_year_words) else None


def _year_of_the_topic(text: str, spans: list[tuple[int, int]], sentence: tuple[int, int],
                       in_sentence: list[Mention], near: list[Mention], rules: FundingRules) -> str | None:
    """A sentence that goes on about the topic of the sentence before it, and names no year, is of that sentence's
    year: "Having reviewed the service/operational need in 2003/04, we plan to reduce … by about 50. The amount of
    expenditure involved is about $6.15 M." (ETWB(T)007)."""
    if in_sentence or not near:
        return None  # the sentence names its own subject, or has none carried over
    before = [s for s in spans if s[1] <= sentence[0]]
    years = list(rules.writing.fiscal_year.finditer(text, *before[-1])) if before else []
    return _year_of(years[-1]) if len({m.group(0) for m in years}) == 1 else None


def _references_back(text: str, mentions: list[Mention], rules: FundingRules) -> list[Mention]:
    """"該中心首3年的研發及營運開支約2.35億元" (ITIB193): 該/此 and a kind of body or scheme refer back to the
    nearest name before them of that kind, "香港生成式人工智能研發中心" three paragraphs up."""
    if rules.reference_back is None:
        return []
    found = []
    for match in rules.reference_back.finditer(text):
        kind = match.group("kind")
        earlier = [m for m in mentions if m.end <= match.start() and m.surface.rstrip(rules.writing.name_close)
                   .endswith(kind)]
        if earlier:
            antecedent = max(earlier, key=lambda m: m.end)
            found.append(Mention(match.start(), match.end(), match.group(), antecedent.label, antecedent.entity_id,
                                 "rule:reference-back"))
    return found


def _applicants_referred_to(text: str, mentions: list[Mention], rules: FundingRules) -> list[Mention]:
    """"該申請" is the application of the company named last before it as who submitted one: "…已支持一宗由亞洲
    先進同位素技術有限公司提交的「新型工業加速計劃」…申請…。該申請是「加速計劃」第二個…項目,總預算金額超過四億元,
    預計「加速計劃」資助金額約為一億四千萬元" (the ITC's release of 2025-04-07): its money is that company's."""
    if rules.applicant_reference is None:
        return []
    found = []
    for match in rules.applicant_reference.finditer(text):
        applicants = [m for m in mentions if m.label == Label.COMPANY and m.end <= match.start()
                      and text[m.end : m.end + 4].startswith(rules.applicant_after)]
        if applicants:
            applicant = max(applicants, key=lambda m: m.end)
            found.append(Mention(match.start(), match.end(), match.group(), applicant.label, applicant.entity_id,
                                 "rule:reference-applicant"))
    return found


def _secretariats(text: str, mentions: list[Mention], rules: FundingRules) -> list[Mention]:
    """A secretariat is the secretariat of the scheme its paragraph named last: 「為推展「產學研1+計劃」(計劃)，創科署
    成立了…的計劃秘書處…。每年度秘書處整體薪酬及其他開支預算約700萬元。」 (ITIB020) is the scheme's running cost."""
    if rules.secretariat is None:
        return []
    found = []
    for match in rules.secretariat.finditer(text):
        if any(m.start <= match.start() < m.end for m in mentions):
            continue  # part of a name
        paragraph_start = text.rfind("\n", 0, match.start()) + 1
        schemes = [m for m in mentions if paragraph_start <= m.start and m.end <= match.start()
                   and m.label == Label.SCHEME]
        if schemes:
            scheme = max(schemes, key=lambda m: m.end)
            found.append(Mention(match.start(), match.end(), match.group(), Label.SCHEME, scheme.entity_id,
                                 "rule:secretariat-of-scheme"))
    return found


def _sole_body_of_previous(text: str, spans: list[tuple[int, int]], sentence: tuple[int, int],
                           mentions: list[Mention], figures: list[Amount], answerer: Answerer,
                           assessors: frozenset[str], rules: FundingRules) -> list[Mention]:
    """A sentence that names nothing goes on about the one body the sentence before it named, and named alone: the
    answering body, by its name or a word for itself ("數字政策辦公室(數字辦)於2024-25年度起以服務合約方式…添置伺服器
    …。2024-25年度有關開支約為1,300萬元。", ITIB193; "The Department employed a total of 201 … staff …. The revised
    estimated expenditure for these NCSC staff for 2002-03 is $34 million."), or an institution or company
    about whose money the sentence before was ("微電子研發院已於2024年9月成立，…政府已發放了2.8億元予微電子研發院…。
    在2025-26年度，政府已預留19.1億元", ITIB138). Same paragraph only, as for a scheme; not a list item or a
    heading's line, which starts a topic of its own (a release's "國際航運中心：…已預留二億一千五百萬元" after a line on
    貿易發展局). Who approved the money (`assessors`) does not count: "立法會於2021年批出約172億元撥款，興建…(河套香港
    園區)…。8座大樓的預算建造成本為約110億元" (ITIB019)."""
    previous_sentence = _sentence_it_goes_on_from(text, spans, sentence, rules)
    if previous_sentence is None or _is_collective(text, sentence, rules):
        return []  # "各局/部門在2024-25年度…的總合約價值約為500萬元": every department's, not its own
    if rules.own_topic_opening and rules.own_topic_opening.match(text, sentence[0], sentence[1]):
        return []
    previous = [m for m in mentions if previous_sentence[0] <= m.start < previous_sentence[1]
                and m.entity_id not in assessors]
    if not previous or len({m.entity_id for m in previous}) > 1:
        return []
    if previous[0].entity_id == answerer.body:
        return previous
    # an institution only when the sentence before was about its money (a figure of the graph, not a price it
    # charges): "數碼港一般會於…完成審批。現時獲批資助的金額逾1.2億元" (ITIB209) is about the scheme Cyberport runs
    money_before = any(previous_sentence[0] <= a.start < previous_sentence[1] for a in figures)
    # or when the sentence opens with a word for what the one before described ("…implement the development of
    # Science Park Phase 3. The project will entail an estimated expenditure of $4.9 billion.", Budget 2010-11)
    goes_on = text[sentence[0] : sentence[1]].lstrip().startswith(rules.project_openers)
    return previous if previous[0].label in _RECIPIENTS and (money_before or goes_on) else []


_SHORT_FORM_AFTER = re.compile(r"[(（][^()（）]{1,12}[)）]$")


def _topic_of_heading(text: str, sentence: tuple[int, int], mentions: list[Mention],
                      rules: FundingRules) -> list[Mention]:
    """Lines under a heading that is just a scheme's name go on about it, as on a slide ("人工智能資助計劃" then
    "撥款 30億元，2024年10月起接受申請"): the nearest such line above, within `heading_reach_lines` lines with text,
    unless a line between names another scheme."""
    line_start = text.rfind("\n", 0, sentence[0]) + 1
    seen = 0
    named_between: set[str] = set()  # schemes named in the lines between: the heading's own, or another topic
    while line_start > 0 and seen < rules.heading_reach_lines:
        end = line_start - 1
        line_start = text.rfind("\n", 0, end) + 1
        line = text[line_start:end]
        if not line.strip():
            continue
        seen += 1
        schemes = [m for m in mentions if line_start <= m.start < end and m.label == Label.SCHEME]
        if not schemes:
            continue
        # the name alone, or with the short form it defines ("新型工業加速計劃(加速計劃)" over a web page's bullets)
        bare = _SHORT_FORM_AFTER.sub("", re.sub(r"[\s「」『』\u2022●■•·\-–]", "", line))
        if len({m.entity_id for m in schemes}) == 1 and bare == re.sub(r"[\s「」『』]", "", schemes[0].surface):
            return schemes[:1] if named_between <= {schemes[0].entity_id} else []
        # a line that names a scheme in a sentence ("•2024年9月推出100億元「新型工業加速計劃」…") goes on under the
        # heading above it when that heading is the same scheme
        named_between |= {m.entity_id for m in schemes}
    return []


def _topic_of_reply(text: str, spans: list[tuple[int, int]], sentence: tuple[int, int], mentions: list[Mention],
                    rules: FundingRules) -> list[Mention]:
    """A sentence that names nothing, and that nothing before it hands a topic to, is about the scheme the text has
    been about: named `reply_topic.min_mentions` times or more before it, and `reply_topic.dominance` times as often
    as any other scheme. ITIB090 names 「加速計劃」 five times, then starts a paragraph "截至2025年2月底，「新型工業評審
    委員會」已支持首宗申請，…總投資金額約6億元，當中政府資助金額約兩億元"."""
    if _brings_in_an_unnamed_scheme(text, spans, sentence, rules):
        return []
    counts: dict[str, list[Mention]] = {}
    for m in mentions:
        # a fund named only as where a scheme sits ("under the Innovation & Technology Fund") is not what the text
        # is about
        if m.start < sentence[0] and m.label == Label.SCHEME and not is_source(text, m, rules):
            counts.setdefault(m.entity_id, []).append(m)
    ranked = sorted(counts.values(), key=len, reverse=True)
    if not ranked or len(ranked[0]) < rules.reply_topic_min_mentions:
        return []
    runner_up = len(ranked[1]) if len(ranked) > 1 else 0
    return ranked[0][-1:] if len(ranked[0]) >= rules.reply_topic_dominance * runner_up else []


def _brings_in_an_unnamed_scheme(text: str, spans: list[tuple[int, int]], sentence: tuple[int, int],
                                 rules: FundingRules) -> bool:
    """The sentence, or the one before it, speaks of a scheme it does not name ("the Government will introduce a
    pilot subsidy scheme with an injection of $345 million. Each eligible … provider will receive subsidies …,
    subject to a cumulative subsidy ceiling of $1 million.", news.gov.hk 2020-02-26): its money is that one's, not
    the text's topic's."""
    if rules.unnamed_scheme is None:
        return False
    before = [s for s in spans if s[1] <= sentence[0]][-1:]
    return any(rules.unnamed_scheme.search(text, start, end) for start, end in [*before, sentence])


def _is_part(text: str, amount: Amount, others: list[Amount], rules: FundingRules) -> bool:
    """An amount that breaks down a larger grant before it in the sentence (`others`: the sentence's other grants):
    its clause opens with 當中/其中/包括 ("預留19.1億元，當中約17.3億元…"), or with 另 right after such a part
    ("…，另外約1.8億元…"). The part of a figure that is not a grant ("總投資金額約6億元，當中政府資助金額約2億元")
    is the grant itself: that figure is not among `others`."""
    wholes = [w for w in others if w.end <= amount.start and w.currency == amount.currency and w.value > amount.value]
    if not wholes:
        return False
    clause = _clause_before(text, amount.start, rules)
    # the word must stand between the whole and the part ("不包括…" earlier in the clause does not count)
    between = text[max(wholes[-1].end, amount.start - len(clause)) : amount.start]
    if any(w in between for w in rules.part_words):
        return True
    previous = [o for o in others if o.end <= amount.start and o not in wholes[:1]]
    return clause.lstrip().startswith("另") and any(_is_part(text, p, [o for o in others if o is not p], rules)
                                                   for p in previous[-1:])


def _breaks_down_previous(text: str, amount: Amount, spans: list[tuple[int, int]],
                          sentence_at: dict[int, tuple[int, int]], grants: list[Amount], rules: FundingRules) -> bool:
    """A sentence that opens with a part word breaks down a larger grant of the sentence before it: "I will allocate
    $10 billion to the HKSTPC. Of this, about $3 billion will be used to construct …, whereas the remaining $7
    billion …" (both are parts of the $10 billion)."""
    sentence = sentence_at[id(amount)]
    before = [s for s in spans if s[1] <= sentence[0]]
    lead = _lead_of_items(text, spans, sentence, rules)
    if lead is None and (not before or not text[sentence[0] : sentence[1]].lstrip().startswith(rules.part_words)):
        return False
    whole_at = lead or before[-1]
    return any(sentence_at[id(w)] == whole_at and w.currency == amount.currency and w.value > amount.value
               for w in grants)


def _lead_of_items(text: str, spans: list[tuple[int, int]], sentence: tuple[int, int],
                   rules: FundingRules) -> tuple[int, int] | None:
    """The sentence a list of items breaks down, when `sentence` is one of the items: "(a)向創新及科技基金…合共注資
    200億元,分別為-" over "(i)100億元用以支援…" and "(ii)100億元用以開立新的承擔額…" (a Finance Committee record): the
    items are parts of the 200億. Only a lead that ends by saying its items follow (`items_lead`)."""
    if rules.items_lead is None or not _ITEM_MARKER.match(text, sentence[0], sentence[1]):
        return None
    kind = _marker_kind(text, sentence)
    before = [s for s in spans if s[1] <= sentence[0]]
    while before and _marker_kind(text, before[-1]) == kind and not rules.items_lead.search(text, *before[-1]):
        before.pop()  # an item before it in the same list
    # the lead is no item of the same list: "(b)…" after "(a)…分別為-" and its "(i)", "(ii)" is (a)'s sibling
    if before and rules.items_lead.search(text, *before[-1]) and _marker_kind(text, before[-1]) != kind:
        return before[-1]
    return None


def _marker_kind(text: str, sentence: tuple[int, int]) -> str | None:
    """The kind of list marker a sentence opens with: "roman" (i, ii, iv), "letter" (a, b), "number", or None."""
    marker = _ITEM_MARKER.match(text, sentence[0], sentence[1])
    if marker is None:
        return None
    label = re.sub(r"[\s(（)）.]", "", marker.group(0)).lower()
    if re.fullmatch(r"[ivx]+", label) and label not in ("v", "x") or label in ("ii", "iii"):
        return "roman"
    return "letter" if label.isalpha() else "number"


def _sentence_before(text: str, start: int, rules: FundingRules) -> str:
    """The text of the amount's sentence up to the amount, back to the last full stop proper (not a semicolon: "目標是
    …智能生產線；…技術職位增至不少於1 050個；…私人投資配對金額增至不少於13億元", ITIB143, is one aim)."""
    return text[text.rfind(rules.writing.full_stop[0], 0, start) + 1 : start]


def _said_of_several(text: str, amount: Amount, sentence: tuple[int, int], mentions: list[Mention],
                     rules: FundingRules) -> bool:
    """Money that a list of schemes made together ("政府的「創科創投基金」、香港科技園公司的「科技企業投資基金」，以及
    「數碼港投資創業基金」已合共投資了約10.59億元…，並吸引了約179億元的私人投資", ITIB032): no one of them made it, and
    the vocabulary has no figure about several things, so it is no fact."""
    before = text[sentence[0] : amount.start]
    at = max((before.rfind(w) for w in rules.collective_words), default=-1)
    if at < 0:
        return False
    listed = sorted((m for m in mentions if m.label == Label.SCHEME and sentence[0] <= m.start < sentence[0] + at),
                    key=lambda m: m.start)
    joined = [b for a, b in itertools.pairwise(listed)
              if a.entity_id != b.entity_id and any(j in text[a.end : b.start] for j in rules.list_joiners)]
    return bool(joined)


def _caps_a_whole(clause: str, rules: FundingRules) -> bool:
    """The ceiling is on a whole sum, not per recipient: the clause names a total, or a verb of setting money aside
    stands right before the cap word (`whole_ceiling`)."""
    words = rules.whole_ceiling
    caps = "|".join(map(re.escape, words.get("cap_words", ())))
    verbs = "|".join(map(re.escape, words.get("verbs", ())))
    # the verb may be printed again after the cap word: "並調撥最多調撥15億元與業界配對成立聯合基金" (ITIB173)
    return any(w in clause for w in words.get("total_words", ())) or bool(
        verbs and re.search(rf"(?:{verbs})\s*(?:{caps})\s*(?:{verbs})?\s*$", clause))


def _clause_before(text: str, start: int, rules: FundingRules | None = None) -> str:
    """The clause the amount ends: back to the last clause mark of the language, not counting the thousands comma
    of "1,180萬元"."""
    writing = (rules or load_rules()).writing
    at = start
    while at > 0:
        at -= 1
        if _ends_clause(text, at, writing):
            return text[at + 1 : start]
    return text[:start]


_THOUSANDS = re.compile(r"\d{3}")


def _is_change(text: str, amount: Amount, rules: FundingRules) -> bool:
    """'較上年度增加約1,108萬元' states a difference, and so does '增加21.5%(1.37億元)' (the percentage first, the
    amount in brackets); '增加30.2%至6,810萬元' states the new level."""
    before = text[max(0, amount.start - rules.change_window - 12) : amount.start]
    if percentage := _PERCENT_IN_FRONT.search(before):
        before = before[: percentage.start()]
    before = before[-rules.change_window :]
    if rules.change_after is not None and rules.change_after.match(text, amount.end):
        return True  # "… are $3,996,000 and $967,000 or $594,000 and $433,000 higher than the revised estimates"
    return any(w in before for w in rules.change_words) and "至" not in before


_PERCENT_IN_FRONT = re.compile(r"約?\s*\d+(?:\.\d+)?\s*%\s*[(（]\s*$")


def _averaged_over(text: str, amount: Amount, rules: FundingRules) -> str | None:
    """What an average is per when no 每 says it: the recipients named before 平均 ("獲支持的項目(…)的平均資助金額分別
    為320萬元…": per project); a note in brackets is not what is averaged."""
    clause = _clause_before(text, amount.start)
    at = max(clause.rfind(word) for word in rules.statistic_words)
    return recipient_of(_BRACKETED.sub("", clause[:at])) if at >= 0 else None


def _condition_on(text: str, amount: Amount, sentence: tuple[int, int], rules: FundingRules) -> str | None:
    """What a threshold is a condition on, when no 每 says it: the noun its phrase describes, right after it ("總成本
    最少3億元（企業須投入不少於2億元）的項目", ITIB090: each project), a note in brackets between."""
    after = _BRACKETED.sub("", text[amount.end : amount.end + rules.look_ahead + 24], count=1)
    noun = re.match(r"[)）]?\s*的\s*(\S{1,3})", after)
    if noun:
        return recipient_of(noun.group(1))
    # or the owner of the measure its clause names before it ("項目總成本的最低要求會由3億元調低至1.5億元"); a clause
    # that opens with 其中 is a part of the one before ("…，其中企業須投入不少於1億元資金": of the same project)
    clause = _clause_before(text, amount.start, rules)
    if clause.lstrip().startswith(tuple(rules.part_words)):
        clause = text[sentence[0] : amount.start]
    owners = list(rules.measure_of.finditer(clause)) if rules.measure_of else []
    return recipient_of(owners[-1]["noun"]) if owners else None


def _framed_per(text: str, sentence: tuple[int, int], rules: FundingRules) -> str | None:
    """What every cap and threshold of a sentence is per when the sentence opens by saying so ("就每個申請項目而言，
    總項目成本最少為3億元，企業須投入不少於2億元資金，而政府的資助額上限為…2億元": each project)."""
    frame = rules.per_frame.match(text, sentence[0]) if rules.per_frame is not None else None
    return recipient_of(frame["noun"]) if frame else None


def _matching_party(before: str, rules: FundingRules) -> str | None:
    """Who a cap is per, when no 每 says it: the party that matches the government's money in the ratio the sentence
    gives before the cap ("以1(政府):2(機構)的配對比例,資助上限為3,000萬元": each organisation)."""
    ratios = list(rules.matching_ratio.finditer(before)) if rules.matching_ratio is not None else []
    return recipient_of(ratios[-1]["party"]) if ratios else None


def _is_average(text: str, amount: Amount, rules: FundingRules) -> bool:
    return any(word in _clause_before(text, amount.start, rules) for word in rules.statistic_words)


def _grants_it(text: str, amount: Amount, recipient: str, near: list[Mention], sentence: tuple[int, int],
              rules: FundingRules) -> bool:
    """The would-be recipient is the one who grants: its name, then a granting verb, then the amount, in one
    sentence ("數碼港…已批出逾2 500宗申請，獲批資助金額逾1.2億元": 數碼港 pays the SMEs; it receives none of it)."""
    if label_of_id(recipient) == Label.SCHEME:
        return False
    names = [m for m in near if m.entity_id == recipient and sentence[0] <= m.end <= amount.start]
    return any(verb in text[m.end : amount.start] for m in names for verb in rules.grantor_verbs)


def _is_pool(text: str, amount: Amount) -> bool:
    """'從預留…的100億元中，撥出20億元': 100億元 is the pool, 20億元 the fact."""
    return text.startswith("中", amount.end)


def _unclaimed(amount: Amount, mentions: list[Mention], others: list[Amount], text: str,
               rules: FundingRules) -> list[Mention]:
    """With several names and several amounts in one sentence, a name goes with the amount nearest to it:
    in '推出100億元創科產業引導基金、預留37億元用於…河套香港園區', the fund is not what the 37億元 is for. A clause mark
    between a name and an amount puts it further than any amount of its own clause, where the language says so
    (`names_keep_to_clause`): in "向科學園公司投資基金注資4億元,並向數碼港預留逾2.6億元" (now.com, 2023-02-22) 數碼港 is
    the 2.6億's, three characters from either."""
    if not others or len({m.entity_id for m in mentions if m.label not in _FUNDERS}) < 2:
        return mentions

    def gap(a: Amount, m: Mention) -> int:
        start, end = (m.end, a.start) if m.end <= a.start else (a.end, m.start)
        apart = rules.writing.names_keep_to_clause and any(_ends_clause(text, at, rules.writing)
                                                           for at in range(start, end))
        return end - start + (len(text) if apart else 0)

    return [m for m in mentions if m.label in _FUNDERS or gap(amount, m) <= min(gap(o, m) for o in others)]


def _is_compared_figure(text: str, amount: Amount, rules: FundingRules) -> bool:
    """'…預算總開支為34.9億元，較上年度的修訂預算31億元增加…': 31億元 is what 34.9億元 is compared with. A change
    word between 較 and the amount makes it the difference itself ('較上年度的修訂預算增加約3,738萬元')."""
    clause = _clause_before(text, amount.start, rules)
    at = max(clause.rfind(word) for word in rules.writing.comparison_words)
    return at >= 0 and not any(word in clause[at:] for word in rules.change_words)


def _funder_and_recipient(
    amount: Amount,
    clause: str,
    near: list[Mention],
    default_funder: str | None,
    administrator_of: dict[str, str],
    rules: FundingRules,
    not_recipients: frozenset[str],
    payers: frozenset[str] = frozenset(),
    granting: str | None = None,
    receiving: frozenset[str] = frozenset(),
) -> tuple[str, str, str] | None:
    """The recipient is the scheme, institution or company nearest the amount (within `reach` characters);
    the funder is a body named in the sentence (not one that `receiving` says receives or informs), else a fund the
    sentence says grants it (`granting`), else a scheme in the sentence, else who runs the scheme, else the body
    that answers the question."""
    in_sentence = [m for m in near if m.label in (Label.SCHEME, *_RECIPIENTS)
                   and m.entity_id not in not_recipients | payers]
    targets = _nearest_first(amount, in_sentence, rules.reach)
    grantees = [m for m in in_sentence if m.label in _RECIPIENTS]
    if not targets and len({m.entity_id for m in in_sentence}) == 1:
        targets = in_sentence  # the only thing the sentence names: far from the amount, but not ambiguous
    elif not targets and _the_one_grantee(amount, grantees, in_sentence, administrator_of, clause):
        # the one institution or company of the sentence, far from an amount its clause calls a grant: "已支持正美藥品
        # 有限公司提交的「加速計劃」申請，…總投資金額約6億元，當中政府資助金額約2億元" — it receives, the scheme gives
        targets = grantees
    if not targets:
        return None
    recipient = targets[0]
    bodies = _nearest_first(amount, [m for m in near if (m.label in _FUNDERS or m.entity_id in payers)
                                     and m.entity_id not in receiving], None)
    schemes = [
        m
        for m in _nearest_first(amount, near, None if targets is grantees else rules.reach)
        if m.label == Label.SCHEME and m.entity_id != recipient.entity_id
    ]
    if bodies and bodies[0].method == "rule:self-reference":
        # "we expect that the estimated expenditure of MEF is $20 million" (CEDB(CIT)116): the answering body is
        # who speaks, not a payer the text names, so its payment is inferred as the bureau of the reply's is
        funder, method = bodies[0].entity_id, "rule:bureau-of-reply"
    elif bodies:
        funder, method = bodies[0].entity_id, "rule:body-in-sentence"
    elif granting is not None and granting != recipient.entity_id:
        funder, method = granting, "rule:fund-grants"
    elif recipient.label != Label.SCHEME and schemes:
        funder, method = schemes[0].entity_id, "rule:scheme-funds-recipient"
    elif administrator_of.get(recipient.entity_id, "").startswith(_GOVERNMENT_PREFIXES):
        # a scheme run by a bureau or department is funded through it; one run by e.g. Cyberport is not funded
        # *by* Cyberport, so that case falls through to the bureau
        funder, method = administrator_of[recipient.entity_id], "rule:scheme-administrator"
    else:
        funder, method = default_funder, "rule:bureau-of-reply"
    if not funder or funder == recipient.entity_id:
        return None
    return funder, recipient.entity_id, method


def _receives(text: str, body: Mention, rules: FundingRules) -> bool:
    """The body is the subject of a verb of receiving: "TID has received 55 default claims under the SpGS, involving a
    total claim amount of $59 million" (CEDB(CIT)220 of 2010-11): it pays none of it."""
    after = text[body.end : body.end + 20].lower().lstrip()
    return any(after.startswith(verb) for verb in rules.receiving_verbs)


def _granting_fund(text: str, amount: Amount, near: list[Mention], rules: FundingRules,
                   assessors: frozenset[str] = frozenset()) -> str | None:
    """A fund, or a body outside the government, named as who grants, the subject of a verb of granting before the
    amount in the same clause: "社會創新及創業發展基金(社創基金)將在未來3年分批撥款共1億元，推行「友智識」長者數碼共融
    計劃" (ITIB163) — the fund pays the programme; "香港數碼港管理有限公司(“數碼港”)於去年撥款2億元,成立“數碼港投資
    創業基金”" (a LegCo question, 2017) — Cyberport pays its fund. Not one the money is given to ("為「計劃」撥款",
    "向「基金」注資": `not_after`; "數碼港獲撥款": `passive`), nor a body that approves it ("立法會財務委員會…批准撥款
    5億元": `assessors`)."""
    words = rules.granting_fund
    grantors = (Label.SCHEME, *_RECIPIENTS)
    named = [m for m in near if m.label in grantors and m.end <= amount.start and m.entity_id not in assessors]
    for m in sorted(named, key=lambda m: -m.start):
        between = text[m.end : amount.start]
        if any(mark in between for mark in rules.writing.clause_marks) or any(
                w in between for w in words.get("passive", ())):
            return None
        before = text[max(0, m.start - 2) : m.start].rstrip(rules.writing.name_open)
        if any(v in between for v in words.get("verbs", ())) and not before.endswith(words.get("not_after", ())):
            return m.entity_id
    return None


def _received_from_a_scheme(text: str, amount: Amount, sentence: tuple[int, int], near: list[Mention],
                            not_recipients: frozenset[str], rules: FundingRules) -> tuple[str, str] | None:
    """"研發中心就「開研」中的不同項目，獲創新及科技基金下的「夥伴研究計劃」…撥款約1,677萬元" (ITIB106): the one
    institution or company named before a word of receiving (`receive_words`) receives, from the scheme named
    nearest before the amount after that word (with 分別, the scheme of the amount's rank: `near` is cut to it)."""
    before = text[sentence[0] : amount.start]
    at = max(before.rfind(w) for w in rules.receive_words) if rules.receive_words else -1
    if at < 0:
        return None
    receive = sentence[0] + at
    receivers = {m.entity_id for m in near if m.end <= receive and m.label in _RECIPIENTS
                 and m.entity_id not in not_recipients}
    schemes = [m for m in near if receive < m.start and m.end <= amount.start and m.label == Label.SCHEME]
    if len(receivers) != 1 or not schemes:
        return None
    return schemes[-1].entity_id, receivers.pop()


def _only_qualifies(text: str, mention: Mention, rules: FundingRules) -> bool:
    """A name that only qualifies another word or name is not what money goes to or is about: "$16 billion for
    University Grants Committee-funded universities" (`qualifier_after`: the universities get it, not the UGC);
    "the Corporate Venture Fund run by the Hong Kong Science & Technology Parks Corporation, it will be expanded to
    $200 million" (`runner_before`: the fund grows, not the body that runs it)."""
    after = rules.qualifier_after is not None and rules.qualifier_after.match(text, mention.end)
    before = text[max(0, mention.start - 40) : mention.start]
    return bool(after or (rules.runner_before is not None and rules.runner_before.search(before)))


def _scheme_sized_by(text: str, amount: Amount, near: list[Mention], rules: FundingRules) -> Mention | None:
    """The scheme whose size the amount states: named right after it ("100億元「創科產業引導基金」", "為數2億元的河套
    港深創新及科技園「生命健康科技初創企業培育計劃」": a place's name may stand between), not money paid into it; in
    English also right before it ("a new round of Research Matching Grant Scheme totalling $1.5 billion"), or as the
    subject its "With a funding allocation of $X," opens ("…, the scheme will fund …", `scheme_size_with`)."""
    if rules.scheme_size_after is not None:
        before = [m for m in near if m.end <= amount.start and m.label == Label.SCHEME]
        last = max(before, key=lambda m: m.end, default=None)
        if last is not None and rules.scheme_size_after.fullmatch(text[last.end : amount.start]):
            return last
    after = sorted((m for m in near if m.start >= amount.end), key=lambda m: m.start)
    if rules.scheme_size_with is not None and after and after[0].label == Label.SCHEME:
        # "With a funding allocation of $10 billion, the scheme will fund …": the size of the clause's subject
        before, gap = rules.scheme_size_with
        opens = before.search(_clause_before(text, amount.start, rules))
        if opens and gap.fullmatch(text[amount.end : after[0].start]):
            return after[0]
    if rules.scheme_size_gap is None:
        return None
    places = []
    for m in after:
        if m.label == Label.SCHEME:
            gap = text[amount.end : m.start]
            for place in reversed(places):  # blank the places, keep the rest of the gap as it is
                gap = gap[: place.start - amount.end] + gap[place.end - amount.end :]
            return m if rules.scheme_size_gap.fullmatch(gap) else None
        if m.label != Label.INSTITUTION:
            return None
        places.append(m)
    return None


def _grants_of_a_scheme(pair: tuple[str, str, str], kind: AmountType, rules: FundingRules) -> bool:
    """Grants approved (`scheme_grant_types`) "into" a scheme whose payer the text does not name are the grants the
    scheme approved: a figure about it."""
    funder, recipient, method = pair
    return (kind in rules.scheme_grant_types and method in INFERRED_PAYER_METHODS
            and label_of_id(recipient) == Label.SCHEME)


def _scheme_run_by(text: str, pair: tuple[str, str, str], near: list[Mention], rules: FundingRules) -> str | None:
    """The scheme a "scheme pays its recipient" pair names, when the sentence says the recipient runs that scheme
    (數碼港推行「…計劃」): the amount is then the scheme's money, given for the recipient to run it."""
    funder, recipient, method = pair
    if method != "rule:scheme-funds-recipient":
        return None
    bodies = [m for m in near if m.entity_id == recipient]
    schemes = [m for m in near if m.entity_id == funder]
    runs = any(b.end <= s.start and _has_verb(text[b.end : s.start], rules) for b in bodies for s in schemes)
    return funder if runs else None


def _the_one_grantee(amount: Amount, grantees: list[Mention], in_sentence: list[Mention],
                     administrator_of: dict[str, str], clause: str) -> bool:
    """One institution or company in the sentence, an amount its own clause calls a grant (資助) and not a rate per
    company or school, and that body does not run a scheme of the sentence (數碼港 runs the programme whose grants
    go to the SMEs, it does not receive them)."""
    if len({m.entity_id for m in grantees}) != 1 or amount.per or "資助" not in clause:
        return False
    runs = {administrator_of.get(m.entity_id) for m in in_sentence if m.label == Label.SCHEME}
    return grantees[0].entity_id not in runs


def _nearest_first(amount: Amount, mentions: list[Mention], reach: int | None) -> list[Mention]:
    """Mentions ordered by distance to the amount in characters (a name before it wins a tie), within reach."""

    def distance(m: Mention) -> int:
        return amount.start - m.end if m.end <= amount.start else m.start - amount.end

    ranked = sorted(mentions, key=lambda m: (distance(m), m.start > amount.start))
    return [m for m in ranked if reach is None or distance(m) <= reach]


def amount_type(text: str, amount: Amount, sentence: tuple[int, int], rules: FundingRules,
                years: tuple[str | None, str | None] = (None, None)) -> AmountType:
    """The kind of figure: a cap from the money parser, else the keyword nearest before the amount (or just after),
    else, for spending, what its year is in the Estimates the reply answers for (`years`: the amount's fiscal year
    and the reply's; see `_spending_type`), else the default.

    What follows 較 ("compared with") is the figure compared against, so keywords and years there do not count.
    """
    text = _folded(text, rules)
    if amount.is_cap and amount.per is None and _caps_a_whole(_clause_before(text, amount.start, rules), rules):
        # a ceiling on a whole fund ("投入的總額不會超過100億元", "將調撥最多15億元…成立聯合基金") is its size at most:
        # an allocation, bound upper
        return AmountType.ALLOCATION
    if amount.is_cap:
        return AmountType.CAP  # a maximum per recipient
    if _is_average(text, amount, rules):
        return AmountType.AVERAGE
    before = _own_item(_before_comparison(_blank_titles(
        text[max(sentence[0], amount.start - rules.look_back) : amount.start], rules), rules), rules)
    after = _blank_titles(text[amount.end : min(sentence[1], amount.end + rules.look_ahead)], rules)
    if noun := _noun_after(after, rules):
        return noun
    if rules.given_as is not None and rules.given_as.match(text, amount.end, sentence[1]):
        return AmountType.INVESTED  # "撥出100億元,作為給予科技園公司的注資股本": equity, whatever verb gave it
    best: tuple[int, AmountType, str] | None = None
    for kind, keywords in rules.amount_types:
        for keyword in keywords:
            at = before.rfind(keyword)
            if at >= 0:
                distance = len(before) - (at + len(keyword))
            elif keyword in after:
                distance = rules.look_back + after.find(keyword)
            else:
                continue
            if best is None or distance < best[0]:
                best = (distance, kind, keyword)
    if best is not None and best[1] == AmountType.ALLOCATION and best[0] < len(before):
        # "在2025-26年度…涉及總開支約為24萬元": a weak word, then spending of a year: what the year says it is; the
        # word itself may say so ("The provision for the Department in 2010-11 is $500.2 million")
        spent = _spending_type(before[len(before) - best[0] - len(best[2]) :], *years, rules)
        if spent is not None:
            return spent
    if best is not None:
        return best[1]
    # no word for the kind: a sentence about spending or provision ("Provisions for Allowances and Job-related
    # Allowances under Subhead 000 Operational Expenses in 2004-05 are $3,996,000", EDLB(ED)003) is typed by its year
    return _spending_type(text[sentence[0] : amount.start], *years, rules) or rules.default


def _spending_type(before: str, year: str | None, reply_year: str | None, rules: FundingRules) -> AmountType | None:
    """Spending of a year with no word for its kind ("employed … in 2002-03 is 199 with an expenditure level of
    $43.3 M", in the 2003-04 replies) is what the Estimates say of that year: a year two or more before the reply's
    is closed (actual), the year before is still running (revised estimate), the reply's year and later are
    estimates. The Estimates book's own columns are these."""
    words = rules.spending_words + rules.yearly_grant_words
    if year is None or reply_year is None or not any(w in before for w in words):
        return None
    gap = int(reply_year[:4]) - int(year[:4])
    if gap >= 2:
        return AmountType.ACTUAL
    return AmountType.REVISED_ESTIMATE if gap == 1 else AmountType.ESTIMATE


_TITLE = re.compile(r"《[^《》]*》")
_ITEM_MARKER = re.compile(r"\s*(?:[(（]\s*[0-9a-zA-Z一二三四五六七八九十ivx]{1,4}\s*[)）]|[0-9a-zA-Z]{1,3}[.)）])")
_CLAUSE_END = re.compile(r"[，,。；;：:、]")


def _blank_titles(window: str, rules: FundingRules) -> str:
    """《財政預算案》 and 預算案 name a document: blank them (same length, so positions hold)."""
    window = _TITLE.sub(lambda m: " " * len(m.group()), window)
    for word in rules.not_amount_type_words:
        window = window.replace(word, " " * len(word))
    return window


def _noun_after(after: str, rules: FundingRules) -> AmountType | None:
    """The noun that names the figure, right after it and before the next punctuation ("…元資助額上限")."""
    clause = _CLAUSE_END.split(after, maxsplit=1)[0]
    for kind, keywords in rules.amount_nouns:
        if any(k in clause for k in keywords):
            return kind
    return None


def _own_item(before: str, rules: FundingRules) -> str:
    """What stands before the amount in its own item of a list, when an earlier item has an amount and words of its
    own: "當中包括200億元落馬洲河套區、100億元注資創新及科技基金、100億元改善科學園設施" (unwire.hk, 2018-03-01):
    注資 is the second item's, not the third's."""
    items = rules.writing.item_with_amount
    last = None if items is None else next(reversed(list(items.finditer(before))), None)
    return before if last is None else " " * last.end() + before[last.end() :]


def _before_comparison(before: str, rules: FundingRules) -> str:
    at = max(before.rfind(word) for word in rules.writing.comparison_words)
    return before[:at] if at >= 0 else before


def fiscal_year(text: str, amount: Amount, sentence: tuple[int, int], rules: FundingRules | None = None) -> str | None:
    """The last fiscal year stated in the sentence before the amount ("2025-26年度"), not counting the year of
    a comparison (較2024-25年度…), else the first one after it, unless that year leads to another amount: "項目至今
    開支約為398萬元，而在2025-26年度的預算開支約為5,220萬元" (ITIB175) gives 2025-26 to the 5,220萬 only."""
    rules = rules or load_rules()
    if (right_after := _year_right_after(text, amount, sentence, rules)) is not None:
        return right_after
    before = _before_comparison(_arabic_digits(text[sentence[0] : amount.start]), rules)
    # "按2024-25年度薪級中點估計的年薪值" is the year of a pay scale, not of the figure
    matches = [m for m in rules.writing.fiscal_year.finditer(before)
               if not before.startswith(rules.not_years_of_figures, m.end())]
    if matches and _ends_a_range(before, matches[-1], rules):
        return None  # "自2022-23至2024-25年度…涉及總資助額約37億元": the years together, none of them
    if matches:
        return _year_of(matches[-1])
    rest = _arabic_digits(text[amount.end : sentence[1]])
    match = rules.writing.fiscal_year.search(rest)
    if match is None or find_amounts(rest[match.end() :]) or rest.startswith(rules.not_years_of_figures, match.end()):
        return None
    return _year_of(match)


def _ends_a_range(before: str, match: re.Match[str], rules: FundingRules) -> bool:
    """Is the year the last of a range or list ("2022-23至2024-25年度", "2022-23和2023-24年度")?"""
    return bool(rules.writing.year_range_start and rules.writing.year_range_start.search(before, 0, match.start()))


def _year_right_after(text: str, amount: Amount, sentence: tuple[int, int], rules: FundingRules) -> str | None:
    """"increased from about $700 million in 2013-14 to $1.5 billion in 2017-18": in English a year written right
    after an amount ("in", "for") is that amount's, whatever year came earlier in the sentence."""
    lead = rules.writing.year_after and rules.writing.year_after.match(text, amount.end, sentence[1])
    match = lead and rules.writing.fiscal_year.match(text, lead.end(), sentence[1])
    return _year_of(match) if match else None


def _year_of(match: re.Match[str]) -> str | None:
    start, end = match.group(1), match.group(2)
    return f"{start}-{end}" if int(end) == (int(start) + 1) % 100 else None


_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def _arabic_digits(text: str) -> str:
    """"二零二五至二六年度" is 2025-26: Chinese digits read as Arabic ones (one character each, so offsets hold).
    Only for years: "二零二五" has no unit characters (十, 百) and is read digit by digit."""
    return text.translate(_DIGITS)


def administers_facts(text: str, mentions: list[Mention], rules: FundingRules | None = None,
                      assessors: frozenset[str] = frozenset()) -> list[AdministersFact]:
    """A body and a scheme in one sentence with a verb of running it (推行, 管理, 負責 …) between or after them.
    Who approves the money (`assessors`) runs nothing: "向立法會申請撥款推出「前沿科技研究支援計劃」"."""
    rules = rules or load_rules()
    text = _folded(text, rules)
    facts = []
    for sentence in sentence_spans(text, rules):
        near = [m for m in mentions if sentence[0] <= m.start < sentence[1]]
        bodies = [m for m in near if m.label in (*_FUNDERS, Label.INSTITUTION) and m.entity_id not in assessors]
        for scheme in (m for m in near if m.label == Label.SCHEME):
            for body in bodies:
                if body.end <= scheme.start and _has_verb(text[body.end : scheme.start], rules):
                    facts.append(
                        AdministersFact(body.entity_id, scheme.entity_id, sentence, scheme, "rule:body-verb-scheme")
                    )
                    break
    return facts


def _has_verb(between: str, rules: FundingRules) -> bool:
    return len(between) <= rules.administers_reach and any(v in between for v in rules.administers_verbs)
