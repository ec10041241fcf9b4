"""Passage search (graph/passages.py, GET /passages) over real HTTP against the bundled corpus loaded by the CLI.

The expected passages are not written down from the search's own output: they come from the texts in the store,
read with Cypher and split into lines here, and compared with what the index finds. The reply numbers were checked
by reading the replies: ITIB089 is the question on the Technology Voucher Programme (「科技券」), ITIB127 and ITIB133
list its spending in their tables and say that it stopped taking applications.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph import passages
from graph.passages import PassageIndex, PassageSearch, indexed_words, parse_query, passages_from_rows, words
from loaders.legco import parse_replies
from tests.conftest import post_cypher

FIXTURES = Path(__file__).parent / "fixtures" / "legco"
SLIDES = "doc:728e4cbf64d692fd"  # 香港人工智能的發展 (簡報)
REPLIES = "doc:3942c1bfcb494316"  # the 251 ITIB replies
TEXTS = ("MATCH (n) WHERE n:Question OR n:Document "
         "RETURN n.id AS id, [t IN [n.question_text, n.answer_text, n.text] WHERE t IS NOT NULL] AS texts")


@pytest.fixture(scope="module")
def stored_lines(client) -> list[tuple[str, str]]:
    """(node id, line) for every non-empty line of every text in the store: what a passage is in Chinese text."""
    answer = post_cypher(client, TEXTS, row_limit=10_000)
    assert answer.status_code == 200, answer.text
    return [(node_id, line) for node_id, texts in answer.json()["rows"] for text in texts
            for line in text.split("\n") if line.strip()]


def every_hit(client, q: str, **filters) -> list[dict]:
    """All the hits of a query, page after page, in rank order."""
    hits: list[dict] = []
    while True:
        answer = client.get("/passages", params={"q": q, "limit": 100, "offset": len(hits), **filters})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        hits += body["hits"]
        if not body["hits"] or len(hits) >= body["total"]:
            assert len(hits) == body["total"]
            return hits


def marked(hit: dict) -> list[str]:
    return [piece["text"] for piece in hit["snippet"] if piece["hit"]]


# --- what is found ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("phrase", ["科技券", "生成式人工智能", "科技", "券"])
def test_every_passage_that_says_it_and_no_other(client, stored_lines, phrase: str) -> None:
    hits = every_hit(client, phrase)
    assert sorted((h["node_id"], h["text"]) for h in hits) == sorted(
        (node_id, line) for node_id, line in stored_lines if phrase in line)
    for hit in hits:  # the phrase is marked where it is, in the snippet and in the offsets
        assert phrase in marked(hit), hit["snippet"]
        assert all(hit["text"][start:end] == phrase for start, end in hit["matches"]), hit
        assert "".join(piece["text"] for piece in hit["snippet"]).strip("…") in hit["text"]


def test_the_technology_voucher_replies(client) -> None:
    hits = every_hit(client, "科技券")
    assert {h["reply_no"] for h in hits} == {"ITIB089", "ITIB127", "ITIB133"}
    assert {h["part"] for h in hits if h["reply_no"] == "ITIB089"} == {"question", "answer"}
    assert all(h["label"] == "Question" and h["document_id"] == REPLIES and h["language"] == "zh-Hant" for h in hits)
    # each hit names the scheme it is about, and the entity is there to open
    assert all("scheme:tvp" in [e["id"] for e in h["entities"]] for h in hits)
    entity = client.get("/entities/scheme:tvp").json()
    assert entity["name"] == next(e["name"] for e in hits[0]["entities"] if e["id"] == "scheme:tvp")


def test_generative_ai_in_replies_and_press(client) -> None:
    hits = every_hit(client, "生成式人工智能")
    replies = {h["reply_no"] for h in hits if h["reply_no"]}
    assert {"ITIB032", "ITIB055", "ITIB243"} <= replies and len(replies) == 38
    # the slide deck says it on two lines; the news article's text breaks it over a PDF line, which the normalised
    # text joins (a grep of the raw file does not find it there)
    assert {h["node_id"] for h in hits if h["label"] == "Document"} == {
        SLIDES, "doc:af70a85f699ffa83", "doc:1af5e5a84e25d74b"}
    assert all(h["part"] == "document" and h["document_id"] == h["node_id"] for h in hits if h["label"] == "Document")


def test_latin_is_found_in_any_case_and_width(client, stored_lines) -> None:
    hits = every_hit(client, "AI")
    assert [h["id"] for h in every_hit(client, "ai")] == [h["id"] for h in hits]
    assert [h["id"] for h in every_hit(client, "ＡＩ")] == [h["id"] for h in hits]
    whole_word = re.compile(r"(?<![A-Za-z0-9])ai(?![A-Za-z0-9])", re.IGNORECASE)
    assert sorted((h["node_id"], h["text"]) for h in hits) == sorted(
        (node_id, line) for node_id, line in stored_lines if whole_word.search(line))
    assert all(m.casefold() == "ai" for h in hits for m in marked(h))
    assert "question:2025-26:ITIB055/question_text/2" in [h["id"] for h in hits]


def test_words_apart_must_all_appear_and_quotes_keep_them_together(client, stored_lines) -> None:
    both = every_hit(client, "科技券 停止")
    assert {(h["node_id"], h["text"]) for h in both} == {
        (node_id, line) for node_id, line in stored_lines if "科技券" in line and "停止" in line}
    assert {"科技券", "停止"} <= {m for h in both for m in marked(h)}
    together = every_hit(client, '"停止接受「科技券」"')  # the punctuation between is not a word: 停止接受科技券
    assert {h["reply_no"] for h in together} == {"ITIB089", "ITIB133"}  # ITIB127 says 停止接受申請
    assert {(h["node_id"], h["text"]) for h in together} == {
        (node_id, line) for node_id, line in stored_lines if "停止接受「科技券」" in line}


def test_the_index_reads_the_words_the_highlights_are_found_by(stored_lines) -> None:
    """The marks come from FTS5's highlight() of word i mapped to the i-th of `words`: both must cut alike."""
    for _, line in stored_lines:
        assert indexed_words(line) == " ".join(word for word, _, _ in words(line)), line


