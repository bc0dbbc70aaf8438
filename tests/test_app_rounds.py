"""Rounds page (AppTest, issue 11 item 6): the summary is study_convergence's, the stopping
advice is printed beside the study's rule in the CLI's words, the charts' data are the rounds'
IQR shares and rankings, the cells-moved table starts with the largest change of median
(computed here with pandas from each round's data), the page speaks Vietnamese, a study
with one answered round says that convergence needs a second round, and the reasons given in a
round that requires them are listed beside their cells without any expert's id or name."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from r57_mcda.cli.study_delphi_cmd import rule_text
from r57_mcda.i18n import format_number, t
from r57_mcda.io.bundled import sample_paths
from r57_mcda.io.inputs import load_inputs
from r57_mcda.pipeline.rounds import study_convergence
from r57_mcda.study.db import Database
from r57_mcda.study.entries import CellEntry
from r57_mcda.study.inputs import study_data
from r57_mcda.ui.common import criterion_labels, percent
from r57_mcda.ui.gate import PASSWORD_VARIABLE
from r57_mcda.ui.pages.rounds import RoundsData, moved_frame
from r57_mcda.ui.rounds_charts import bump_frame, iqr_frame, trend_frame
from tests.helpers.app import chart_data, texts
from tests.helpers.rounds import add_round, reasons_round, sample_quartiles, toward_three
from tests.helpers.studies import sample_study

SCRIPT = """
from r57_mcda.ui.state import init_state
from r57_mcda.ui.pages.rounds import render

