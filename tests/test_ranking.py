"""Tests for r57_mcda.ranking: API, metadata, hand-computed and published examples, bad input."""

from __future__ import annotations

import pickle
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import r57_mcda.ranking as ranking
from r57_mcda.errors import InputError, MethodError
from r57_mcda.models import CriteriaSet, Criterion
from r57_mcda.ranking import list_methods, method_info, rank

SKC_CHOICES = {"waspas", "edas", "cocoso", "mabac", "aras", "codas", "marcos", "ram", "spotis"}


def make_criteria(directions: dict[str, str], scales: dict[str, tuple[float, float]] | None = None):
    scales = scales or {}
    return CriteriaSet(
        id="test",
        name="test",
        criteria=tuple(
            Criterion(id=c, name=c, direction=d, scale=scales.get(c))  # type: ignore[arg-type]
            for c, d in directions.items()
        ),
    )


def frame(rows: list[list[float]], columns: list[str], ids: list[str] | None = None):
    ids = ids or [f"A{i + 1}" for i in range(len(rows))]
    return pd.DataFrame(rows, index=ids, columns=columns, dtype=float)


def weights_of(values: list[float], columns: list[str]) -> pd.Series:
    return pd.Series(values, index=columns, dtype=float)


# --- metadata -------------------------------------------------------------------------------


def test_all_is_sorted_and_complete():
    # isort-style, as ruff's RUF022 keeps it: CONSTANTS, then Classes, then functions.
    kind = {True: 0, False: 1}
    key = lambda name: (kind[name.isupper()] if name[0].isupper() else 2, name)  # noqa: E731
    assert ranking.__all__ == sorted(ranking.__all__, key=key)
    for name in ranking.__all__:
        assert hasattr(ranking, name)


def test_methods_cover_the_required_set_with_bilingual_texts():
    infos = list_methods()
    ids = [m.id for m in infos]
    assert len(ids) == len(set(ids))
    assert {"wsm", "wpm", "topsis", "vikor", "promethee2", "moora", "electre2"} <= set(ids)
    assert len(SKC_CHOICES & set(ids)) >= 4
    for info in infos:
        for text in (info.name, info.name_vi, info.description, info.description_vi):
            assert len(text) > 3
        assert len(info.preprocessing) > 20 and len(info.preprocessing_vi) > 20
        assert re.search(r"\((19|20)\d\d\)", info.citation), info.id
        assert info.description != info.description_vi
        assert method_info(info.id) is info
        assert info.label("vi") == info.name_vi and info.label() == info.name


def test_method_directions_and_defaults():
    assert not method_info("vikor").higher_is_better
    assert not method_info("spotis").higher_is_better
    assert not method_info("electre2").higher_is_better
    assert method_info("topsis").higher_is_better
    assert method_info("vikor").defaults == {"v": 0.5}
    assert dict(method_info("electre2").defaults) == {
        "p0": 0.65,
        "p1": 0.5,
        "p2": 0.35,
        "q0": 0.65,
        "q1": 0.35,
    }
    assert method_info("wpm").requires_positive


def test_unknown_method_lists_valid_ids():
    with pytest.raises(MethodError, match=r"Unknown ranking method 'foo'.*topsis"):
        method_info("foo")


