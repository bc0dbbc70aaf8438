"""The report's Rounds sheet (issue 11, item 4): ``report --study`` adds it after the other
sheets, and every figure on it is ``study_convergence``'s, in the report's language; the reasons
given in a round that requires them are listed without any expert; a report of plain files has
no Rounds sheet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from r57_mcda.cli import main
from r57_mcda.i18n import t
from r57_mcda.io.bundled import criteria_path, sample_paths
from r57_mcda.io.criteria import load_criteria
from r57_mcda.io.inputs import InputFile
from r57_mcda.io.panel import load_technologies
from r57_mcda.pipeline.rounds import Convergence, study_convergence
from r57_mcda.report.workbook import SHEETS, STUDY_SHEETS
from r57_mcda.study.db import Database
from r57_mcda.study.studies import load_study
from tests.helpers.databases import sqlite_database
from tests.helpers.rounds import add_round, reasons_round, sample_quartiles
from tests.helpers.studies import sample_study

METHOD = "topsis"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, int, int]]:
    """A SQLite store with the sample panel as a two-round study (round 2 converges toward 3)
    and a second study with round 1 only: (db, two-round id, one-round id)."""
    with sqlite_database(tmp_path_factory.mktemp("rounds-store")) as url:
        db = Database(url)
        two = sample_study(db, import_scores=True)
        assert add_round(db, two) == 2
        one = sample_study(db, name="One round", import_scores=True)
        yield db, two, one
        db.close()


def _report(
    db: Database, study_id: int, out: Path, lang: str, capsys: pytest.CaptureFixture[str]
) -> Worksheet:
    argv = ["--lang", lang, "report", "--study", str(study_id), "--db", db.url]
    argv += ["--method", METHOD, "--methods", "none", "--no-sensitivity", "--output", str(out)]
    status = main(argv)
    assert status == 0, capsys.readouterr().err
    book = load_workbook(out)
    assert book.sheetnames[-1] == "Rounds"
    assert book.sheetnames == [s for s in (*SHEETS, *STUDY_SHEETS) if s in book.sheetnames]
    return book["Rounds"]


def _find(ws: Worksheet, text: str, start: int = 1) -> int:
    """The first row from ``start`` whose column A holds ``text``."""
    for row in range(start, ws.max_row + 1):
        if ws.cell(row, 1).value == text:
            return row
    raise AssertionError(f"{text!r} not in column A from row {start}")


def _table(ws: Worksheet, header_row: int) -> tuple[list[Any], list[list[Any]]]:
    """The header and data rows of the table whose header is ``header_row`` (up to the first
    row empty from column B on: a blank row or a note)."""
    width = 1
    while ws.cell(header_row, width + 1).value is not None:
        width += 1
    header = [ws.cell(header_row, c).value for c in range(1, width + 1)]
    rows = []
    row = header_row + 1
    while any(ws.cell(row, c).value is not None for c in range(2, width + 1)):
        rows.append([ws.cell(row, c).value for c in range(1, width + 1)])
        row += 1
    return header, rows


def _approx(values: list[Any]) -> list[Any]:
    return [pytest.approx(v) if isinstance(v, float) else v for v in values]


def _names(lang: str) -> dict[str, str]:
    """The sample study's criteria names in ``lang``, by id."""
    source = InputFile.from_path("criteria", criteria_path())
    return {c.id: c.label(lang) for c in load_criteria(source.content, name=source.name).criteria}


