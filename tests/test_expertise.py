"""Self-rated expertise (issue 11, item 3): reading the ``expertise`` column, the cube, the
``none`` / ``weight`` / ``min:K`` rule of every aggregation, the spec and the command line.

The hand-computed cells follow the weighted rules of :mod:`r57_mcda.panel.aggregation` with each
expert's weight multiplied by their level; ``min:K`` reproduces the NISTEP Delphi surveys' habit
of reporting the high-expertise respondents apart (NISTEP's Science and Technology
Foresight Surveys).
"""

from __future__ import annotations

import dataclasses
import io
import json
import math
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from r57_mcda.cli import main
from r57_mcda.errors import InputError, MethodError, SpecError
from r57_mcda.io.bundled import sample_paths
from r57_mcda.io.criteria import load_criteria
from r57_mcda.io.panel import load_panel
from r57_mcda.models import SCORE_COLUMNS, Panel
from r57_mcda.panel.aggregation import aggregate_cube, aggregate_panel
from r57_mcda.panel.cube import expertise_given, score_cube
from r57_mcda.panel.expertise import Expertise
from r57_mcda.spec import AnalysisSpec, InputRef
from tests.helpers.expertise import SAMPLE, by_hand, scores_with_expertise
from tests.helpers.panels import panel_from_array

NAN = math.nan
CRITERIA = b"id,name,direction\na,Alpha,benefit\nb,Beta,benefit\n"


def with_levels(panel: Panel, levels: list[list[float]]) -> Panel:
    """``panel`` whose rows carry ``levels`` (experts x technologies) in an expertise column."""
    scores = panel.scores.copy()
    e = scores["expert"].str[1:].astype(int).to_numpy()
    t = scores["technology"].str[1:].astype(int).to_numpy()
    scores["expertise"] = np.asarray(levels, dtype=float)[e, t]
    return dataclasses.replace(panel, scores=scores)


def cell(scores: list[float], levels: list[float], expertise: str, **kwargs: object) -> float:
    """One cell (one technology, one criterion) aggregated under ``expertise``."""
    panel = panel_from_array(np.array(scores, dtype=float).reshape(-1, 1, 1))
    panel = with_levels(panel, [[v] for v in levels])
    agg = aggregate_panel(panel, expertise=expertise, **kwargs)  # type: ignore[arg-type]
    return float(agg.matrix.iloc[0, 0])


# --- the rule ---------------------------------------------------------------------------------


def test_weight_and_min_k_hand_computed() -> None:
    # Scores 2, 4, 5 with levels 1, 3, 5.
    assert cell([2, 4, 5], [1, 3, 5], "none") == pytest.approx(11 / 3)
    assert cell([2, 4, 5], [1, 3, 5], "weight") == pytest.approx((2 * 1 + 4 * 3 + 5 * 5) / 9)
    assert cell([2, 4, 5], [1, 3, 5], "min:3") == pytest.approx((4 + 5) / 2)
    # Weighted median: normalised weights 1/9, 3/9, 5/9 reach 1/2 only at the score 5.
    assert cell([2, 4, 5], [1, 3, 5], "weight", method="median") == pytest.approx(5.0)
    assert cell([2, 4, 5], [1, 3, 5], "min:3", method="median") == pytest.approx(4.5)
    # Weighted trimmed mean, trim 0.25: weights 0.2, 0.1, 0.3, 0.4 occupy [0, .2], [.2, .3],
    # [.3, .6], [.6, 1]; only the first lies within [0, .25], none within [.75, 1].
    trimmed = cell([1, 2, 3, 4], [2, 1, 3, 4], "weight", method="trimmed", trim=0.25)
    assert trimmed == pytest.approx((0.1 * 2 + 0.3 * 3 + 0.4 * 4) / 0.8)
    geometric = cell([2, 8], [1, 3], "weight", method="geometric")
    assert geometric == pytest.approx(math.exp((math.log(2) + 3 * math.log(8)) / 4))
    assert cell([2, 4, 5], [1, 3, 5], "min:5") == pytest.approx(5.0)