def test_importing_ranking_does_not_import_scikit_criteria():
    code = (
        "import sys, pandas as pd\n"
        "from r57_mcda.models import CriteriaSet, Criterion\n"
        "from r57_mcda.ranking import rank\n"
        "c = CriteriaSet('s', 's', (Criterion('a', 'a', 'benefit'), Criterion('b', 'b', 'cost')))\n"
        "m = pd.DataFrame({'a': [1.0, 2.0], 'b': [3.0, 1.0]}, index=['x', 'y'])\n"
        "rank(m, pd.Series({'a': 0.5, 'b': 0.5}), c, method='topsis')\n"
        "print('skcriteria' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "False"


# --- hand-computed --------------------------------------------------------------------------


def test_wsm_hand_computed_with_declared_scale():
    """3 x 3 by hand: a in [1, 5] benefit, b in [1, 5] cost, c (no scale, observed [10, 30]).

    Values a: 1, .5, 0; b: 1, .5, .25; c: 0, .5, 1. Scores with w = (.5, .3, .2):
    t1 = 100 (.5 + .3) = 80; t2 = 100 (.25 + .15 + .1) = 50; t3 = 100 (.075 + .2) = 27.5.
    """
    criteria = make_criteria(
        {"a": "benefit", "b": "cost", "c": "benefit"}, {"a": (1, 5), "b": (1, 5)}
    )
    matrix = frame([[5, 1, 10], [3, 3, 20], [1, 4, 30]], ["a", "b", "c"], ["t1", "t2", "t3"])
    result = rank(matrix, weights_of([0.5, 0.3, 0.2], ["a", "b", "c"]), criteria)
    assert result.method == "wsm" and result.higher_is_better
    np.testing.assert_allclose(result.scores.to_numpy(), [80.0, 50.0, 27.5])
    assert result.ranks.tolist() == [1, 2, 3]
    assert not result.tied.any()
    contributions = result.extras["contributions"]
    np.testing.assert_allclose(contributions.loc["t3"].to_numpy(), [0.0, 7.5, 20.0])
    assert result.extras["bounds"].loc["c"].tolist() == [10.0, 30.0]
    np.testing.assert_allclose(
        ranking.wsm_values(matrix, criteria).loc["t3"].to_numpy(), [0.0, 0.25, 1.0]
    )


def test_wpm_hand_computed():
    """t1 = .5^.75 .25^.25 = 0.420448, t2 = 1 * .5^.25 = 0.840896, t3 = .25^.75 = 0.353553."""
    criteria = make_criteria({"a": "benefit", "b": "cost"})
    matrix = frame([[2, 4], [4, 2], [1, 1]], ["a", "b"], ["t1", "t2", "t3"])
    result = rank(matrix, weights_of([0.75, 0.25], ["a", "b"]), criteria, method="wpm")
    np.testing.assert_allclose(result.scores.to_numpy(), [0.420448, 0.840896, 0.353553], atol=1e-6)
    assert result.ranks.tolist() == [2, 1, 3]


def test_ties_share_the_best_rank_and_are_flagged():
    criteria = make_criteria({"a": "benefit", "b": "benefit"})
    matrix = frame([[1, 2], [3, 4], [1, 2], [0, 0]], ["a", "b"])
    result = rank(matrix, weights_of([0.5, 0.5], ["a", "b"]), criteria)
    assert result.ranks.tolist() == [2, 1, 2, 4]
    assert result.tied.tolist() == [True, False, True, False]
    assert result.order() == ["A2", "A1", "A3", "A4"]


def test_weights_are_normalised_and_reported():
    criteria = make_criteria({"a": "benefit", "b": "cost"})
    matrix = frame([[1, 2], [3, 5], [2, 1]], ["a", "b"])
    result = rank(matrix, weights_of([3, 1], ["a", "b"]), criteria, method="topsis")
    same = rank(matrix, weights_of([0.75, 0.25], ["a", "b"]), criteria, method="topsis")
    pd.testing.assert_series_equal(result.scores, same.scores)
    assert result.weights.tolist() == [0.75, 0.25]


@pytest.mark.parametrize("method", [m.id for m in list_methods()])
def test_zero_weight_equals_dropping_the_criterion(method):
    criteria = make_criteria({"a": "benefit", "b": "cost", "c": "benefit", "z": "benefit"})
    rows = [[4, 2, 7, 5], [6, 3, 2, 5], [3, 1, 5, 5], [8, 4, 4, 5], [5, 2.5, 6, 5]]
    matrix = frame(rows, ["a", "b", "c", "z"])
    # z is constant: min-max methods could not divide by its range, but weight 0 removes it.
    with_zero = rank(
        matrix, weights_of([0.5, 0.3, 0.2, 0.0], list("abcz")), criteria, method=method
    )
    without = rank(
        matrix[["a", "b", "c"]], weights_of([0.5, 0.3, 0.2], list("abc")), criteria, method=method
    )
    pd.testing.assert_series_equal(with_zero.scores, without.scores)
    pd.testing.assert_series_equal(with_zero.ranks, without.ranks)
    assert with_zero.extras["dropped_zero_weight"] == ("z",)
    assert any("'z'" in str(note) for note in with_zero.extras["notes"])
    assert any("'z'" in note and "trọng số 0" in note for note in with_zero.extras["notes_vi"])
    assert with_zero.weights["z"] == 0.0


@pytest.mark.parametrize("method", [m.id for m in list_methods()])
def test_rank_does_not_mutate_inputs_and_results_pickle(method):
    criteria = make_criteria({"a": "benefit", "b": "cost"}, {"a": (0, 10)})
    matrix = frame([[4, 2], [6, 3], [3, 1], [8, 5]], ["a", "b"])
    weights = weights_of([2, 1], ["a", "b"])
    matrix_before, weights_before = matrix.copy(), weights.copy()
    result = rank(matrix, weights, criteria, method=method)
    pd.testing.assert_frame_equal(matrix, matrix_before)
    pd.testing.assert_series_equal(weights, weights_before)
    # st.cache_data pickles results: everything in a Ranking must survive a round trip.
    again = pickle.loads(pickle.dumps(result))
    pd.testing.assert_series_equal(again.scores, result.scores)
    assert again.params == result.params
    assert pickle.loads(pickle.dumps(method_info(method))) == method_info(method)
    defaults = dict(method_info(method).defaults)
    result.params.clear()  # the caller's own copy: the registry must not change
    assert dict(method_info(method).defaults) == defaults
    assert list(result.scores.index) == ["A1", "A2", "A3", "A4"]
    assert result.extras["dropped_zero_weight"] == ()


def test_values_a_hair_outside_the_declared_scale_are_clipped():
    criteria = make_criteria({"a": "benefit", "b": "benefit"}, {"a": (1, 5)})
    matrix = frame([[5 + 1e-12, 1], [1, 2]], ["a", "b"])
    result = rank(matrix, weights_of([0.5, 0.5], ["a", "b"]), criteria)
    np.testing.assert_allclose(result.scores.to_numpy(), [50.0, 50.0])


# --- published examples ---------------------------------------------------------------------


def test_topsis_hwang_yoon_1981_fighter_aircraft():
    """Hwang, C.-L. & Yoon, K. (1981). Multiple Attribute Decision Making: Methods and
    Applications. LNEMS 186, Springer. TOPSIS numerical example (fighter aircraft, p. 133):
    closeness C* = 0.643, 0.268, 0.613, 0.312; S* = .0545, .1197, .0580, .1009 and
    S- = .0983, .0439, .0920, .0458. Criterion X4 (acquisition cost) is a cost criterion.
    """
    columns = ["speed", "range", "payload", "cost", "reliability", "maneuver"]
    criteria = make_criteria({c: "cost" if c == "cost" else "benefit" for c in columns})
    matrix = frame(
        [
            [2.0, 1500, 20000, 5.5, 5, 9],
            [2.5, 2700, 18000, 6.5, 3, 5],
            [1.8, 2000, 21000, 4.5, 7, 7],
            [2.2, 1800, 20000, 5.0, 5, 5],
        ],
        columns,
    )
    weights = weights_of([0.2, 0.1, 0.1, 0.1, 0.2, 0.3], columns)
    result = rank(matrix, weights, criteria, method="topsis")
    np.testing.assert_allclose(result.scores, [0.643, 0.268, 0.613, 0.312], atol=1e-3)
    np.testing.assert_allclose(result.extras["d_plus"], [0.0545, 0.1197, 0.0580, 0.1009], atol=1e-3)
    np.testing.assert_allclose(
        result.extras["d_minus"], [0.0983, 0.0439, 0.0920, 0.0458], atol=1e-3
    )
    assert result.ranks.tolist() == [1, 4, 2, 3]
    parts = ranking.topsis_parts(matrix, weights, criteria)
    assert parts.ideal["cost"] == parts.weighted["cost"].min()


def test_topsis_tzeng_huang_2011():
    """Tzeng, G.-H. & Huang, J.-J. (2011). Multiple Attribute Decision Making: Methods and
    Applications. CRC Press. TOPSIS example: closeness 0.5037, 0.6581, 0.7482, 0.3340.
    """
    criteria = make_criteria({"dur": "benefit", "cap": "benefit", "rel": "benefit"})
    matrix = frame([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], ["dur", "cap", "rel"])
    result = rank(
        matrix, weights_of([0.3, 0.4, 0.3], ["dur", "cap", "rel"]), criteria, method="topsis"
    )
    np.testing.assert_allclose(result.scores, [0.5037, 0.6581, 0.7482, 0.3340], atol=1e-4)
    assert result.ranks.tolist() == [3, 2, 1, 4]


def test_vikor_opricovic_tzeng_2004():
    """Opricovic, S. & Tzeng, G.-H. (2004). Compromise solution by MCDM methods: a comparative
    analysis of VIKOR and TOPSIS. EJOR 156(2), 445-455, numerical example (risk: cost,
    altitude: benefit, w = .5, .5): S = .5, .375, .5; R = .5, .25, .5; Q = 1, 0, 1; A2 is the
    compromise solution with acceptable advantage and stability.
    """
    criteria = make_criteria({"risk": "cost", "altitude": "benefit"})
    matrix = frame([[1, 3000], [2, 3750], [5, 4500]], ["risk", "altitude"])
    result = rank(matrix, weights_of([0.5, 0.5], ["risk", "altitude"]), criteria, method="vikor")
    assert not result.higher_is_better
    np.testing.assert_allclose(result.extras["S"], [0.5, 0.375, 0.5])
    np.testing.assert_allclose(result.extras["R"], [0.5, 0.25, 0.5])
    np.testing.assert_allclose(result.scores, [1.0, 0.0, 1.0])
    assert result.ranks.tolist() == [2, 1, 2]
    assert result.extras["compromise_set"] == ("A2",)
    assert result.extras["acceptable_advantage"] and result.extras["acceptable_stability"]
    assert result.params["v"] == 0.5


VIKOR_2007 = {
    "W1": (
        [1, 1, 1, 1, 1, 1, 1, 1],
        [0.692, 0.7, 0.29, 0.423, 0.28, 0.346],
        [0.125, 0.125, 0.121, 0.125, 0.067, 0.125],
        [0.991, 1.0, 0.473, 0.670, 0.0, 0.578],
        [5, 6, 2, 4, 1, 3],
        ("A5",),
        True,
    ),
    "W2": (
        [2, 2, 2, 2, 1, 1, 1, 1],
        [0.701, 0.6, 0.386, 0.365, 0.317, 0.459],
        [0.167, 0.114, 0.161, 0.167, 0.089, 0.167],
        [1.0, 0.533, 0.552, 0.563, 0.0, 0.686],
        [6, 2, 3, 4, 1, 5],
        ("A5",),
        True,
    ),
    "W3": (
        [1, 1, 1, 1, 2, 2, 2, 2],
        [0.683, 0.8, 0.193, 0.48, 0.243, 0.232],
        [0.113, 0.167, 0.08, 0.122, 0.044, 0.083],
        [0.684, 1.0, 0.147, 0.554, 0.041, 0.191],
        [5, 6, 2, 4, 1, 3],
        ("A5", "A3", "A6"),
        False,
    ),
    "W4": (
        [1, 1, 1, 1, 3.2, 3.2, 3.2, 3.2],
        [0.678, 0.857, 0.138, 0.513, 0.222, 0.167],
        [0.129, 0.190, 0.057, 0.139, 0.042, 0.060],
        [0.668, 1.0, 0.051, 0.588, 0.058, 0.078],
        [5, 6, 1, 4, 2, 3],
        ("A3", "A5", "A6"),
        False,
    ),
}


@pytest.mark.parametrize("case", sorted(VIKOR_2007))
def test_vikor_opricovic_tzeng_2007(case):
    """Opricovic, S. & Tzeng, G.-H. (2007). Extended VIKOR method in comparison with
    outranking methods. EJOR 178(2), 514-529: six reservoir alternatives, eight criteria,
    weight sets W1-W4 with printed S, R, Q (3 decimals), ranks and compromise sets.
    """
    raw_weights, s, r, q, ranks, compromise, advantage = VIKOR_2007[case]
    columns = ["profit", "cost", "energy", "peak", "homes", "area", "villages", "environment"]
    directions = ["benefit", "cost", "benefit", "benefit", "cost", "cost", "cost", "benefit"]
    criteria = make_criteria(dict(zip(columns, directions, strict=True)))
    matrix = frame(
        [
            [4184.3, 2914.0, 407.2, 251.0, 195, 244, 15, 2.41],
            [5211.9, 3630.0, 501.7, 308.3, 282, 346, 21, 1.41],
            [5021.3, 3920.5, 504.0, 278.6, 12, 56, 3, 4.42],
            [5566.1, 3957.9, 559.5, 335.3, 167, 268, 16, 3.36],
            [5060.5, 3293.5, 514.1, 284.2, 69, 90, 7, 4.04],
            [4317.9, 2925.9, 432.8, 239.3, 12, 55, 3, 4.36],
        ],
        columns,
    )
    result = rank(matrix, weights_of(raw_weights, columns), criteria, method="vikor")
    np.testing.assert_allclose(result.extras["S"], s, atol=1e-3)
    np.testing.assert_allclose(result.extras["R"], r, atol=1e-3)
    np.testing.assert_allclose(result.scores, q, atol=1e-3)
    assert result.ranks.tolist() == ranks
    assert result.extras["compromise_set"] == compromise
    assert result.extras["acceptable_advantage"] is advantage
    assert result.extras["acceptable_stability"] is True


WASPAS_2015 = [
    [581818, 54.49, 3, 5500],
    [595454, 49.73, 3, 4500],
    [586060, 51.24, 3, 5000],
    [522727, 45.71, 3, 5800],
    [561818, 52.66, 3, 5200],
    [543030, 74.46, 4, 5600],
    [522727, 75.42, 4, 5800],
    [486970, 62.62, 4, 5600],
    [509394, 65.87, 4, 6400],
    [513333, 70.67, 4, 6000],
]


@pytest.mark.parametrize(
    ("method", "params", "expected"),
    [
        (
            "waspas",
            {},
            [0.8584, 0.8169, 0.8419, 0.9417, 0.8638, 0.8278, 0.8503, 0.8949, 0.9027, 0.8740],
        ),
        (
            "waspas",
            {"lambda_value": 1.0},
            [0.8590, 0.8194, 0.8430, 0.9420, 0.8645, 0.8315, 0.8552, 0.8983, 0.9067, 0.8784],
        ),
        (
            "wpm",
            {},
            [0.8578, 0.8144, 0.8408, 0.9413, 0.8632, 0.8241, 0.8454, 0.8915, 0.8987, 0.8697],
        ),
    ],
)
def test_waspas_and_wpm_chakraborty_2015(method, params, expected):
    """Chakraborty, S., Zavadskas, E. K. & Antucheviciene, J. (2015). Applications of WASPAS
    method as a multi-criteria decision-making tool. Economic Computation and Economic
    Cybernetics Studies and Research 49(1), 5-22, Example 2 (three cost criteria, one benefit):
    joint scores for lambda = 0.5 and 1; lambda = 0 is the weighted product (our ``wpm``).
    """
    columns = ["pc", "fs", "mn", "p"]
    criteria = make_criteria({"pc": "cost", "fs": "cost", "mn": "cost", "p": "benefit"})
    weights = weights_of([0.467, 0.160, 0.095, 0.278], columns)
    result = rank(frame(WASPAS_2015, columns), weights, criteria, method=method, params=params)
    np.testing.assert_allclose(result.scores, expected, atol=1e-4)
    assert result.ranks.tolist() == [6, 10, 8, 1, 5, 9, 7, 3, 2, 4]


def test_mabac_pamucar_cirovic_2015():
    """Pamučar, D. & Ćirović, G. (2015). The selection of transport and handling resources in
    logistics centers using MABAC. Expert Systems with Applications 42(6), 3016-3028:
    seven forklifts, ten criteria; printed border area G and criterion-function values S.
    """
    columns = [f"c{j}" for j in range(1, 11)]
    directions = ["cost", "benefit", "benefit", "benefit", "cost", "cost"] + ["benefit"] * 4
    criteria = make_criteria(dict(zip(columns, directions, strict=True)))
    matrix = frame(
        [
            [22600, 3800, 2, 5, 1.06, 3.00, 3.5, 2.8, 24.5, 6.5],
            [19500, 4200, 3, 2, 0.95, 3.00, 3.4, 2.2, 24.0, 7.0],
            [21700, 4000, 1, 3, 1.25, 3.20, 3.3, 2.5, 24.5, 7.3],
            [20600, 3800, 2, 5, 1.05, 3.25, 3.2, 2.0, 22.5, 11.0],
            [22500, 3800, 4, 3, 1.35, 3.20, 3.7, 2.1, 23.0, 6.3],
            [23250, 4210, 3, 5, 1.45, 3.60, 3.5, 2.8, 23.5, 7.0],
            [20300, 3850, 2, 5, 0.90, 3.25, 3.0, 2.6, 21.5, 6.0],
        ],
        columns,
    )
    weights = weights_of(
        [0.146, 0.144, 0.119, 0.121, 0.115, 0.101, 0.088, 0.068, 0.050, 0.048], columns
    )
    result = rank(matrix, weights, criteria, method="mabac")
    np.testing.assert_allclose(
        result.scores, [0.0826, 0.2183, -0.0488, 0.0246, -0.0704, 0.0465, 0.0464], atol=1e-3
    )
    np.testing.assert_allclose(
        result.extras["border_approximation_area"],
        [0.2086, 0.1885, 0.1720, 0.1952, 0.1740, 0.1625, 0.1319, 0.1010, 0.0789, 0.0590],
        atol=1e-3,
    )
    assert result.ranks.tolist() == [2, 1, 6, 5, 7, 3, 4]


ROBOTS = [
    [60, 0.4, 2540, 500, 990],
    [6.35, 0.15, 1016, 3000, 1041],
    [6.8, 0.10, 1727.2, 1500, 1676],
    [10, 0.2, 1000, 2000, 965],
    [2.5, 0.1, 560, 500, 915],
    [4.5, 0.08, 1016, 350, 508],
    [3, 0.1, 1778, 1000, 920],
]
ROBOT_COLUMNS = ["load", "repeatability", "speed", "memory", "reach"]


def robot_ranking(method: str):
    criteria = make_criteria(
        {c: "cost" if c == "repeatability" else "benefit" for c in ROBOT_COLUMNS}
    )
    weights = weights_of([0.036, 0.192, 0.326, 0.326, 0.120], ROBOT_COLUMNS)
    return rank(frame(ROBOTS, ROBOT_COLUMNS), weights, criteria, method=method)


def test_codas_keshavarz_ghorabaee_2016_robots():
    """Keshavarz Ghorabaee, M., Zavadskas, E. K., Turskis, Z. & Antucheviciene, J. (2016). A
    new combinative distance-based assessment (CODAS) method for multi-criteria
    decision-making. ECECSR 50(3), 25-44, first example (industrial robot selection after
    Chakraborty & Zavadskas 2014): printed assessment scores H.
    """
    result = robot_ranking("codas")
    np.testing.assert_allclose(
        result.scores, [0.5122, 1.4633, 1.0715, -0.2125, -1.8515, -1.1717, 0.1887], atol=2e-4
    )
    assert result.ranks.tolist() == [3, 1, 2, 5, 7, 6, 4]


def test_cocoso_yazdani_2019_robots():
    """Yazdani, M., Zarate, P., Zavadskas, E. K. & Turskis, Z. (2019). A combined compromise
    solution (CoCoSo) method for multi-criteria decision-making problems. Management Decision
    57(9), 2501-2519, robot selection example: printed k_c and final scores k.
    """
    result = robot_ranking("cocoso")
    np.testing.assert_allclose(
        result.scores, [2.041, 2.788, 2.882, 2.416, 1.300, 1.443, 2.520], atol=1e-2
    )
    np.testing.assert_allclose(
        result.extras["k_c"], [0.724, 0.973, 1.000, 0.906, 0.487, 0.540, 0.915], atol=2e-3
    )
    assert result.ranks.tolist() == [5, 2, 1, 4, 7, 6, 3]


def test_spotis_dezert_2020_example_b():
    """Dezert, J., Tchamova, A., Han, D. & Tacnet, J.-M. (2020). The SPOTIS rank reversal free
    method for multi-criteria decision-making support. FUSION 2020, IEEE, reference example
    (four cars, bounds given by the problem): printed scores 0.4779, 0.5781, 0.5558, 0.5801.
    """
    columns = ["price", "consumption", "co2", "power", "volume"]
    bounds = [(14000, 16000), (3, 8), (80, 140), (35, 60), (650, 1300)]
    criteria = make_criteria(
        dict(zip(columns, ["cost", "cost", "cost", "benefit", "benefit"], strict=True)),
        dict(zip(columns, bounds, strict=True)),
    )
    matrix = frame(
        [
            [15000, 4.3, 99, 42, 737],
            [15290, 5.0, 116, 42, 892],
            [15350, 5.0, 114, 45, 952],
            [15490, 5.3, 123, 45, 1120],
        ],
        columns,
    )
    weights = weights_of([0.2941, 0.2353, 0.2353, 0.0588, 0.1765], columns)
    result = rank(matrix, weights, criteria, method="spotis")
    np.testing.assert_allclose(result.scores, [0.4779, 0.5781, 0.5558, 0.5801], atol=1e-4)
    assert result.ranks.tolist() == [1, 3, 2, 4]
    assert result.extras["ideal_point"].tolist() == [14000, 3, 80, 60, 1300]


# --- parameters and notes --------------------------------------------------------------------


def simple_case():
    criteria = make_criteria({"a": "benefit", "b": "cost", "c": "benefit"})
    matrix = frame([[4, 2, 7], [6, 3, 2], [3, 1, 5], [8, 4, 4]], ["a", "b", "c"])
    return matrix, weights_of([0.5, 0.3, 0.2], ["a", "b", "c"]), criteria


def test_unknown_parameter_names_valid_ones():
    matrix, weights, criteria = simple_case()
    with pytest.raises(MethodError, match=r"Unknown parameter\(s\) 'x'.*valid parameters: v\."):
        rank(matrix, weights, criteria, method="vikor", params={"x": 1})
    with pytest.raises(MethodError, match=r"valid parameters: none"):
        rank(matrix, weights, criteria, method="wsm", params={"v": 0.5})


@pytest.mark.parametrize(
    ("method", "params", "message"),
    [
        ("vikor", {"v": 1.5}, r"'v' must be between 0 and 1"),
        ("vikor", {"v": True}, r"'v' must be a number"),
        ("waspas", {"lambda_value": "half"}, r"'lambda_value' must be a number"),
        ("cocoso", {"lambda_value": -0.1}, r"'lambda_value' must be between 0 and 1"),
        ("codas", {"tau": 0}, r"'tau' must be > 0"),
        ("electre2", {"p0": 0.3}, r"p0 >= p1 >= p2"),
        ("electre2", {"q1": 0.9}, r"q0 >= q1"),
    ],
)
def test_parameter_values_are_checked(method, params, message):
    matrix, weights, criteria = simple_case()
    with pytest.raises(MethodError, match=message):
        rank(matrix, weights, criteria, method=method, params=params)


def test_parameters_change_results_and_are_recorded():
    matrix, weights, criteria = simple_case()
    group = rank(matrix, weights, criteria, method="vikor", params={"v": 1.0})
    veto = rank(matrix, weights, criteria, method="vikor", params={"v": 0.0})
    s, r = group.extras["S"], veto.extras["R"]
    # v = 1 is pure group utility S, v = 0 pure individual regret R (both scaled to 0-1).
    np.testing.assert_allclose(group.scores, (s - s.min()) / (s.max() - s.min()))
    np.testing.assert_allclose(veto.scores, (r - r.min()) / (r.max() - r.min()))
    assert group.params["v"] == 1.0 and veto.params["v"] == 0.0


def test_codas_tau_outside_advised_range_gives_a_note():
    matrix, weights, criteria = simple_case()
    result = rank(matrix, weights, criteria, method="codas", params={"tau": 0.2})
    assert result.params["tau"] == 0.2
    assert any("tau = 0.2" in str(note) for note in result.extras["notes"])


def test_notes_and_method_errors_render_in_vietnamese_with_the_decimal_comma():
    matrix, weights, criteria = simple_case()
    result = rank(matrix, weights, criteria, method="codas", params={"tau": 0.2})
    (note,) = [n for n in result.extras["notes"] if n.code == "rank_note_codas_tau"]
    assert note.text() == "tau = 0.2 is outside the range 0.01-0.05 that CODAS's authors advise."
    vi = "tau = 0,2 nằm ngoài khoảng 0,01-0,05 mà các tác giả CODAS khuyến nghị."
    assert note.text("vi") == vi
    assert vi in result.extras["notes_vi"]
    with pytest.raises(MethodError) as err:
        rank(matrix, weights, criteria, method="vikor", params={"v": 1.5})
    assert str(err.value) == "VIKOR: parameter 'v' must be between 0 and 1; got 1.5."
    assert err.value.text("vi") == (
        "VIKOR: tham số 'v' phải nằm trong khoảng từ 0 đến 1; nhận được 1,5."
    )
    matrix.iloc[0, 0] = 0.0
    with pytest.raises(MethodError) as err:
        rank(matrix, weights, criteria, method="wpm")
    assert str(err.value).startswith("Weighted product (WPM) needs values greater than zero")
    assert err.value.text("vi").startswith("Tích có trọng số (WPM) cần các giá trị lớn hơn 0")


def test_vikor_constant_criterion_contributes_zero_with_a_note():
    criteria = make_criteria({"a": "benefit", "b": "cost", "k": "benefit"})
    matrix = frame([[4, 2, 3], [6, 3, 3], [3, 1, 3]], ["a", "b", "k"])
    result = rank(matrix, weights_of([0.4, 0.4, 0.2], ["a", "b", "k"]), criteria, method="vikor")
    assert np.isfinite(result.scores).all()
    assert result.extras["constant_criteria"] == ("k",)
    assert any("'k'" in str(note) for note in result.extras["notes"])
    parts = ranking.vikor_parts(matrix, weights_of([0.4, 0.4, 0.2], ["a", "b", "k"]), criteria)
    assert (parts.regret["k"] == 0).all()
    np.testing.assert_allclose(parts.s, parts.regret.sum(axis=1))


# --- bad input --------------------------------------------------------------------------------


def test_nan_cell_is_named():
    matrix, weights, criteria = simple_case()
    matrix.loc["A2", "b"] = np.nan
    with pytest.raises(InputError, match=r"missing or infinite value for technologies 'A2'") as err:
        rank(matrix, weights, criteria)
    assert err.value.problems[0].column == "b"


def test_every_input_problem_is_reported_at_once():
    matrix, weights, criteria = simple_case()
    matrix.loc["A1", "a"] = np.inf
    weights["c"] = -0.1
    with pytest.raises(InputError) as err:
        rank(matrix, weights, criteria)
    messages = [p.message for p in err.value.problems]
    assert len(messages) == 2
    assert any("infinite" in m for m in messages) and any("negative" in m for m in messages)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m, w: (m.rename(columns={"c": "zz"}), w), r"column 'zz' is not a criterion"),
        (lambda m, w: (m, w.drop("c")), r"no weight for criteria 'c'"),
        (lambda m, w: (m[["a", "b"]], w), r"weights given for criteria not in the matrix: 'c'"),
        (lambda m, w: (m, w * 0), r"all weights are zero"),
        (lambda m, w: (m.assign(c=["x", "y", "z", "w"]), w), r"values must be numbers"),
        (lambda m, w: (m.set_axis(["A1", "A1", "A3", "A4"]), w), r"appear more than once: A1"),
        (lambda m, w: (m.iloc[:, :0], w.iloc[:0]), r"no criterion columns"),
    ],
)
def test_bad_matrix_or_weights_raise_input_error(change, message):
    matrix, weights, criteria = simple_case()
    bad_matrix, bad_weights = change(matrix, weights)
    with pytest.raises(InputError, match=message):
        rank(bad_matrix, bad_weights, criteria)


