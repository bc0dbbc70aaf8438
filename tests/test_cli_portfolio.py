"""``r57-mcda portfolio`` (and ``run`` on its spec, ``report --portfolio-budget``): the JSON is
the library's, the classic example comes out right, bad input exits 2 with located messages."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from r57_mcda.cli import main, portfolio_cmd
from r57_mcda.cli.commands import REGISTRARS
from r57_mcda.i18n import t
from r57_mcda.io.bundled import sample_paths
from r57_mcda.io.inputs import InputFile, load_inputs
from r57_mcda.pipeline.analysis import spec_for
from r57_mcda.pipeline.portfolio import PortfolioSettings, read_constraints, run_portfolio
from r57_mcda.study.db import Database
from tests.helpers.databases import db_url as db_url_fixture  # noqa: F401
from tests.helpers.portfolios import (
    HL_CAPITAL,
    HL_NPV,
    HL_OPTIMUM,
    brute_force,
    hillier_lieberman_files,
    hl_rules,
)
from tests.helpers.studies import sample_study

SAMPLE = sample_paths()
CONSTRAINTS = Path(__file__).resolve().parents[1] / "sample_inputs/portfolio_constraints.toml"
SAMPLE_FILES = (
    "--scores",
    str(SAMPLE["scores"]),
    "--technologies",
    str(SAMPLE["technologies"]),
    "--experts",
    str(SAMPLE["experts"]),
    "--criteria",
    "r57_strategic_technologies",
)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    status, out, err = _run(capsys, *argv, "--format", "json")
    assert status == 0, err
    payload: dict[str, Any] = json.loads(out)
    return payload


def test_portfolio_is_a_registered_subcommand() -> None:
    assert portfolio_cmd.register in REGISTRARS


def test_json_is_the_librarys_and_respects_the_budget(capsys: pytest.CaptureFixture[str]) -> None:
    payload = _json(
        capsys,
        "portfolio",
        "--sample",
        "--method",
        "topsis",
        "--constraints",
        str(CONSTRAINTS),
        "--frontier",
        "20000:50000",
    )
    files = [InputFile.from_path(r, SAMPLE[r]) for r in ("criteria", "scores", "technologies")]
    files.append(InputFile.from_path("experts", SAMPLE["experts"]))
    loaded = load_inputs(files)
    constraints, sha = read_constraints(loaded, CONSTRAINTS)
    settings = PortfolioSettings(constraints=constraints, frontier=(20000.0, 50000.0))
    expected = run_portfolio(loaded, spec_for(loaded, method="topsis"), settings).to_dict()
    assert {k: payload[k] for k in expected} == json.loads(json.dumps(expected))
    assert payload["settings"]["constraints_sha256"] == sha
    assert sha == hashlib.sha256(CONSTRAINTS.read_bytes()).hexdigest()
    assert payload["status"] == "optimal" and payload["method"] == "topsis"
    assert payload["budget"] == 40000 and payload["cost"] <= payload["budget"]
    costs = {t.id: t.budget for t in loaded.technologies}
    shares = payload["shares"]
    assert payload["cost"] == pytest.approx(sum(costs[i] * shares[i] for i in payload["selected"]))
    greedy = payload["greedy"]
    assert greedy["loss"] >= 0
    assert greedy["loss"] == pytest.approx(payload["value"] - greedy["value"])
    assert [p["cost"] for p in payload["frontier"]] == sorted(
        p["cost"] for p in payload["frontier"]
    )
    assert {"files", "weights", "criteria_set", "warnings", "notes"} <= set(payload)


def test_hillier_lieberman_from_csv_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Hillier & Lieberman's California Manufacturing Company as CSV input files: the book's
    optimum (both factories, NPV 14), and every frontier point is the best portfolio at its
    cost, as enumeration finds it."""
    paths = hillier_lieberman_files(tmp_path)
    argv = ["portfolio", "--matrix", str(paths["matrix"]), "--criteria", str(paths["criteria"])]
    argv += ["--technologies", str(paths["technologies"]), "--constraints"]
    payload = _json(capsys, *argv, str(paths["constraints"]), "--frontier", "0:")
    chosen, value = HL_OPTIMUM
    assert set(payload["selected"]) == chosen
    assert payload["value"] == pytest.approx(value) and payload["cost"] == pytest.approx(9.0)
    assert payload["slack"]["budget"] == pytest.approx(1.0)
    assert payload["slack"]["excludes:warehouse_la|warehouse_sf"] == pytest.approx(1.0)
    assert payload["greedy"]["loss"] == pytest.approx(0.0)
    assert payload["frontier"][-1]["cost"] <= 10
    for point in payload["frontier"]:
        best = brute_force(HL_NPV, HL_CAPITAL, point["cost"], hl_rules)
        assert point["value"] == pytest.approx(best[1])
        assert set(point["selected"]) == best[0]
    # A budget of 8 instead: the book's variant answer by enumeration.
    smaller = _json(capsys, *argv, str(paths["constraints"]), "--budget", "8")
    best = brute_force(HL_NPV, HL_CAPITAL, 8.0, hl_rules)
    assert set(smaller["selected"]) == best[0]
    assert smaller["value"] == pytest.approx(best[1])