# --- ranking ----------------------------------------------------------------------------------------------------


def test_more_matches_in_a_shorter_passage_rank_first(client) -> None:
    """BM25 for one term: a passage that says it more often, in no more words, ranks above the other."""
    hits = every_hit(client, "科技")
    sizes = [(h["text"].count("科技"), len(words(h["text"]))) for h in hits]
    for better, (count, length) in enumerate(sizes):
        for worse in range(better):
            other_count, other_length = sizes[worse]
            assert not (other_count < count and other_length >= length), (hits[worse]["id"], hits[better]["id"])
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)

    # the slide deck: the line that says it twice before the one that says it once
    slides = every_hit(client, "生成式人工智能", document=SLIDES)
    assert [len(h["matches"]) for h in slides] == [2, 1]


# --- filters and pages ----------------------------------------------------------------------------------------------


def test_filters_narrow_the_hits(client) -> None:
    everything = every_hit(client, "科技")
    assert {h["reply_no"] for h in every_hit(client, "科技", reply_no="itib127")} == {"ITIB127"}
    for label in ("Question", "Document"):
        assert {h["label"] for h in every_hit(client, "科技", label=label)} == {label}
    for part in ("question", "answer", "document"):
        found = every_hit(client, "科技", part=part)
        assert found and {h["part"] for h in found} == {part}
        assert [h["id"] for h in found] == [h["id"] for h in everything if h["part"] == part]  # same order
    assert {h["node_id"] for h in every_hit(client, "科技", document=SLIDES)} == {SLIDES}
    from_replies = every_hit(client, "科技", document=REPLIES)
    assert from_replies and {h["document_id"] for h in from_replies} == {REPLIES}
    for same in ({"language": "zh"}, {"language": "ZH-hant"}):
        assert len(every_hit(client, "科技", **same)) == len(everything), same
    # the Cyberport press release of February 2024 is about 2024-25; everything else about 2025-26
    for year in ("2025-26", "2024-25"):
        assert [h["id"] for h in every_hit(client, "科技", fiscal_year=year)] == [
            h["id"] for h in everything if h["fiscal_year"] == year]
    assert {h["node_id"] for h in every_hit(client, "科技", fiscal_year="2024-25")} == {"doc:d999ec3fad14b8e0"}
    for none in ({"language": "en"}, {"fiscal_year": "2023-24"}, {"reply_no": "ITIB999"}):
        assert client.get("/passages", params={"q": "科技", **none}).json()["total"] == 0, none


def test_pages_are_slices_of_one_ranking(client) -> None:
    first_100 = client.get("/passages", params={"q": "人工智能", "limit": 100}).json()
    pages = [client.get("/passages", params={"q": "人工智能", "limit": 7, "offset": offset}).json()
             for offset in range(0, 35, 7)]
    assert [h["id"] for page in pages for h in page["hits"]] == [h["id"] for h in first_100["hits"][:35]]
    assert {page["total"] for page in pages} == {first_100["total"]}
    past = client.get("/passages", params={"q": "人工智能", "offset": first_100["total"]}).json()
    assert past["hits"] == [] and past["total"] == first_100["total"]