init_state()
render()
"""


@pytest.fixture
def store_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh SQLite store for the page, named by ``R57_DATABASE_URL``; no password."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    monkeypatch.setenv("R57_DATABASE_URL", url)
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)
    return url


def _two_rounds(url: str) -> tuple[Database, int, tuple[str, str]]:
    """The sample as round 1; round 2 moves each score one point toward 3, except on the cell
    with the lowest median, which every expert scores 5 (returned as (technology, criterion))."""
    db = Database(url)
    study_id = sample_study(db, import_scores=True)
    loaded = load_inputs(study_data(db, study_id, 1).files)
    assert loaded.panel is not None
    scores = loaded.panel.scores
    scored = scores[scores["abstention"].fillna("") == ""]
    medians = (
        pd.to_numeric(scored["score"]).groupby([scored["technology"], scored["criterion"]]).median()
    )
    jump = tuple(str(x) for x in medians.idxmin())
    assert len(jump) == 2

    def change(expert: str, entry: CellEntry) -> float:
        if (entry.technology, entry.criterion) == jump:
            return 5.0
        return toward_three(expert, entry)

    add_round(db, study_id, change)
    return db, study_id, (jump[0], jump[1])


def _page(tmp_path: Path, lang: str = "en") -> AppTest:
    script = tmp_path / "rounds_page.py"
    script.write_text(SCRIPT, encoding="utf-8")
    at = AppTest.from_file(str(script), default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _data(db: Database, study_id: int, method: str = "wsm") -> RoundsData:
    """The page's data computed here: declared scale ranges (the sample's are all 1-5)."""
    convergence = study_convergence(db, study_id, method=method)
    loaded = load_inputs(study_data(db, study_id).files)
    assert all(c.scale is not None for c in loaded.criteria.criteria)
    ranges = {
        r.stats.round: {c.id: float(c.scale[1] - c.scale[0]) for c in loaded.criteria.criteria}  # type: ignore[index]
        for r in convergence.rounds
    }
    return RoundsData(convergence, loaded.criteria, tuple(loaded.technologies), ranges)


def test_the_summary_is_study_convergences(tmp_path: Path, store_url: str) -> None:
    db, study_id, _ = _two_rounds(store_url)
    at = _page(tmp_path)
    report = study_convergence(db, study_id, method="wsm")
    names = {x.id: x.label("en") for x in load_inputs(study_data(db, study_id).files).technologies}
    table = at.dataframe[0].value
    assert list(table["Round"]) == [1, 2]
    for (_, row), r in zip(table.iterrows(), report.rounds, strict=True):
        s = r.stats
        assert row["Respondents / invited"] == f"{s.respondents} / {s.invited}"
        assert row["Response rate"] == percent(s.response_rate)
        assert row["Cells at consensus"] == percent(s.consensus_share)
        w = s.kendall_w["overall"]
        assert w is not None
        assert row["Kendall's W (overall)"] == format_number(w, "en", ".3f")
        assert row["Top 3"] == ", ".join(names[x.technology] for x in r.ranking[:3])
    assert table["Answers changed since the previous round"].iloc[0] == "–"
    changed = report.rounds[1].stats.changed_share
    assert changed is not None and changed > 0.5
    assert table["Answers changed since the previous round"].iloc[1] == percent(changed)
    page = texts(at)
    assert report.stopping.reason.text("en") in page
    assert rule_text(report.rules, "en") in page  # the CLI's sentence, word for word
    # Three charts: IQR (boxes, dots, threshold), consensus and W (lines, target), bump.
    assert len(at.get("vega_lite_chart")) == 3


def test_the_charts_draw_the_iqr_shares_and_the_rankings(tmp_path: Path, store_url: str) -> None:
    db, study_id, _ = _two_rounds(store_url)
    at = _page(tmp_path)
    data = _data(db, study_id)
    tech = data.technology_names("en")
    crit = data.criterion_names("en")
    spread = iqr_frame(data.convergence, data.ranges, tech, crit)
    expected = [
        (r.stats.round, tech[c.technology], crit[c.criterion], c.iqr / 4.0)
        for r in data.convergence.rounds
        for c in r.stats.cells
        if c.iqr is not None
    ]
    got = spread[["round", "technology", "criterion"]].itertuples(index=False, name=None)
    assert list(got) == [e[:3] for e in expected]
    assert list(spread["share"]) == pytest.approx([e[3] for e in expected])
    bumps = bump_frame(data.convergence, tech)
    for r in data.convergence.rounds:
        shown = bumps[bumps["round"] == r.stats.round]
        assert dict(zip(shown["technology"], shown["rank"], strict=True)) == {
            tech[x.technology]: x.rank for x in r.ranking
        }
    trend = trend_frame(data.convergence, consensus_label="c", w_label="w")
    assert list(trend.loc[trend["measure"] == "c", "value"]) == [
        r.stats.consensus_share for r in data.convergence.rounds
    ]
    # The page draws these frames: its IQR shares, its ranks and its threshold line.
    frames = chart_data(at)
    drawn_spread = next(f for f in frames if "share" in f.columns)
    pd.testing.assert_frame_equal(
        drawn_spread[spread.columns].reset_index(drop=True), spread, check_dtype=False
    )
    assert drawn_spread["share"].max() <= 1.0
    threshold = next(f for f in frames if "threshold" in f.columns)
    assert list(threshold["threshold"]) == [data.convergence.rules.iqr_share]
    drawn_bumps = next(f for f in frames if "rank" in f.columns and "score" in f.columns)
    assert sorted(map(tuple, drawn_bumps[["round", "technology", "rank"]].to_numpy())) == sorted(
        map(tuple, bumps[["round", "technology", "rank"]].to_numpy())
    )


def test_the_cells_moved_table_starts_with_the_largest_median_change(
    tmp_path: Path, store_url: str
) -> None:
    db, study_id, jump = _two_rounds(store_url)
    medians = []
    for number in (1, 2):
        loaded = load_inputs(study_data(db, study_id, number).files)
        assert loaded.panel is not None
        scores = loaded.panel.scores
        scored = scores[scores["abstention"].fillna("") == ""].copy()
        scored["score"] = pd.to_numeric(scored["score"])
        medians.append(scored.groupby(["technology", "criterion"])["score"].median())
    change = (medians[1] - medians[0]).dropna()
    largest = change.abs().sort_values(ascending=False)
    assert largest.index[0] == jump and largest.iloc[0] > largest.iloc[1]  # one clear top cell
    at = _page(tmp_path)
    table = next(d.value for d in at.dataframe if "Change of median" in d.value.columns)
    loaded = load_inputs(study_data(db, study_id).files)
    names = {x.id: x.label("en") for x in loaded.technologies}
    labels = criterion_labels(loaded.criteria, "en")
    top = table.iloc[0]
    assert (top["Technology"], top["Criterion"]) == (names[jump[0]], labels[jump[1]])
    assert top["Change of median"] == pytest.approx(change[jump])
    assert top["Median, round 1"] == pytest.approx(medians[0][jump])
    assert top["Median, round 2"] == pytest.approx(5.0)
    assert len(table) == 10
    moves = table["Change of median"].abs().to_numpy()
    assert list(moves) == sorted(moves, reverse=True)


def test_the_page_in_vietnamese(tmp_path: Path, store_url: str) -> None:
    db, study_id, _ = _two_rounds(store_url)
    at = _page(tmp_path, "vi")
    data = _data(db, study_id)
    vi = data.technology_names("vi")
    assert vi != data.technology_names("en")
    table = at.dataframe[0].value
    assert {"Vòng", "Tỷ lệ trả lời", "Ô đạt đồng thuận", "3 công nghệ dẫn đầu"} <= set(
        table.columns
    )
    top = data.convergence.rounds[1].ranking[:3]
    assert table["3 công nghệ dẫn đầu"].iloc[1] == ", ".join(vi[x.technology] for x in top)
    assert table["Tỷ lệ trả lời"].iloc[0] == percent(
        data.convergence.rounds[0].stats.response_rate, "vi"
    )
    page = texts(at)
    assert data.convergence.stopping.reason.text("vi") in page
    assert t("cli_rule", "vi").split(":")[0] in page
    drawn = next(f for f in chart_data(at) if "rank" in f.columns and "score" in f.columns)
    assert set(drawn["technology"]) == set(vi.values())
    moved = moved_frame(data, "vi")
    assert {"Công nghệ", "Tiêu chí", "Trung vị, vòng 1", "Thay đổi IQR"} <= set(moved.columns)
    assert set(moved["Công nghệ"]) <= set(vi.values())


def test_one_answered_round_gives_the_table_and_a_note(tmp_path: Path, store_url: str) -> None:
    db = Database(store_url)
    study_id = sample_study(db, import_scores=True)
    at = _page(tmp_path)
    report = study_convergence(db, study_id)
    table = at.dataframe[0].value
    assert list(table["Round"]) == [1]
    assert table["Cells at consensus"].iloc[0] == percent(report.rounds[0].stats.consensus_share)
    assert t("roundsui_one_round", "en", round=1) in [i.value for i in at.info]
    assert report.stopping.reason.text("en") in texts(at)
    assert not at.get("vega_lite_chart")
    assert len(at.dataframe) == 1


def test_another_method_ranks_every_round_with_it(tmp_path: Path, store_url: str) -> None:
    db, study_id, _ = _two_rounds(store_url)
    at = _page(tmp_path)
    at.selectbox(key="rounds_method:en").set_value("topsis").run()
    assert not at.exception, [e.value for e in at.exception]
    report = study_convergence(db, study_id, method="topsis")
    tech = _data(db, study_id).technology_names("en")
    drawn = next(f for f in chart_data(at) if "rank" in f.columns and "score" in f.columns)
    expected = {
        (r.stats.round, tech[x.technology], x.rank) for r in report.rounds for x in r.ranking
    }
    assert set(map(tuple, drawn[["round", "technology", "rank"]].to_numpy())) == expected


def test_the_reasons_of_a_round_are_listed_anonymously(tmp_path: Path, store_url: str) -> None:
    db = Database(store_url)
    study_id = sample_study(db, import_scores=True)
    given = reasons_round(db, study_id)
    at = _page(tmp_path)
    table = next(d.value for d in at.dataframe if "Reason" in d.value.columns)
    loaded = load_inputs(study_data(db, study_id).files)
    names = {x.id: x.label("en") for x in loaded.technologies}
    labels = criterion_labels(loaded.criteria, "en")
    expected = []
    for _, technology, criterion, score, reason in sorted(given, key=lambda g: g[1:3]):
        q1, q3 = sample_quartiles(technology, criterion)
        expected.append([names[technology], labels[criterion], score, f"[{q1:g}–{q3:g}]", reason])
    assert list(table.columns) == [
        "Technology",
        "Criterion",
        "Score",
        "Panel, round 1 [Q1–Q3]",
        "Reason",
    ]
    assert table.to_numpy().tolist() == expected
    assert t("roundsui_rsn_help", "en", round=2, previous=1) in texts(at)
    # Beside the cells that moved: each cell's reasons, empty for the others.
    moved = moved_frame(_data(db, study_id), "en", limit=10_000)
    by_cell = {(names[g[1]], labels[g[2]]): g[4] for g in given}
    column = t("roundsui_rsn_col_reasons", "en", round=2)
    for _, row in moved.iterrows():
        assert row[column] == by_cell.get((row["Technology"], row["Criterion"]), "")
    assert moved[column].str.len().gt(0).sum() >= 1  # semiconductors' spillover IQR moved
    # Anonymous: no expert's id or name anywhere on the page or in its tables.
    shown = texts(at) + " ".join(
        " ".join(map(str, d.value.to_numpy().ravel())) + " ".join(map(str, d.value.columns))
        for d in at.dataframe
    )
    experts = pd.read_csv(sample_paths()["experts"], dtype=str)
    for _, expert in experts.iterrows():
        assert expert["id"] not in shown and expert["name"] not in shown


def test_a_changed_reason_is_shown_although_no_score_changed(
    tmp_path: Path, store_url: str
) -> None:
    """A reason is not part of the scores' digest: the page's cached reading still sees an
    expert revise only the reason (a new version of the cell, a new event)."""
    from r57_mcda.study.answers import current_answers, submit
    from r57_mcda.study.entries import Origin

    db = Database(store_url)
    study_id = sample_study(db, import_scores=True)
    expert, _, _, _, reason = reasons_round(db, study_id)[0]
    assert reason in _page(tmp_path).dataframe[-1].value["Reason"].tolist()
    with db.read() as session:
        entries = [a.entry for a in current_answers(session, study_id, 2, [expert])]
    revised = "Two labs here already build such twins."
    entries = [replace(e, reason=revised) if e.reason else e for e in entries]
    with db.write() as session:
        submit(
            session,
            study_id,
            2,
            expert_id=expert,
            entries=entries,
            origin=Origin("web"),
            partial=False,
        )
    shown = _page(tmp_path).dataframe[-1].value["Reason"].tolist()
    assert revised in shown and reason not in shown