def test_a_missing_level_takes_the_experts_mean_else_the_panels() -> None:
    # e0 rated t0 only (mean 1); e1 rated nothing (-> panel mean (1 + 5 + 3) / 3 = 3).
    scores = np.array([[[1.0], [1.0]], [[4.0], [4.0]], [[7.0], [7.0]]])
    panel = with_levels(panel_from_array(scores), [[1, NAN], [NAN, NAN], [5, 3]])
    matrix = aggregate_panel(panel, expertise="weight").matrix
    assert matrix.loc["t0", "c0"] == pytest.approx((1 * 1 + 3 * 4 + 5 * 7) / 9)
    assert matrix.loc["t1", "c0"] == pytest.approx((1 * 1 + 3 * 4 + 3 * 7) / 7)


def test_weight_composes_with_expert_weights_confidence_and_balancing() -> None:
    # Group A (e0, e1) scores 1 and 3, group B (e2) 5; levels 2, 1, 4; expert weights 2, 1, 1.
    panel = panel_from_array(np.array([[[1.0]], [[3.0]], [[5.0]]]), groups=["A", "A", "B"])
    panel = with_levels(panel, [[2], [1], [4]])
    weights = pd.Series({"e0": 2.0, "e1": 1.0, "e2": 1.0})
    agg = aggregate_panel(panel, expert_weights=weights, expertise="weight")
    assert agg.matrix.iloc[0, 0] == pytest.approx((4 * 1 + 1 * 3 + 4 * 5) / 9)
    # Balanced on the weights x levels 4, 1, 4: A's half shared 0.4 / 0.1, B gets 0.5.
    agg = aggregate_panel(panel, expert_weights=weights, expertise="weight", balance_groups=True)
    assert agg.matrix.iloc[0, 0] == pytest.approx(0.4 * 1 + 0.1 * 3 + 0.5 * 5)
    # With confidences 1, 3, 2 the factors multiply: 4, 3, 8.
    scores = panel.scores.assign(confidence=[1.0, 3.0, 2.0])
    both = dataclasses.replace(panel, scores=scores)
    agg = aggregate_panel(both, expert_weights=weights, expertise="weight", use_confidence=True)
    assert agg.matrix.iloc[0, 0] == pytest.approx((4 * 1 + 3 * 3 + 8 * 5) / 15)


def _four_experts() -> Panel:
    # e3 abstains on t0/c1. Levels: e0 (5, 1), e1 (3, -), e2 (2, 4), e3 (-, 5).
    scores = np.array(
        [
            [[1.0, 2.0], [1.0, 1.0]],
            [[3.0, 4.0], [2.0, 2.0]],
            [[5.0, 5.0], [4.0, 3.0]],
            [[2.0, NAN], [5.0, 5.0]],
        ]
    )
    levels: list[list[float]] = [[5, 1], [3, NAN], [2, 4], [NAN, 5]]
    return with_levels(panel_from_array(scores), levels)


def test_min_k_counts_only_the_experts_at_level_k_and_says_who_was_left_out() -> None:
    agg = aggregate_panel(_four_experts(), expertise="min:3")
    assert agg.expertise == "min:3"
    assert agg.matrix.to_dict() == {"c0": {"t0": 2.0, "t1": 4.5}, "c1": {"t0": 3.0, "t1": 4.0}}
    assert agg.n.to_numpy().tolist() == [[2, 2], [2, 2]]
    assert agg.left_out is not None and agg.left_out.to_numpy().tolist() == [[2, 1], [2, 2]]
    assert agg.abstentions.to_numpy().tolist() == [[0, 1], [0, 0]]
    assert (agg.n + agg.left_out + agg.abstentions == 4).all().all()
    assert agg.experts_left_out is not None and agg.experts_left_out.to_dict() == {"t0": 2, "t1": 2}
    # The statistics describe the scores counted.
    assert agg.min.loc["t0", "c0"] == 1.0 and agg.max.loc["t0", "c0"] == 3.0
    assert agg.std.loc["t1", "c1"] == pytest.approx(np.std([3.0, 5.0], ddof=1))
    assert "left_out" in agg.long().columns
    # The quorum applies to the experts counted: every cell has 2 < 3.
    warnings = agg.quorum_warnings(3)
    assert [w.params["technology"] for w in warnings] == ["t0", "t1"]
    assert warnings[0].severity == "warning"
    assert warnings[0].text() == (
        "technology 't0': counting only experts at familiarity level 3 or above, 2 criteria "
        "have fewer than 3 experts: c0 (2), c1 (2)"
    )
    assert "mức am hiểu từ 3" in warnings[0].text("vi")
    assert agg.quorum_warnings(2) == []
    assert aggregate_panel(_four_experts(), expertise="weight").quorum_warnings(9) == []


