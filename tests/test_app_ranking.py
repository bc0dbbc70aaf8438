"""Ranking page (AppTest): method chooser, ranked table with ties and shortlist, contributions,
and the "why is A above B" panel, all checked against the library."""

from __future__ import annotations

import pandas as pd
import pytest

from r57_mcda.explain.contributions import contributions
from r57_mcda.explain.pairs import compare_pair
from r57_mcda.io.bundled import sample_paths
from r57_mcda.io.inputs import InputFile
from r57_mcda.models import group_label
from r57_mcda.ranking import method_info
from r57_mcda.ui.state import Key
from tests.helpers.app import (
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


def test_ranked_table_matches_the_library() -> None:
    at = started("ranking")
    expected = expected_ranking()
    order = expected.order()
    table = at.dataframe[0].value
    assert list(table["Technology"]) == [names()[x] for x in order]
    assert list(table["Rank"]) == [int(expected.ranks[x]) for x in order]
    assert table["Score"].to_numpy() == pytest.approx(expected.scores[order].round(4).to_numpy())
    technologies = sample().technologies
    groups = {x.id: group_label(x.group, "en", technologies) for x in technologies}
    assert list(table["Group"]) == [groups[x] for x in order]
    assert groups["biotech"] == "Life sciences"  # the catalog's label of "life sciences"
    assert list(table["Shortlist"]) == ["✓"] * 5 + [""] * (len(order) - 5)
    assert method_info("wsm").text("en") in [i.value for i in at.info]


def test_method_choice_changes_ranking_and_description() -> None:
    at = started("ranking")
    at.selectbox(key="method").set_value("topsis").run()
    assert not at.exception
    expected = expected_ranking(method="topsis")
    table = at.dataframe[0].value
    assert list(table["Technology"]) == [names()[x] for x in expected.order()]
    assert table["Score"].to_numpy() == pytest.approx(
        expected.scores[expected.order()].round(4).to_numpy()
    )
    assert method_info("topsis").text("en") in [i.value for i in at.info]
    at.radio(key="lang").set_value("vi").run()
    assert method_info("topsis").text("vi") in [i.value for i in at.info]
    assert at.selectbox(key="method").value == "topsis"


def test_vikor_parameter_reaches_the_method() -> None:
    at = started("ranking")
    at.selectbox(key="method").set_value("vikor").run()
    at.number_input(key="param:vikor:v").set_value(0.2).run()
    assert not at.exception
    expected = expected_ranking(method="vikor", params={"v": 0.2})
    default = expected_ranking(method="vikor")
    assert not expected.scores.equals(default.scores)
    table = at.dataframe[0].value
    assert table["Score"].to_numpy() == pytest.approx(
        expected.scores[expected.order()].round(4).to_numpy()
    )
    assert "VIKOR compromise set" in texts(at)


def test_promethee_preference_function_reaches_the_method() -> None:
    at = started("ranking")
    at.selectbox(key="method").set_value("promethee2").run()
    at.selectbox(key="param:promethee2:function").set_value("linear").run()
    assert not at.exception
    ids = sample().criteria.ids
    params = {
        "functions": dict.fromkeys(ids, "linear"),
        "thresholds": {c: {"q": 0.5, "p": 1.5} for c in ids},
    }
    expected = expected_ranking(method="promethee2", params=params)
    table = at.dataframe[0].value
    assert table["Score"].to_numpy() == pytest.approx(
        expected.scores[expected.order()].round(4).to_numpy()
    )


def test_top_k_shortlist_control() -> None:
    at = started("ranking")
    at.number_input(key="top_k").set_value(3).run()
    table = at.dataframe[0].value
    assert list(table["Shortlist"]).count("✓") == 3
    top3 = "; ".join(names()[x] for x in expected_ranking().order()[:3])
    assert f"Shortlist (top 3): {top3}" in [s.value for s in at.success]


def test_ties_are_marked_and_share_the_best_rank() -> None:
    criteria = sample_paths()["criteria"]
    ids = sample().criteria.ids
    rows = {"a": 4, "b": 3, "c": 3, "d": 2}  # b and c identical: tied for rank 2
    lines = ["technology," + ",".join(ids)]
    lines += [f"{t}," + ",".join(str(v) for _ in ids) for t, v in rows.items()]
    files = (
        InputFile.from_path("criteria", criteria, name=criteria.name),
        InputFile("matrix", "matrix.csv", ("\n".join(lines) + "\n").encode()),
    )
    at = started()
    at.session_state[Key.FILES] = files
    at.switch_page(page("ranking")).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Technology"]) == ["a", "b", "c", "d"]
    assert list(table["Rank"]) == [1, 2, 2, 4]
    assert list(table["Tie"]) == ["", "= tied", "= tied", ""]


def test_contributions_add_up_to_each_score() -> None:
    at = started("ranking")
    expected = expected_ranking()
    parts = contributions(sample_matrix(), expected.weights, sample().criteria, method="wsm").values
    bars = chart_data(at)[0]
    assert set(bars.columns) >= {"technology", "criterion", "value"}
    label_t, label_c = names(), criterion_names()
    totals = bars.groupby("technology")["value"].sum()
    for tech, score in expected.scores.items():
        assert totals[label_t[tech]] == pytest.approx(score)
    cell = bars[(bars.technology == label_t["quantum"]) & (bars.criterion == label_c["autonomy"])]
    assert cell["value"].iloc[0] == pytest.approx(parts.loc["quantum", "autonomy"])


def test_methods_without_contributions_say_so() -> None:
    at = started("ranking")
    at.selectbox(key="method").set_value("wpm").run()
    assert "does not split into parts per criterion" in texts(at)


def test_why_panel_names_the_smallest_swapping_weight() -> None:
    at = started("ranking")
    expected = expected_ranking()
    first, second = expected.order()[:2]
    pair = compare_pair(
        sample_matrix(), expected.weights, sample().criteria, first, second, method="wsm"
    )
    swap = pair.smallest_swap
    assert swap is not None
    label_t, label_c = names(), criterion_names()
    text = texts(at)
    assert f"**{label_t[first]}** (rank 1, score {pair.score_a:.3f})" in text
    assert (
        f"{label_t[second]} would overtake {label_t[first]} if the weight of "
        f"“{label_c[swap.criterion]}” moved from {100 * swap.weight:.1f} % past "
        f"{100 * swap.swap_weight:.1f} %"
    ) in text
    swaps = pd.concat([d.value for d in at.dataframe if "Weight that swaps them" in d.value])
    assert len(swaps) == int(pair.swap_table()["swap_weight"].notna().sum())


def test_why_panel_for_a_chosen_pair_in_vietnamese() -> None:
    at = started("ranking")
    at.radio(key="lang").set_value("vi").run()
    at.selectbox(key="pair_a").set_value("quantum").run()
    at.selectbox(key="pair_b").set_value("blockchain").run()
    assert not at.exception
    label = names("vi")
    assert f"**{label['blockchain']}** (hạng 13" in texts(at)
    at.selectbox(key="pair_b").set_value("quantum").run()
    assert "Hãy chọn hai công nghệ khác nhau." in texts(at)


def test_per_criterion_parameters_are_dropped_with_new_criteria() -> None:
    at = started("ranking")
    at.selectbox(key="method").set_value("promethee2").run()
    at.selectbox(key="param:promethee2:function").set_value("linear").run()
    criteria = "id,name,direction\na,Alpha,benefit\nb,Beta,cost\n"
    matrix = "technology,a,b\nx,1,2\ny,2,3\nz,3,1\n"
    at.session_state[Key.FILES] = (
        InputFile("criteria", "criteria.csv", criteria.encode()),
        InputFile("matrix", "matrix.csv", matrix.encode()),
    )
    at.run()
    assert not at.exception and not at.error
    assert at.selectbox(key="param:promethee2:function").value == "usual"
    assert list(at.dataframe[0].value["Technology"]) == ["z", "x", "y"]
