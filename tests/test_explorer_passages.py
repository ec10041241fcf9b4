"""The explorer's "Passages" search (api/static/lib/passages.js) in a real headless Chromium over the loaded corpus:
type a phrase, see the passages that say it with the phrase marked, open the reply and an entity it names."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.test_explorer import js_errors, open_page, text_of, wait_for


def test_a_phrase_finds_marked_passages_that_open_their_reply(browser, api_url: str, shots: Path) -> None:
    open_page(browser, api_url, "#/")
    browser.find_element("css selector", '.search-modes a[data-mode="passages"]').click()  # the mode tab
    wait_for(browser, lambda d: d.find_elements("id", "passage-search"), "the passage search box")
    browser.find_element("id", "passage-search").send_keys("科技券")
    wait_for(browser, lambda d: d.find_elements("css selector", ".passage-hit"), "the passages that say 科技券")
    assert "passages?q=" in browser.current_url  # the query is in the address

    hits = browser.find_elements("css selector", ".passage-hit")
    expected = [h["id"] for h in httpx.get(f"{api_url}/passages", params={"q": "科技券"}).json()["hits"]]
    assert [h.get_attribute("data-id") for h in hits] == expected  # the API's ranking, as it is
    for hit in hits:  # every hit marks the phrase, as text (<mark>科技券</mark>), never as markup
        assert [m.text for m in hit.find_elements("css selector", "blockquote mark")] and \
            {m.text for m in hit.find_elements("css selector", "blockquote mark")} == {"科技券"}
    assert {a.text for a in browser.find_elements("css selector", ".passage-hit a.reply")} == {
        "ITIB089", "ITIB127", "ITIB133"}
    assert "11 passages" in text_of(browser, ".search-status")
    browser.save_screenshot(str(shots / "explorer-passages.png"))

    # a hit opens its reply, with the passage highlighted
    first = browser.find_element("css selector", '.passage-hit a.reply')
    reply = first.text
    first.click()
    wait_for(browser, lambda d: f"#/question/{reply}" in d.current_url and d.find_elements("css selector", "mark#hl"),
             "the reply with the passage highlighted")
    assert "科技券" in browser.find_element("css selector", "mark#hl").text
    browser.back()

    # the entity it names opens the entity's page
    wait_for(browser, lambda d: d.find_elements("css selector", '.passage-entities a[data-id="scheme:tvp"]'),
             "the Technology Voucher Programme among the names of the hits")
    browser.find_element("css selector", '.passage-entities a[data-id="scheme:tvp"]').click()
    wait_for(browser, lambda d: "#/entity/scheme:tvp" in d.current_url
             and d.find_elements("css selector", ".entity-head h1"), "the entity page of scheme:tvp")
    assert js_errors(browser) == []


def test_what_the_reader_typed_is_shown_as_text_and_errors_are_shown(browser, api_url: str) -> None:
    open_page(browser, api_url, "#/passages")
    typed = '<img src=x onerror="window.__typed=1"> 科技券'
    browser.find_element("id", "passage-search").send_keys(typed)
    wait_for(browser, lambda d: "No passage says" in text_of(d, ".search-status"), "no passage for what was typed")
    assert typed in text_of(browser, ".search-status")  # as text: no element made of it, no script run
    assert not browser.find_elements("css selector", "main img")
    assert browser.execute_script("return window.__typed === undefined")

    open_page(browser, api_url, "#/passages?q=InnoHK&part=document")
    wait_for(browser, lambda d: d.find_elements("css selector", ".passage-hit"), "InnoHK in the press documents")
    assert {m.text.lower() for m in browser.find_elements("css selector", ".passage-snippet mark")} == {"innohk"}
    assert all(a.get_attribute("href").split("#")[1].startswith("/entity/doc:")
               for a in browser.find_elements("css selector", ".passage-hit a.passage-open"))
    assert browser.find_element("id", "passage-part").get_attribute("value") == "document"

    open_page(browser, api_url, "#/passages?q=%E3%80%8C%E3%80%8D")  # 「」: nothing to search for, a 400
    wait_for(browser, lambda d: d.find_elements("css selector", ".search-status .error"), "the API's 400 shown")
    assert "400" in text_of(browser, ".error") and "nothing to search for" in text_of(browser, ".error")
    assert js_errors(browser) == []
