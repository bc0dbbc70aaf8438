"""``r57-mcda report``: writes the workbook (exit 0) and refuses bad arguments (exit 2)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from r57_mcda.cli import main, report_cmd
from r57_mcda.cli.commands import REGISTRARS
from r57_mcda.i18n import t
from r57_mcda.io.bundled import criteria_path, sample_paths
from r57_mcda.io.inputs import InputFile, load_inputs
from r57_mcda.pipeline.analysis import analyse
from r57_mcda.pipeline.sensitivity import SensitivitySettings, run_sensitivity
from r57_mcda.report.workbook import SHEETS
from r57_mcda.sensitivity import MonteCarloResult
from r57_mcda.spec import AnalysisSpec
from r57_mcda.vocab import DEFAULT_COMPARE, DEFAULT_WEIGHT_MODEL

SAMPLE = sample_paths()


def test_report_is_a_registered_subcommand() -> None:
    assert report_cmd.register in REGISTRARS


def _sheet(book: Workbook, name: str) -> Worksheet:
    ws = book[name]
    assert isinstance(ws, Worksheet)
    return ws


def _column_a(ws: Worksheet, start_text: str) -> list[str]:
    """Column A's text below the cell holding ``start_text`` (empty cells as "")."""
    rows = list(ws.iter_rows(min_col=1, max_col=1, values_only=True))
    start = next(i for i, (v,) in enumerate(rows) if v == start_text) + 1
    return [str(v or "") for (v,) in rows[start:]]


def _table(ws: Worksheet, first_header: str) -> tuple[list[Any], list[tuple[Any, ...]]]:
    """Headers and data rows of the first table whose first header is ``first_header``."""
    rows = list(ws.iter_rows(values_only=True))
    top = next(i for i, row in enumerate(rows) if row[0] == first_header)
    body = []
    for row in rows[top + 1 :]:
        if row[0] is None:
            break
        body.append(row)
    return [v for v in rows[top] if v is not None], body


def test_report_writes_the_workbook_with_the_runs_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "shortlist.xlsx"
    spec_path = tmp_path / "run.toml"
    argv = ["report", "--sample", "--output", str(out), "--lang", "vi"]
    argv += ["--draws", "300", "--seed", "5", "--save-spec", str(spec_path)]
    status = main(argv)
    err = capsys.readouterr().err
    assert status == 0, err
    assert f"đã ghi {out}" in err  # --lang vi: the report and the messages in Vietnamese
    book = load_workbook(BytesIO(out.read_bytes()))
    assert book.sheetnames == list(SHEETS)
    assert _sheet(book, "Summary").cell(1, 1).value == t("rpt_title", "vi")

    spec = AnalysisSpec.from_text(spec_path.read_text(encoding="utf-8"))
    audit_spec = AnalysisSpec.from_text(
        "\n".join(_column_a(_sheet(book, "Audit"), t("rpt_spec", "vi")))
    )
    # The saved spec names its inputs relative to itself; the hashes are the same.
    assert audit_spec.with_changes(inputs=spec.inputs) == spec
    assert {(i.role, i.sha256) for i in audit_spec.inputs} == {
        (i.role, i.sha256) for i in spec.inputs
    }
    # The report compares the methods and draws the weights the app does by default.
    assert spec.seed == 5 and spec.compare == DEFAULT_COMPARE
    assert spec.compare == ("wsm", "wpm", "topsis", "vikor", "promethee2")
    assert spec.sensitivity["draws"] == 300
    assert spec.sensitivity["weights_model"] == DEFAULT_WEIGHT_MODEL == "uniform"

    files = [
        InputFile.from_path(role, SAMPLE[role])
        for role in ("criteria", "scores", "technologies", "experts")
    ]
    result = analyse(load_inputs(files), spec)
    mc = run_sensitivity(result, SensitivitySettings.from_dict(spec.sensitivity))
    assert isinstance(mc, MonteCarloResult)
    header, rows = _table(_sheet(book, "Sensitivity"), "Công nghệ")
    assert header[:4] == ["Công nghệ", "Mã", "Xác suất đứng thứ nhất", "Xác suất vào top 5"]
    shown = {row[1]: row[3] for row in rows}
    assert shown == pytest.approx(dict(mc.top_k_probability.items()), rel=1e-12)
    header, rows = _table(_sheet(book, "Ranking"), "Hạng")
    assert "Hạng: PROMETHEE II" in header  # method names, not ids
    assert [row[2] for row in rows] == result.ranking.order()


def test_report_on_a_small_matrix_without_comparison_or_sensitivity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    matrix = tmp_path / "matrix.csv"
    matrix.write_text(
        "technology,strategic_value,impact,feasibility,cost,risk\n"
        "a,5,4,3,2,2\nb,3,3,3,3,3\nc,2,5,4,4,1\n",
        encoding="utf-8",
    )
    base = ["report", "--matrix", str(matrix), "--criteria", str(criteria_path("quick_screen"))]
    out = tmp_path / "plain.xlsx"
    status = main([*base, "--output", str(out), "--methods", "none", "--no-sensitivity"])
    assert status == 0, capsys.readouterr().err
    book = load_workbook(out)
    assert "Sensitivity" not in book.sheetnames
    headers, rows = _table(_sheet(book, "Ranking"), "Rank")
    assert headers == ["Rank", "Technology", "Id", "Group", "Score", "Tied"]
    # Equal weights on 1-5 scales, cost and risk reversed: a = 100 * (1 + .75 + .5 + .75 +
    # .75) / 5 = 75, c = 100 * (.25 + 1 + .75 + .25 + 1) / 5 = 65, b = 50 (by hand).
    assert [(row[2], row[0]) for row in rows] == [("a", 1), ("c", 2), ("b", 3)]
    assert [row[4] for row in rows] == pytest.approx([75.0, 65.0, 50.0])
    # --top-k 5 (the default) exceeds the 3 technologies: the sensitivity runs use k = 3.
    out = tmp_path / "full.xlsx"
    assert main([*base, "--output", str(out), "--draws", "100"]) == 0
    header, rows = _table(_sheet(load_workbook(out), "Sensitivity"), "Technology")
    assert "P(top 3)" in header and len(rows) == 3


def test_an_output_that_is_not_xlsx_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.csv"
    assert main(["report", "--sample", "--output", str(out)]) == 2
    assert "--output must name an .xlsx file" in capsys.readouterr().err
    assert not out.exists()


def test_bad_input_or_options_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.xlsx"
    missing = tmp_path / "nope.csv"
    assert main(["report", "--scores", str(missing), "--output", str(out)]) == 2
    assert "file not found" in capsys.readouterr().err
    argv = ["report", "--sample", "--output", str(out), "--weights-model", "fixed"]
    assert main(argv) == 2
    assert "nothing varies" in capsys.readouterr().err
    assert not out.exists()
