"""Weights page (AppTest): sliders re-rank as the library predicts, presets, AHP grid, objective
weights, and weights that survive moving between pages."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from r57_mcda.io.inputs import InputFile
from r57_mcda.spec import WeightSpec
from r57_mcda.ui.ahp_grid import pairwise_matrix
from r57_mcda.ui.choices import WeightChoice
from r57_mcda.ui.state import Key
from r57_mcda.weighting.ahp import ahp_priorities
from r57_mcda.weighting.ahp_weights import ahp_weights
from r57_mcda.weighting.objective import objective_weights
from r57_mcda.weighting.rank_order import rank_position_weights
from tests.helpers.app import (
    APP,
    chart_data,
    criterion_names,
    expected_ranking,
    names,
    page,
    sample,
    sample_matrix,
    started,
    texts,
)


def _slider_values() -> dict[str, float]:
    """The sliders' first values: the criteria set's declared weights (two decimals)."""
    return {c.id: float(c.weight or 0.0) for c in sample().criteria.criteria}


def _preview_order(at: AppTest) -> list[str]:
    """Technology names in the live preview, best first (the table's second column)."""
    return list(at.table[0].value.iloc[:, 1])


def test_sliders_start_at_the_declared_weights_and_show_shares() -> None:
    at = started("weights")
    for cid, value in _slider_values().items():
        assert at.slider(key=f"w_{cid}").value == pytest.approx(value)
    assert "**12.0 %**" in [m.value for m in at.markdown]  # national_goals, 0.12 of 1.00
    weights = chart_data(at)[0]
    assert weights["weight"].sum() == pytest.approx(1.0)
    assert "Weights in use: the criteria set's declared weights." in texts(at)


def test_moving_a_slider_reranks_exactly_as_the_library_predicts() -> None:
    at = started("weights")
    before = _preview_order(at)
    at.slider(key="w_autonomy").set_value(0.5).run()
    assert not at.exception
    values = {**_slider_values(), "autonomy": 0.5}
    expected = expected_ranking(WeightSpec(source="direct", values=values))
    label = names()
    assert _preview_order(at) == [label[x] for x in expected.order()[:10]]
    assert _preview_order(at) != before  # cybersecurity overtakes AI with autonomy at 0.5
    assert _preview_order(at)[0] == label["cybersecurity"]
    # The shares shown beside the sliders are the weights actually used.
    total = sum(values.values())
    assert f"**{100 * 0.5 / total:.1f} %**" in [m.value for m in at.markdown]
    assert "weights set with the sliders" in texts(at)

    # The ranking page uses exactly these weights.
    at.switch_page(page("ranking")).run()
    table = at.dataframe[0].value
    assert list(table["Technology"]) == [label[x] for x in expected.order()]
    assert table["Score"].to_numpy() == pytest.approx(
        expected.scores[expected.order()].round(4).to_numpy()
    )


def test_weights_survive_moving_between_pages() -> None:
    at = started("weights")
    at.slider(key="w_spillover").set_value(0.3).run()
    at.switch_page(page("compare")).run()
    at.switch_page(page("weights")).run()
    assert not at.exception
    assert at.slider(key="w_spillover").value == pytest.approx(0.3)
    assert at.slider(key="w_autonomy").value == pytest.approx(0.10)


def test_equal_and_declared_presets() -> None:
    at = started("weights")
    at.button(key="preset_equal").click().run()
    assert "Weights in use: equal weights." in texts(at)
    assert at.slider(key="w_autonomy").value == 1 / 12  # exactly, not rounded to the step
    equal = expected_ranking(WeightSpec(source="equal"))
    assert _preview_order(at) == [names()[x] for x in equal.order()[:10]]
    at.button(key="preset_defaults").click().run()
    assert at.slider(key="w_autonomy").value == pytest.approx(0.10)
    assert "declared weights" in texts(at)


def test_rank_order_centroid_from_an_ordering() -> None:
    at = started("weights")
    ids = sample().criteria.ids
    order = ["time_to_impact", *[c for c in ids if c != "time_to_impact"]]
    at.multiselect(key="rank_order").set_value(order).run()
    at.button(key="preset_rank").click().run()
    assert not at.exception
    assert "ordering of the criteria (rank-order centroid (ROC))" in texts(at)
    first = rank_position_weights(len(ids), "roc")[0]
    assert f"**{100 * first:.1f} %**" in [m.value for m in at.markdown]  # 25.9 %
    expected = expected_ranking(WeightSpec(source="rank", order=tuple(order)))
    assert _preview_order(at) == [names()[x] for x in expected.order()[:10]]


def test_incomplete_ordering_cannot_be_applied() -> None:
    at = started("weights")
    at.multiselect(key="rank_order").set_value(["autonomy"]).run()
    assert at.button(key="preset_rank").disabled
    assert "11 criteria still to place." in texts(at)


def test_ahp_grid_shows_the_consistency_ratio_live_and_applies_its_weights() -> None:
    at = started("weights")
    top = ["strategic_fit", "impact", "capability", "cost_risk"]
    # Strategic fit 3x impact, impact 3x capability, but capability 5x strategic fit: inconsistent.
    at.select_slider(key="ahp:top:strategic_fit:impact").set_value(3).run()
    at.select_slider(key="ahp:top:impact:capability").set_value(3).run()
    at.select_slider(key="ahp:top:strategic_fit:capability").set_value(-5).run()
    assert not at.exception
    judgments = {
        ("strategic_fit", "impact"): 3,
        ("impact", "capability"): 3,
        ("strategic_fit", "capability"): -5,
    }
    top_matrix = pairwise_matrix(top, judgments)
    cr = ahp_priorities(top_matrix).cr
    assert cr > 0.10
    assert any(f"CR = {cr:.3f} is above 0.10" in w.value for w in at.warning)

    at.button(key="apply_ahp").click().run()
    assert f"pairwise comparisons (consistency ratio {cr:.3f})" in texts(at)
    criteria = sample().criteria
    within = {
        g: pairwise_matrix([c.id for c in criteria.criteria if c.group == g], {}) for g in top
    }
    weights = ahp_weights(top_matrix, criteria, level="groups", within=within)
    expected = expected_ranking(
        WeightSpec(source="direct", values={k: float(v) for k, v in weights.values.items()})
    )
    assert _preview_order(at) == [names()[x] for x in expected.order()[:10]]
    shown = chart_data(at)[0].set_index("criterion")["weight"]
    label = criterion_names()
    for cid, w in weights.values.items():
        assert shown[label[cid]] == pytest.approx(float(w))
    # The saved settings keep the judgments themselves, so the AHP matrix and CR are auditable.
    spec = at.session_state["weight_choice"].spec()
    assert spec.source == "ahp"
    assert spec.pairwise["top"]["strategic_fit"]["capability"] == pytest.approx(1 / 5)
    assert spec.pairwise["top"]["impact"]["strategic_fit"] == pytest.approx(1 / 3)


def test_objective_weights_critic() -> None:
    at = started("weights")
    at.radio(key="objective_method").set_value("critic").run()
    at.button(key="apply_objective").click().run()
    assert "objective weights: CRITIC" in texts(at)
    critic = objective_weights(sample_matrix(), sample().criteria, method="critic").values
    shown = chart_data(at)[0]
    assert shown["weight"].to_numpy() == pytest.approx(critic.to_numpy())
    expected = expected_ranking(WeightSpec(source="critic"))
    assert _preview_order(at) == [names()[x] for x in expected.order()[:10]]


def test_all_zero_sliders_show_the_problem_not_a_traceback() -> None:
    at = started("weights")
    for cid in sample().criteria.ids:
        at.slider(key=f"w_{cid}").set_value(0.0)
    at.run()
    assert not at.exception
    assert any("problem(s) in the input" in e.value for e in at.error)
    problems = pd.concat([d.value for d in at.dataframe if "Message" in d.value.columns])
    assert problems["Message"].str.contains("every weight is 0").any()


def test_vietnamese_labels_on_the_weights_page() -> None:
    at = started("weights")
    at.radio(key="lang").set_value("vi").run()
    assert at.header[0].value == "3. Trọng số"
    assert at.slider(key="w_autonomy").label == "Tự chủ, tự cường về công nghệ"
    assert "Trọng số đang dùng: trọng số khai báo trong bộ tiêu chí." in texts(at)
    assert _preview_order(at)[0] == names("vi")["ai_digital_twin"]


def test_criteria_groups_without_declared_names_use_their_ids() -> None:
    criteria = (
        "id,name,direction,group\n"
        "a,Alpha,benefit,g1\nb,Beta,benefit,g1\nc,Gamma,cost,g2\nd,Delta,benefit,\n"
    )
    matrix = "technology,a,b,c,d\nx,1,2,3,4\ny,2,3,1,4\nz,4,1,2,3\n"
    at = started()
    at.session_state[Key.FILES] = (
        InputFile("criteria", "criteria.csv", criteria.encode()),
        InputFile("matrix", "matrix.csv", matrix.encode()),
    )
    at.switch_page(page("weights")).run()
    assert not at.exception
    shown = [m.value for m in at.markdown]
    assert "**g1**" in shown and "**g2**" in shown and "**Other criteria**" in shown
    assert at.select_slider(key="ahp:top:g1:g2").value == 1
    assert at.select_slider(key="ahp:g1:a:b").value == 1
    assert [s.key for s in at.slider] == ["w_a", "w_b", "w_c", "w_d"]
    assert "Weights in use: the criteria set's declared weights." in texts(at)
    equal = chart_data(at)[0]["weight"]
    assert equal.to_numpy() == pytest.approx([0.25] * 4)


def test_weights_for_other_criteria_fall_back_to_the_declared_ones() -> None:
    at = started("weights")
    at.slider(key="w_autonomy").set_value(0.5).run()
    criteria = "id,name,direction,weight\na,Alpha,benefit,3\nb,Beta,cost,1\n"
    matrix = "technology,a,b\nx,1,2\ny,2,3\n"
    at.session_state[Key.FILES] = (
        InputFile("criteria", "criteria.csv", criteria.encode()),
        InputFile("matrix", "matrix.csv", matrix.encode()),
    )
    at.run()
    assert not at.exception
    assert any("do not match the criteria" in i.value for i in at.info)
    assert chart_data(at)[0]["weight"].to_numpy() == pytest.approx([0.75, 0.25])


def test_direct_weights_beyond_the_slider_range_keep_their_proportions() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    # As a loaded settings file would leave it: points on a 0-100 scale.
    at.session_state["weight_choice"] = WeightChoice.direct(
        dict.fromkeys(sample().criteria.ids, 10.0) | {"autonomy": 40.0}
    )
    at.run()
    at.switch_page(page("weights")).run()
    assert not at.exception
    assert at.slider(key="w_autonomy").value == pytest.approx(0.5)
    assert at.slider(key="w_spillover").value == 0.125  # 10 / 40 * 0.5, exactly
    assert "**26.7 %**" in [m.value for m in at.markdown]  # 40 / 150 of the weight


def _odd_weights() -> dict[str, float]:
    """Weights between the sliders' steps, one of them 0.1 % (as a settings file may hold)."""
    ids = sample().criteria.ids
    values = {c: 0.0537 + 0.0011 * i for i, c in enumerate(ids)}
    values[ids[-1]] = 0.001
    return values


def test_a_slider_moved_and_put_back_changes_no_weight() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    odd = _odd_weights()
    at.session_state["weight_choice"] = WeightChoice.direct(odd)
    at.run()
    at.switch_page(page("weights")).run()
    assert not at.exception
    # Shown exactly, not rounded to the 0.01 step.
    for cid, value in odd.items():
        assert at.slider(key=f"w_{cid}").value == value
    at.slider(key="w_autonomy").set_value(0.3).run()
    moved = dict(at.session_state["weight_choice"].values)
    assert moved["autonomy"] == 0.3
    assert {c: v for c, v in moved.items() if c != "autonomy"} == {
        c: v for c, v in odd.items() if c != "autonomy"
    }
    at.slider(key="w_autonomy").set_value(odd["autonomy"]).run()
    assert not at.exception
    assert dict(at.session_state["weight_choice"].values) == odd


def test_moving_one_slider_changes_only_that_raw_weight_from_declared_weights() -> None:
    at = started("weights")
    at.slider(key="w_autonomy").set_value(0.2).run()
    values = dict(at.session_state["weight_choice"].values)
    declared = _slider_values()
    assert values == {**declared, "autonomy": 0.2}


def _weights_csv(values: dict[str, float]) -> bytes:
    return ("criterion,weight\n" + "".join(f"{c},{v}\n" for c, v in values.items())).encode()


def test_a_weights_file_sets_the_weights_the_ranking_uses() -> None:
    """Issue 9 item 7: a weights file uploaded on the Weights page becomes the direct weights."""
    ids = sample().criteria.ids
    raw = {c: float(i + 1) for i, c in enumerate(ids)}  # any scale: 1, 2, ..., 12
    at = started("weights")
    at.file_uploader(key=Key.WEIGHTS_FILE).set_value(("w.csv", _weights_csv(raw), "text/csv"))
    at.run()
    assert not at.exception
    assert f"w.csv: weights for {len(ids)} criteria read and checked." in texts(at)
    at.button(key=Key.WEIGHTS_FILE_APPLY).click().run()
    assert not at.exception
    total = sum(raw.values())
    assert chart_data(at)[0]["weight"].tolist() == pytest.approx([raw[c] / total for c in ids])
    expected = expected_ranking(WeightSpec(source="direct", values=raw))
    label = names()
    assert (
        _preview_order(at)
        == [label[t] for t in expected.ranks.sort_values(kind="stable").index][:10]
    )


def test_a_bad_weights_file_is_located_and_keeps_the_weights() -> None:
    ids = sample().criteria.ids
    bad = dict.fromkeys(ids[:-1], 1.0) | {"no_such": 1.0}
    at = started("weights")
    before = _preview_order(at)
    at.file_uploader(key=Key.WEIGHTS_FILE).set_value(("w.csv", _weights_csv(bad), "text/csv"))
    at.run()
    assert not at.exception
    assert "2 problem(s) in the input stop this step." in texts(at)
    problems = next(f.value for f in at.dataframe if "Message" in f.value.columns)
    assert problems["File"].tolist() == ["w.csv", "w.csv"]
    assert "no_such" in problems["Message"].iloc[0]
    assert not [b for b in at.button if b.key == Key.WEIGHTS_FILE_APPLY]
    assert _preview_order(at) == before
