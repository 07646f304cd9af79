"""The dashboard in real headless Chromium (Debian's package), driven by Playwright."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the server extra is not installed: pip install '.[server]'")
uvicorn = pytest.importorskip("uvicorn", reason="uvicorn is not installed: pip install '.[server]'")
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed: pip install playwright"
)
CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium: apt-get install -y chromium", allow_module_level=True)

from dragoman.server import create_app  # noqa: E402

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "dashboard.png"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def _serving(app: Any) -> Iterator[str]:
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def seed_url(seed_db: Path, pipeline: Any) -> Iterator[str]:
    with _serving(create_app(seed_db, pipeline_factory=lambda: pipeline)) as url:
        yield url


@pytest.fixture(scope="module")
def full_url(full_db: Path, pipeline: Any) -> Iterator[str]:
    with _serving(create_app(full_db, pipeline_factory=lambda: pipeline)) as url:
        yield url


class Watched:
    """A page whose console errors, page errors and off-server requests are recorded."""

    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.problems: list[str] = []
        self.elsewhere: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        page.on("pageerror", lambda error: self.problems.append(str(error)))
        page.on(
            "request",
            lambda r: r.url.startswith((base, "data:")) or self.elsewhere.append(r.url),
        )

    def open(self, url: str) -> Any:
        self.page.goto(url)
        self.page.wait_for_selector("body[data-ready=yes]", timeout=20_000)
        return self.page

    def assert_clean(self) -> None:
        assert self.problems == []
        assert self.elsewhere == []


@contextmanager
def _page(browser: Any, base: str, *, bypass_csp: bool = False) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=bypass_csp)
    try:
        yield Watched(context.new_page(), base)
    finally:
        context.close()


def _until(page: Any, expression: str, timeout: float = 10.0) -> None:
    """Poll ``expression`` (Playwright's wait_for_function evaluates strings, which our
    content security policy forbids)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout}s: {expression}")
        time.sleep(0.05)


def _open_evidence(page: Any, words: str, rows: int = 1) -> Any:
    page.fill("#filters input[name=q]", words)
    page.click("#filters button[type=submit]")
    _until(page, f"document.querySelectorAll('#events tr.event-row').length === {rows}")
    page.click("#events tr.event-row")
    return page.locator("#events tr.detail:not([hidden])")


def test_dashboard_on_the_founding_article(browser, seed_url):
    with _page(browser, seed_url) as watched:
        page = watched.open(seed_url)
        labels = page.evaluate("dragoman.cy.nodes().map(node => node.data('label'))")
        assert {"Iraq", "Qatar"} <= set(labels)
        assert "Iraq → Qatar" in page.inner_text("#dyads")
        assert page.locator("#map path.country").count() > 150
        assert page.locator("#map circle.event-point").count() >= 3
        assert "Doha" in page.evaluate(
            "[...document.querySelectorAll('#map circle title')].map(t => t.textContent).join()"
        )

        # a real click on the Iraq -> Qatar edge of the network canvas
        point = page.evaluate("dragoman.cy.getElementById('IRQ>QAT').renderedMidpoint()")
        box = page.locator("#network").bounding_box()
        page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        _until(page, "dragoman.timeline !== null")
        assert page.input_value("#dyad-form input[name=a]") == "IRQ"
        caption = page.inner_text("#timeline-caption")
        assert caption.startswith("Iraq ⇄ Qatar") and "3 events Iraq → Qatar" in caption
        bars = page.evaluate("dragoman.timeline.data.datasets.map(d => d.data)")
        assert sum(bars[0]) == 3 and sum(bars[1]) == 2

        detail = _open_evidence(page, "first met with")
        assert detail.locator("mark[data-role=source]").inner_text() == "al-Qanemi"
        assert detail.locator("mark[data-role=trigger]").inner_text() == "met with"
        assert detail.locator("mark[data-role=target]").inner_text().startswith("Qatari Prime")

        page.fill("#filters input[name=q]", "")
        page.click("#filters button[type=submit]")
        _until(page, "document.querySelectorAll('#events tr.event-row').length > 10")
        page.click("#dyads button[data-dyad='IRQ-QAT']")
        _until(page, "dragoman.timeline.data.labels.length > 0")
        page.locator("#events tr.event-row", has_text="Khalid bin Khalifa").click()
        page.evaluate("window.scrollTo(0, 0)")
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
        watched.assert_clean()


def test_article_view_marks_the_events(browser, seed_url):
    with _page(browser, seed_url) as watched:
        page = watched.open(seed_url)
        detail = _open_evidence(page, "first met with")
        detail.locator("a", has_text="open article").click()
        page.wait_for_selector("#article-text mark")
        assert page.locator("#dashboard").is_hidden()
        assert page.inner_text("#article-title") == "Iraq's Interior Minister in Doha"
        marks = page.locator("#article-text mark").all_inner_texts()
        assert "al-Qanemi" in marks and "met with" in marks
        assert "Iraq's Interior Minister Othman al-Qanemi" in page.inner_text("#article-text")
        watched.assert_clean()


def test_pasted_text_is_coded(browser, seed_url):
    with _page(browser, seed_url) as watched:
        page = watched.open(seed_url)
        page.fill("#code-form textarea", "Saudi Arabia imposed sanctions on Qatar.")
        page.click("#code-form button[type=submit]")
        page.wait_for_selector("#code-results li")
        assert "Impose embargo" in page.inner_text("#code-results")
        assert page.locator("#code-results mark[data-role=source]").inner_text() == "Saudi Arabia"
        watched.assert_clean()


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "without-csp"])
def test_script_payloads_stay_text(browser, full_url, bypass_csp):
    """Without the content security policy too: the page itself never parses data as HTML."""
    with _page(browser, full_url, bypass_csp=bypass_csp) as watched:
        page = watched.open(full_url)
        detail = _open_evidence(page, "border security", rows=1)
        assert "<script>window.__xss=1</script>" in detail.inner_text()
        assert '<img src=x onerror="window.__xss=1">' in detail.inner_text()
        page.goto(full_url + "#articles")
        page.locator("#articles-table a", has_text="Qatar and Iraq talk").click()
        page.wait_for_selector("#article-text mark")
        assert page.inner_text("#article-title").startswith('<img src=x onerror="window.__xss=1">')
        assert "<script>window.__xss=1</script>" in page.inner_text("#article-text")
        assert "<b onmouseover" in page.inner_text("#article-meta")
        page.goto(full_url)
        page.wait_for_selector("body[data-ready=yes]")
        page.fill("#code-form textarea", page.evaluate("document.title") + "\n" + _payload())
        page.click("#code-form button[type=submit]")
        page.wait_for_selector("#code-results li")
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert page.locator("img").count() == 0 and page.locator("script:not([src])").count() == 0
        assert page.locator("a[href^='javascript']").count() == 0
        watched.assert_clean()


def _payload() -> str:
    from tests.server.articles import XSS_TEXT

    return XSS_TEXT


def test_api_docs_work_offline(browser, seed_url):
    with _page(browser, seed_url) as watched:
        page = watched.page
        page.goto(seed_url + "docs")
        page.wait_for_selector(".opblock-summary-path", timeout=20_000)
        assert "/api/events" in page.inner_text("#swagger-ui")
        watched.assert_clean()
