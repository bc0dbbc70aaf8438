"""Issue 9, readers and validation found by fuzzing: damaged workbooks, formula cells,
``validate`` agreeing with ``rank``, experts without a sheet."""

from __future__ import annotations

import io
import json
import re
import tomllib
import zipfile
from pathlib import Path

import openpyxl
import pytest

from r57_mcda.cli import main
from r57_mcda.errors import InputError
from r57_mcda.io.bundled import criteria_path, sample_paths
from r57_mcda.io.inputs import InputFile, load_inputs

SAMPLE = sample_paths()
QUICK = criteria_path("quick_screen")
QUICK_IDS = [c["id"] for c in tomllib.loads(QUICK.read_text(encoding="utf-8"))["criteria"]]
TECHS = ("ai", "bio", "chip")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _expert_sheet(value: object = None) -> list[list[object]]:
    """One expert's wide sheet: ``value`` in every score cell (default 2, 3, 4 by technology)."""
    return [
        ["technology", *QUICK_IDS],
        *([t] + [k + 2 if value is None else value] * len(QUICK_IDS) for k, t in enumerate(TECHS)),
    ]


def _with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """The workbook with a value saved beside each formula (as Excel does when it saves):
    ``values`` maps a formula's text (without "=") to the value to store."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                text = body.decode("utf-8")
                for formula, value in values.items():
                    text = re.sub(
                        rf"<f>{re.escape(formula)}</f>(<v\s*/>|<v></v>)?",
                        f"<f>{formula}</f><v>{value}</v>",
                        text,
                    )
                body = text.encode("utf-8")
            target.writestr(item, body)
    return out.getvalue()


def _files(scores: bytes, **extra: bytes) -> list[InputFile]:
    files = [
        InputFile("criteria", "quick_screen.toml", QUICK.read_bytes()),
        InputFile("scores", "w.xlsx", scores),
    ]
    files += [InputFile(role, f"{role}.csv", content) for role, content in extra.items()]  # type: ignore[arg-type]
    return files


# --- item 16: a damaged workbook ------------------------------------------------------------


def test_flipped_bytes_inside_the_zip_exit_2_naming_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = SAMPLE["scores_workbook"].read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(data))
    sheet = max(
        (i for i in archive.infolist() if i.filename.startswith("xl/worksheets/")),
        key=lambda i: i.compress_size,
    )
    start = sheet.header_offset + 30 + len(sheet.filename.encode()) + len(sheet.extra)
    # Flips inside the compressed data of the largest sheet: zlib.error, CRC errors, ...
    offsets = [start + k * sheet.compress_size // 25 for k in range(1, 25)]
    for offset in offsets:
        damaged = bytearray(data)
        damaged[offset] ^= 0x5A
        path = tmp_path / "damaged scores.xlsx"
        path.write_bytes(bytes(damaged))
        status, _, err = _run(capsys, "validate", "--scores", str(path))
        assert status in (0, 2), err
        if status == 2:
            assert f"{path}: the file is not a readable .xlsx workbook" in err
            assert "Traceback" not in err


def test_a_flipped_byte_in_a_compressed_member_is_not_a_traceback() -> None:
    from r57_mcda.io.tables import read_tables

    data = SAMPLE["scores_workbook"].read_bytes()
    failures = 0
    for offset in range(200, len(data) - 200, 97):
        damaged = bytearray(data)
        damaged[offset] ^= 0x01
        try:
            read_tables(bytes(damaged), name="x.xlsx")
        except InputError as exc:
            failures += 1
            assert exc.problems[0].file == "x.xlsx"
    assert failures > 0


# --- item 17: formula cells -----------------------------------------------------------------


def test_formula_without_a_saved_value_is_an_error_not_an_abstention() -> None:
    sheet = _expert_sheet()
    sheet[1][1] = "=2+2"
    data = _workbook({"e1": sheet, "e2": _expert_sheet(), "e3": _expert_sheet()})
    with pytest.raises(InputError) as err:
        load_inputs(_files(data))
    problem = next(p for p in err.value.errors if p.code == "input_formula_no_value")
    assert (problem.sheet, problem.row, problem.column) == ("e1", 2, QUICK_IDS[0])
    assert "=2+2" in problem.text()


def test_formula_with_a_saved_value_is_read_with_a_warning() -> None:
    sheet = _expert_sheet()
    sheet[1][1] = "=2+2"
    data = _with_cached_values(
        _workbook({"e1": sheet, "e2": _expert_sheet(), "e3": _expert_sheet()}), {"2+2": "4"}
    )
    loaded = load_inputs(_files(data))
    assert loaded.panel is not None
    scores = loaded.panel.scores
    cell = scores[
        (scores.expert == "e1") & (scores.technology == "ai") & (scores.criterion == QUICK_IDS[0])
    ]
    assert cell["score"].tolist() == [4.0]
    warning = next(p for p in loaded.warnings if p.code == "input_formula_cached")
    assert (warning.sheet, warning.row, warning.params["value"]) == ("e1", 2, "4")


def test_an_expert_sheet_of_formulas_only_is_an_error() -> None:
    data = _with_cached_values(
        _workbook({"e1": _expert_sheet("=1+2"), "e2": _expert_sheet(), "e3": _expert_sheet()}),
        {"1+2": "3"},
    )
    with pytest.raises(InputError) as err:
        load_inputs(_files(data))
    codes = [(p.code, p.sheet) for p in err.value.errors]
    assert ("input_sheet_only_formulas", "e1") in codes


# --- item 18: validate rejects what rank rejects --------------------------------------------


def _both(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[str, str]:
    status_v, _, err_v = _run(capsys, "validate", *argv)
    status_r, _, err_r = _run(capsys, "rank", *argv)
    assert (status_v, status_r) == (2, 2), (err_v, err_r)
    return err_v, err_r


def test_a_cell_nobody_scored_fails_validate_as_it_fails_rank(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = ["expert,technology,criterion,score"]
    for e in ("e1", "e2", "e3"):
        for t in TECHS:
            for c in QUICK_IDS:
                blank = t == "bio" and c == QUICK_IDS[1]
                lines.append(f"{e},{t},{c},{'' if blank else 3}")
    path = tmp_path / "scores.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err_v, err_r = _both(capsys, "--scores", str(path), "--criteria", "quick_screen")
    expected = f"nobody scored technology 'bio' on criterion '{QUICK_IDS[1]}'"
    assert expected in err_v and expected in err_r


def test_matrix_values_outside_the_scale_fail_validate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "matrix.csv"
    rows = ["technology," + ",".join(QUICK_IDS)]
    rows += [f"{t}," + ",".join(["3"] * len(QUICK_IDS)) for t in TECHS]
    rows[1] = "ai,7," + ",".join(["3"] * (len(QUICK_IDS) - 1))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    err_v, _ = _both(capsys, "--matrix", str(path), "--criteria", "quick_screen")
    assert (
        f"technology 'ai': 7 is outside the declared scale [1, 5] of criterion '{QUICK_IDS[0]}'"
        in err_v
    )


def test_a_single_technology_fails_validate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    matrix = tmp_path / "one.csv"
    matrix.write_text("technology," + ",".join(QUICK_IDS) + "\nai," + ",".join(["3"] * 5) + "\n")
    err_v, _ = _both(capsys, "--matrix", str(matrix), "--criteria", "quick_screen")
    assert "only one technology ('ai')" in err_v
    scores = tmp_path / "scores.csv"
    lines = ["expert,technology,criterion,score"]
    lines += [f"{e},ai,{c},3" for e in ("e1", "e2", "e3") for c in QUICK_IDS]
    scores.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err_v, _ = _both(capsys, "--scores", str(scores), "--criteria", "quick_screen")
    assert "only one technology ('ai')" in err_v


# --- item 19: an expert without a sheet -----------------------------------------------------


EXPERTS = b"id,name\ne1,A\ne2,B\ne3,C\ne4,D\n"


def test_an_expert_without_a_sheet_is_a_warning_naming_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = _workbook({e: _expert_sheet() for e in ("e1", "e2", "e3")})
    scores, experts = tmp_path / "w.xlsx", tmp_path / "experts.csv"
    scores.write_bytes(data)
    experts.write_bytes(EXPERTS)
    argv = ["--scores", str(scores), "--experts", str(experts), "--criteria", "quick_screen"]
    status, out, err = _run(capsys, "validate", *argv, "--format", "json")
    assert status == 0, err
    warning = next(w for w in json.loads(out)["warnings"] if w["params"].get("expert") == "e4")
    assert warning["code"] == "input_expert_sheet_missing"
    assert "expert 'e4' is listed in" in err and "no sheet" in err
    # The report's Audit sheet lists the warnings of the run.
    report = tmp_path / "r.xlsx"
    status, _, err = _run(
        capsys, "report", *argv, "--output", str(report), "--no-sensitivity", "--methods", "none"
    )
    assert status == 0, err
    book = openpyxl.load_workbook(report)
    audit = book["Audit"]
    cells = [str(v) for row in audit.iter_rows(values_only=True) for v in row if v is not None]
    book.close()
    assert any("expert 'e4' is listed in" in c for c in cells)


def test_an_expert_listed_with_only_abstentions_is_a_warning() -> None:
    data = _workbook(
        {
            "e1": _expert_sheet(),
            "e2": _expert_sheet(),
            "e3": _expert_sheet(),
            "e4": _expert_sheet("NA"),
        }
    )
    loaded = load_inputs(_files(data, experts=EXPERTS))
    codes = {(p.code, p.params.get("expert")) for p in loaded.warnings}
    assert ("input_expert_no_scores", "e4") in codes