# --- bad input --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("q", "says"), [("", "empty"), ("   ", "empty"), ("「」!?", "nothing to search"),
                                          ("人" * 201, "too long"), (" ".join("abcdefghijklm"), "too many terms")])
def test_a_query_that_cannot_be_searched_is_a_400(client, q: str, says: str) -> None:
    answer = client.get("/passages", params={"q": q})
    assert answer.status_code == 400 and answer.headers["content-type"] == "application/json"
    assert says in answer.json()["detail"] and "\n" not in answer.json()["detail"]


@pytest.mark.parametrize("params", [{}, {"q": "科技", "limit": 0}, {"q": "科技", "limit": 101},
                                    {"q": "科技", "label": "Legislator"}, {"q": "科技", "part": "both"},
                                    {"q": "科技", "reply_no": "科技"}, {"q": "科技", "document": "scheme:tvp"}])
def test_bad_parameters_are_a_422(client, params: dict) -> None:
    answer = client.get("/passages", params=params)
    assert answer.status_code == 422 and isinstance(answer.json()["detail"], str)


# --- English, and a graph that changes -------------------------------------------------------------------------------


def test_english_words_are_stemmed_and_sentences_kept_whole() -> None:
    """The real ETWB 2003-04 English replies (their lines are the PDF's, wrapped mid-sentence)."""
    parsed = parse_replies((FIXTURES / "en_etwb_2003_04_replies.txt").read_text(encoding="utf-8"), source="etwb")
    rows = [{"id": f"question:{r.fiscal_year}:{r.reply_no}", "label": "Question", "reply_no": r.reply_no,
             "fiscal_year": r.fiscal_year, "question_text": r.question_text, "answer_text": r.answer_text,
             "language": "en", "document_id": "doc:etwb", "document_title": "ETWB"} for r in parsed.replies]
    index = PassageIndex(passages_from_rows(rows, [], []))

    # Porter's stems: employing, employed and employ are "emploi"; employment is "employ", another word
    employ = index.search(parse_query("employing"))
    found = {text for hit in employ.hits for start, end in hit.matches for text in [hit.passage.text[start:end]]}
    assert found == {"employed", "employ"}
    assert index.search(parse_query("employments")).total == 1  # "reduce the employment of NCSC staff"
    # a sentence wrapped over two PDF lines is one passage
    [hit] = index.search(parse_query('"Environmental Protection Department"')).hits
    assert hit.passage.text.startswith("In 2002-03, the Environmental Protection Department has employed an average "
                                       "number of\n230 NCSC staff") and hit.passage.part == "answer"
    # apart, both words anywhere; quoted, one after the other ("Contract (NCSC) staff" is not)
    assert index.search(parse_query("contract staff")).total == 6
    assert {h.passage.reply_no for h in index.search(parse_query('"contract staff"')).hits} == {
        "ETWB(T)007", "ETWB(W)012"}
    assert {h.passage.id for h in index.search(parse_query("NCSC million")).hits} == {
        "question:2003-04:ETWB(W)012/answer_text/1", "question:2003-04:ETWB(W)012/answer_text/2",
        "question:2003-04:ETWB(E)064/answer_text/1"}


def test_the_index_follows_the_graph(store, monkeypatch) -> None:
    """Built from the store on the first search; a question added later is found once the graph is seen to change."""
    monkeypatch.setattr(passages, "_RECHECK_SECONDS", 0.0)
    add = ("MERGE (q:Question {id: $id}) SET q.reply_no = $reply_no, q.fiscal_year = '1999-00', "
           "q.question_text = $text, q.answer_text = '答覆'")
    try:
        store.write(add, id="question:1999-00:PSG001", reply_no="PSG001", text="請問甲乙丙丁的開支？")
        search = PassageSearch(store)
        assert [h.passage.reply_no for h in search.search("甲乙丙丁").hits] == ["PSG001"]
        assert search.search("戊己庚").total == 0
        store.write(add, id="question:1999-00:PSG002", reply_no="PSG002", text="戊己庚的開支")
        assert [h.passage.reply_no for h in search.search("戊己庚").hits] == ["PSG002"]
    finally:
        store.write("MATCH (q:Question) WHERE q.fiscal_year = '1999-00' DETACH DELETE q")
