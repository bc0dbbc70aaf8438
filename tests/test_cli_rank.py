"""``r57-mcda methods``, ``rank``, ``compare``, ``explain`` and ``run`` (spec round trip)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from r57_mcda.cli import main
from r57_mcda.io.bundled import sample_paths
from r57_mcda.io.criteria import load_criteria
from r57_mcda.io.inputs import InputFile, load_inputs
from r57_mcda.pipeline.analysis import analyse, spec_for
from r57_mcda.ranking import list_methods, rank
from r57_mcda.spec import WeightSpec

SAMPLE = sample_paths()


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:  # type: ignore[type-arg]
    status = main([*argv, "--format", "json"])
    out, err = capsys.readouterr()
    assert status == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def _sample_copy(tmp_path: Path) -> dict[str, Path]:
    copies = {}
    for role in ("scores", "technologies", "experts", "criteria", "ahp"):
        copies[role] = tmp_path / SAMPLE[role].name
        shutil.copy(SAMPLE[role], copies[role])
    return copies


def test_methods_lists_every_registered_method(capsys: pytest.CaptureFixture[str]) -> None:
    payload = _json(capsys, "methods")
    assert [m["id"] for m in payload["methods"]] == [m.id for m in list_methods()]
    assert len(payload["methods"]) >= 11
    vi = _json(capsys, "methods", "--lang", "vi")
    assert vi["methods"][0]["name"] != payload["methods"][0]["name"]


def test_rank_json_matches_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    payload = _json(capsys, "rank", "--sample", "--method", "topsis")
    assert {"method", "score_direction", "weights", "ranking"} <= set(payload)
    assert payload["method"] == "topsis" and payload["score_direction"] == "higher"
    assert set(payload["ranking"][0]) >= {"id", "name", "score", "rank", "tied"}
    assert {"d_plus", "d_minus"} <= set(payload["extras"])
    files = [
        InputFile.from_path(r, SAMPLE[r]) for r in ("criteria", "scores", "technologies", "experts")
    ]
    loaded = load_inputs(files)
    expected = analyse(loaded, spec_for(loaded, method="topsis"), agreement=False).ranking
    assert [r["id"] for r in payload["ranking"]] == expected.order()
    assert [r["score"] for r in payload["ranking"]] == pytest.approx(
        list(expected.scores[expected.order()])
    )
    assert sum(payload["weights"].values()) == pytest.approx(1.0)


def test_rank_direct_weights_change_the_order(capsys: pytest.CaptureFixture[str]) -> None:
    default = _json(capsys, "rank", "--sample")
    ids = [r["id"] for r in default["ranking"]]
    only = _json(
        capsys,
        "rank",
        "--sample",
        "--weights",
        "security_defence=1"
        + "".join(f",{c}=0" for c in default["weights"] if c != "security_defence"),
    )
    assert only["weights"]["security_defence"] == 1.0
    assert [r["id"] for r in only["ranking"]] != ids
    assert only["ranking"][0]["id"] in {"net_5g_6g", "semiconductors", "aerospace_uav"}


def test_rank_ahp_weights_from_the_sample_group_matrix(capsys: pytest.CaptureFixture[str]) -> None:
    payload = _json(capsys, "rank", "--sample", "--ahp", str(SAMPLE["ahp"]))
    assert payload["weights_source"] == "ahp"
    criteria = load_criteria(SAMPLE["criteria"])
    groups: dict[str, float] = {}
    for c, w in payload["weights"].items():
        group = criteria[c].group or c
        groups[group] = groups.get(group, 0.0) + w
    # The group priorities of the sample's consistent 4x4 matrix (principal eigenvector).
    assert groups["strategic_fit"] == pytest.approx(0.363, abs=2e-3)
    assert groups["cost_risk"] == pytest.approx(0.148, abs=2e-3)


def test_compare_ranks_side_by_side(capsys: pytest.CaptureFixture[str]) -> None:
    payload = _json(capsys, "compare", "--sample", "--methods", "wsm,topsis,vikor")
    assert payload["methods"] == ["wsm", "topsis", "vikor"]
    assert payload["kendall_tau"]["wsm"]["wsm"] == pytest.approx(1.0)
    assert -1 <= payload["kendall_tau"]["wsm"]["vikor"] <= 1
    assert payload["ranks"]["quantum"]["wsm"] == 14


def test_explain_pair_swap_really_swaps(capsys: pytest.CaptureFixture[str]) -> None:
    payload = _json(capsys, "explain", "--sample", "--pair", "semiconductors", "cybersecurity")
    pair = payload["pair"]
    assert pair["ahead"] == "cybersecurity"
    swap = pair["smallest_swap"]
    files = [
        InputFile.from_path(r, SAMPLE[r]) for r in ("criteria", "scores", "technologies", "experts")
    ]
    loaded = load_inputs(files)
    result = analyse(loaded, spec_for(loaded), agreement=False)
    from r57_mcda.weighting.rescale import rescale_weights

    beyond = swap["swap_weight"] + 0.001 * (1 if swap["change"] > 0 else -1)
    w = rescale_weights(result.weights.values, swap["criterion"], beyond)
    swapped = rank(result.matrix, w, result.criteria, method="wsm")
    assert swapped.ranks["semiconductors"] < swapped.ranks["cybersecurity"]
    totals = payload["contributions"]["totals"]
    assert totals["cybersecurity"] == pytest.approx(pair["score_b"])


def test_save_spec_and_run_reproduce_the_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _sample_copy(tmp_path)
    args = [
        "rank",
        "--scores",
        str(files["scores"]),
        "--technologies",
        str(files["technologies"]),
        "--experts",
        str(files["experts"]),
        "--criteria",
        str(files["criteria"]),
        "--method",
        "promethee2",
        "--balance-groups",
        "--rank-order",
        "national_goals>autonomy=security_defence>socio_economic_impact>breakthrough_potential"
        ">spillover>domestic_capability>human_resources>international_cooperation"
        ">investment_cost>implementation_risk>time_to_impact",
    ]
    for suffix in ("toml", "json"):
        spec_path = tmp_path / "specs" / f"run.{suffix}"
        first = _json(capsys, *args, "--save-spec", str(spec_path))
        again = _json(capsys, "run", str(spec_path))
        assert again["ranking"] == first["ranking"]
        assert again["weights"] == first["weights"]
        assert again["weights_source"] == "rank"
    text = (tmp_path / "specs" / "run.toml").read_text(encoding="utf-8")
    assert "../expert_scores.csv" in text and "sha256" in text


def test_run_detects_a_changed_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = _sample_copy(tmp_path)
    spec_path = tmp_path / "spec.toml"
    _json(
        capsys,
        "rank",
        "--scores",
        str(files["scores"]),
        "--criteria",
        str(files["criteria"]),
        "--save-spec",
        str(spec_path),
    )
    with files["scores"].open("a", encoding="utf-8") as fh:
        fh.write("\n")
    status = main(["run", str(spec_path)])
    _, err = capsys.readouterr()
    assert status == 2
    assert "expert_scores.csv (scores) has changed since the spec was saved" in err


def test_unknown_method_and_bad_weights_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rank", "--sample", "--method", "nosuch"]) == 2
    assert "nosuch" in capsys.readouterr().err
    assert main(["rank", "--sample", "--weights", "autonomy=-1"]) == 2
    assert main(["rank", "--sample", "--weights", "autonomy=1", "--weights-from", "equal"]) == 2
    assert "only one source of weights" in capsys.readouterr().err


def test_weight_spec_in_saved_spec_round_trips() -> None:
    files = [InputFile.from_path(r, SAMPLE[r]) for r in ("criteria", "matrix")]
    loaded = load_inputs(files)
    spec = spec_for(loaded, weights=WeightSpec(source="rank", order=("a", ("b", "c"))), seed=7)
    from r57_mcda.spec import AnalysisSpec

    assert AnalysisSpec.from_text(spec.to_toml()) == spec
    assert AnalysisSpec.from_text(spec.to_json()) == spec