def test_none_gives_every_number_exactly_as_without_the_setting() -> None:
    rng = np.random.default_rng(7)
    scores = rng.integers(1, 6, size=(6, 4, 3)).astype(float)
    scores[rng.random(scores.shape) < 0.15] = NAN
    levels = rng.integers(1, 6, size=(6, 4)).astype(float).tolist()
    panel = with_levels(panel_from_array(scores, groups=list("AABBBC")), levels)
    for method in ("mean", "median", "trimmed", "geometric"):
        for balance in (False, True):
            base = aggregate_panel(panel, method=method, balance_groups=balance)
            same = aggregate_panel(panel, method=method, balance_groups=balance, expertise="none")
            pd.testing.assert_frame_equal(base.long(), same.long())
            assert "left_out" not in base.long().columns and same.expertise == "none"


def test_weight_and_min_are_refused_without_levels() -> None:
    panel = panel_from_array(np.array([[[2.0]], [[5.0]]]))
    assert not score_cube(panel).has_expertise and not expertise_given(panel)
    for setting in ("weight", "min:2"):
        with pytest.raises(InputError, match="no self-rated familiarity") as info:
            aggregate_panel(panel, expertise=setting)
        assert info.value.problems[0].text("vi").startswith("điểm không có mức am hiểu")
    assert aggregate_panel(panel, expertise="none").matrix.iloc[0, 0] == pytest.approx(3.5)
    # Levels that do not come from a reader are checked too.
    bad = with_levels(panel, [[0], [2.5]])
    with pytest.raises(InputError) as info:
        aggregate_panel(bad, expertise="weight")
    assert [p.params["value"] for p in info.value.problems] == [0.0, 2.5]


@pytest.mark.parametrize(
    ("text", "parsed"),
    [("none", "none"), ("weight", "weight"), ("min:3", "min:3"), (" MIN : 5 ", "min:5")],
)
def test_settings_are_parsed(text: str, parsed: str) -> None:
    assert str(Expertise.parse(text)) == parsed


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("weigh", "'weigh' is not an expertise setting: use one of none, weight, min:K"),
        ("min", "'min' is not an expertise setting"),
        ("min:0", "min:0 does not name a familiarity level"),
        ("min:6", "min:6 does not name a familiarity level"),
        ("min:2.5", "min:2.5 does not name a familiarity level"),
    ],
)
def test_bad_settings_are_refused_clearly(text: str, message: str) -> None:
    with pytest.raises(MethodError) as info:
        Expertise.parse(text)
    assert info.value.text("en").startswith(message)
    assert info.value.code.startswith("xpagg_") and info.value.text("vi") != info.value.text("en")


# --- the cube -------------------------------------------------------------------------------


def test_the_cube_holds_one_level_per_expert_and_technology_and_carries_it() -> None:
    panel = _four_experts()
    cube = score_cube(panel)
    assert cube.has_expertise and expertise_given(panel)
    np.testing.assert_array_equal(cube.expertise, [[5, 1], [3, NAN], [2, 4], [NAN, 5]])
    # One row of the pair is enough, an abstention's row included.
    scores = panel.scores.copy()
    e3_t0 = (scores.expert == "e3") & (scores.technology == "t0")
    scores.loc[e3_t0, "expertise"] = [NAN, 4.0]  # the c1 row, an abstention, gives the level
    assert score_cube(dataclasses.replace(panel, scores=scores)).expertise[3, 0] == 4.0
    resampled = cube.take_experts([2, 2, 0])
    np.testing.assert_array_equal(resampled.expertise, [[2, 4], [2, 4], [5, 1]])
    kept = cube.keep_cells(np.array([[True, False]] * 4))
    assert np.isnan(kept.values[:, 1]).all() and kept.values[0, 0, 0] == 1.0
    np.testing.assert_array_equal(kept.expertise, cube.expertise)
    # A bootstrap aggregates a resample with the levels it carries.
    agg = aggregate_cube(resampled, expertise="weight")
    assert agg.matrix.loc["t0", "c0"] == pytest.approx((2 * 5 + 2 * 5 + 5 * 1) / 9)


