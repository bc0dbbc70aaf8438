"""The study end to end in a real headless Chromium (issue 10, item 9): an expert opens their
personal link, fills part of the grid, reloads (the draft is still there), submits; the Study
page then shows that expert as submitted; another expert's link, in another browser context,
never shows the first expert's name or answers; a rotated link is refused with no study data.
Issue 11: a round-2 link shows the panel's feedback; in a round that requires reasons, a score
typed outside the panel's range brings a reason input, and the submitted answer carries it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from r57_mcda.i18n import t
from r57_mcda.study.answers import current_answers
from r57_mcda.study.db import Database
from r57_mcda.study.drafts import form_state
from r57_mcda.study.studies import Study, load_study
from r57_mcda.study.tokens import issue_links
from tests.helpers.browser import UI_TIMEOUT_MS, chromium_browser, idle, new_page, streamlit_server
from tests.helpers.rounds import sample_quartiles
from tests.helpers.studies import sample_study

pytestmark = pytest.mark.browser

#: Where the reasons test leaves its screenshots for a person to look at.
SHOTS = Path("/tmp/work/shots")

STUDY_NAME = "Browser pilot"
#: The grid: its header row and its rows, its technology column and the others, in pixels
#: (r57_mcda.ui.expert_grid).
HEADER_PX, ROW_PX = 38, 35
TECHNOLOGY_PX, COLUMN_PX = 280, 140


class Setup:
    """A store with the sample study, everyone's links, and the app serving that store."""

    def __init__(self, folder: Path, url: str) -> None:
        self.db = Database(f"sqlite:///{folder / 'studies.db'}")
        self.study_id = sample_study(self.db, name=STUDY_NAME, langs={"sci_02": "en"})
        self.study: Study = load_study(self.db, self.study_id)
        self.url = url
        self.links = {x.expert_id: x.url for x in issue_links(self.db, self.study_id, base_url=url)}


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    folder = tmp_path_factory.mktemp("study")
    with streamlit_server(folder) as url:
        yield Setup(folder, url)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium_browser() as found:
        yield found


def _grid_ready(page: Any) -> Any:
    grid = page.locator("[data-testid=stDataFrame]")
    grid.wait_for(timeout=UI_TIMEOUT_MS)
    idle(page)
    return grid


