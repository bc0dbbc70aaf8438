"""Issue 9, the command line as an advisor uses it: AHP consistency warnings, partial
``--weights``, paths as given, ``run SPEC`` reproducing everything saved, sweep summaries."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from r57_mcda.cli import main
from r57_mcda.io.bundled import sample_paths
from r57_mcda.io.criteria import load_criteria
from r57_mcda.spec import AnalysisSpec, InputRef, WeightSpec

SAMPLE = sample_paths()

#: A pairwise matrix over the sample's four criteria groups: very inconsistent (CR 2.644), with
#: one rounded reciprocal (0.333 for 1/3).
BAD_AHP = """criterion,strategic_fit,impact,capability,cost_risk
strategic_fit,1,9,1/9,3
impact,1/9,1,9,0.333
capability,9,1/9,1,5
cost_risk,1/3,3,1/5,1
"""


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[dict, str]:  # type: ignore[type-arg]
    status, out, err = _run(capsys, *argv, "--format", "json")
    assert status == 0, err
    return json.loads(out), err


@pytest.fixture
def bad_ahp(tmp_path: Path) -> Path:
    path = tmp_path / "judge_a.csv"
    path.write_text(BAD_AHP, encoding="utf-8")
    return path


# --- item 12: an inconsistent AHP matrix is a warning in every command ---------------------


@pytest.mark.parametrize(
    "command",
    [
        ["rank"],
        ["compare", "--methods", "wsm,topsis"],
        ["explain"],
        ["sensitivity", "--analysis", "stability"],
    ],
)
def test_inconsistent_ahp_matrix_is_a_warning_naming_it_with_its_cr(
    capsys: pytest.CaptureFixture[str], bad_ahp: Path, command: list[str]
) -> None:
    status, out, err = _run(capsys, *command, "--sample", "--ahp", str(bad_ahp))
    assert status == 0, err
    assert f"warning: AHP matrix '{bad_ahp}' is inconsistent: CR 2.644 > 0.10" in err
    # The table output shows the CR of every matrix behind the weights.
    assert "AHP consistency ratio" in out and f"{bad_ahp}: CR 2.644 > 0.10" in out


def test_ahp_warning_in_json_and_report(
    capsys: pytest.CaptureFixture[str], bad_ahp: Path, tmp_path: Path
) -> None:
    payload, err = _json(capsys, "rank", "--sample", "--ahp", str(bad_ahp))
    codes = [w["code"] for w in payload["warnings"]]
    assert "ahp_cr_too_high" in codes
    assert payload["ahp_consistency"][0]["cr"] == pytest.approx(2.644, abs=1e-3)
    assert payload["ahp_consistency"][0]["consistent"] is False
    out = tmp_path / "r.xlsx"
    status, _, err = _run(
        capsys, "report", "--sample", "--ahp", str(bad_ahp), "--no-sensitivity", "--output",
        str(out), "--methods", "none",
    )  # fmt: skip
    assert status == 0, err
    assert "is inconsistent: CR 2.644" in err


def test_a_panel_warns_for_each_inconsistent_judge_and_the_combined_matrix(
    capsys: pytest.CaptureFixture[str], bad_ahp: Path
) -> None:
    good = SAMPLE["ahp"]
    status, _, err = _run(capsys, "rank", "--sample", "--ahp", str(bad_ahp), "--ahp", str(good))
    assert status == 0, err
    assert f"AHP matrix '{bad_ahp} + {good}' is inconsistent: CR 0.488" in err
    assert f"AHP matrix '{bad_ahp}' is inconsistent: CR 2.644" in err
    assert f"AHP matrix '{good}' is inconsistent" not in err


def test_spec_judgments_with_a_high_cr_warn_on_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    copies = {}
    for role in ("criteria", "scores", "technologies", "experts"):
        copies[role] = tmp_path / SAMPLE[role].name
        shutil.copy(SAMPLE[role], copies[role])
    ids = ["strategic_fit", "impact", "capability", "cost_risk"]
    cells = [[1, 9, 1 / 9, 3], [1 / 9, 1, 9, 1 / 3], [9, 1 / 9, 1, 5], [1 / 3, 3, 1 / 5, 1]]
    top = {r: dict(zip(ids, row, strict=True)) for r, row in zip(ids, cells, strict=True)}
    import hashlib

    refs = tuple(
        InputRef(role, p.name, hashlib.sha256(p.read_bytes()).hexdigest())
        for role, p in copies.items()
    )
    spec = AnalysisSpec(inputs=refs, weights=WeightSpec(source="ahp", pairwise={"top": top}))
    path = tmp_path / "app.json"
    path.write_text(spec.to_json(), encoding="utf-8")
    status, out, err = _run(capsys, "run", str(path))
    assert status == 0, err
    assert "AHP matrix 'weights.pairwise.top' is inconsistent: CR 2.644" in err
    assert "weights.pairwise.top: CR 2.644" in out


def test_consistent_ahp_gives_no_warning(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "rank", "--sample", "--ahp", str(SAMPLE["ahp"]))
    assert status == 0, err
    assert "AHP matrix" not in err
    assert "CR 0.008" in out


# --- item 20: rounded reciprocals made exact are recorded ---------------------------------


def test_symmetrised_judgments_are_recorded_and_reported(
    capsys: pytest.CaptureFixture[str], bad_ahp: Path
) -> None:
    payload, err = _json(capsys, "rank", "--sample", "--ahp", str(bad_ahp))
    details = payload["weights_details"]["groups"]
    assert details["symmetrised"] is True
    assert details["symmetrised_matrices"] == [str(bad_ahp)]
    assert "ahp_symmetrised" in [w["code"] for w in payload["warnings"]]
    assert f"AHP matrix '{bad_ahp}': judgments written as rounded reciprocals" in err


def test_symmetrised_judge_in_a_panel_is_recorded(
    capsys: pytest.CaptureFixture[str], bad_ahp: Path
) -> None:
    # The combined (AIJ) matrix is exactly reciprocal by construction: before, the judge's
    # rounded reciprocals were corrected without a trace.
    payload, _ = _json(
        capsys, "rank", "--sample", "--ahp", str(bad_ahp), "--ahp", str(SAMPLE["ahp"])
    )
    details = payload["weights_details"]["groups"]
    assert details["symmetrised_matrices"] == [str(bad_ahp)]
    assert [m["symmetrised"] for m in details["members"]] == [True, False]


# --- item 14: --weights for some criteria ---------------------------------------------------


def test_partial_weights_keep_the_others_declared_proportions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    payload, err = _json(capsys, "rank", "--sample", "--weights", "autonomy=0.5")
    declared = load_criteria(SAMPLE["criteria"]).default_weights()
    weights = payload["weights"]
    assert weights["autonomy"] == pytest.approx(0.5)
    others = declared.drop("autonomy")
    for cid, w in others.items():
        assert weights[cid] == pytest.approx(0.5 * w / others.sum())
    assert sum(weights.values()) == pytest.approx(1.0)
    assert "note: --weights gave autonomy=0.5; the other criteria keep their declared" in err
    assert payload["notes"][0]["code"] == "cli_weights_completed"
    status, out, _ = _run(capsys, "rank", "--sample", "--weights", "autonomy=0.5")
    assert status == 0 and "--weights gave autonomy=0.5" in out


def test_partial_weights_are_saved_complete_in_the_spec(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    spec_path = tmp_path / "s.json"
    first, _ = _json(
        capsys, "rank", "--sample", "--weights", "autonomy=0.3", "--save-spec", str(spec_path)
    )
    values = json.loads(spec_path.read_text(encoding="utf-8"))["weights"]["values"]
    assert len(values) == 12 and values["autonomy"] == pytest.approx(0.3)
    again, _ = _json(capsys, "run", str(spec_path))
    assert again["weights"] == pytest.approx(first["weights"])
    assert again["ranking"] == first["ranking"]


def test_partial_weights_above_one_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(capsys, "rank", "--sample", "--weights", "autonomy=0.8,spillover=0.4")
    assert status == 2
    assert "add up to 1.2, more than 1" in err


def test_weights_for_every_criterion_are_normalised_as_before(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ids = load_criteria(SAMPLE["criteria"]).ids
    text = ",".join(f"{c}=2" for c in ids)
    payload, err = _json(capsys, "rank", "--sample", "--weights", text)
    assert list(payload["weights"].values()) == pytest.approx([1 / 12] * 12)
    assert "note:" not in err and payload["notes"] == []


# --- item 15: paths as the user gave them ---------------------------------------------------


def test_paths_are_shown_as_given(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = tmp_path / "x"
    sub.mkdir()
    bad = sub / "bad.csv"
    bad.write_text("expert,technology,criterion,score\ne1,ai,autonomy,seven\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    status, _, err = _run(capsys, "validate", "--scores", str(bad))
    assert status == 2
    assert f"{bad}, row 2" in err
    assert "x/bad.csv" not in err.replace(str(bad), "")
    status, _, err = _run(capsys, "validate", "--scores", "x/bad.csv")
    assert status == 2 and "x/bad.csv" in err and str(bad) not in err


def test_bundled_files_have_short_names_and_a_spec_of_them_runs_anywhere(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    spec_path = tmp_path / "specs" / "run.toml"
    payload, _ = _json(capsys, "rank", "--sample", "--save-spec", str(spec_path))
    assert [f["name"] for f in payload["files"]] == [
        "criteria/r57_strategic_technologies.toml",
        "sample_inputs/expert_scores.csv",
        "sample_inputs/technologies.csv",
        "sample_inputs/experts.csv",
    ]
    assert "criteria/r57_strategic_technologies.toml" in spec_path.read_text(encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    again, _ = _json(capsys, "run", str(spec_path))
    assert again["ranking"] == payload["ranking"]
    assert again["files"] == payload["files"]


def test_spec_of_the_app_sample_runs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The app names the sample's files by their bare names: ``run`` finds them bundled."""
    import hashlib

    refs = tuple(
        InputRef(role, SAMPLE[role].name, hashlib.sha256(SAMPLE[role].read_bytes()).hexdigest())
        for role in ("criteria", "scores", "technologies", "experts")
    )
    spec = AnalysisSpec(inputs=refs, method="topsis")
    path = tmp_path / "settings.json"
    path.write_text(spec.to_json(), encoding="utf-8")
    payload, _ = _json(capsys, "run", str(path))
    expected, _ = _json(capsys, "rank", "--sample", "--method", "topsis")
    assert payload["ranking"] == expected["ranking"]