def test_the_rounds_sheet_shows_study_convergence(
    store: tuple[Database, int, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, study_id, _ = store
    ws = _report(db, study_id, tmp_path / "en.xlsx", "en", capsys)
    conv: Convergence = study_convergence(db, study_id, method=METHOD)
    assert [r.stats.round for r in conv.rounds] == [1, 2]
    assert ws["A1"].value == t("rptrounds_title", "en")
    # The recommendation, its reason and the rule in words.
    at = _find(ws, t("rptrounds_recommendation", "en"))
    verdict = "rptrounds_stop" if conv.stopping.recommend_stop else "rptrounds_continue"
    assert ws.cell(at, 2).value == t(verdict, "en")
    assert ws.cell(at + 1, 1).value == conv.stopping.reason.text("en")
    assert ws.cell(at + 2, 1).value == (
        "Stopping rule: stop when at least 75.0% of the cells are at consensus and at most "
        "15.0% of the answers changed since the previous round, or after 3 rounds. A cell is "
        "at consensus when its IQR is at most 25.0% of its criterion's scale range."
    )
    # One row per round.
    header_row = _find(ws, "Round", at)
    header, rows = _table(ws, header_row)
    assert header[4:6] == ["Cells at consensus", "Kendall's W (overall)"]
    assert rows == [
        _approx(
            [
                r.stats.round,
                r.stats.respondents,
                r.stats.invited,
                r.stats.response_rate,
                r.stats.consensus_share,
                r.stats.kendall_w["overall"],
                r.stats.changed_share,
            ]
        )
        for r in conv.rounds
    ]
    assert rows[0][6] is None and rows[1][6] > 0.5  # every score moved in round 2
    assert ws.cell(header_row + 1, 4).number_format == "0.0%"
    assert ws.cell(header_row + 1, 6).number_format == "0.0000"
    assert len(ws._charts) == 1
    # Kendall's W per criterion (names in the language) and round.
    names = _names("en")
    header, rows = _table(ws, _find(ws, "Criterion", _find(ws, t("rptrounds_kendall", "en"))))
    assert header == ["Criterion", "Id", "Round 1", "Round 2"]
    criteria = [c for c in conv.rounds[-1].stats.kendall_w if c != "overall"]
    assert [row[1] for row in rows[:-1]] == criteria
    for row in rows[:-1]:
        assert row[0] == names[row[1]]
        assert row[2:] == _approx([r.stats.kendall_w[row[1]] for r in conv.rounds])
    assert rows[-1][2:] == _approx([r.stats.kendall_w["overall"] for r in conv.rounds])
    # The Wilcoxon tests of round 2 against round 1.
    title = t("rptrounds_wilcoxon", "en", round=2, previous=1)
    header, rows = _table(ws, _find(ws, title) + 1)
    tests = conv.rounds[-1].stats.wilcoxon
    assert [row[1:6] for row in rows] == [
        _approx([w.criterion, w.pairs, w.nonzero, w.statistic, w.p_value]) for w in tests
    ]
    # The rankings side by side, in round 2's order, with the change.
    header, rows = _table(ws, _find(ws, "Technology", _find(ws, title)))
    assert header[2:] == [
        "Rank, round 1",
        "Score, round 1",
        "Rank, round 2",
        "Score, round 2",
        "Change, round 2",
    ]
    first = {p.technology: p for p in conv.rounds[0].ranking}
    assert [row[1] for row in rows] == [p.technology for p in conv.rounds[1].ranking]
    for row, place in zip(rows, conv.rounds[1].ranking, strict=True):
        before = first[place.technology]
        assert row[2:] == _approx(
            [before.rank, before.score, place.rank, place.score, place.change]
        )
        assert row[6] == before.rank - place.rank
    # Every cell of round 2, filterable, the names' column frozen.
    cells_title = t("rptrounds_cells", "en", round=2)
    cells_header = _find(ws, cells_title) + 1
    header, rows = _table(ws, cells_header)
    stats = conv.rounds[-1].stats.cells
    assert len(rows) == len(stats) > 0
    assert header[3:] == [
        "Experts (n)",
        "Median",
        "Lower quartile (Q1)",
        "Upper quartile (Q3)",
        "IQR",
        "Coefficient of variation",
        "At consensus",
        "Answers changed",
    ]
    for row, cell in list(zip(rows, stats, strict=True))[:: max(1, len(stats) // 7)]:
        assert row[1] == cell.technology and row[2] == names[cell.criterion]
        assert row[3:9] == _approx([cell.n, cell.median, cell.q1, cell.q3, cell.iqr, cell.cv])
        assert row[9] == {True: "yes", False: "no", None: None}[cell.consensus]
        assert row[10] == pytest.approx(cell.changed_share)
    assert ws.auto_filter.ref == f"A{cells_header}:K{cells_header + len(stats)}"
    assert ws.freeze_panes == "B1"
    assert ws.print_title_rows == f"${cells_header}:${cells_header}"


def test_the_sheet_follows_the_language(
    store: tuple[Database, int, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, study_id, _ = store
    ws = _report(db, study_id, tmp_path / "vi.xlsx", "vi", capsys)
    conv = study_convergence(db, study_id, method=METHOD)
    assert ws["A1"].value == "Các vòng Delphi: mức hội tụ của hội đồng chuyên gia"
    at = _find(ws, "Khuyến nghị")
    reason = ws.cell(at + 1, 1).value
    assert reason == conv.stopping.reason.text("vi")
    assert reason.startswith(("Dừng sau vòng 2", "Cần thêm một vòng"))
    rule = ws.cell(at + 2, 1).value
    assert rule.startswith("Quy tắc dừng: dừng khi ít nhất 75,0% số ô đạt đồng thuận")
    names = _names("vi")
    header, rows = _table(ws, _find(ws, "Tiêu chí", _find(ws, t("rptrounds_kendall", "vi"))))
    assert header[2:] == ["Vòng 1", "Vòng 2"]
    assert [row[0] for row in rows[:-1]] == [names[row[1]] for row in rows[:-1]]
    assert rows[-1][0] == t("rptrounds_overall", "vi")


def test_a_first_round_alone_has_no_wilcoxon_tests(
    store: tuple[Database, int, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _, study_id = store
    ws = _report(db, study_id, tmp_path / "one.xlsx", "en", capsys)
    conv = study_convergence(db, study_id, method=METHOD)
    assert len(conv.rounds) == 1 and not conv.stopping.recommend_stop
    at = _find(ws, "Recommendation")
    assert ws.cell(at, 2).value == "Run another round"
    _, rows = _table(ws, _find(ws, "Round", at))
    assert [row[0] for row in rows] == [1]
    assert rows[0][4] == pytest.approx(conv.rounds[0].stats.consensus_share)
    note = t("rptrounds_wilcoxon_none", "en", round=1)
    assert _find(ws, note) > _find(ws, t("rptrounds_wilcoxon_title", "en"))
    header, _ = _table(ws, _find(ws, "Technology", _find(ws, note)))
    assert header[2:] == ["Rank, round 1", "Score, round 1"]


def test_a_report_of_files_has_no_rounds_sheet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "files.xlsx"
    argv = ["report", "--sample", "--methods", "none", "--no-sensitivity", "--output", str(out)]
    assert main(argv) == 0, capsys.readouterr().err
    book = load_workbook(out)
    assert "Rounds" not in book.sheetnames
    assert book.sheetnames[-1] == "Audit"


def test_the_rounds_sheet_lists_the_reasons_anonymously(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Round 2 requires reasons and two experts give one: the sheet lists each beside its cell,
    its score and round 1's quartiles (numpy's, computed here), written as text (a reason
    starting with "=" is no formula), and names no expert anywhere."""
    with sqlite_database(tmp_path) as url:
        db = Database(url)
        study_id = sample_study(db, import_scores=True)
        given = reasons_round(db, study_id)
        ws = _report(db, study_id, tmp_path / "reasons.xlsx", "en", capsys)
        experts = [(e.id, e.name) for e in load_study(db, study_id).experts]
        db.close()
    title_row = _find(ws, t("roundsui_rsn_sheet_title", "en"))
    header, rows = _table(ws, title_row + 1)
    assert header == [
        "Round",
        "Technology",
        "Id",
        "Criterion",
        "Score",
        "Q1, previous round",
        "Q3, previous round",
        "Reason",
    ]
    names, criteria = _technology_names("en"), _names("en")
    expected = []
    for _, technology, criterion, score, reason in sorted(given, key=lambda g: g[1:3]):
        q1, q3 = sample_quartiles(technology, criterion)
        expected.append(
            _approx([2, names[technology], technology, criteria[criterion], score, q1, q3, reason])
        )
    assert rows == expected
    formula = next(
        r for r in range(title_row, ws.max_row + 1) if ws.cell(r, 8).value == given[0][4]
    )
    assert ws.cell(formula, 8).data_type == "s"
    assert _find(ws, t("roundsui_rsn_sheet_note", "en"), title_row) == title_row + 2 + len(rows)
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    for expert_id, name in experts:
        assert not any(expert_id in c or name in c for c in cells)


def _technology_names(lang: str) -> dict[str, str]:
    """The sample study's technology names in ``lang``, by id."""
    return {x.id: x.label(lang) for x in load_technologies(sample_paths()["technologies"])}