def test_value_outside_declared_scale_is_an_input_error():
    criteria = make_criteria({"a": "benefit", "b": "cost"}, {"a": (1, 5)})
    matrix = frame([[6, 1], [2, 2]], ["a", "b"])
    with pytest.raises(
        InputError, match=r"outside the declared scale \[1, 5\] for technologies 'A1'"
    ):
        rank(matrix, weights_of([0.5, 0.5], ["a", "b"]), criteria, method="topsis")


def test_unknown_method_is_a_method_error():
    matrix, weights, criteria = simple_case()
    with pytest.raises(MethodError, match=r"Unknown ranking method 'best'"):
        rank(matrix, weights, criteria, method="best")


@pytest.mark.parametrize("method", [m.id for m in list_methods()])
def test_single_technology_is_refused(method):
    matrix, weights, criteria = simple_case()
    with pytest.raises(MethodError, match=r"needs at least 2 technologies to rank; got 1"):
        rank(matrix.iloc[:1], weights, criteria, method=method)


@pytest.mark.parametrize("method", ["wpm", "waspas", "codas"])
def test_ratio_methods_refuse_zero_or_negative_cells(method):
    matrix, weights, criteria = simple_case()
    matrix.loc["A3", "b"] = -1.0
    matrix.loc["A4", "c"] = 0.0
    with pytest.raises(MethodError, match=r"greater than zero.*\('A3', 'b'\), \('A4', 'c'\)"):
        rank(matrix, weights, criteria, method=method)


