"""End to end in a real headless Chromium: Playwright drives Debian's chromium against
``streamlit run app.py`` on a free loopback port.

Under ``CI=true`` the test must run: a missing chromium or playwright is a failure. Elsewhere
they may be missing, and the test is skipped.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from r57_mcda.i18n import t
from r57_mcda.spec import WeightSpec
from tests.helpers.app import expected_ranking, names, sample
from tests.helpers.browser import (
    UI_TIMEOUT_MS,
    chromium_browser,
    go,
    idle,
    new_page,
    streamlit_server,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``streamlit run app.py`` on a free loopback port; its base URL."""
    with streamlit_server(tmp_path_factory.mktemp("streamlit")) as url:
        yield url


@pytest.fixture(scope="module")
def browser_page() -> Iterator[Any]:
    """A Chromium page (tall viewport: Streamlit scrolls inside its own container)."""
    with chromium_browser() as browser:
        page = new_page(browser)
        try:
            yield page
        finally:
            page.context.close()


def _preview(page: Any) -> list[str]:
    """Technology names in the weights page's live ranking, best first."""
    rows = page.locator("[data-testid=stTable] tbody tr")
    return [rows.nth(i).locator("td").nth(1).inner_text().strip() for i in range(rows.count())]


def _first_row_is(page: Any, technology: str) -> None:
    """Wait until the server has drawn the live ranking with ``technology`` first."""
    first = page.locator("[data-testid=stTable] tbody tr").first
    first.filter(has_text=technology).wait_for(timeout=UI_TIMEOUT_MS)
    idle(page)


def test_weights_ranking_monte_carlo_and_report(
    browser_page: Any, server: str, tmp_path: Path
) -> None:
    page = browser_page
    label = names()
    default = [label[x] for x in expected_ranking().order()[:10]]
    values = {c.id: float(c.weight or 0.0) for c in sample().criteria.criteria}
    moved = expected_ranking(WeightSpec(source="direct", values={**values, "autonomy": 0.5}))
    after = [label[x] for x in moved.order()[:10]]
    assert after != default

    page.goto(f"{server}/weights", timeout=UI_TIMEOUT_MS)
    _first_row_is(page, default[0])
    assert _preview(page) == default

    # The slider's top is 0.5: End moves it there from the keyboard; the server re-ranks.
    slider = (
        page.locator("[data-testid=stSlider]")
        .filter(has_text=sample().criteria["autonomy"].label("en"))
        .get_by_role("slider")
    )
    slider.focus()
    slider.press("End")
    _first_row_is(page, after[0])
    assert _preview(page) == after
    page.screenshot(path=str(tmp_path / "weights.png"))

    go(page, t("page_sensitivity", "en"))
    draws = page.get_by_role("spinbutton", name=t("mc_draws", "en"))
    draws.fill("500")
    draws.press("Enter")
    page.get_by_text("Planned run: 500 draws").wait_for(timeout=UI_TIMEOUT_MS)
    idle(page)
    page.get_by_role("button", name=t("mc_run", "en")).click()
    page.get_by_text("500 draws ranked").wait_for(timeout=UI_TIMEOUT_MS)
    idle(page)
    # The acceptability heatmap and the top-k bars (the sweep chart is drawn on demand).
    assert page.locator("[data-testid=stVegaLiteChart]").count() >= 2

    go(page, t("page_export", "en"))
    page.get_by_role("button", name=t("ui_report_build", "en")).click()
    page.get_by_text(t("ui_report_ready", "en")).wait_for(timeout=UI_TIMEOUT_MS)
    idle(page)
    with page.expect_download(timeout=UI_TIMEOUT_MS) as download:
        page.get_by_role("button", name=t("report_download", "en")).click()
    report = tmp_path / "report.xlsx"
    download.value.save_as(report)
    book = load_workbook(io.BytesIO(report.read_bytes()), read_only=True)
    ranking = [v for row in book["Ranking"].iter_rows(values_only=True) for v in row if v]
    shown = [v for v in ranking if v in label.values()]
    assert shown[:3] == after[:3]
    sensitivity = {v for row in book["Sensitivity"].iter_rows(values_only=True) for v in row}
    assert t("rpt_mc_title", "en") in sensitivity
    book.close()

    page.screenshot(path=str(tmp_path / "export.png"))
    assert (tmp_path / "weights.png").stat().st_size > 10_000
    assert (tmp_path / "export.png").stat().st_size > 10_000


#: Installs a promise that resolves (with the milliseconds taken) when the app has started a
#: rerun after the promise was made and then finished it: the moment the page has settled.
_SETTLE_JS = """() => { window.__r57_settled = new Promise(resolve => {
    const t0 = performance.now();
    let started = false;
    const observer = new MutationObserver(() => {
        const app = document.querySelector('[data-testid=stApp]');
        const state = app && app.getAttribute('data-test-script-state');
        if (state === 'running') { started = true; }
        else if (started && state === 'notRunning') {
            observer.disconnect();
            resolve(performance.now() - t0);
        }
    });
    observer.observe(document.body, {attributes: true, subtree: true,
                                     attributeFilter: ['data-test-script-state']});
    setTimeout(() => resolve(-1), 30000);
}); }"""


def _settle_ms(page: Any, action: Any) -> float:
    """Milliseconds from ``action()`` until the rerun it caused has finished drawing."""
    page.evaluate(_SETTLE_JS)
    start = time.perf_counter()
    action()
    page.evaluate("() => window.__r57_settled")
    return 1000 * (time.perf_counter() - start)


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def test_latency_figures(browser_page: Any, server: str) -> None:
    """Prints (never asserts) how long a weight-slider step and a page switch take to settle."""
    page = browser_page
    page.goto(f"{server}/weights", timeout=UI_TIMEOUT_MS)
    page.locator("[data-testid=stTable] tbody tr").first.wait_for(timeout=UI_TIMEOUT_MS)
    idle(page)
    slider = (
        page.locator("[data-testid=stSlider]")
        .filter(has_text=sample().criteria["autonomy"].label("en"))
        .get_by_role("slider")
    )
    slider.focus()
    # Right then left, so that the slider never sits at an end (where a press changes nothing).
    keys = ["ArrowRight", "ArrowLeft"] * 6
    steps = [_settle_ms(page, lambda k=k: slider.press(k)) for k in keys]
    titles = [
        t(key, "en")
        for key in ("page_ranking", "page_panel", "page_compare", "page_weights", "page_data")
    ]
    switches: list[float] = []
    for _ in range(2):
        for title in titles:
            # Until the new page's heading is drawn and the run has ended (a fast run may never
            # show the "running" state that _settle_ms waits for).
            start = time.perf_counter()
            page.get_by_role("link", name=title).click()
            page.get_by_role("heading", name=title).wait_for(timeout=UI_TIMEOUT_MS)
            idle(page)
            switches.append(1000 * (time.perf_counter() - start))
    step, switch = _median(steps), _median(switches)
    print(
        f"\nlatency: slider step median {step:.0f} ms (min {min(steps):.0f}, "
        f"max {max(steps):.0f}, n={len(steps)}); page switch median {switch:.0f} ms "
        f"(min {min(switches):.0f}, max {max(switches):.0f}, n={len(switches)})"
    )
    print("latency: slider steps ms", [round(s) for s in steps])
    print("latency: page switches ms", [round(s) for s in switches])
    assert len(steps) == 12 and len(switches) == 10
