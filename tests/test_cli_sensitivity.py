"""``r57-mcda sensitivity``: every analysis, reproducibility under a seed, the documented JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from r57_mcda.cli import main
from r57_mcda.io.bundled import sample_paths
from r57_mcda.io.inputs import InputFile, load_inputs
from r57_mcda.io.spec_files import load_spec
from r57_mcda.pipeline.analysis import analyse, spec_for
from r57_mcda.pipeline.sensitivity import SensitivitySettings, run_sensitivity
from r57_mcda.sensitivity import monte_carlo

SAMPLE = sample_paths()


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:  # type: ignore[type-arg]
    status = main(["sensitivity", "--sample", *argv, "--format", "json"])
    out, err = capsys.readouterr()
    assert status == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def _result():  # type: ignore[no-untyped-def]
    files = [
        InputFile.from_path(r, SAMPLE[r]) for r in ("criteria", "scores", "technologies", "experts")
    ]
    loaded = load_inputs(files)
    return analyse(loaded, spec_for(loaded, method="topsis", top_k=3, seed=11), agreement=False)


def test_montecarlo_json_equals_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    payload = _json(capsys, "--method", "topsis", "--top-k", "3", "--seed", "11", "--draws", "3000")
    assert payload["analysis"] == "montecarlo" and payload["seed"] == 11
    result = _result()
    expected = monte_carlo(
        result.matrix,
        result.weights.values,
        result.criteria,
        method="topsis",
        draws=3000,
        top_k=3,
        seed=11,
    )
    rows = {r["technology"]: r for r in payload["result"]["technologies"]}
    for tech in expected.technologies:
        assert rows[tech]["acceptability"] == pytest.approx(list(expected.acceptability.loc[tech]))
        assert rows[tech]["p_top_k"] == pytest.approx(expected.top_k_probability[tech])
    for r in rows.values():
        assert sum(r["acceptability"]) == pytest.approx(1.0)


def test_same_seed_same_numbers_other_seed_differs(capsys: pytest.CaptureFixture[str]) -> None:
    a = _json(capsys, "--draws", "2000", "--seed", "3", "--weights-model", "dirichlet")
    b = _json(capsys, "--draws", "2000", "--seed", "3", "--weights-model", "dirichlet")
    c = _json(capsys, "--draws", "2000", "--seed", "4", "--weights-model", "dirichlet")
    assert a["result"] == b["result"]
    assert a["result"] != c["result"]
    assert a["result"]["weight_model"] == {"model": "dirichlet", "concentration": 100.0}


def test_bootstrap_experts_within_groups(capsys: pytest.CaptureFixture[str]) -> None:
    payload = _json(
        capsys,
        "--draws",
        "2000",
        "--bootstrap-experts",
        "--balance-groups",
        "--weights-model",
        "fixed",
        "--resamples",
        "50",
    )
    boot = payload["result"]["bootstrap"]
    assert boot["stratified"] is True and boot["resamples"] == 50 and boot["experts"] == 9
    assert payload["result"]["weight_model"] is None


def test_stability_sweep_reversal_methods(capsys: pytest.CaptureFixture[str]) -> None:
    stability = _json(capsys, "--analysis", "stability", "--top-k", "3")
    assert len(stability["result"]["first"]) == 12
    assert len(stability["result"]["top_k_set"]) == 12
    sweep = _json(capsys, "--analysis", "sweep", "--points", "11")
    assert len(sweep["result"]["sweeps"]) == 12
    reversal = _json(capsys, "--analysis", "reversal", "--method", "topsis")
    assert len(reversal["result"]["trials"]) == 13  # every non-optimal technology once
    assert reversal["result"]["summary_vi"]
    methods = _json(capsys, "--analysis", "methods", "--methods", "wsm,topsis")
    assert methods["result"]["methods"] == ["wsm", "topsis"]


def test_spec_records_the_sensitivity_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec_path = tmp_path / "s.toml"
    _json(capsys, "--draws", "500", "--seed", "9", "--save-spec", str(spec_path))
    spec = load_spec(spec_path)
    assert spec.seed == 9
    settings = SensitivitySettings.from_dict(spec.sensitivity)
    assert settings.draws == 500 and settings.analysis == "montecarlo"
    result = _result()
    again = run_sensitivity(result, SensitivitySettings(draws=500))
    assert again.draws == 500


def test_bootstrap_needs_scores_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["sensitivity", "--matrix", str(SAMPLE["matrix"]), "--bootstrap-experts"])
    assert status == 2
    assert "individual scores" in capsys.readouterr().err