def test_edas_refuses_negative_cells():
    matrix, weights, criteria = simple_case()
    matrix.loc["A2", "a"] = -2.0
    with pytest.raises(MethodError, match=r"zero or more; negative .* \('A2', 'a'\)"):
        rank(matrix, weights, criteria, method="edas")


@pytest.mark.parametrize("method", ["wsm", "electre2", "cocoso", "mabac", "spotis"])
def test_constant_column_where_the_range_divides(method):
    matrix, weights, criteria = simple_case()
    matrix["c"] = 3.0
    with pytest.raises(MethodError, match=r"range, which is zero for criteria 'c'"):
        rank(matrix, weights, criteria, method=method)


@pytest.mark.parametrize("method", ["wsm", "spotis"])
def test_constant_column_is_fine_with_a_declared_scale(method):
    criteria = make_criteria({"a": "benefit", "b": "cost", "c": "benefit"}, {"c": (1, 5)})
    matrix = frame([[4, 2, 3], [6, 3, 3], [3, 1, 3], [8, 4, 3]], ["a", "b", "c"])
    result = rank(matrix, weights_of([0.5, 0.3, 0.2], ["a", "b", "c"]), criteria, method=method)
    assert np.isfinite(result.scores).all()


@pytest.mark.parametrize("method", ["topsis", "moora", "edas"])
def test_all_zero_column_where_the_norm_or_average_divides(method):
    matrix, weights, criteria = simple_case()
    matrix["c"] = 0.0
    with pytest.raises(MethodError, match=r"which is zero for criteria 'c'"):
        rank(matrix, weights, criteria, method=method)


