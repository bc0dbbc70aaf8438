"""The app's choice values (no streamlit): spec round trips, input checks, the AHP grid's math."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from r57_mcda.io.inputs import InputFile, load_inputs
from r57_mcda.pipeline.sensitivity import SensitivitySettings
from r57_mcda.spec import AnalysisSpec, WeightSpec
from r57_mcda.ui.ahp_grid import (
    SAATY,
    TOP,
    grid_weights,
    judgment_label,
    judgment_value,
    levels,
    pairwise_matrix,
)
from r57_mcda.ui.choices import (
    Choices,
    MethodChoice,
    PanelChoice,
    WeightChoice,
    build_spec,
    choices_from_spec,
    input_mismatches,
)
from r57_mcda.ui.state import sample_files
from r57_mcda.weighting.ahp import ahp_priorities

LOADED = load_inputs(sample_files())
IDS = LOADED.criteria.ids


def test_weight_choice_specs() -> None:
    direct = WeightChoice.direct({"a": 2, "b": 1})
    assert direct.spec() == WeightSpec(source="direct", values={"a": 2.0, "b": 1.0})
    grid = WeightChoice.direct({"a": 0.75, "b": 0.25}, source="ahp_grid", cr=0.02)
    assert grid.spec() == WeightSpec(source="direct", values={"a": 0.75, "b": 0.25})
    ranked = WeightChoice(source="rank", order=("b", ("a", "c")), rank_method="rs")
    assert ranked.spec() == WeightSpec(source="rank", order=("b", ("a", "c")), rank_method="rs")
    assert WeightChoice(source="critic").spec() == WeightSpec(source="critic")
    assert WeightChoice.from_spec(ranked.spec()) == ranked


def test_weight_choice_fits_only_its_criteria() -> None:
    assert WeightChoice.direct({"a": 1, "b": 1}).fits(["b", "a"])
    assert not WeightChoice.direct({"a": 1}).fits(["a", "b"])
    assert WeightChoice(source="rank", order=("b", ("a", "c"))).fits(["a", "b", "c"])
    assert not WeightChoice(source="rank", order=("a",)).fits(["a", "b"])
    assert WeightChoice(source="equal").fits(["x"])


choice_values = st.builds(
    Choices,
    panel=st.builds(
        PanelChoice,
        aggregation=st.sampled_from(["mean", "median", "trimmed", "geometric"]),
        balance_groups=st.booleans(),
        trim=st.sampled_from([0.0, 0.1, 0.2]),
        quorum=st.integers(1, 5),
    ),
    weights=st.one_of(
        st.sampled_from([WeightChoice(source=s) for s in ("criteria", "equal", "entropy")]),
        st.lists(st.floats(0, 1, allow_nan=False), min_size=len(IDS), max_size=len(IDS)).map(
            lambda v: WeightChoice.direct(dict(zip(IDS, v, strict=True)))
        ),
        st.permutations(IDS).map(lambda o: WeightChoice(source="rank", order=tuple(o))),
    ),
    method=st.sampled_from(
        [MethodChoice("wsm"), MethodChoice("vikor", {"v": 0.3}), MethodChoice("topsis")]
    ),
    compare=st.lists(st.sampled_from(["wsm", "wpm", "topsis"]), unique=True).map(tuple),
    top_k=st.integers(1, 14),
    seed=st.integers(0, 2**31),
    sensitivity=st.builds(
        SensitivitySettings,
        analysis=st.sampled_from(["montecarlo", "stability"]),
        draws=st.integers(1, 100_000),
        weights_model=st.sampled_from(["uniform", "dirichlet", "interval", "fixed"]),
        concentration=st.sampled_from([1.0, 100.0]),
        interval=st.sampled_from([0.1, 0.25]),
        bootstrap_experts=st.booleans(),
    ),
)


@settings(max_examples=50, deadline=None)
@given(choice_values)
def test_choices_survive_the_settings_file(choices: Choices) -> None:
    spec = build_spec(LOADED, choices)
    for text in (spec.to_toml(), spec.to_json()):
        assert choices_from_spec(AnalysisSpec.from_text(text)) == choices


def test_built_spec_records_the_files() -> None:
    spec = build_spec(LOADED, Choices())
    assert {(r.role, r.sha256) for r in spec.inputs} == {(f.role, f.sha256) for f in LOADED.files}
    assert spec.criteria_set == "r57_strategic_technologies"
    assert input_mismatches(spec, LOADED.files) == []


def test_input_mismatches_by_role_and_content_not_name() -> None:
    files = LOADED.files
    spec = build_spec(LOADED, Choices())
    renamed = tuple(InputFile(f.role, "elsewhere/" + f.name, f.content) for f in files)
    assert input_mismatches(spec, renamed) == []
    edited = tuple(
        InputFile(f.role, f.name, f.content + b"\n") if f.role == "scores" else f for f in files
    )
    [changed] = input_mismatches(spec, edited)
    assert (changed.kind, changed.role, changed.name) == ("changed", "scores", "expert_scores.csv")
    assert changed.expected != changed.actual
    fewer = tuple(f for f in files if f.role != "experts")
    [missing] = input_mismatches(spec, fewer)
    assert (missing.kind, missing.role) == ("missing", "experts")
    more = (*files, InputFile("ahp", "ahp.csv", b"criterion\n"))
    [extra] = input_mismatches(spec, more)
    assert (extra.kind, extra.role, extra.name) == ("extra", "ahp", "ahp.csv")


def test_saaty_positions() -> None:
    assert SAATY[0] == 9 and SAATY[8] == 1 and SAATY[-1] == -9 and len(SAATY) == 17
    assert judgment_value(3) == 3.0 and judgment_value(1) == 1.0
    assert judgment_value(-4) == pytest.approx(0.25)
    assert [judgment_label(k) for k in (5, 1, -7)] == ["5 : 1", "1 : 1", "1 : 7"]


def test_pairwise_matrix_is_reciprocal() -> None:
    m = pairwise_matrix(["a", "b", "c"], {("a", "b"): 3, ("b", "c"): -2})
    assert m.loc["a", "b"] == 3 and m.loc["b", "a"] == pytest.approx(1 / 3)
    assert m.loc["b", "c"] == 0.5 and m.loc["c", "b"] == 2
    assert m.loc["a", "c"] == 1 and np.allclose(np.diag(m), 1)


def test_levels_follow_the_criteria_groups() -> None:
    found = levels(LOADED.criteria)
    assert found[0] == (TOP, ["strategic_fit", "impact", "capability", "cost_risk"])
    assert [scope for scope, _ in found[1:]] == [
        "strategic_fit",
        "impact",
        "capability",
        "cost_risk",
    ]
    assert found[1][1] == ["national_goals", "autonomy", "security_defence"]


def test_grid_weights_compose_groups_and_criteria() -> None:
    """Saaty (1980), The Analytic Hierarchy Process, McGraw-Hill: a consistent matrix (a_ij =
    w_i / w_j) gives back its weights with CR = 0; here the groups weigh 4 : 2 : 1 : 1."""
    stored = {
        "top|strategic_fit|impact": 2,
        "top|strategic_fit|capability": 4,
        "top|strategic_fit|cost_risk": 4,
        "top|impact|capability": 2,
        "top|impact|cost_risk": 2,
    }
    grid = grid_weights(LOADED.criteria, stored)
    top = grid.results[TOP]
    assert top.cr == pytest.approx(0.0, abs=1e-12)
    assert top.priorities.to_numpy() == pytest.approx([0.5, 0.25, 0.125, 0.125])
    # Equal judgments within each group: a criterion gets a third of its group's weight.
    assert grid.weights.values["autonomy"] == pytest.approx(0.5 / 3)
    assert grid.weights.values.sum() == pytest.approx(1.0)
    assert grid.max_cr == pytest.approx(0.0, abs=1e-12)


def test_grid_flags_inconsistency() -> None:
    stored = {
        "top|strategic_fit|impact": 9,
        "top|impact|capability": 9,
        "top|strategic_fit|capability": -9,
    }
    grid = grid_weights(LOADED.criteria, stored)
    expected = ahp_priorities(
        pairwise_matrix(
            ["strategic_fit", "impact", "capability", "cost_risk"],
            {
                ("strategic_fit", "impact"): 9,
                ("impact", "capability"): 9,
                ("strategic_fit", "capability"): -9,
            },
        )
    )
    assert grid.results[TOP].cr == pytest.approx(expected.cr)
    assert not grid.results[TOP].consistent


def test_ahp_grid_judgments_round_trip_through_a_saved_spec() -> None:
    """AHP judgments entered in the app are saved as matrices and give the same weights back."""
    from r57_mcda.io.bundled import sample_paths
    from r57_mcda.io.pairwise import load_pairwise
    from r57_mcda.pipeline.analysis import analyse, spec_for
    from r57_mcda.ui.choices import freeze_judgments, slider_positions, thaw_judgments

    top = load_pairwise(sample_paths()["ahp"])  # the sample's 4x4 group matrix
    pairwise = freeze_judgments({"top": top.to_dict(orient="index")})
    grid = WeightChoice.direct({}, source="ahp_grid", cr=0.0076, pairwise=pairwise)
    spec = spec_for(LOADED, weights=grid.spec())
    again = AnalysisSpec.from_text(spec.to_toml())
    assert again == spec
    assert WeightChoice.from_spec(again.weights).pairwise == pairwise
    assert WeightChoice.from_spec(again.weights).cr == pytest.approx(ahp_priorities(top).cr)
    # The same weights as the --ahp file route, with the AHP provenance (matrix and CR).
    with_file = load_inputs((*sample_files(), InputFile.from_path("ahp", sample_paths()["ahp"])))
    by_file = analyse(with_file, spec_for(with_file, weights=WeightSpec(source="ahp")))
    by_grid = analyse(LOADED, again, agreement=False)
    assert by_grid.weights.values.to_dict() == pytest.approx(by_file.weights.values.to_dict())
    assert by_grid.weights.method == "ahp"
    assert thaw_judgments(pairwise)["top"]["impact"]["cost_risk"] == pytest.approx(2.0)
    assert slider_positions(pairwise)["top|strategic_fit|cost_risk"] == 3
    assert slider_positions(pairwise)["top|impact|capability"] == 2
    assert slider_positions(pairwise)["top|capability|cost_risk"] == 1