# --- reading ----------------------------------------------------------------------------------


def _problems(content: bytes, name: str = "s.csv") -> list[tuple[object, ...]]:
    with pytest.raises(InputError) as info:
        load_panel(scores=(content, name), criteria=(CRITERIA, "c.csv"), quorum=1)
    return [(p.code, p.file, p.sheet, p.row, p.column) for p in info.value.errors]


def test_the_expertise_column_is_read_and_bad_levels_are_located() -> None:
    good = b"expert,technology,criterion,score,expertise\ne1,t1,a,2,3\ne1,t1,b,3,\ne2,t1,a,4,5\n"
    panel, _ = load_panel(scores=(good, "s.csv"), criteria=(CRITERIA, "c.csv"), quorum=1)
    assert list(panel.scores.columns) == [*SCORE_COLUMNS, "expertise"]
    levels = panel.scores["expertise"].tolist()
    assert levels[0] == 3.0 and math.isnan(levels[1]) and levels[2] == 5.0
    bad = (
        b"expert,technology,criterion,score,expertise\n"
        b"e1,t1,a,2,x\ne1,t1,b,3,2.5\ne2,t1,a,4,6\ne2,t1,b,4,0\ne3,t1,a,4, 3 \ne3,t1,b,4,3.0\n"
    )
    code = "xpagg_level_not_valid"
    assert _problems(bad) == [(code, "s.csv", None, r, "expertise") for r in (2, 3, 4, 5)]


def test_two_levels_for_one_expert_and_technology_name_both_rows() -> None:
    text = b"expert,technology,criterion,score,expertise\ne1,t1,a,2,3\ne1,t1,b,3,4\ne2,t1,a,4,2\n"
    with pytest.raises(InputError) as info:
        load_panel(scores=(text, "s.csv"), criteria=(CRITERIA, "c.csv"), quorum=1)
    (problem,) = info.value.errors
    assert (problem.file, problem.row, problem.column) == ("s.csv", 3, "expertise")
    assert problem.text() == (
        "expert 'e1' gives technology 't1' familiarity level 4 here but 3 at s.csv, row 2: "
        "keep one level per expert and technology"
    )
    assert "dòng 2" in problem.text("vi")


