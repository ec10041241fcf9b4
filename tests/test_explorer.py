"""The web explorer (api/static/), driven in a real headless Chromium over the loaded corpus.

Needs Debian's `chromium` and `chromium-driver` (apt-get install chromium chromium-driver fonts-noto-cjk) and
Selenium; without them the browser tests skip and say so. No browser or driver is ever downloaded: Selenium
Manager is switched off and both binaries are given explicitly.

Screenshots go to a temporary folder, or to $INNOGRAPH_SCREENSHOTS when set:
    INNOGRAPH_SCREENSHOTS=docs/screenshots python -m pytest tests/test_explorer.py
refreshes the ones in docs/explorer.md.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph.store import Store
from tests.conftest import serving

API_KEY = "explorer-test-key"

WAIT = 30  # seconds: the first search or neighbourhood query of a session may be slow on a cold store


# --- the server side: no browser needed -----------------------------------------------------------------------------


def test_index_and_static_files_are_served(api_url: str) -> None:
    page = httpx.get(f"{api_url}/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'src="static/app.js"' in page.text
    for path, media in (("static/app.js", "text/javascript"), ("static/app.css", "text/css"),
                        ("static/lib/graph.js", "text/javascript"),
                        ("static/vendor/cytoscape.esm.min.js", "text/javascript")):
        response = httpx.get(f"{api_url}/{path}")
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith(media), (path, response.headers["content-type"])
    for outside in ("static/../routers/explorer.py", "static/%2e%2e/app.py", "static/%2e%2e/%2e%2e/pyproject.toml",
                    "static/nope.js"):
        assert httpx.get(f"{api_url}/{outside}").status_code == 404, outside
    assert "/static/{path}" not in httpx.get(f"{api_url}/openapi.json").text  # not part of the API's schema


# --- the browser ----------------------------------------------------------------------------------------------------


def wait_for(driver, condition, what: str, timeout: float = WAIT):
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: condition(d))
    except TimeoutException:
        errors = driver.find_elements("css selector", ".error")
        shown = "; ".join(e.text for e in errors) or driver.find_element("css selector", "main").text[:500]
        raise AssertionError(f"timed out waiting for {what}; the page shows: {shown}") from None


def open_page(driver, api_url: str, route: str) -> None:
    """Load the explorer fresh at `route` (a hash like #/entity/scheme:gsps) and wait for the route to render."""
    driver.get("about:blank")
    driver.get(f"{api_url}/{route}")
    wait_for(driver, lambda d: d.execute_script("return !!(window.__explorer && window.__explorer.ready)"),
             f"the explorer to render {route}")


def text_of(driver, css: str) -> str:
    return "\n".join(e.text for e in driver.find_elements("css selector", css))


def js_errors(driver) -> list[str]:
    """Errors the page logged, other than the HTTP errors a test provokes on purpose."""
    return [entry["message"] for entry in driver.get_log("browser")
            if entry["level"] == "SEVERE" and "Failed to load resource" not in entry["message"]]


def settle_graph(driver, name: str) -> None:
    wait_for(driver, lambda d: d.execute_script(
        f"const g = window.__explorer.graphs[{name!r}]; return !!g && g.counts().nodes > 0 && !g.busy()"),
        f"the {name} graph to finish its layout")


def node_point(driver, name: str, node_id: str) -> tuple[float, float]:
    """Where a node is drawn, in viewport coordinates (its canvas' corner + the node's rendered position)."""
    x, y = driver.execute_script(
        """const cy = window.__explorer.graphs[arguments[0]].cy, node = cy.getElementById(arguments[1]);
           if (node.empty()) return [null, null];
           const box = cy.container().getBoundingClientRect(), p = node.renderedPosition();
           return [box.left + p.x, box.top + p.y];""", name, node_id)
    assert x is not None, f"{node_id} is not in the {name} graph"
    return x, y


def click_at(driver, x: float, y: float, double: bool = False) -> None:
    from selenium.webdriver.common.actions.action_builder import ActionBuilder

    actions = ActionBuilder(driver)
    actions.pointer_action.move_to_location(int(x), int(y)).click()
    if double:
        actions.pointer_action.pause(0.05).click()
    actions.perform()


def pick_from_search(driver, input_css: str, query: str, hit_id: str) -> None:
    box = driver.find_element("css selector", input_css)
    box.clear()
    box.send_keys(query)
    hit = f'.search-hit[data-id="{hit_id}"]'
    wait_for(driver, lambda d: d.find_elements("css selector", hit), f"{hit_id} among the hits for {query}")
    driver.find_element("css selector", hit).click()


def test_search_lists_hits_with_badges_and_both_names(browser, api_url: str, shots: Path) -> None:
    open_page(browser, api_url, "#/")
    browser.find_element("id", "main-search").send_keys("港投")
    wait_for(browser, lambda d: "香港投資管理有限公司" in text_of(d, ".search-results"),
             "港投 to find 香港投資管理有限公司")
    hit = browser.find_element("css selector", '.search-hit[data-id="company:hkic"]')
    assert "Company" in hit.find_element("css selector", ".badge").text
    assert "Hong Kong Investment Corporation Limited" in hit.text  # the English name beside the zh one
    assert "港投公司" in hit.text  # the alias that matched
    assert "search?q=" in browser.current_url  # the query is in the address, for the back button
    browser.save_screenshot(str(shots / "explorer-search.png"))

    hit.click()  # a hit opens its entity page
    wait_for(browser, lambda d: "#/entity/company:hkic" in d.current_url
             and d.find_elements("css selector", ".entity-head h1"), "the entity page of company:hkic")
    assert browser.find_element("css selector", ".entity-head h1").text == "香港投資管理有限公司"
    assert js_errors(browser) == []


def test_entity_page_shows_properties_aliases_and_quotes(browser, api_url: str, shots: Path) -> None:
    open_page(browser, api_url, "#/entity/scheme:techconnect")
    wait_for(browser, lambda d: "9,414萬元" in text_of(d, ".sources blockquote"),
             "the quote behind the 9,414萬元 estimate")
    head = text_of(browser, ".entity-head")
    # its name, English name and an alias
    assert "科技統籌(整體撥款)" in head and "TechConnect (Block Vote)" in head and "科技統籌計劃" in head
    assert "administered_by" in text_of(browser, ".props")
    sources = browser.find_element("css selector", ".sources")
    assert "ITIB002" in [a.text for a in sources.find_elements("css selector", "a.reply")]  # the reply no.
    # the source document, by title once it has been looked up
    wait_for(browser, lambda d: "審核2025-26年度開支預算" in text_of(d, ".sources .doc"), "the source document's title")
    settle_graph(browser, "entity")
    browser.save_screenshot(str(shots / "explorer-entity.png"))

    # a reply number opens the reply, with the quoted sentence highlighted
    sources.find_element("css selector", "a.reply").click()
    wait_for(browser, lambda d: d.find_elements("css selector", "mark#hl"), "the reply with its quote highlighted")
    assert "ITIB002" in browser.find_element("css selector", "h1").text
    assert js_errors(browser) == []


def test_graph_expands_on_click_and_opens_on_double_click(browser, api_url: str, shots: Path) -> None:
    open_page(browser, api_url, "#/graph/scheme:techconnect")
    settle_graph(browser, "main")
    before = browser.execute_script("return window.__explorer.graphs.main.counts().nodes")
    assert int(browser.find_element("css selector", ".graph-count").get_attribute("data-nodes")) == before
    labels = browser.execute_script("return window.__explorer.graphs.main.labels()")
    assert {"Scheme", "Bureau", "Department"} <= set(labels)

    click_at(browser, *node_point(browser, "main", "bureau:itib"))  # one click: expand the bureau
    wait_for(browser, lambda d: d.execute_script("return window.__explorer.graphs.main.counts().nodes") > before,
             "bureau:itib's neighbours to be added")
    settle_graph(browser, "main")
    after = browser.execute_script("return window.__explorer.graphs.main.counts().nodes")
    assert after > before
    assert f"{after} nodes" in browser.find_element("css selector", ".graph-count").text
    assert browser.execute_script(
        "return window.__explorer.graphs.main.cy.getElementById('bureau:itib').hasClass('expanded')")
    assert "創新科技及工業局" in text_of(browser, ".graph-side")  # the clicked node is described beside the graph
    assert "null" not in text_of(browser, ".graph-side")  # properties it lacks are left out, not shown as "null"
    browser.execute_script("window.__explorer.graphs.main.fit()")
    time.sleep(0.5)
    browser.save_screenshot(str(shots / "explorer-graph.png"))

    click_at(browser, *node_point(browser, "main", "dept:hkpf"), double=True)  # double click: open its page
    wait_for(browser, lambda d: "#/entity/dept:hkpf" in d.current_url, "the double click to open dept:hkpf")
    wait_for(browser, lambda d: "香港警務處" in text_of(d, ".entity-head h1"), "the page of 香港警務處")
    assert js_errors(browser) == []


def test_path_finder_draws_and_lists_paths_with_quotes(browser, api_url: str, shots: Path) -> None:
    open_page(browser, api_url, "#/path")
    pick_from_search(browser, "#path-from", "陳振英", "legislator:陳振英")
    pick_from_search(browser, "#path-to", "大學教育資助委員會", "inst:ugc")
    wait_for(browser, lambda d: d.find_elements("css selector", ".path-list .path"), "a path from 陳振英 to the UGC")
    assert "from=legislator" in browser.current_url and "to=inst" in browser.current_url
    first = browser.find_element("css selector", ".path-list .path")
    assert "陳振英" in first.text and "大學教育資助委員會" in first.text
    assert "ASKED" in first.text and "MENTIONS" in first.text
    assert first.find_elements("css selector", ".quote blockquote")  # each step's sentence
    assert "ITIB001" in first.text
    settle_graph(browser, "path")
    assert browser.execute_script("return window.__explorer.graphs.path.counts().nodes") >= 3
    browser.save_screenshot(str(shots / "explorer-path.png"))
    assert js_errors(browser) == []


def test_funding_view_lists_flows_and_charts_each_amount_type_apart(browser, api_url: str, shots: Path) -> None:
    open_page(browser, api_url, "#/funding/scheme:techconnect")
    wait_for(browser, lambda d: d.find_elements("css selector", "table.facts tr.fact"),
             "the funding flows of TechConnect")
    rows = [r.text for r in browser.find_elements("css selector", "table.facts tr.fact")]
    assert any("94,140,000" in r or "9,414萬元" in r for r in rows), rows
    # ITIB152 names the departments funded without their amounts: listed as such, never charted or totalled
    assert any("not stated" in r and "漁農自然護理署" in r for r in rows), rows
    assert "flows named without their amounts" in text_of(browser, ".chart-note")
    panels = browser.find_elements("css selector", ".chart-panel")
    kinds = {(p.get_attribute("data-type"), p.get_attribute("data-direction")) for p in panels}
    assert ("estimate", "in") in kinds and ("approved", "out") in kinds and ("revised_estimate", "in") in kinds
    assert ("average", "in") not in kinds  # ITIB243's yearly average is a figure about the scheme, not a flow

    def bars(kind: str, direction: str) -> dict[str, int]:
        panel = browser.find_element("css selector", f'.chart-panel[data-type="{kind}"][data-direction="{direction}"]')
        return {b.get_attribute("data-year"): int(b.get_attribute("data-total"))
                for b in panel.find_elements("css selector", "g.bar")}

    # ITIB002's table of programme (2): 「科技統籌(整體撥款) 119.7 86.0」 — the 2024-25 estimate and revised estimate
    # received, each in its own panel, never added together
    assert bars("estimate", "in")["2024-25"] == 119_700_000
    assert bars("revised_estimate", "in") == {"2024-25": 86_000_000}
    # ITIB002's annex 「2025-26年度獲資助之科技項目」: the projects approved, 7.5+5.8+5.6+5.4+2.5+2.0+1.4 百萬元
    assert bars("approved", "out") == {"2025-26": 30_200_000}
    totals = text_of(browser, "table.totals")  # per type and direction, over the years: the 7 projects given out
    assert "7 30,200,000" in totals and "1 86,000,000" in totals
    assert "1 figure about it alone" in text_of(browser, ".flows-note")  # ITIB243's average: on the entity's page
    browser.save_screenshot(str(shots / "explorer-funding.png"))

    # a filter is a new address, and the API applies it
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", "funding-type")).select_by_value("revised_estimate")
    wait_for(browser, lambda d: "type=revised_estimate" in d.current_url
             and d.find_elements("css selector", "table.facts tr.fact")
             and all("revised_estimate" in r.text for r in d.find_elements("css selector", "table.facts tr.fact")),
             "only revised estimates")
    assert js_errors(browser) == []


def test_entity_page_lists_the_figures_about_it_by_year_and_type(browser, api_url: str, shots: Path) -> None:
    """ITIB091 annex 二: 應科院's 「營運開支(百萬元) 170.2 174 181.8 186.5 202.1」 and 「來自業界及其他收入(百萬元) 117
    65.5 121.9 112.6 154」 for 2019-20 … 2023-24: figures about the institute, by year, each with its table cell."""
    open_page(browser, api_url, "#/entity/inst:astri")
    wait_for(browser, lambda d: d.find_elements("css selector", "#figures tr.figure"), "the figures about ASTRI")
    expected = httpx.get(f"{api_url}/entities/inst:astri/figures").json()
    rows = browser.find_elements("css selector", "#figures tr.figure")
    assert [r.get_attribute("data-id") for r in rows] == [f["id"] for f in expected["figures"]]
    years = [y.get_attribute("data-year") for y in browser.find_elements("css selector", "#figures .figure-year")]
    assert years == ["2023-24", "2022-23", "2021-22", "2020-21", "2019-20"]
    latest = browser.find_element("css selector", '#figures .figure-year[data-year="2023-24"]').text
    assert "202.1 (百萬元)" in latest and "營運開支(百萬元) · 2023-24" in latest and "ITIB091" in latest
    assert "營運開支(百萬元) 170.2 174 181.8 186.5 202.1" in text_of(browser, "#figures blockquote")
    button = next(b for b in browser.find_elements("css selector", ".entity-head button") if "Figures" in b.text)
    assert f"({expected['total']})" in button.text
    browser.execute_script("document.getElementById('figures').scrollIntoView()")
    browser.save_screenshot(str(shots / "explorer-figures.png"))

    # one kind at a time: income
    browser.find_element("css selector", '#figures button.chip[data-type="income"]').click()
    shown = browser.find_elements("css selector", "#figures tr.figure")
    assert shown and {r.get_attribute("data-type") for r in shown} == {"income"}
    assert "154 (百萬元)" in text_of(browser, '#figures .figure-year[data-year="2023-24"]')

    # ITIB074's cash flow by year, its last row 「2028-29及以後 2,100」 for that year and after, then the total
    open_page(browser, api_url, "#/entity/scheme:lhri_scheme")
    wait_for(browser, lambda d: d.find_elements("css selector", "#figures tr.figure"), "the scheme's cash flow")
    headings = [e.text for e in browser.find_elements("css selector", "#figures .figure-year h3")]
    assert headings[0].startswith("2028-29 and after") and headings[-1].startswith("Year not stated")

    # TechConnect: its flows (funding) apart from the one figure about it, ITIB243's yearly average, of no stated year
    open_page(browser, api_url, "#/entity/scheme:techconnect")
    wait_for(browser, lambda d: d.find_elements("css selector", "#figures tr.figure"), "the figure about TechConnect")
    figure = text_of(browser, "#figures")
    assert "8,300萬元" in figure and "per year" in figure and "Year not stated" in figure
    assert "每年平均約8,300萬元" in text_of(browser, "#figures blockquote")
    assert any("Funding flows" in a.text for a in browser.find_elements("css selector", ".entity-head a.button"))
    assert js_errors(browser) == []


def test_a_figure_node_in_the_graph_shows_its_value_type_year_and_quote(browser, api_url: str, shots: Path) -> None:
    open_page(browser, api_url, "#/graph/scheme:techconnect")
    settle_graph(browser, "main")
    figure_id = browser.execute_script(
        "return window.__explorer.graphs.main.cy.nodes().filter((n) => n.data('label') === 'Figure')"
        ".map((n) => n.id())[0]")
    assert figure_id and figure_id.startswith("figure:scheme:techconnect:average:")
    click_at(browser, *node_point(browser, "main", figure_id))
    wait_for(browser, lambda d: d.find_elements("css selector", ".graph-side .figure-card"), "the figure's card")
    side = text_of(browser, ".graph-side")
    assert "8,300萬元" in side and "HK$83,000,000" in side and "average" in side and "per year" in side
    assert "not stated" in side and "2025-26 document" in side  # the year: none stated, in a 2025-26 reply
    assert "每年平均約8,300萬元" in text_of(browser, ".graph-side blockquote")
    assert "ITIB243" in side and "科技統籌(整體撥款)" in side  # its reply, and what it is about
    browser.save_screenshot(str(shots / "explorer-figure-node.png"))
    assert js_errors(browser) == []


def test_a_selected_edge_or_question_shows_the_text_fetched_for_it(browser, api_url: str) -> None:
    """Neighbourhoods leave out quotes and reply texts; selecting an edge or a question fetches them."""
    open_page(browser, api_url, "#/graph/scheme:techconnect")
    settle_graph(browser, "main")
    edge_id, question_id = browser.execute_script(
        """const cy = window.__explorer.graphs.main.cy;
           return [cy.edges('[type = "FUNDS"]').map((e) => e.id())[0],
                   cy.nodes('[label = "Question"]').map((n) => n.id())[0]];""")
    assert "quote" not in browser.execute_script(
        "return window.__explorer.graphs.main.cy.getElementById(arguments[0]).data('props')", edge_id)
    quote = httpx.get(f"{api_url}/relationships/{edge_id}").json()["relationships"][0]["properties"]["quote"]
    browser.execute_script("window.__explorer.graphs.main.cy.getElementById(arguments[0]).select()", edge_id)
    wait_for(browser, lambda d: quote in text_of(d, ".graph-side blockquote"), "the quote of the selected edge")
    assert "FUNDS" in text_of(browser, ".graph-side")

    question = httpx.get(f"{api_url}/entities/{question_id}", params={"sources": 0}).json()["properties"]
    browser.execute_script("const cy = window.__explorer.graphs.main.cy; cy.elements().unselect();"
                           "cy.getElementById(arguments[0]).select()", question_id)
    wait_for(browser, lambda d: question["question_text"][:20] in text_of(d, ".graph-side .excerpt"),
             "the first lines of the selected question")
    assert js_errors(browser) == []


def test_errors_are_shown_not_swallowed(browser, api_url: str) -> None:
    open_page(browser, api_url, "#/entity/scheme:no-such-scheme")
    wait_for(browser, lambda d: d.find_elements("css selector", ".error"), "an error for a missing entity")
    assert "404" in text_of(browser, ".error") and "no node scheme:no-such-scheme" in text_of(browser, ".error")

    open_page(browser, api_url, "#/path?from=legislator:陳振英&to=inst:no-such-thing")
    wait_for(browser, lambda d: d.find_elements("css selector", ".error"), "an error for a missing path end")
    assert "inst:no-such-thing" in text_of(browser, ".error")

    open_page(browser, api_url, "#/")
    browser.find_element("id", "main-search").send_keys("zzzzqqq")
    wait_for(browser, lambda d: "No entity matches" in text_of(d, ".search-results"), "an empty search to say so")

    open_page(browser, api_url, "#/nowhere")
    assert "no page" in text_of(browser, ".error")
    assert js_errors(browser) == []


# --- the API docs, offline, and the explorer with an API key ------------------------------------------------------


@pytest.fixture(scope="module")
def keyed_api_url(corpus_store: Store) -> Iterator[str]:
    """A second server over the corpus, this one requiring an API key."""
    from api.app import create_app

    with serving(create_app(corpus_store, api_key=API_KEY)) as url:
        yield url


def test_docs_render_offline_and_authorize_with_the_key(browser, keyed_api_url: str, shots: Path) -> None:
    """Swagger UI and ReDoc come from the API itself: with no network but 127.0.0.1 (CHROMIUM_FLAGS) they render
    (they were blank: their scripts came from a CDN). With a key, the docs open without it and "Authorize" takes it."""
    browser.get(f"{keyed_api_url}/docs")
    wait_for(browser, lambda d: len(d.find_elements("css selector", ".opblock")) >= 10, "Swagger UI's operations")
    assert "innograph" in browser.find_element("css selector", ".info .title").text
    browser.find_element("css selector", "button.authorize").click()
    wait_for(browser, lambda d: d.find_elements("css selector", ".auth-container input"), "the Authorize dialog")
    assert "X-API-Key" in text_of(browser, ".auth-container")
    browser.find_element("css selector", ".auth-container input").send_keys(API_KEY)
    browser.find_element("css selector", ".auth-container button.authorize").click()
    browser.find_element("css selector", "button.btn-done").click()

    # try /stats from the docs: Swagger sends the key, the API answers 200
    stats = browser.find_element("css selector", "#operations-meta-stats_stats_get")
    stats.find_element("css selector", ".opblock-summary").click()
    wait_for(browser, lambda d: stats.find_elements("css selector", "button.try-out__btn"), "Try it out")
    stats.find_element("css selector", "button.try-out__btn").click()
    stats.find_element("css selector", "button.execute").click()
    status = ".live-responses-table tr.response .response-col_status"
    wait_for(browser, lambda d: stats.find_elements("css selector", status), "the answer to GET /stats")
    assert stats.find_element("css selector", status).text.startswith("200")
    browser.save_screenshot(str(shots / "docs-offline.png"))

    browser.get(f"{keyed_api_url}/redoc")
    wait_for(browser, lambda d: "Run a read-only Cypher query" in d.find_element("tag name", "body").text,
             "ReDoc's operations")


def answer_key_form(driver, key: str) -> None:
    wait_for(driver, lambda d: d.find_elements("css selector", "dialog[open] #api-key-form"), "the API key form")
    field = driver.find_element("css selector", "#api-key-form input")
    field.clear()
    field.send_keys(key)
    driver.find_element("css selector", '#api-key-form button[type="submit"]').click()


def test_the_explorer_asks_for_the_key_once_and_sends_it(browser, keyed_api_url: str, shots: Path) -> None:
    """Was: 401 for the page itself. Now the page loads, the first call that answers 401 opens a small form, a
    wrong key asks again, and the key is kept for the tab (sessionStorage) and sent as X-API-Key on every call."""
    browser.get("about:blank")
    browser.get(f"{keyed_api_url}/#/")
    browser.execute_script("sessionStorage.clear()")
    browser.refresh()
    answer_key_form(browser, "not-the-key")
    wait_for(browser, lambda d: "refused" in text_of(d, "#api-key-form"), "the form to say the key was refused")
    browser.save_screenshot(str(shots / "explorer-api-key.png"))
    answer_key_form(browser, API_KEY)
    wait_for(browser, lambda d: "nodes" in text_of(d, ".stats"), "the graph's counts, fetched with the key")
    assert browser.execute_script("return sessionStorage.getItem('innograph.apiKey')") == API_KEY

    browser.find_element("id", "main-search").send_keys("港投")
    wait_for(browser, lambda d: "香港投資管理有限公司" in text_of(d, ".search-results"),
             "港投 to find 香港投資管理有限公司")
    browser.find_element("css selector", '.search-hit[data-id="company:hkic"]').click()
    wait_for(browser, lambda d: "香港投資管理有限公司" in text_of(d, ".entity-head h1"),
             "the entity page, with the key")
    assert not browser.find_elements("css selector", "dialog[open]")  # asked once: not again for these calls

    browser.refresh()  # the tab keeps the key: no form this time
    wait_for(browser, lambda d: "香港投資管理有限公司" in text_of(d, ".entity-head h1"), "the page, reloaded")
    assert not browser.find_elements("css selector", "dialog[open]")
    assert js_errors(browser) == []


def test_the_browse_tabs_come_from_the_model(browser, api_url: str) -> None:
    """One tab per entity label with a list in the API (its plural in data/model.yaml), then the legislators."""
    open_page(browser, api_url, "#/browse/schemes")
    wait_for(browser, lambda d: "大學科技初創企業資助計劃" in text_of(d, "table.data"), "the list of schemes")
    tabs = [a.get_attribute("href").split("#/browse/")[1] for a in browser.find_elements("css selector", "nav.tabs a")]
    assert tabs == ["bureaus", "departments", "schemes", "institutions", "companies", "legislators"]
    assert "計劃" in text_of(browser, "h1")
    open_page(browser, api_url, "#/browse/programmes")  # no list for a label that is not an entity
    wait_for(browser, lambda d: "No list" in text_of(d, ".error"), "the error for an unknown list")
    assert js_errors(browser) == []