@pytest.mark.parametrize("method", [m.id for m in list_methods()])
def test_nothing_to_rank_when_every_criterion_is_constant(method):
    matrix, weights, criteria = simple_case()
    matrix.loc[:, :] = [4.0, 2.0, 7.0]
    with pytest.raises(MethodError, match=r"nothing to rank"):
        rank(matrix, weights, criteria, method=method)


def test_cocoso_refuses_a_technology_worst_on_every_criterion():
    matrix, weights, criteria = simple_case()
    matrix.loc["A3"] = [1.0, 9.0, 1.0]
    with pytest.raises(MethodError, match=r"CoCoSo is undefined here: 'A3'"):
        rank(matrix, weights, criteria, method="cocoso")


@pytest.mark.parametrize("method", [m.id for m in list_methods()])
def test_zero_weight_equals_dropping_the_column_on_random_matrices(method):
    """Issue 9: the README's "a zero weight equals dropping the criterion", per method, on
    random matrices with ties, both directions and declared or observed scales."""
    rng = np.random.default_rng(20260)
    checked = 0
    for trial in range(60):
        n, m = int(rng.integers(3, 8)), int(rng.integers(3, 6))
        ids = [f"c{j}" for j in range(m)]
        directions = {c: str(rng.choice(["benefit", "cost"])) for c in ids}
        scales = {c: (1.0, 9.0) for c in ids if rng.random() < 0.5}
        criteria = make_criteria(directions, scales)
        values = (
            rng.integers(1, 10, size=(n, m)).astype(float)
            if trial % 2
            else rng.uniform(1, 9, size=(n, m))
        )
        matrix = frame(values.tolist(), ids)
        weights = weights_of(list(rng.random(m) + 0.05), ids)
        dropped = ids[int(rng.integers(m))]
        weights[dropped] = 0.0
        keep = [c for c in ids if c != dropped]
        try:
            without = rank(matrix[keep], weights[keep], criteria, method=method)
        except MethodError:
            with pytest.raises(MethodError):
                rank(matrix, weights, criteria, method=method)
            continue
        with_zero = rank(matrix, weights, criteria, method=method)
        pd.testing.assert_series_equal(with_zero.ranks, without.ranks)
        pd.testing.assert_series_equal(with_zero.scores, without.scores, rtol=1e-12)
        checked += 1
    assert checked >= 40


@pytest.mark.parametrize("method", ["cocoso", "electre2"])
def test_scikit_criteria_alone_counts_a_zero_weight_criterion(method):
    """Why rank() drops zero-weight columns before any method: scikit-criteria's CoCoSo
    (``r ** 0 = 1`` still enters its product sums) and ELECTRE II (a zero-weight criterion still
    vetoes through discordance) rank differently with the column present at weight 0."""
    from r57_mcda import skcriteria_adapter

    rng = np.random.default_rng(0)
    params = dict(method_info(method).defaults)
    differ = 0
    for _ in range(100):
        values = rng.uniform(0.01, 1.0, size=(6, 4))
        w = rng.random(4)
        w[3] = 0.0
        w /= w.sum()
        full = skcriteria_adapter.evaluate(method, values, [1] * 4, w, params=params).rank
        cut = skcriteria_adapter.evaluate(method, values[:, :3], [1] * 3, w[:3], params=params).rank
        differ += not np.array_equal(full, cut)
    assert differ > 0