def test_csv_has_one_row_per_candidate(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ("portfolio", "--sample", "--constraints", str(CONSTRAINTS))
    payload = _json(capsys, *argv)
    status, out, err = _run(capsys, *argv, "--format", "csv")
    assert status == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["id", "name", "group", "cost", "value", "selected", "share"]
    assert len(rows) == len(SAMPLE["technologies"].read_text(encoding="utf-8").splitlines()) - 1
    assert {r["id"] for r in rows if r["selected"] == "True"} == set(payload["selected"])
    for r in rows:
        assert float(r["share"]) == pytest.approx(payload["shares"].get(r["id"], 0.0))
    values = [float(r["value"]) for r in rows]
    assert values == sorted(values, reverse=True)


def test_table_speaks_the_users_language(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ("portfolio", "--sample", "--constraints", str(CONSTRAINTS), "--frontier", "0:20000")
    payload = _json(capsys, *argv)
    n = len(payload["selected"])
    for lang in ("en", "vi"):
        status, out, err = _run(capsys, "--lang", lang, *argv)
        assert status == 0, err
        assert t("pfcli_selected_head", lang, n=n) in out
        assert t("pfcli_slack_head", lang) in out
        assert payload["value_scale"]["zero" if lang == "en" else "zero_vi"] in out
        assert t("pfcli_greedy_loss", lang, loss="", share="").split(" ")[0] in out
        assert t("pf_constraint_must", lang, id="ai_digital_twin") in out
        assert t("pfcli_frontier_grid", lang) in out  # partial funding: a budget grid
    assert "Quy tắc tham lam" in out and "40.000" in out  # Vietnamese separators


def test_constraints_errors_name_the_file_and_key_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'must = ["ai_digital_twin", "warp_drive"]\n'
        "[groups.digital]\nmax_share = 2\n"
        "[groups.space]\nmin = 1\n",
        encoding="utf-8",
    )
    for lang in ("en", "vi"):
        status, out, err = _run(
            capsys,
            "--lang",
            lang,
            "portfolio",
            "--sample",
            "--budget",
            "1",
            "--constraints",
            str(bad),
        )
        assert status == 2 and out == ""
        where = t("loc_column", lang, column="must[2]")
        assert f"{bad}, {where}" in err
        assert t("pf_unknown_technology", lang, id="'warp_drive'") in err
        assert t("loc_column", lang, column="groups.digital.max_share") in err
        assert t("loc_column", lang, column="groups.space") in err
    status, _, err = _run(capsys, "portfolio", "--sample", "--constraints", str(tmp_path / "no"))
    assert status == 2 and str(tmp_path / "no") in err


@pytest.mark.parametrize(
    ("extra", "code", "params"),
    [
        (["--budget", "-5"], "pfcli_budget_negative", {"budget": -5.0}),
        (["--budget", "5", "--frontier", "9:3"], "pfcli_frontier_invalid", {"value": "9:3"}),
        (["--budget", "5", "--frontier", "a:b"], "pfcli_frontier_invalid", {"value": "a:b"}),
        (["--budget", "5", "--frontier", "7"], "pfcli_frontier_invalid", {"value": "7"}),
        (["--budget", "5", "--min-per-group", "-1"], "pfcli_min_per_group_negative", {"n": -1}),
        (["--budget", "5", "--robust", "--draws", "0"], "pfcli_draws_invalid", {"draws": 0}),
        ([], "pf_budget_missing", {}),
    ],
)
def test_bad_options_exit_2(
    capsys: pytest.CaptureFixture[str], extra: list[str], code: str, params: dict[str, Any]
) -> None:
    status, out, err = _run(capsys, "portfolio", "--sample", *extra)
    assert status == 2 and out == ""
    assert t(code, "en", **params) in err


def test_no_cost_column_or_no_ratio_scale_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(
        capsys, "portfolio", "--sample", "--budget", "9", "--cost-column", "capex"
    )
    assert status == 2
    assert f"sample_inputs/technologies.csv, {t('loc_column', 'en', column='capex')}" in err
    assert t("pf_column_missing", "en", column="capex") in err
    status, _, err = _run(
        capsys, "--lang", "vi", "portfolio", "--sample", "--budget", "9", "--method", "vikor"
    )
    assert status == 2 and "wsm, topsis, promethee2" in err
    status, _, err = _run(capsys, "portfolio", "--matrix", str(SAMPLE["matrix"]), "--budget", "9")
    assert status == 2 and t("pfcli_no_technologies", "en", column="budget") in err


def test_infeasible_is_explained_in_both_languages(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text('budget = 30000\nmust = ["semiconductors", "aerospace_uav"]\n', "utf-8")
    argv = ("portfolio", "--sample", "--constraints", str(rules))
    payload = _json(capsys, *argv)
    assert payload["status"] == "infeasible" and payload["selected"] == []
    assert payload["cost"] is None and payload["greedy"] is None
    explained = payload["infeasible"]
    assert set(explained["single"]) == {"budget", "must:semiconductors", "must:aerospace_uav"}
    for lang, key in (("en", "message"), ("vi", "message_vi")):
        status, out, err = _run(capsys, "--lang", lang, *argv)
        assert status == 0, err  # a result, explained, not a failure
        assert explained[key] in out
    assert "Không có danh mục nào thỏa mãn mọi ràng buộc" in out


def test_a_study_gives_the_selection_of_the_same_scores_as_files(
    capsys: pytest.CaptureFixture[str], db_url: str, tmp_path: Path
) -> None:
    db = Database(db_url)
    try:
        study = sample_study(db, import_scores=True)
    finally:
        db.close()
    argv = ("--constraints", str(CONSTRAINTS), "--min-per-group", "1", "--budget", "60000")
    spec = tmp_path / "study-portfolio.json"
    on_study = _json(
        capsys, "portfolio", "--study", str(study), "--db", db_url, *argv, "--save-spec", str(spec)
    )
    on_files = _json(capsys, "portfolio", *SAMPLE_FILES, *argv)
    for key in ("status", "selected", "shares", "cost", "value", "slack", "greedy", "budget"):
        assert on_study[key] == on_files[key], key
    assert on_study["selected"]
    # The spec records the study's round; run reads it from the store again.
    assert json.loads(spec.read_text(encoding="utf-8"))["analysis"]["study"]["id"] == study
    assert _json(capsys, "run", str(spec), "--db", db_url) == on_study


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_save_spec_then_run_gives_the_same_json(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    suffix: str,
) -> None:
    # Away from a checkout, the sample's files keep their bundled names in the spec (and in
    # the JSON's files), as for any spec.
    monkeypatch.chdir(tmp_path)
    rules = tmp_path / "rules.toml"
    rules.write_bytes(CONSTRAINTS.read_bytes())
    spec = tmp_path / f"portfolio{suffix}"
    argv = ["portfolio", "--sample", "--method", "promethee2", "--constraints", str(rules)]
    argv += ["--frontier", "10000:", "--robust", "--draws", "12", "--seed", "4"]
    first = _json(capsys, *argv, "--save-spec", str(spec))
    rules.write_text("budget = 1\n", encoding="utf-8")  # the spec keeps the constraints whole
    again = _json(capsys, "run", str(spec))
    assert again == first
    assert first["settings"]["constraints_file"] == str(rules)
    status, out, err = _run(capsys, "--lang", "vi", "run", str(spec))
    assert status == 0, err
    assert "Danh mục theo PROMETHEE" in out and "Độ vững qua 12 trên 12 lần rút mẫu" in out


def test_robustness_is_reproducible_from_its_seed(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ("portfolio", "--sample", "--constraints", str(CONSTRAINTS), "--robust")
    a = _json(capsys, *argv, "--draws", "50", "--seed", "1")
    b = _json(capsys, *argv, "--draws", "50", "--seed", "1")
    assert a["robustness"] == b["robustness"]
    robust = a["robustness"]
    assert robust["draws"] == 50 and robust["seed"] == 1 and robust["evaluated"] == 50
    assert robust["frequency"]["ai_digital_twin"] == 1.0  # must fund
    assert robust["class"]["ai_digital_twin"] == "core"
    assert robust["frequency"]["blockchain"] == 0.0  # must not fund
    assert robust["class"]["blockchain"] == "exterior"
    assert 0.0 <= robust["p_optimal"] <= 1.0
    assert robust["weight_model"] == {"model": "uniform"}
    status, out, err = _run(capsys, *argv, "--draws", "50", "--seed", "1", "--format", "csv")
    assert status == 0, err
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert float(rows["ai_digital_twin"]["frequency"]) == 1.0


def test_report_gets_a_portfolio_sheet(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    argv = ["report", "--sample", "--no-sensitivity", "--methods", "none", "--output", str(out)]
    status, _, err = _run(capsys, *argv, "--portfolio-budget", "40000")
    assert status == 0, err
    assert "Portfolio" in load_workbook(out).sheetnames
    status, _, err = _run(capsys, *argv)
    assert status == 0, err
    assert "Portfolio" not in load_workbook(out).sheetnames
    status, _, err = _run(capsys, *argv, "--portfolio-budget", "-1")
    assert status == 2 and t("pfcli_budget_negative", "en", budget=-1.0) in err
