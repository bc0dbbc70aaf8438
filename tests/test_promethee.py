"""Tests for r57_mcda.ranking.promethee: published example, preference functions, thresholds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from r57_mcda.errors import MethodError
from r57_mcda.models import CriteriaSet, Criterion
from r57_mcda.ranking import (
    PREFERENCE_FUNCTIONS,
    preference_degrees,
    promethee_flows,
    promethee_settings,
    rank,
)

# Brans, Vincke & Mareschal (1986), location of a hydroelectric power station.
PLANTS = ["ITA", "BEL", "GER", "SWE", "AUT", "FRA"]
PLANT_COLUMNS = ["manpower", "power", "construction", "maintenance", "villages", "security"]
PLANT_DIRECTIONS = ["cost", "benefit", "cost", "cost", "cost", "benefit"]
PLANT_MATRIX = [
    [80, 90, 600, 54, 8, 5],
    [65, 58, 200, 97, 1, 1],
    [83, 60, 400, 72, 4, 7],
    [40, 80, 1000, 75, 7, 10],
    [52, 72, 600, 20, 3, 8],
    [94, 96, 700, 36, 5, 6],
]
PLANT_PARAMS = {
    "functions": {
        "manpower": "ushape",
        "power": "vshape",
        "construction": "linear",
        "maintenance": "level",
        "villages": "usual",
        "security": "gaussian",
    },
    "thresholds": {
        "manpower": {"q": 10},
        "power": {"p": 30},
        "construction": {"q": 50, "p": 500},
        "maintenance": {"q": 10, "p": 60},
        "security": {"s": 5},
    },
}


def plant_case(raw_weights: list[float] | None = None):
    criteria = CriteriaSet(
        id="plants",
        name="plants",
        criteria=tuple(
            Criterion(id=c, name=c, direction=d)  # type: ignore[arg-type]
            for c, d in zip(PLANT_COLUMNS, PLANT_DIRECTIONS, strict=True)
        ),
    )
    matrix = pd.DataFrame(PLANT_MATRIX, index=PLANTS, columns=PLANT_COLUMNS, dtype=float)
    weights = pd.Series(raw_weights or [1.0] * 6, index=PLANT_COLUMNS, dtype=float)
    return matrix, weights, criteria


def test_brans_vincke_mareschal_1986_power_station():
    """Brans, J.-P., Vincke, Ph. & Mareschal, B. (1986). How to select and how to rank
    projects: the PROMETHEE method. EJOR 24(2), 228-238, numerical application (location of a
    hydroelectric power station: six countries, six criteria, one preference function of each
    type I-VI, equal weights). Input table as in Mareschal's teaching copy (Exercises with
    Visual PROMETHEE, 2019, Table 1; some copies print construction and maintenance as 6, 2,
    ... and 5.4, 9.7, ... with thresholds scaled alike, which is equivalent). Printed
    preference indices pi (3 decimals) and net flows printed as sums, not divided by n - 1
    (-0.728, 0.085, -0.447, -0.102, 1.466, -0.274), as reprinted in a course reproduction of
    the 1986 example; pi was rounded before summing, hence the 0.003 tolerance.
    """
    matrix, weights, criteria = plant_case()
    result = rank(matrix, weights, criteria, method="promethee2", params=PLANT_PARAMS)
    published_sums = [-0.728, 0.085, -0.447, -0.102, 1.466, -0.274]
    np.testing.assert_allclose(result.scores * 5, published_sums, atol=3e-3)
    assert result.order() == ["AUT", "BEL", "SWE", "FRA", "GER", "ITA"]
    flows = promethee_flows(matrix, weights / 6, criteria, **PLANT_PARAMS)
    published_pi = [
        [0, 0.296, 0.250, 0.268, 0.100, 0.185],
        [0.462, 0, 0.389, 0.333, 0.296, 0.500],
        [0.236, 0.180, 0, 0.333, 0.056, 0.429],
        [0.399, 0.505, 0.305, 0, 0.223, 0.212],
        [0.444, 0.515, 0.487, 0.380, 0, 0.448],
        [0.286, 0.399, 0.250, 0.432, 0.133, 0],
    ]
    np.testing.assert_allclose(flows.preference_index.to_numpy(), published_pi, atol=1.5e-3)
    assert result.params["functions"]["security"] == "gaussian"
    assert result.params["thresholds"]["construction"] == {"q": 50.0, "p": 500.0}


@pytest.mark.parametrize(
    ("raw_weights", "best"),
    [([10, 50, 10, 10, 10, 10], "FRA"), ([9, 9, 9, 9, 55, 9], "BEL")],
)
def test_power_station_weight_sensitivity(raw_weights, best):
    """Same source (Mareschal, Exercises with Visual PROMETHEE, 2019): with the power weight
    at 50 (others 10) France comes first; with the villages weight at 55 (others 9) Belgium.
    """
    matrix, weights, criteria = plant_case(raw_weights)
    result = rank(matrix, weights, criteria, method="promethee2", params=PLANT_PARAMS)
    assert result.order()[0] == best


def test_flows_decompose_into_criterion_flows():
    matrix, weights, criteria = plant_case()
    result = rank(matrix, weights, criteria, method="promethee2", params=PLANT_PARAMS)
    per_criterion = result.extras["criterion_flows"]
    np.testing.assert_allclose(per_criterion.to_numpy() @ np.full(6, 1 / 6), result.scores)
    np.testing.assert_allclose(
        result.extras["phi_plus"] - result.extras["phi_minus"], result.scores
    )
    # Villages (usual, cost): BEL has the fewest villages, so it wins all 5 comparisons.
    assert per_criterion.loc["BEL", "villages"] == pytest.approx(1.0)
    assert per_criterion.loc["ITA", "villages"] == pytest.approx(-1.0)


D = np.array([-3.0, 0.0, 1.0, 2.0, 3.0, 5.0, 8.0])


@pytest.mark.parametrize(
    ("function", "thresholds", "expected"),
    [
        ("usual", {}, [0, 0, 1, 1, 1, 1, 1]),
        ("ushape", {"q": 2}, [0, 0, 0, 0, 1, 1, 1]),
        ("vshape", {"p": 4}, [0, 0, 0.25, 0.5, 0.75, 1, 1]),
        ("level", {"q": 1, "p": 3}, [0, 0, 0, 0.5, 0.5, 1, 1]),
        ("linear", {"q": 1, "p": 5}, [0, 0, 0, 0.25, 0.5, 1, 1]),
        ("linear", {"q": 2, "p": 2}, [0, 0, 0, 0, 1, 1, 1]),
        (
            "gaussian",
            {"s": 2},
            [
                0,
                0,
                1 - np.exp(-1 / 8),
                1 - np.exp(-0.5),
                1 - np.exp(-9 / 8),
                1 - np.exp(-25 / 8),
                1 - np.exp(-8),
            ],
        ),
    ],
)
def test_preference_functions(function, thresholds, expected):
    limits = {k: np.array([thresholds.get(k, 1.0)]) for k in ("q", "p", "s")}
    got = preference_degrees(D[:, None], function, **limits)[:, 0]
    np.testing.assert_allclose(got, expected)
    assert set(PREFERENCE_FUNCTIONS[function]) == set(thresholds)


@pytest.mark.parametrize(
    ("functions", "thresholds", "message"),
    [
        ({"a": "triangle"}, {}, r"unknown preference function 'triangle'; use usual \(I\)"),
        ({"a": "linear"}, {"a": {"q": 1}}, r"'linear' needs threshold 'p'"),
        ({"a": "linear"}, {"a": {"q": 3, "p": 2}}, r"q \(3\) must not exceed p \(2\)"),
        ({"a": "vshape"}, {"a": {"p": 0}}, r"p must be > 0"),
        ({"a": "ushape"}, {"a": {"q": -1}}, r"q must be >= 0"),
        ({"a": "gaussian"}, {"a": {"s": "wide"}}, r"threshold 's' must be a finite number"),
        ({}, {"a": {"q": 1}}, r"'usual' takes no threshold 'q'"),
        ({"a": "ushape"}, {"a": {"q": 1, "s": 2}}, r"takes no threshold 's' \(it takes q\)"),
        ({"zz": "usual"}, {}, r"functions name criteria not in the matrix: zz"),
        ({}, {"zz": {"q": 1}}, r"thresholds name criteria not in the matrix: zz"),
    ],
)
def test_threshold_validation(functions, thresholds, message):
    with pytest.raises(MethodError, match=message):
        promethee_settings(["a", "b"], functions=functions, thresholds=thresholds)


def test_invalid_thresholds_are_refused_by_rank():
    matrix, weights, criteria = plant_case()
    params = {"functions": {"power": "level"}, "thresholds": {"power": {"q": 40, "p": 30}}}
    with pytest.raises(MethodError, match=r"criterion 'power': q \(40\) must not exceed p \(30\)"):
        rank(matrix, weights, criteria, method="promethee2", params=params)


def test_default_is_usual_for_every_criterion_and_silent_criteria_get_a_note():
    matrix, weights, criteria = plant_case()
    params = {"functions": {"power": "ushape"}, "thresholds": {"power": {"q": 1000}}}
    result = rank(matrix, weights, criteria, method="promethee2", params=params)
    assert result.params["functions"] == dict.fromkeys(PLANT_COLUMNS, "usual") | {"power": "ushape"}
    assert (result.extras["criterion_flows"]["power"] == 0).all()
    assert any("'power'" in str(note) for note in result.extras["notes"])


SAMPLE_THRESHOLDS = {
    "ushape": {"q": 2.0},
    "vshape": {"p": 8.0},
    "level": {"q": 1.0, "p": 10.0},
    "linear": {"q": 1.0, "p": 10.0},
    "gaussian": {"s": 3.0},
}


@st.composite
def problems(draw):
    n = draw(st.integers(2, 7))
    m = draw(st.integers(1, 4))
    cells = st.floats(-50, 50, allow_nan=False, allow_subnormal=False)
    rows = draw(st.lists(st.lists(cells, min_size=m, max_size=m), min_size=n, max_size=n))
    raw = draw(st.lists(st.floats(0.05, 1.0), min_size=m, max_size=m))
    functions = draw(
        st.lists(st.sampled_from(sorted(PREFERENCE_FUNCTIONS)), min_size=m, max_size=m)
    )
    directions = draw(st.lists(st.sampled_from(["benefit", "cost"]), min_size=m, max_size=m))
    columns = [f"c{j}" for j in range(m)]
    criteria = CriteriaSet(
        id="h",
        name="h",
        criteria=tuple(
            Criterion(id=c, name=c, direction=d)  # type: ignore[arg-type]
            for c, d in zip(columns, directions, strict=True)
        ),
    )
    thresholds = {
        c: dict(SAMPLE_THRESHOLDS[f])
        for c, f in zip(columns, functions, strict=True)
        if f != "usual"
    }
    matrix = pd.DataFrame(rows, index=[f"t{i}" for i in range(n)], columns=columns)
    weights = pd.Series(raw, index=columns) / sum(raw)
    return matrix, weights, criteria, dict(zip(columns, functions, strict=True)), thresholds


@settings(max_examples=50, deadline=None)
@given(problems())
def test_flow_invariants(problem):
    matrix, weights, criteria, functions, thresholds = problem
    flows = promethee_flows(matrix, weights, criteria, functions=functions, thresholds=thresholds)
    pi = flows.preference_index.to_numpy()
    assert np.all(np.diag(pi) == 0)
    assert np.all(pi + pi.T <= 1 + 1e-12)
    assert abs(flows.phi_net.sum()) < 1e-9
    assert np.all(np.abs(flows.phi_net) <= 1 + 1e-12)
    np.testing.assert_allclose(
        flows.criterion_flows.to_numpy() @ weights.to_numpy(), flows.phi_net, atol=1e-12
    )
    np.testing.assert_allclose(flows.phi_plus - flows.phi_minus, flows.phi_net, atol=1e-12)
