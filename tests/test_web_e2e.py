"""The web page end to end: `kg serve` on 127.0.0.1 and headless Chromium (Debian's `chromium`
and `chromium-driver`, driven by selenium) at 1280×800.

The store holds examples/ and tests/fixtures/web/ (an article written for these tests, all of it
invented, that mentions Cuba). Screenshots are saved in tests/artifacts/ (gitignored).
Skipped, saying why, when Chromium or chromedriver is missing or the page is not built.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from kg import KnowledgeGraph
from kg.demo import read_dates
from tests.conftest import free_port, wait_for_http

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
FIXTURES = ROOT / "tests" / "fixtures" / "web"
TIMEOUT = 20


def _browser() -> tuple[str, str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.skip(
            "headless Chromium is not installed: apt-get install chromium chromium-driver "
            "(.ci/run does this)"
        )
    if not (ROOT / "api" / "static" / "index.html").exists():
        pytest.skip("the web page is not built: run `make web` (npm ci && npm run build in web/)")
    return chromium, driver


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Iterator[str]:
    _browser()
    location = tmp_path_factory.mktemp("web") / "store"
    with KnowledgeGraph(KnowledgeGraph.open(location).store, nlp=nlp) as graph:
        for folder in (ROOT / "examples", FIXTURES):
            dates = read_dates(folder)
            for path in sorted(folder.glob("*.txt")) + sorted(folder.glob("*.jsonl")):
                day = dates.get(path.name)
                report = graph.ingest(path, date=date.fromisoformat(day) if day else None)
                assert report.ok, report.failed
    kg = shutil.which("kg") or str(Path(sys.executable).parent / "kg")
    port = free_port()
    process = subprocess.Popen(
        [kg, "serve", "--store", str(location), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/health", timeout=60)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service

    chromium, driver_path = _browser()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(argument)
    options.add_argument("--window-size=1280,800")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        with pytest.MonkeyPatch.context() as env:
            env.setenv("SE_OFFLINE", "true")  # selenium must never try to download a driver
            driver = webdriver.Chrome(service=Service(driver_path), options=options)
    except WebDriverException as exc:
        pytest.skip(f"headless Chromium did not start: {exc.msg}")
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False},
    )
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        yield driver
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert not errors, errors
    finally:
        driver.quit()


def wait(driver: Any, condition: Callable[[Any], Any], what: str) -> Any:
    """``condition(driver)`` once it is truthy; the page re-renders, so stale or missing
    elements mean "not yet"."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    ignored = (NoSuchElementException, StaleElementReferenceException)
    return WebDriverWait(driver, TIMEOUT, ignored_exceptions=ignored).until(condition, what)


