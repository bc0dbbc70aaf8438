"""Sensitivity page (AppTest): stability intervals, the weight sweep and a Monte Carlo run, each
checked against the library with the weights and method in use."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from r57_mcda.pipeline.analysis import analyse, spec_for
from r57_mcda.pipeline.sensitivity import SensitivitySettings, run_sensitivity
from r57_mcda.sensitivity import (
    IntervalWeights,
    MonteCarloResult,
    UniformWeights,
    monte_carlo,
    stability_intervals,
    sweep_weights,
)
from r57_mcda.ui import cache
from r57_mcda.ui.charts import GREY_LINE, rank_lines
from r57_mcda.ui.pages.sensitivity import interval_text, share_label, sweep_frame
from r57_mcda.vocab import DEFAULT_DRAWS, DEFAULT_SEED, DEFAULT_WEIGHT_MODEL
from tests.helpers.app import (
    chart_data,
    criterion_names,
    frame_with,
    names,
    page,
    sample,
    sample_matrix,
    started,
    texts,
)


def _weights() -> pd.Series:
    return sample().criteria.default_weights()


def test_stability_intervals_match_the_library() -> None:
    at = started("sensitivity")
    # Computed on demand only.
    assert not any("First place unchanged for" in str(d.value.columns) for d in at.dataframe)
    at.button(key="sens_stability_run").click().run()
    assert not at.exception
    expected = stability_intervals(sample_matrix(), _weights(), sample().criteria, top_k=5)
    table = frame_with(at, "First place unchanged for")
    label = criterion_names()
    assert list(table["Criterion"]) == [label[i.criterion] for i in expected.first]
    assert list(table["First place unchanged for"]) == [interval_text(i) for i in expected.first]
    assert list(table["Top k unchanged for"]) == [interval_text(i) for i in expected.top]
    first = expected.first[0]
    assert interval_text(first) == (
        f"{'[' if first.lower_closed else '('}{100 * first.lower:.1f} %, "
        f"{100 * first.upper:.1f} %{']' if first.upper_closed else ')'}"
    )
    assert f"First place now: {names()['ai_digital_twin']}." in texts(at)


def test_sweep_chart_holds_the_library_ranks() -> None:
    at = started("sensitivity")
    assert not at.get("selectbox") or "sweep_criterion" not in [s.key for s in at.selectbox]
    at.button(key="sens_sweep_run").click().run()
    at.selectbox(key="sweep_criterion").set_value("investment_cost").run()
    assert not at.exception
    sweep = sweep_weights(
        sample_matrix(), _weights(), sample().criteria, criteria_ids=["investment_cost"]
    )["investment_cost"]
    ranks = sweep.ranks_frame()
    layers = [d for d in chart_data(at) if "rank" in d.columns and "weight" in d.columns]
    lines = pd.concat(layers, ignore_index=True)
    label = names()
    at_half = lines[lines.weight.round(6) == 0.5].set_index("technology")["rank"]
    for tech in at_half.index:
        tech_id = next(k for k, v in label.items() if v == tech)
        assert at_half[tech] == ranks.loc[ranks.index[50], tech_id]
    # Every technology is drawn; those reaching the top k (5) somewhere are highlighted.
    assert set(lines["technology"]) == set(label.values())
    coloured = set(lines.loc[lines["highlight"], "technology"])
    assert coloured == {label[x] for x in ranks.columns if ranks[x].min() <= 5}
    assert "Technologies reaching the top 5 somewhere are drawn." in texts(at)


def test_monte_carlo_run_matches_the_library_and_is_kept() -> None:
    at = started("sensitivity")
    # The app starts from the defaults the CLI and the report use.
    assert at.radio(key="mc_model").value == DEFAULT_WEIGHT_MODEL == "uniform"
    assert at.number_input(key="mc_draws").value == DEFAULT_DRAWS
    assert at.number_input(key="seed").value == DEFAULT_SEED
    at.number_input(key="mc_draws").set_value(600).run()
    at.number_input(key="seed").set_value(7).run()
    assert "Run the simulation" in [b.label for b in at.button]
    assert not any("draws ranked" in s.value for s in at.success)
    at.button(key="mc_run").click().run()
    assert not at.exception
    expected = monte_carlo(
        sample_matrix(),
        _weights(),
        sample().criteria,
        weight_model=UniformWeights(),
        draws=600,
        top_k=5,
        seed=7,
    ).table()
    assert any(s.value.startswith("600 draws ranked (seed 7;") for s in at.success)
    shown = frame_with(at, "P(first)")
    label = names()
    assert list(shown["Technology"]) == [label[x] for x in expected.index]
    assert shown["P(first)"].to_numpy() == pytest.approx(expected["p_first"].round(3).to_numpy())
    assert shown["P(top 5)"].to_numpy() == pytest.approx(expected["p_top_k"].round(3).to_numpy())
    heat = next(d for d in chart_data(at) if "share" in d.columns)
    assert heat.groupby("technology")["share"].sum().to_numpy() == pytest.approx(1.0)
    assert not at.get("progress")  # the bar is gone once the run is done

    # The result stays on a later run; changing a setting asks for a new run.
    at.switch_page(page("ranking")).run()
    at.switch_page(page("sensitivity")).run()
    assert any(s.value.startswith("600 draws ranked") for s in at.success)
    at.number_input(key="mc_draws").set_value(700).run()
    assert "press Run again" in texts(at)


def test_interval_weight_model() -> None:
    at = started("sensitivity")
    at.radio(key="mc_model").set_value("interval").run()
    at.slider(key="mc_spread").set_value(0.5).run()
    at.number_input(key="mc_draws").set_value(300).run()
    at.button(key="mc_run").click().run()
    expected = monte_carlo(
        sample_matrix(),
        _weights(),
        sample().criteria,
        weight_model=IntervalWeights(spread=0.5),
        draws=300,
        top_k=5,
        seed=0,
    ).table()
    shown = frame_with(at, "Mean rank")
    assert shown["Mean rank"].to_numpy() == pytest.approx(expected["mean_rank"].round(2).to_numpy())


def test_sensitivity_page_in_vietnamese() -> None:
    at = started("sensitivity")
    at.button(key="sens_stability_run").click().run()
    at.radio(key="lang").set_value("vi").run()
    assert at.header[0].value == "6. Độ nhạy"
    assert "Vị trí dẫn đầu không đổi khi" in frame_with(at, "Tiêu chí").columns


def test_fixed_weights_resample_the_experts() -> None:
    at = started("sensitivity")
    at.radio(key="mc_model").set_value("fixed").run()
    toggle = at.toggle(key="mc_bootstrap")
    assert toggle.value and toggle.disabled
    at.number_input(key="mc_draws").set_value(50).run()
    at.button(key="mc_run").click().run()
    assert not at.exception
    loaded = sample()
    spec = spec_for(loaded, top_k=5)
    settings = SensitivitySettings(draws=50, weights_model="fixed", bootstrap_experts=True)
    expected = run_sensitivity(analyse(loaded, spec), settings)
    assert isinstance(expected, MonteCarloResult)
    table = expected.table()
    shown = frame_with(at, "Mean rank")
    assert shown["Mean rank"].to_numpy() == pytest.approx(table["mean_rank"].round(2).to_numpy())


def test_cocoso_reports_where_it_fails_and_shows_the_rest() -> None:
    # On the sample CoCoSo is undefined when one criterion holds all the weight (a technology
    # is then the worst on every weighted criterion): once per criterion's grid.
    at = started("ranking")
    at.selectbox(key="method").set_value("cocoso").run()
    at.switch_page(page("sensitivity")).run()
    at.button(key="sens_stability_run").click().run()
    at.button(key="sens_sweep_run").click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    warnings = [w.value for w in at.warning]
    stability = next(w for w in warnings if "grid weights" in w)
    points = 12 * 101
    assert stability.startswith(
        f"The method could not rank at 12 of {points} grid weights ({12 / points:.1%})"
    )
    assert "with the weight of national_goals at 100.0%: CoCoSo cannot rank with" in stability
    assert "is the worst on every criterion that carries weight (national_goals)" in stability
    sweep = next(w for w in warnings if "points of this sweep" in w)
    assert sweep.startswith("The method could not rank at 1 of 101 points of this sweep (1.0%)")
    table = frame_with(at, "First place unchanged for")
    assert len(table) == 12
    lines = [d for d in chart_data(at) if "rank" in d.columns and "weight" in d.columns]
    assert pd.concat(lines)["weight"].max() == pytest.approx(0.99)


def test_switching_language_does_not_rerun_the_monte_carlo(monkeypatch) -> None:
    calls: list[str] = []
    real = cache.run_sensitivity

    def counted(result, settings, **kwargs):
        calls.append(settings.analysis)
        return real(result, settings, **kwargs)

    monkeypatch.setattr(cache, "run_sensitivity", counted)
    at = started("sensitivity")
    at.number_input(key="mc_draws").set_value(321).run()
    at.number_input(key="seed").set_value(31).run()
    at.button(key="mc_run").click().run()
    assert any(s.value.startswith("321 draws ranked") for s in at.success)
    assert calls == ["montecarlo"]
    at.radio(key="lang").set_value("vi").run()
    assert not at.exception
    assert any(s.value.startswith("Đã xếp hạng 321 lần rút") for s in at.success), [
        s.value for s in at.success
    ]
    at.radio(key="lang").set_value("en").run()
    assert calls == ["montecarlo"]  # served from the cache both times


def test_acceptability_heatmap_leaves_zero_cells_blank() -> None:
    at = started("sensitivity")
    at.number_input(key="mc_draws").set_value(200).run()
    at.button(key="mc_run").click().run()
    heat = next(d for d in chart_data(at) if "share" in d.columns)
    assert (heat["share"] > 0).all()  # a rank nobody reached has no cell at all
    assert len(heat) < len(names()) ** 2
    assert "0%" not in set(heat["label"])


def test_share_labels() -> None:
    assert [share_label(v, "en") for v in (0.0, 0.004, 0.005, 0.0051, 0.5)] == [
        "",
        "<1%",
        "<1%",
        "1%",
        "50%",
    ]


def test_sweep_chart_at_40_technologies_greys_all_but_the_top_k() -> None:
    rng = np.random.default_rng(0)
    grid = np.linspace(0, 1, 11)
    ids = [f"t{i}" for i in range(40)]
    ranks = pd.DataFrame(
        [rng.permutation(40) + 1 for _ in grid], index=pd.Index(grid, name="weight"), columns=ids
    )
    ranks.loc[:, "t0"] = 1  # always first
    long = sweep_frame(ranks, {x: f"Tech {x}" for x in ids}, top=3)
    coloured = set(long.loc[long["highlight"], "technology"])
    assert coloured == {f"Tech {x}" for x in ids if ranks[x].min() <= 3}
    spec = rank_lines(long, current=0.3, x_title="w", y_title="rank", colour_title="t").to_dict()
    grey, lines, _rule = spec["layer"]
    assert grey["mark"]["color"] == GREY_LINE and "color" not in grey.get("encoding", {})
    assert lines["encoding"]["color"]["field"] == "technology"
    datasets = spec["datasets"]
    assert len(datasets[grey["data"]["name"]]) + len(datasets[lines["data"]["name"]]) == len(long)