def _type_down(page: Any, grid: Any, values: list[str], *, column: int = 1) -> None:
    """From the first technology's cell in column ``column`` after the name (the first
    criterion; in round 1 the familiarity column comes first), type ``values`` down the column.

    A rerun that lands between Enter and the next key may take the grid's focus: then the
    drop-down does not open, and the cell is clicked and the value typed again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = grid.bounding_box()
    x = box["x"] + TECHNOLOGY_PX + COLUMN_PX * (column - 1) + COLUMN_PX // 2

    def click(row: int) -> None:
        page.mouse.click(x, box["y"] + HEADER_PX + ROW_PX * row + ROW_PX // 2)

    click(0)
    for row, value in enumerate(values):
        # The drop-down filters to the typed choice before Enter takes it.
        option = page.get_by_role("option", name=value, exact=True)
        page.keyboard.type(value)
        try:
            option.wait_for(timeout=UI_TIMEOUT_MS // 3)
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            idle(page)
            click(row)
            page.keyboard.type(value)
            option.wait_for(timeout=UI_TIMEOUT_MS)
        page.keyboard.press("Enter")
        idle(page)


def _progress(page: Any, lang: str, answered: int) -> None:
    text = t("form_progress", lang, answered=answered, total=168)
    page.get_by_text(text).first.wait_for(timeout=UI_TIMEOUT_MS)


def test_an_expert_fills_reloads_and_submits_and_the_study_page_sees_it(
    setup: Setup, browser: Any, tmp_path: Path
) -> None:
    study, db = setup.study, setup.db
    first, other = study.expert("sci_01"), study.expert("sci_02")
    page = new_page(browser)
    page.goto(setup.links[first.id], timeout=UI_TIMEOUT_MS)
    grid = _grid_ready(page)
    page.get_by_text(first.name).first.wait_for(timeout=UI_TIMEOUT_MS)
    _progress(page, "vi", 0)
    _type_down(page, grid, ["4", "5", "NA"], column=2)
    _progress(page, "vi", 3)
    page.screenshot(path=str(tmp_path / "form-vi.png"))
    techs, crit = [x.id for x in study.technologies], study.criteria.ids[0]
    state = form_state(db, study.id, 1, first.id)
    assert [state.row(x).answers[crit] for x in techs[:4]] == ["4", "5", "NA", None]
    assert not state.submitted

    page.reload()
    _grid_ready(page)
    _progress(page, "vi", 3)  # the drafts came back from the store

    page.get_by_role("button", name=t("form_submit", "vi")).click()
    page.get_by_text(t("form_submitted_now", "vi", time="")[:20]).first.wait_for(
        timeout=UI_TIMEOUT_MS
    )
    with db.read() as session:
        answers = current_answers(session, study.id, 1, [first.id])
    assert sorted((a.entry.technology, a.entry.long_score) for a in answers) == sorted(
        [(techs[0], "4"), (techs[1], "5"), (techs[2], "NA")]
    )

    # Another expert, another browser context: their own empty form, nothing of the first.
    second = new_page(browser)
    second.goto(setup.links[other.id], timeout=UI_TIMEOUT_MS)
    _grid_ready(second)
    second.get_by_text(other.name).first.wait_for(timeout=UI_TIMEOUT_MS)
    _progress(second, "en", 0)
    html = second.content()
    for expert in study.experts:
        if expert.id != other.id:
            assert expert.name not in html
            assert expert.id not in html
    second.screenshot(path=str(tmp_path / "form-en.png"))

    # The secretariat's Study page (a third session) shows the first expert as submitted.
    office = new_page(browser)
    office.goto(f"{setup.url}/study", timeout=UI_TIMEOUT_MS)
    idle(office)
    summary = t("studyui_summary", "en", submitted=1, n=9, invited=9)
    office.get_by_text(summary).first.wait_for(timeout=UI_TIMEOUT_MS)
    office.screenshot(path=str(tmp_path / "study-en.png"))
    for context in (page.context, second.context, office.context):
        context.close()


def test_a_rotated_link_is_refused_and_shows_no_study_data(setup: Setup, browser: Any) -> None:
    expert = setup.study.expert("gov_01")
    old = setup.links[expert.id]
    (new,) = issue_links(setup.db, setup.study_id, base_url=setup.url, experts=[expert.id])
    assert parse_qs(urlsplit(new.url).query)["token"] != parse_qs(urlsplit(old).query)["token"]
    page = new_page(browser)
    page.goto(old, timeout=UI_TIMEOUT_MS)
    page.get_by_text(t("form_refused", "en")).wait_for(timeout=UI_TIMEOUT_MS)
    idle(page)
    html = page.content()
    assert STUDY_NAME not in html
    assert all(e.name not in html for e in setup.study.experts)
    assert page.locator("[data-testid=stDataFrame]").count() == 0
    page.goto(new.url, timeout=UI_TIMEOUT_MS)
    _grid_ready(page)
    page.get_by_text(expert.name).first.wait_for(timeout=UI_TIMEOUT_MS)
    page.context.close()


def test_a_round_two_link_shows_the_panels_feedback(
    setup: Setup, browser: Any, tmp_path: Path
) -> None:
    """Issue 11, item 2: the previous round's median and range beside each criterion, the
    expert's own previous answers filled in, the cells at consensus not asked again."""
    from r57_mcda.study.rounds import close_round, open_next_round, round_settings

    db = setup.db
    study_id = sample_study(db, name="Second round", lang="en", import_scores=True)
    close_round(db, study_id)
    open_next_round(db, study_id, drop_consensus=True)
    dropped = round_settings(db, study_id, 2).dropped
    (link,) = issue_links(db, study_id, base_url=setup.url, experts=["ind_01"])
    page = new_page(browser)
    page.goto(link.url, timeout=UI_TIMEOUT_MS)
    _grid_ready(page)
    page.get_by_text(t("form_fb_explained", "en", previous=1)).wait_for(timeout=UI_TIMEOUT_MS)
    page.get_by_text(t("form_fb_not_asked", "en", n=len(dropped))).wait_for(timeout=UI_TIMEOUT_MS)
    html = page.content()
    study = load_study(db, study_id)
    for expert in study.experts:
        if expert.id != "ind_01":
            assert expert.name not in html
    page.screenshot(path=str(tmp_path / "round-2-en.png"))
    page.context.close()


