"""The Panel page's expertise control (AppTest): how the experts' self-rated familiarity counts
changes the aggregated matrix, the ranking and the saved settings; disabled without levels."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from r57_mcda.io.inputs import load_inputs
from r57_mcda.pipeline.analysis import criteria_weights, decision_matrix, rank_matrix, spec_for
from r57_mcda.spec import WeightSpec
from r57_mcda.ui.state import Key
from tests.helpers.app import page, started, texts
from tests.helpers.expertise import by_hand, files_with_expertise


def _with_levels() -> AppTest:
    at = started()
    at.session_state[Key.FILES] = files_with_expertise()
    at.session_state[Key.SAMPLE] = False
    at.switch_page(page("panel")).run()
    assert not at.exception
    return at


def _shown(at: AppTest, tech: str) -> list[float]:
    cells = at.dataframe[0].value
    return sorted(cells[cells.technology == tech]["score"].round(3))


def test_weighing_by_familiarity_changes_the_matrix_the_ranking_and_the_settings() -> None:
    at = _with_levels()
    control = at.selectbox(key=Key.EXPERTISE_MODE)
    assert control.label == "Experts' self-rated familiarity" and not control.disabled
    assert control.value == "none"
    assert control.options == [
        "ignore",
        "weigh by it",
        "count only experts at level ≥ K",
    ]
    loaded = load_inputs(files_with_expertise())
    names_t = {x.id: x.label("en") for x in loaded.technologies}
    weighed, plain = by_hand("weight"), by_hand("none")
    tech = (weighed - plain).abs().max(axis=1).idxmax()
    assert _shown(at, names_t[tech]) == sorted(plain.loc[tech].round(3))
    control.set_value("weight").run()
    assert not at.exception
    assert _shown(at, names_t[tech]) == sorted(weighed.loc[tech].round(3))
    assert "Scores weighed by the experts' self-rated familiarity." in texts(at)
    at.switch_page(page("ranking")).run()
    assert not at.exception
    spec = spec_for(loaded, expertise="weight")
    matrix, _ = decision_matrix(loaded, spec)
    expected = rank_matrix(
        matrix, criteria_weights(WeightSpec(), matrix, loaded), loaded.criteria, spec
    )
    assert list(at.dataframe[0].value["Technology"]) == [names_t[x] for x in expected.order()]
    at.switch_page(page("export")).run()
    assert 'expertise = "weight"' in at.code[0].value


def test_counting_only_experts_at_level_k_or_above() -> None:
    at = _with_levels()
    at.selectbox(key=Key.EXPERTISE_MODE).set_value("min").run()
    level = at.select_slider(key=Key.EXPERTISE_LEVEL)
    assert level.label == "K: the lowest familiarity level counted" and level.value == 4
    level.set_value(3).run()
    assert not at.exception
    loaded = load_inputs(files_with_expertise())
    names_t = {x.id: x.label("en") for x in loaded.technologies}
    expected = by_hand("min:3")
    tech = expected.index[0]
    assert _shown(at, names_t[tech]) == sorted(expected.loc[tech].round(3))
    assert "Only experts at familiarity level 3 or above counted" in texts(at)
    at.switch_page(page("export")).run()
    assert 'expertise = "min:3"' in at.code[0].value


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_control_is_disabled_with_a_note_without_levels(lang: str) -> None:
    at = started()
    at.radio(key="lang").set_value(lang).run()
    at.session_state[Key.EXPERTISE_MODE] = "weight"
    at.switch_page(page("panel")).run()
    assert not at.exception
    control = at.selectbox(key=Key.EXPERTISE_MODE)
    assert control.disabled and control.value == "none"
    note = "no self-rated familiarity" if lang == "en" else "không có mức am hiểu"
    assert any(note in c.value for c in at.caption)
    at.switch_page(page("export")).run()
    assert 'expertise = "none"' in at.code[0].value