def test_an_xlsx_level_problem_names_the_sheet_and_wide_sheets_read_the_column(
    tmp_path: Path,
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Scores"
    for row in (
        ("expert", "technology", "criterion", "score", "expertise"),
        ("e1", "t1", "a", 2, 7),
        ("e1", "t1", "b", 2, 3),
        ("e2", "t1", "a", 3, None),
    ):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    assert _problems(buffer.getvalue(), "s.xlsx") == [
        ("xpagg_level_not_valid", "s.xlsx", "Scores", 2, "expertise")
    ]
    wide = openpyxl.Workbook()
    for i, expert in enumerate(("e1", "e2")):
        ws = wide.active if i == 0 else wide.create_sheet()
        assert ws is not None
        ws.title = expert
        ws.append(("technology", "expertise", "a", "b"))
        ws.append(("t1", 2 + i, 3, 4))
        ws.append(("t2", None, 1, 2))
    buffer = io.BytesIO()
    wide.save(buffer)
    panel, _ = load_panel(
        scores=(buffer.getvalue(), "w.xlsx"), criteria=(CRITERIA, "c.csv"), quorum=1
    )
    cube = score_cube(panel)
    np.testing.assert_array_equal(cube.expertise, [[2, NAN], [3, NAN]])
    assert set(panel.scores["criterion"]) == {"a", "b"}


def test_files_without_the_column_read_exactly_as_before() -> None:
    plain = b"expert,technology,criterion,score\ne1,t1,a,2\ne1,t1,b,3\n"
    with_xp = b"expert,technology,criterion,score,expertise\ne2,t1,a,4,5\ne2,t1,b,4,5\n"
    panel, _ = load_panel(scores=(plain, "p.csv"), criteria=(CRITERIA, "c.csv"), quorum=1)
    assert list(panel.scores.columns) == list(SCORE_COLUMNS)
    both, _ = load_panel(
        scores=[(plain, "p.csv"), (with_xp, "x.csv")], criteria=(CRITERIA, "c.csv"), quorum=1
    )
    np.testing.assert_array_equal(score_cube(both).expertise, [[NAN], [5.0]])


# --- the spec and the command line ------------------------------------------------------------


def test_the_spec_records_expertise_and_old_specs_load_as_none() -> None:
    spec = AnalysisSpec(inputs=(InputRef("scores", "s.csv", "ab" * 32),), expertise="min:3")
    for text in (spec.to_toml(), spec.to_json()):
        assert "min:3" in text
        assert AnalysisSpec.from_text(text) == spec
    old = AnalysisSpec(inputs=()).to_dict()
    del old["expertise"]
    assert AnalysisSpec.from_dict(old).expertise == "none"
    with pytest.raises(SpecError, match="expertise must be none, weight or min:K"):
        AnalysisSpec.from_dict({**old, "expertise": 3})


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:  # type: ignore[type-arg]
    status = main([*argv, "--format", "json"])
    out, err = capsys.readouterr()
    assert status == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def _files(tmp_path: Path) -> list[str]:
    scores = tmp_path / "scores_xp.csv"
    scores.write_bytes(scores_with_expertise())
    return [
        "--scores", str(scores), "--criteria", str(SAMPLE["criteria"]),
        "--technologies", str(SAMPLE["technologies"]), "--experts", str(SAMPLE["experts"]),
    ]  # fmt: skip


def test_rank_expertise_weight_gives_the_hand_computed_numbers_and_run_reproduces_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from r57_mcda.ranking import rank

    spec_path = tmp_path / "xp.toml"
    weighed = _json(
        capsys, "rank", *_files(tmp_path), "--expertise", "weight", "--save-spec", str(spec_path)
    )
    assert weighed["aggregation"]["expertise"] == "weight"
    criteria = load_criteria(SAMPLE["criteria"])
    matrix = by_hand("weight")[criteria.ids]
    expected = rank(matrix, criteria.default_weights(), criteria, method="wsm")
    assert [r["id"] for r in weighed["ranking"]] == expected.order()
    scores = [r["score"] for r in weighed["ranking"]]
    assert scores == pytest.approx(list(expected.scores[expected.order()]))
    plain = _json(capsys, "rank", *_files(tmp_path))
    assert plain["aggregation"]["expertise"] == "none"
    assert scores != pytest.approx([r["score"] for r in plain["ranking"]])
    assert 'expertise = "weight"' in spec_path.read_text(encoding="utf-8")
    assert _json(capsys, "run", str(spec_path))["ranking"] == weighed["ranking"]


def test_panel_expertise_min_k_gives_the_hand_computed_matrix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    payload = _json(capsys, "panel", *_files(tmp_path), "--expertise", "min:4")
    assert payload["aggregation"]["expertise"] == "min:4"
    expected = by_hand("min:4")
    for tech, row in payload["matrix"].items():
        for crit, value in row.items():
            assert value == pytest.approx(expected.loc[tech, crit]), (tech, crit)
    left = payload["aggregation"]["experts_left_out"]
    assert left and all(n > 0 for n in left.values())
    assert any(w["code"] == "xpagg_below_quorum" for w in payload["warnings"])
    assert {"left_out"} <= set(payload["cells"][0])


def test_the_sample_without_the_column_is_unchanged_and_refuses_weight(
    capsys: pytest.CaptureFixture[str],
) -> None:
    default = _json(capsys, "panel", "--sample")
    ignored = _json(capsys, "panel", "--sample", "--expertise", "none")
    assert default == ignored
    scores = pd.read_csv(sample_paths()["scores"])
    plain = scores.assign(x=pd.to_numeric(scores["score"], errors="coerce"))
    means = plain.groupby(["technology", "criterion"])["x"].mean()
    for (tech, crit), value in means.items():
        assert default["matrix"][tech][crit] == pytest.approx(value)
    assert (
        _json(capsys, "rank", "--sample")["ranking"]
        == _json(capsys, "rank", "--sample", "--expertise", "none")["ranking"]
    )
    for setting in ("weight", "min:3"):
        assert main(["rank", "--sample", "--expertise", setting]) == 2
        assert "no self-rated familiarity" in capsys.readouterr().err
    assert main(["rank", "--sample", "--expertise", "min:9"]) == 2
    assert "min:9 does not name a familiarity level" in capsys.readouterr().err


def test_the_expert_bootstrap_re_aggregates_with_expertise(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    argv = (
        "sensitivity",
        *_files(tmp_path),
        "--bootstrap-experts",
        "--draws",
        "200",
        "--seed",
        "3",
    )
    chosen = _json(capsys, *argv, "--expertise", "min:3")
    plain = _json(capsys, *argv)
    assert chosen["result"]["bootstrap"]["expertise"] == "min:3"
    assert plain["result"]["bootstrap"]["expertise"] == "none"
    assert chosen["result"]["technologies"] != plain["result"]["technologies"]


def test_a_resample_without_any_level_is_skipped_not_fatal() -> None:
    from r57_mcda.sensitivity.montecarlo import ExpertBootstrap, monte_carlo

    # Only e0 rated anything: resamples without e0 have no level and are skipped.
    scores = np.array(
        [[[1.0, 5.0], [5.0, 1.0]], [[4.0, 2.0], [2.0, 4.0]], [[3.0, 3.0], [1.0, 2.0]]]
    )
    panel = with_levels(panel_from_array(scores), [[3, 4], [NAN, NAN], [NAN, NAN]])
    cube = score_cube(panel)
    matrix = aggregate_cube(cube, expertise="weight").matrix
    boot = ExpertBootstrap(cube, expertise="weight", resamples=40)
    result = monte_carlo(
        matrix,
        pd.Series({"c0": 0.5, "c1": 0.5}),
        panel.criteria,
        weight_model=None,
        bootstrap=boot,
        draws=40,
        seed=1,
    )
    assert result.bootstrap is not None and result.bootstrap["expertise"] == "weight"
    assert 0 < result.skipped_resamples < 40


def test_the_report_states_the_expertise_rule(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from r57_mcda.io.inputs import load_inputs
    from r57_mcda.pipeline.analysis import analyse, spec_for
    from r57_mcda.report.context import ReportContext
    from tests.helpers.expertise import files_with_expertise

    loaded = load_inputs(files_with_expertise())
    now = datetime(2026, 1, 1, tzinfo=UTC)
    result = analyse(loaded, spec_for(loaded, expertise="min:4"), agreement=False)
    assert ReportContext(result, "en", now).aggregation() == (
        "Mean, counting only experts at familiarity level 4 or above"
    )
    assert any(w.code == "xpagg_below_quorum" for w in result.warnings)
    result = analyse(loaded, spec_for(loaded, expertise="weight"), agreement=False)
    assert "mức am hiểu" in ReportContext(result, "vi", now).aggregation()


def test_every_front_end_starts_from_the_same_default() -> None:
    from r57_mcda import vocab
    from r57_mcda.cli import build_parser
    from r57_mcda.ui.choices import PanelChoice, choices_from_spec

    args = build_parser().parse_args(["rank", "--sample"])
    assert args.expertise == AnalysisSpec(inputs=()).expertise == PanelChoice().expertise
    assert PanelChoice().expertise == vocab.DEFAULT_EXPERTISE == "none"
    spec = AnalysisSpec(inputs=(), expertise="min:2")
    assert choices_from_spec(spec).panel.expertise == "min:2"
    assert choices_from_spec(spec).panel.spec_settings()["expertise"] == "min:2"


def test_a_studys_levels_reach_the_analysis_as_the_files_give_them(
    capsys: pytest.CaptureFixture[str], db_url: str, tmp_path: Path
) -> None:
    from r57_mcda.study.db import Database
    from r57_mcda.study.imports import import_files
    from tests.helpers.studies import sample_study

    db = Database(db_url)
    try:
        study = sample_study(db)
        import_files(db, study, [("scores_xp.csv", scores_with_expertise())])
    finally:
        db.close()
    for setting in ("weight", "min:4"):
        argv = ("rank", "--expertise", setting)
        on_study = _json(capsys, *argv, "--study", str(study), "--db", db_url)
        on_files = _json(capsys, *argv, *_files(tmp_path))
        assert on_study["aggregation"]["expertise"] == setting
        assert on_study["ranking"] == on_files["ranking"]
