"""Compare page (AppTest): ranks side by side, Kendall's tau heatmap, Borda and Copeland, as the
library computes them with the weights in use."""

from __future__ import annotations

import pytest

from r57_mcda.explain.compare import Comparison, compare_methods
from r57_mcda.ranking import method_info
from r57_mcda.vocab import DEFAULT_COMPARE
from tests.helpers.app import chart_data, names, page, sample, sample_matrix, started, texts


def _library_comparison(methods: tuple[str, ...] = DEFAULT_COMPARE) -> Comparison:
    loaded = sample()
    weights = loaded.criteria.default_weights()
    return compare_methods(sample_matrix(), weights, loaded.criteria, methods=methods)


def test_ranks_side_by_side_and_consensus_match_the_library() -> None:
    at = started("compare")
    expected = _library_comparison()
    table = at.dataframe[0].value
    label = names()
    by_name = table.set_index("Technology")
    for method in DEFAULT_COMPARE:
        column = method_info(method).label("en")
        for tech, rank in expected.ranks[method].items():
            assert by_name.loc[label[tech], column] == rank
    borda_order = list(expected.borda.sort_values("rank", kind="stable").index)
    assert list(table["Technology"]) == [label[x] for x in borda_order]
    assert list(by_name["Copeland consensus"]) == list(expected.copeland.loc[borda_order, "rank"])
    assert any(m.value == f"{expected.agreement:.2f}" for m in at.metric)


def test_tau_heatmap_holds_kendall_tau_b() -> None:
    at = started("compare")
    expected = _library_comparison()
    tau = chart_data(at)[0]
    labels = {m: method_info(m).label("en") for m in DEFAULT_COMPARE}
    cell = tau[(tau.row == labels["wsm"]) & (tau.column == labels["vikor"])]
    assert cell["tau"].iloc[0] == pytest.approx(expected.kendall_tau.loc["wsm", "vikor"])
    assert len(tau) == len(DEFAULT_COMPARE) ** 2


def test_borda_and_copeland_tables() -> None:
    at = started("compare")
    expected = _library_comparison()
    borda = next(d.value for d in at.dataframe if "Score" in d.value.columns)
    top = expected.borda.sort_values("rank", kind="stable")
    assert list(borda["Score"]) == pytest.approx(list(top["score"].round(2)))
    assert borda["Technology"].iloc[0] == names()[top.index[0]]


def test_choosing_methods_and_needing_two() -> None:
    at = started("compare")
    at.multiselect(key="compare_methods").set_value(["wsm", "topsis"]).run()
    expected = _library_comparison(("wsm", "topsis"))
    assert any(m.value == f"{expected.agreement:.2f}" for m in at.metric)
    at.multiselect(key="compare_methods").set_value(["wsm"]).run()
    assert "Choose at least two methods" in texts(at)
    # The choice survives a visit to another page.
    at.switch_page(page("data")).run()
    at.switch_page(page("compare")).run()
    assert at.multiselect(key="compare_methods").value == ["wsm"]


def test_compare_page_in_vietnamese() -> None:
    at = started("compare")
    at.radio(key="lang").set_value("vi").run()
    assert at.header[0].value == "5. So sánh phương pháp"
    assert "Đồng thuận Borda" in at.dataframe[0].value.columns
    assert at.dataframe[0].value.iloc[0, 0] == names("vi")["ai_digital_twin"]
