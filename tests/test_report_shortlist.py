"""Degenerate shortlists (issue 9, item 4): when ties make the top-k list longer than 2k, the
library says so with advice, the report caps the Summary's list at the tie and counts the rest,
the CLI table and the app's Ranking page show the same warning, and ELECTRE II's score (a rank
position) is never shown with decimals or charted."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from r57_mcda.cli import main
from r57_mcda.i18n import t
from r57_mcda.io.bundled import criteria_path
from r57_mcda.io.inputs import InputFile, load_inputs
from r57_mcda.pipeline.analysis import AnalysisResult, analyse, spec_for
from r57_mcda.pipeline.shortlist import degenerate_shortlist, shortlist
from r57_mcda.ranking import list_methods, method_info
from r57_mcda.report.workbook import build_report

HEADER = "technology,strategic_value,impact,feasibility,cost,risk"


@pytest.fixture(scope="module")
def tied_matrix(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two distinct leaders, then ten identical technologies (they tie under any method)."""
    path = tmp_path_factory.mktemp("tied") / "matrix.csv"
    rows = [HEADER, "best,5,5,5,1,1", "second,5,4,5,1,1"]
    rows += [f"same{i:02d},3,3,3,3,3" for i in range(10)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _result(matrix: Path, method: str, k: int) -> AnalysisResult:
    loaded = load_inputs(
        [
            InputFile.from_path("criteria", criteria_path("quick_screen")),
            InputFile.from_path("matrix", matrix),
        ]
    )
    return analyse(loaded, spec_for(loaded, method=method, top_k=k))


def _summary(result: AnalysisResult, lang: str = "en") -> Worksheet:
    ws = load_workbook(BytesIO(build_report(result, lang=lang)))["Summary"]
    assert isinstance(ws, Worksheet)
    return ws


def _column_a(ws: Worksheet) -> list[str]:
    return [str(v) for (v,) in ws.iter_rows(min_col=1, max_col=1, values_only=True) if v]


def _shortlist_rows(ws: Worksheet, rank_header: str = "Rank") -> list[tuple[object, ...]]:
    rows = list(ws.iter_rows(values_only=True))
    top = next(i for i, row in enumerate(rows) if row[0] == rank_header)
    body = []
    for row in rows[top + 1 :]:
        if row[0] is None or not isinstance(row[0], int):
            break
        body.append(row)
    return [rows[top], *body]


def test_the_library_finds_the_tie_that_swamps_the_shortlist(tied_matrix: Path) -> None:
    ranking = _result(tied_matrix, "wsm", 3).ranking
    found = shortlist(ranking, 3)
    assert len(found.ids) == 12 and found.degenerate
    assert (found.boundary_rank, found.boundary_tied) == (3, 10)
    assert found.shown == ("best", "second") and found.rest == 10
    message = degenerate_shortlist(ranking, 3)
    assert message is not None and message.code == "rpt_shortlist_degenerate"
    text = message.text("en")
    assert "top-3 shortlist 12 of the 12 technologies: 10 of them share rank 3" in text
    # WSM has no parameter to move: the advice is another method or a look at the scores.
    assert "TOPSIS, PROMETHEE II" in text and "Weighted sum" not in text
    assert "Do đồng hạng" in message.text("vi")
    # Not degenerate: k = 6 keeps the same 12, which is not more than 2 x 6.
    assert degenerate_shortlist(ranking, 6) is None
    assert shortlist(ranking, 6).shown == shortlist(ranking, 6).ids
    assert degenerate_shortlist(ranking, 1) is None  # "best" alone


def test_electre_ii_is_flagged_as_an_ordinal_score_and_advised_on_its_thresholds(
    tied_matrix: Path,
) -> None:
    assert [m.id for m in list_methods() if m.ordinal_score] == ["electre2"]
    ranking = _result(tied_matrix, "electre2", 3).ranking
    message = degenerate_shortlist(ranking, 3)
    assert message is not None
    text = message.text("en")
    assert "its score is a rank position" in text
    assert "p0 = 0.65; p1 = 0.5; p2 = 0.35; q0 = 0.65; q1 = 0.35" in text
    assert "p0 = 0,65" in message.text("vi")


def test_summary_caps_the_shortlist_at_the_tie_and_counts_the_rest(tied_matrix: Path) -> None:
    ws = _summary(_result(tied_matrix, "wsm", 3))
    _, *rows = _shortlist_rows(ws)
    assert [row[2] for row in rows] == ["best", "second"]
    assert [row[3] for row in rows] == pytest.approx([100.0, 95.0])
    texts = _column_a(ws)
    assert any(x.startswith("Ties make the top-3 shortlist 12 of the 12") for x in texts)
    rest = t("rpt_shortlist_rest", "en", rest=10, rank=3)
    assert rest in texts
    # The chart shows the listed rows only.
    chart = ws._charts[0]  # type: ignore[attr-defined]
    top = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Rank")
    assert chart.series[0].val.numRef.f == f"'Summary'!$D${top + 1}:$D${top + 2}"
    # A shortlist that ties only a little is listed whole, without a warning.
    plain = _summary(_result(tied_matrix, "wsm", 6))
    _, *rows = _shortlist_rows(plain)
    assert len(rows) == 12
    assert not any(x.startswith("Ties make") for x in _column_a(plain))


def test_electre_ii_score_is_a_whole_rank_position_never_charted(tied_matrix: Path) -> None:
    result = _result(tied_matrix, "electre2", 3)
    ws = _summary(result)
    header, *rows = _shortlist_rows(ws)
    assert header[3] == "Rank position"
    assert [row[3] for row in rows] == [1, 2]
    assert all(type(row[3]) is int for row in rows)
    top = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Rank")
    assert ws.cell(top + 1, 4).number_format == "0"
    assert ws._charts == []  # type: ignore[attr-defined]
    assert t("rpt_chart_ordinal", "en", method="ELECTRE II") in _column_a(ws)
    book = load_workbook(BytesIO(build_report(result)))
    ranking = book["Ranking"]
    assert isinstance(ranking, Worksheet)
    header, *rows = _shortlist_rows(ranking)
    assert header[4] == "Rank position"
    assert {row[4] for row in rows} == {1, 2, 3}
    top = next(r for r in range(1, ranking.max_row + 1) if ranking.cell(r, 1).value == "Rank")
    assert ranking.cell(top + 1, 5).number_format == "0"
    vi = _summary(result, "vi")
    assert t("rpt_rank_position", "vi") in _shortlist_rows(vi, t("rpt_col_rank", "vi"))[0]


def test_the_cli_table_says_so_and_prints_rank_positions_without_decimals(
    tied_matrix: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["rank", "--matrix", str(tied_matrix), "--criteria", "quick_screen", "--top-k", "3"]
    assert main([*argv, "--method", "electre2"]) == 0
    out = capsys.readouterr().out
    assert "Ties make the top-3 shortlist 12 of the 12 technologies" in out
    assert "2.0000" not in out and "3.0000" not in out
    line = next(x for x in out.splitlines() if " second " in x)
    assert line.split()[-2:] == ["2", "False"]
    assert main([*argv, "--method", "wsm", "--top-k", "6"]) == 0
    assert "Ties make" not in capsys.readouterr().out
    assert method_info("wsm").ordinal_score is False


def test_the_ranking_page_warns_when_ties_swamp_the_shortlist() -> None:
    from tests.helpers.app import started, texts

    at = started("ranking")
    at.selectbox(key="method").set_value("electre2").run()
    assert not at.warning or "Ties make" not in " ".join(w.value for w in at.warning)
    # Thresholds at 1 make ELECTRE II tie every technology of the sample.
    for name in ("p0", "p1", "p2", "q0", "q1"):
        at.number_input(key=f"param:electre2:{name}").set_value(1.0).run()
    at.number_input(key="top_k").set_value(3).run()
    assert not at.exception, [e.value for e in at.exception]
    warnings = " ".join(str(w.value) for w in at.warning)
    assert "Ties make the top-3 shortlist 14 of the 14 technologies" in warnings
    assert "try other thresholds" in warnings
    assert texts(at)
