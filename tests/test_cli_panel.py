"""``r57-mcda validate`` and ``r57-mcda panel`` on the sample panel and on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from r57_mcda.cli import main
from r57_mcda.io.bundled import sample_paths

SAMPLE = sample_paths()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_validate_sample_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "validate", "--sample", "--format", "json")
    assert status == 0
    payload = json.loads(out)
    assert payload["valid"] is True
    assert payload["summary"] == {
        "criteria_set": "r57_strategic_technologies",
        "criteria": 12,
        "technologies": 14,
        "experts": 9,
        "scores": 1512 - 33,
        "abstentions": 33,
        "coi": 12,
    }
    assert {f["role"] for f in payload["files"]} == {
        "criteria",
        "scores",
        "technologies",
        "experts",
    }


def test_validate_reports_every_problem_with_location_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = SAMPLE["scores"].read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",5,", ",7,", 1).replace(",4,", ",7,", 1).replace(",3,", ",7,", 1)
    lines[3] = lines[3].replace("sci_01", "sci_99", 1)
    bad = tmp_path / "scores.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, out, err = _run(
        capsys,
        "validate",
        "--scores",
        str(bad),
        "--technologies",
        str(SAMPLE["technologies"]),
        "--experts",
        str(SAMPLE["experts"]),
    )
    assert status == 2
    assert out == ""
    assert "scores.csv, row 2, column 'score'" in err
    assert "outside the scale 1-5" in err
    assert "row 4, column 'expert'" in err and "sci_99" in err


def test_missing_file_is_exit_2_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(capsys, "panel", "--scores", "no/such/file.csv")
    assert status == 2
    assert "no/such/file.csv: file not found" in err
    assert "Traceback" not in err


def test_panel_json_documented_keys_and_values(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "panel", "--sample", "--format", "json")
    assert status == 0
    payload = json.loads(out)
    assert set(payload) == {
        "criteria_set",
        "aggregation",
        "panel",
        "files",
        "warnings",
        "matrix",
        "cells",
        "agreement",
        "flags",
        "divergence",
    }
    scores = pd.read_csv(SAMPLE["scores"])
    ai = scores[(scores.technology == "ai_digital_twin") & (scores.criterion == "national_goals")]
    assert payload["matrix"]["ai_digital_twin"]["national_goals"] == pytest.approx(
        pd.to_numeric(ai.score, errors="coerce").mean()
    )
    semis = [c for c in payload["cells"] if c["technology"] == "semiconductors"]
    assert {c["coi"] for c in semis} == {1}
    assert 0 <= payload["agreement"]["overall_w"] <= 1
    assert len(payload["agreement"]["criteria"]) == 12
    assert payload["aggregation"] == {
        "method": "mean",
        "balance_groups": False,
        "use_confidence": False,
        "expertise": "none",
        "experts_left_out": None,
        "trim": 0.1,
    }


def test_panel_balance_groups_changes_the_matrix(capsys: pytest.CaptureFixture[str]) -> None:
    _, plain, _ = _run(capsys, "panel", "--sample", "--format", "json")
    _, balanced, _ = _run(capsys, "panel", "--sample", "--format", "json", "--balance-groups")
    a, b = json.loads(plain)["matrix"], json.loads(balanced)["matrix"]
    # semiconductors lost one industry expert (COI): balancing reweighs the two remaining.
    assert a["semiconductors"]["domestic_capability"] != b["semiconductors"]["domestic_capability"]
    assert a["quantum"]["autonomy"] == pytest.approx(b["quantum"]["autonomy"])


def test_panel_csv_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out" / "cells.csv"
    status, out, err = _run(capsys, "panel", "--sample", "--format", "csv", "--output", str(target))
    assert status == 0 and out == "" and "wrote" in err
    cells = pd.read_csv(target)
    assert len(cells) == 14 * 12
    assert {
        "technology",
        "criterion",
        "score",
        "n",
        "std",
        "iqr",
        "min",
        "max",
        "consensus",
    } <= set(cells.columns)


def test_module_entry_point_and_help_exit_codes() -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "r57_mcda", "--help"], capture_output=True, text=True, check=False
    )
    assert ok.returncode == 0 and "validate" in ok.stdout and "panel" in ok.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "r57_mcda", "panel", "--aggregate", "mode"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2 and "invalid choice" in bad.stderr