def test_changed_bundled_name_is_not_taken_from_the_bundle(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    refs = (InputRef("scores", "expert_scores.csv", "0" * 64),)
    path = tmp_path / "s.json"
    path.write_text(AnalysisSpec(inputs=refs).to_json(), encoding="utf-8")
    status, _, err = _run(capsys, "run", str(path))
    assert status == 2 and "expert_scores.csv" in err


# --- item 11: run SPEC reproduces everything saved ------------------------------------------


@pytest.mark.parametrize(
    "analysis", [["--analysis", "stability"], ["--analysis", "montecarlo", "--draws", "500"]]
)
def test_run_reproduces_the_recorded_sensitivity_analysis(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, analysis: list[str]
) -> None:
    spec = tmp_path / "s.toml"
    first, _ = _json(
        capsys, "sensitivity", "--sample", "--method", "topsis", "--seed", "7", *analysis,
        "--save-spec", str(spec),
    )  # fmt: skip
    again, _ = _json(capsys, "run", str(spec))
    assert again["ranking"][0]["id"] == first["current_ranking"][0]["id"]
    assert again["sensitivity"]["analysis"] == first["analysis"]
    assert again["sensitivity"]["seed"] == 7
    assert again["sensitivity"]["result"] == first["result"]
    status, out, err = _run(capsys, "run", str(spec))
    assert status == 0, err
    assert f"{first['analysis']} — method topsis, top-k 5, seed 7" in out
    skipped, _ = _json(capsys, "run", str(spec), "--no-sensitivity")
    assert "sensitivity" not in skipped


def test_run_reproduces_the_recorded_comparison_after_the_ranking(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    spec = tmp_path / "c.json"
    first, _ = _json(capsys, "compare", "--sample", "--methods", "wsm,topsis,vikor",
                     "--save-spec", str(spec))  # fmt: skip
    again, _ = _json(capsys, "run", str(spec))
    assert again["comparison"]["ranks"] == first["ranks"]
    status, out, _ = _run(capsys, "run", str(spec))
    assert status == 0
    # The table shows the ranking, then the comparison.
    assert out.index("Weighted sum") < out.index("Ranks under 3 methods")


def test_a_spec_saved_by_the_app_prints_the_ranking_the_app_showed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from r57_mcda.io.inputs import load_inputs
    from r57_mcda.pipeline.analysis import analyse
    from r57_mcda.ui.choices import Choices, MethodChoice, WeightChoice, build_spec
    from r57_mcda.ui.state import sample_files

    loaded = load_inputs(sample_files())
    ids = loaded.criteria.ids
    # Weights as a slider leaves them: not multiples of the step, one of them tiny.
    values = {c: 0.0123 + 0.017 * k for k, c in enumerate(ids)}
    values[ids[0]] = 0.001
    choices = Choices(
        weights=WeightChoice.direct(values),
        method=MethodChoice("topsis"),
        compare=("wsm", "topsis"),
        top_k=4,
    )
    spec = build_spec(loaded, choices)
    shown = analyse(loaded, spec, agreement=False).ranking  # what the app's ranking page shows
    path = tmp_path / "settings.toml"
    path.write_text(spec.to_toml(), encoding="utf-8")  # the Export page's download
    payload, _ = _json(capsys, "run", str(path))
    assert [r["id"] for r in payload["ranking"]] == shown.order()
    assert [r["score"] for r in payload["ranking"]] == pytest.approx(
        list(shown.scores[shown.order()]), rel=1e-12
    )
    assert payload["shortlist"] == shown.top(4)
    assert payload["sensitivity"]["analysis"] == "montecarlo"


# --- item 13: sweep summary, defaults in --help, one name for the method list ---------------


def test_sweep_prints_a_summary_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "sensitivity", "--sample", "--analysis", "sweep")
    assert status == 0, err
    assert "the weights at which the first place or the top-5 set changes" in out
    assert "autonomy (weight now 0.100; first: ai_digital_twin)" in out
    assert "first place changes at: 0.218 (ai_digital_twin -> cybersecurity)" in out
    # No grid table of every weight and technology by default.
    assert len(out.splitlines()) < 60
    payload, _ = _json(capsys, "sensitivity", "--sample", "--analysis", "sweep")
    autonomy = next(r for r in payload["summary"] if r["criterion"] == "autonomy")
    assert autonomy["leader_changes"][0]["weight"] == pytest.approx(0.218, abs=1e-3)
    assert autonomy["leader_changes"][0]["to"] == ["cybersecurity"]
    # Full detail stays in the JSON.
    sweep = next(s for s in payload["result"]["sweeps"] if s["criterion"] == "autonomy")
    assert len(sweep["grid"]) == 101 and sweep["breakpoints"]


def test_sweep_criterion_gives_its_full_table(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(
        capsys, "sensitivity", "--sample", "--analysis", "sweep", "--criterion", "autonomy",
        "--format", "csv",
    )  # fmt: skip
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("weight,ai_digital_twin,")
    assert len(lines) == 1 + 101
    status, _, err = _run(
        capsys, "sensitivity", "--sample", "--analysis", "sweep", "--criterion", "nope"
    )
    assert status == 2 and "'nope' is not a swept criterion" in err
    status, _, err = _run(capsys, "sensitivity", "--sample", "--criterion", "autonomy")
    assert status == 2 and "--criterion is only for --analysis sweep" in err


def test_every_option_default_is_in_the_help() -> None:
    import argparse

    from r57_mcda.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    missing = []
    for name, command in sub.choices.items():
        text = " ".join(command.format_help().split())
        for action in command._actions:
            default = action.default
            if not action.option_strings or default in (None, False, argparse.SUPPRESS, []):
                continue
            if action.help == argparse.SUPPRESS:
                continue
            shown = f"{default:g}" if isinstance(default, float) else str(default)
            if shown not in text:
                missing.append(f"{name} {action.option_strings[0]} ({shown})")
    assert missing == []


def test_report_takes_methods_like_compare_and_keeps_compare_as_an_alias(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import openpyxl

    for option in ("--methods", "--compare"):
        out = tmp_path / f"r{option}.xlsx"
        status, _, err = _run(
            capsys, "report", "--sample", "--no-sensitivity", "--output", str(out), option,
            "wsm,vikor",
        )  # fmt: skip
        assert status == 0, err
        book = openpyxl.load_workbook(out)
        sheet = book["Ranking"]
        header = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
        book.close()
        assert "VIKOR" in header or "vikor" in header
    from r57_mcda.cli import build_parser

    args = build_parser().parse_args(["report", "--output", "x.xlsx"])
    assert args.methods == "wsm,wpm,topsis,vikor,promethee2"


# --- item 7: the experts' confidence column as an aggregation option ------------------------


def test_use_confidence_is_saved_in_the_spec_and_old_specs_load() -> None:
    from r57_mcda.errors import SpecError

    spec = AnalysisSpec(inputs=(InputRef("scores", "s.csv", "ab" * 32),), use_confidence=True)
    for text in (spec.to_toml(), spec.to_json()):
        assert "use_confidence" in text
        assert AnalysisSpec.from_text(text) == spec
    old = AnalysisSpec(inputs=()).to_dict()
    del old["use_confidence"]
    assert AnalysisSpec.from_dict(old).use_confidence is False
    with pytest.raises(SpecError, match="use_confidence must be true or false"):
        AnalysisSpec.from_dict({**old, "use_confidence": "yes"})


@pytest.mark.parametrize(
    "command", ["panel", "rank", "compare", "explain", "sensitivity", "report"]
)
def test_every_analysis_command_takes_use_confidence(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = capsys.readouterr().out
    assert "--use-confidence" in out
    # The experts' self-rated familiarity sits beside it (tests/test_expertise.py).
    assert "--expertise none|weight|min:K" in out


def test_use_confidence_changes_the_numbers_and_run_reproduces_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from r57_mcda.io.inputs import InputFile, load_inputs
    from r57_mcda.pipeline.analysis import analyse, spec_for

    plain, _ = _json(capsys, "rank", "--sample")
    spec_path = tmp_path / "conf.toml"
    weighed, _ = _json(
        capsys, "rank", "--sample", "--use-confidence", "--save-spec", str(spec_path)
    )
    assert plain["aggregation"]["use_confidence"] is False
    assert weighed["aggregation"]["use_confidence"] is True
    scores = [r["score"] for r in weighed["ranking"]]
    assert scores != pytest.approx([r["score"] for r in plain["ranking"]])
    files = [
        InputFile.from_path(r, SAMPLE[r]) for r in ("criteria", "scores", "technologies", "experts")
    ]
    loaded = load_inputs(files)
    expected = analyse(loaded, spec_for(loaded, use_confidence=True), agreement=False).ranking
    assert [r["id"] for r in weighed["ranking"]] == expected.order()
    assert scores == pytest.approx(list(expected.scores[expected.order()]))
    assert "use_confidence = true" in spec_path.read_text(encoding="utf-8")
    again, _ = _json(capsys, "run", str(spec_path))
    assert again["ranking"] == weighed["ranking"]
    panel, _ = _json(capsys, "panel", "--sample", "--use-confidence")
    plain_panel, _ = _json(capsys, "panel", "--sample")
    assert panel["aggregation"]["use_confidence"] is True
    cell = panel["matrix"]["quantum"]["autonomy"], plain_panel["matrix"]["quantum"]["autonomy"]
    assert cell[0] != pytest.approx(cell[1])


def test_use_confidence_without_confidences_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import pandas as pd

    scores = tmp_path / "scores.csv"
    pd.read_csv(SAMPLE["scores"]).drop(columns=["confidence"]).to_csv(scores, index=False)
    status, _, err = _run(capsys, "rank", "--scores", str(scores), "--use-confidence")
    assert status == 2
    assert "no expert confidence" in err and "Traceback" not in err
    assert _run(capsys, "rank", "--scores", str(scores))[0] == 0


def test_the_report_states_that_scores_were_weighed_by_confidence() -> None:
    from datetime import UTC, datetime

    from r57_mcda.io.inputs import InputFile, load_inputs
    from r57_mcda.pipeline.analysis import analyse, spec_for
    from r57_mcda.report.context import ReportContext

    files = [InputFile.from_path(r, SAMPLE[r]) for r in ("criteria", "scores", "experts")]
    loaded = load_inputs(files)
    spec = spec_for(loaded, use_confidence=True, balance_groups=True)
    result = analyse(loaded, spec, agreement=False)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert ReportContext(result, "en", now).aggregation() == (
        "Mean, weighed by the experts' confidence; stakeholder groups balanced"
    )
    assert "độ tin cậy" in ReportContext(result, "vi", now).aggregation()


def test_the_expert_bootstrap_re_aggregates_with_confidence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ("sensitivity", "--sample", "--bootstrap-experts", "--draws", "200", "--seed", "3")
    weighed, _ = _json(capsys, *argv, "--use-confidence")
    plain, _ = _json(capsys, *argv)
    assert weighed["result"]["bootstrap"]["use_confidence"] is True
    assert plain["result"]["bootstrap"]["use_confidence"] is False
    assert weighed["result"]["technologies"] != plain["result"]["technologies"]