def css(driver: Any, selector: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def all_css(driver: Any, selector: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return list(driver.find_elements(By.CSS_SELECTOR, selector))


def shot(driver: Any, name: str) -> None:
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def canvas_painted(driver: Any, selector: str) -> bool:
    """Whether any canvas under ``selector`` has a non-transparent pixel."""
    return bool(
        driver.execute_script(
            """return [...document.querySelectorAll(arguments[0] + ' canvas')].some((c) => {
                 if (!c.width || !c.height) return false;
                 const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                 for (let i = 3; i < data.length; i += 4) if (data[i]) return true;
                 return false; });""",
            selector,
        )
    )


def test_search_opens_the_card(server: str, browser: Any) -> None:
    from selenium.webdriver.common.keys import Keys

    browser.get(server + "/")
    wait(browser, lambda d: all_css(d, "#articles-table tbody tr"), "the articles are listed")
    box = css(browser, "#search-q")
    box.send_keys("Cuba", Keys.ENTER)
    hits = wait(
        browser,
        lambda d: [a for a in all_css(d, "#search-results a") if "Cuba" in a.text],
        "a search result for Cuba",
    )
    shot(browser, "01-search-cuba")
    hits[0].click()
    wait(browser, lambda d: css(d, "#card-title").text == "Cuba", "Cuba's card")
    assert "#/entity/country/CU" in browser.current_url
    assert "Country" in [b.text for b in all_css(browser, ".types .badge")]
    same_as = css(browser, "#same-as a")
    assert same_as.get_attribute("href") == "https://www.wikidata.org/wiki/Q241"
    assert "Elena Marrero" in css(browser, "#entity-card").text  # represented by
    marks = [m.text for m in all_css(browser, "#mentions mark")]
    assert marks and set(marks) <= {"Cuba", "Cuban"}
    wait(browser, lambda d: all_css(d, "#card-statistics li"), "the statistics about Cuba")
    shot(browser, "02-card-cuba")


def test_network_is_drawn_and_nodes_open_cards(server: str, browser: Any) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support.ui import Select

    browser.get(server + "/#/entity/country/CU")
    for depth in (1, 2):
        expected = httpx.get(
            server + "/entities/country/CU/neighbours", params={"depth": depth}
        ).json()
        if depth == 2:
            Select(css(browser, "#depth")).select_by_value("2")
            wait(browser, lambda d: "depth=2" in d.current_url, "depth=2 in the address")
        nodes, edges = len(expected["nodes"]), len(expected["edges"])
        wait(
            browser,
            lambda d, n=nodes: css(d, "#network").get_attribute("data-node-count") == str(n),
            f"the network at depth {depth} with {nodes} nodes",
        )
        assert css(browser, "#network").get_attribute("data-edge-count") == str(edges)
        assert canvas_painted(browser, "#network")
        assert f"{nodes} nodes, {edges} relations" in css(browser, "#network-status").text
    shot(browser, "03-network-cuba-depth2")
    # click the node of Elena Marrero, who represents Cuba: her card opens
    x, y = browser.execute_script(
        """const cy = document.getElementById('network').kgNetwork;
           const p = cy.getElementById('person/elena-marrero').renderedPosition();
           return [p.x, p.y];"""
    )
    network = css(browser, "#network")
    size = network.size
    ActionChains(browser).move_to_element_with_offset(
        network, int(x - size["width"] / 2), int(y - size["height"] / 2)
    ).click().perform()
    wait(browser, lambda d: css(d, "#card-title").text == "Elena Marrero", "Elena Marrero's card")
    assert "Foreign Minister, Cuba" in css(browser, "#role").text
    assert "Cuba" in css(browser, "#represents").text
    quotes = [q.text for q in all_css(browser, "figure.quote blockquote")]
    assert any("Tourism is the bridge" in q for q in quotes)
    wait(browser, lambda d: css(d, "#network").get_attribute("data-node-count"), "her network")
    shot(browser, "04-card-elena-marrero")


def test_source_sentence_links_to_the_article(server: str, browser: Any) -> None:
    browser.get(server + "/#/entity/country/CU")
    link = wait(browser, lambda d: all_css(d, "#mentions .article-link"), "a source sentence")[0]
    link.click()
    mark = wait(browser, lambda d: css(d, "#highlight"), "the highlighted mention")
    assert mark.text in {"Cuba", "Cuban"}
    assert "start=" in browser.current_url
    shot(browser, "05-article-highlight")


def test_sparql_saved_query_shows_rows(server: str, browser: Any) -> None:
    from selenium.webdriver.support.ui import Select

    browser.get(server + "/#/sparql")
    wait(browser, lambda d: all_css(d, "#saved-query option[value=roles]"), "the saved queries")
    Select(css(browser, "#saved-query")).select_by_value("roles")
    wait(browser, lambda d: "kg:Role" in css(d, ".cm-content").text, "the query in the editor")
    # the SPARQL mode highlights: keywords and variables get their own token classes
    assert len({s.get_attribute("class") for s in all_css(browser, ".cm-content span")}) >= 3
    css(browser, "#run-query").click()
    rows = wait(browser, lambda d: all_css(d, "#results-table tbody tr"), "result rows")
    expected = httpx.get(server + "/queries/roles", params={"limit": 1000}).json()["total"]
    assert len(rows) == expected > 0
    assert any("Elena Marrero" in r.text for r in rows)
    assert f"{expected} rows" in css(browser, "#query-status").text
    assert css(browser, "#download-csv").is_enabled()
    shot(browser, "06-sparql-roles")
    # a saved query with a parameter: bound from the form
    Select(css(browser, "#saved-query")).select_by_value("provenance")
    css(browser, "#param-entity").send_keys("country/CU")
    css(browser, "#run-query").click()
    wait(
        browser,
        lambda d: (
            "rows" in css(d, "#query-status").text
            and any("Havana" in r.text or "Cuba" in r.text for r in all_css(d, "#results-table tr"))
        ),
        "provenance rows for Cuba",
    )


def test_statistics_view(server: str, browser: Any) -> None:
    browser.get(server + "/#/statistics")
    rows = wait(browser, lambda d: all_css(d, "#stats-table tbody tr"), "statistics rows")
    expected = httpx.get(server + "/statistics", params={"limit": 1000}).json()["total"]
    assert len(rows) == expected > 0
    wait(browser, lambda d: canvas_painted(d, ".chart"), "the chart")
    shot(browser, "07-statistics")
    css(browser, "#stat-about").send_keys("visitors")
    css(browser, "#stat-about").submit()
    wait(
        browser,
        lambda d: (
            "about=visitors" in d.current_url
            and 0 < len(all_css(d, "#stats-table tbody tr")) < expected
        ),
        "the statistics about visitors",
    )
    assert "2.4 million" in css(browser, "#stats-table").text