def test_a_score_outside_the_range_asks_a_reason_that_the_store_keeps(
    setup: Setup, browser: Any, tmp_path: Path
) -> None:
    """Issue 11, --require-reasons: every cell NA but the first, where a score is typed
    strictly outside round 1's [Q1, Q3] (numpy's, computed here); the reason input appears,
    the button says one reason is missing, the reason is typed and the answer submitted with
    it. Screenshots of the section in English and in Vietnamese."""
    from r57_mcda.study.drafts import NA, RowDraft, save_row
    from r57_mcda.study.rounds import close_round, open_next_round

    db, expert = setup.db, "sci_03"
    study_id = sample_study(db, name="Reasons round", lang="en", import_scores=True)
    close_round(db, study_id)
    open_next_round(db, study_id, require_reasons=True)
    study = load_study(db, study_id)
    crits = study.criteria.ids
    for tech in study.technologies:
        save_row(db, study_id, 2, expert, RowDraft(tech.id, dict.fromkeys(crits, NA)))
    technology, criterion = study.technologies[0], study.criteria.criteria[0]
    q1, q3 = sample_quartiles(technology.id, criterion.id)
    score = "5" if q3 < 5 else "1"
    (link,) = issue_links(db, study_id, base_url=setup.url, experts=[expert])
    page = new_page(browser)
    page.goto(link.url, timeout=UI_TIMEOUT_MS)
    grid = _grid_ready(page)
    page.get_by_text(t("rsnform_none", "en", previous=1)).wait_for(timeout=UI_TIMEOUT_MS)
    _type_down(page, grid, [score])
    page.get_by_text(t("rsnform_rule", "en", previous=1)).wait_for(timeout=UI_TIMEOUT_MS)
    shown = t("rsnform_cell", "en", score=score, q1=f"{q1:g}", q3=f"{q3:g}")
    page.get_by_text(shown).wait_for(timeout=UI_TIMEOUT_MS)
    page.get_by_role("button", name=t("rsnform_submit", "en", n=1)).wait_for(timeout=UI_TIMEOUT_MS)
    field = page.get_by_placeholder(t("rsnform_placeholder", "en"))
    field.wait_for(timeout=UI_TIMEOUT_MS)
    idle(page)
    assert field.count() == 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "reasons-missing-en.png"), full_page=True)
    reason = "We run the only pilot line in the country."
    field.fill(reason)
    field.press("Enter")
    idle(page)
    page.get_by_text(t("rsnform_all_given", "en")).wait_for(timeout=UI_TIMEOUT_MS)
    page.screenshot(path=str(SHOTS / "reasons-en.png"), full_page=True)
    page.get_by_text("Tiếng Việt").click()
    page.get_by_text(t("rsnform_rule", "vi", previous=1)).wait_for(timeout=UI_TIMEOUT_MS)
    idle(page)
    page.screenshot(path=str(SHOTS / "reasons-vi.png"), full_page=True)
    page.get_by_role("button", name=t("form_submit", "vi"), exact=True).click()
    page.get_by_text(t("form_submitted_now", "vi", time="")[:20]).first.wait_for(
        timeout=UI_TIMEOUT_MS
    )
    with db.read() as session:
        answers = {a.entry.key: a.entry for a in current_answers(session, study_id, 2, [expert])}
    assert answers[(technology.id, criterion.id)].long_score == score
    assert answers[(technology.id, criterion.id)].reason == reason
    assert {e.reason for k, e in answers.items() if k != (technology.id, criterion.id)} == {""}
    html = page.content()
    for other in study.experts:
        if other.id != expert:
            assert other.name not in html
    page.context.close()
