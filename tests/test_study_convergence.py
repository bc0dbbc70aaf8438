"""``study convergence`` and ``study rule`` (issue 11, items 4-5, on the store): every round's
statistics are r57_mcda.rounds' on the round's own analysis data, the rankings are the
pipeline's, rank changes are differences of ranks, and the advice applies the study's stated
rule, which ``study rule`` sets and the event log records."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from r57_mcda.cli import main
from r57_mcda.errors import R57Error
from r57_mcda.io.inputs import load_inputs
from r57_mcda.pipeline.analysis import analyse, spec_for
from r57_mcda.pipeline.rounds import study_convergence
from r57_mcda.rounds import StoppingRule, round_stats, stopping_advice
from r57_mcda.study.answers import current_answers, submit
from r57_mcda.study.db import Database
from r57_mcda.study.entries import CellEntry, Origin
from r57_mcda.study.events import read_events
from r57_mcda.study.inputs import study_data
from r57_mcda.study.schema import RoundRow, utcnow
from r57_mcda.study.settings import StudyRules, set_study_rules, study_rules
from r57_mcda.study.studies import load_study
from tests.helpers.studies import sample_study


@pytest.fixture
def two_rounds(db_url: str) -> Iterator[tuple[Database, int]]:
    """The sample panel as round 1; in round 2 every expert answers again, moving each score
    one point toward 3 (the panel converges)."""
    db = Database(db_url)
    study_id = sample_study(db, import_scores=True)
    with db.write() as session:
        first = session.get(RoundRow, (study_id, 1))
        assert first is not None
        first.closed_at = utcnow()
        session.add(RoundRow(study_id=study_id, number=2, settings={}))
    with db.read() as session:
        answers = current_answers(session, study_id, 1)
    by_expert: dict[str, list[CellEntry]] = {}
    for a in answers:
        e = a.entry
        if e.status == "score" and e.value is not None:
            value = e.value + (1.0 if e.value < 3 else -1.0 if e.value > 3 else 0.0)
            e = CellEntry(e.technology, e.criterion, "score", value, e.comment)
        by_expert.setdefault(a.expert, []).append(e)
    with db.write() as session:
        for expert, entries in by_expert.items():
            submit(
                session,
                study_id,
                2,
                expert_id=expert,
                entries=entries,
                origin=Origin("web"),
                partial=False,
            )
    yield db, study_id
    db.close()


def test_every_figure_is_the_engines_on_each_rounds_data(two_rounds: tuple[Database, int]) -> None:
    db, study_id = two_rounds
    report = study_convergence(db, study_id, method="topsis")
    study = load_study(db, study_id)
    assert [r.stats.round for r in report.rounds] == [1, 2]
    previous = None
    expected_stats = []
    ranks: list[dict[str, int]] = []
    for number, got in zip((1, 2), report.rounds, strict=True):
        loaded = load_inputs(study_data(db, study_id, number).files)
        assert loaded.panel is not None
        stats = round_stats(
            loaded.panel.scores,
            loaded.criteria,
            invited=len(study.experts),
            round_no=number,
            previous=previous,
        )
        assert got.stats == stats
        expected_stats.append(stats)
        previous = loaded.panel.scores
        table = analyse(loaded, spec_for(loaded, method="topsis"), agreement=False).ranking.table()
        ranks.append({str(t): int(r) for t, r in table["rank"].items()})
        assert [(r.technology, r.rank) for r in got.ranking] == list(ranks[-1].items())
    assert all(r.change is None for r in report.rounds[0].ranking)
    assert {r.technology: r.change for r in report.rounds[1].ranking} == {
        t: ranks[0][t] - ranks[1][t] for t in ranks[1]
    }
    assert report.stopping == stopping_advice(expected_stats, StoppingRule())
    # Every score moved toward 3: answers changed, and the panel agrees more.
    assert report.rounds[1].stats.changed_share is not None
    assert report.rounds[1].stats.changed_share > 0.5
    assert report.rounds[1].stats.consensus_share >= report.rounds[0].stats.consensus_share


def test_the_json_has_the_documented_layout(
    two_rounds: tuple[Database, int], capsys: pytest.CaptureFixture[str]
) -> None:
    db, study_id = two_rounds
    status = main(["study", "convergence", str(study_id), "--db", db.url, "--format", "json"])
    out, err = capsys.readouterr()
    assert status == 0, err
    payload = json.loads(out)
    assert set(payload) >= {"rounds", "stopping"}
    for entry in payload["rounds"]:
        assert set(entry) >= {
            "round",
            "respondents",
            "response_rate",
            "consensus_share",
            "kendall_w",
            "cells",
            "ranking",
        }
        cell = entry["cells"][0]
        assert set(cell) == {
            "technology",
            "criterion",
            "n",
            "median",
            "q1",
            "q3",
            "iqr",
            "cv",
            "consensus",
            "changed_share",
        }
        assert set(entry["ranking"][0]) >= {"technology", "rank", "score"}
    assert set(payload["stopping"]) == {"recommend_stop", "reason", "rule"}
    assert payload["stopping"]["rule"] == StoppingRule().to_dict()
    status = main(["--lang", "vi", "study", "convergence", str(study_id), "--db", db.url])
    out, _ = capsys.readouterr()
    assert status == 0
    assert "Quy tắc dừng" in out and "Khuyến nghị" in out


def test_the_rule_is_the_studys_own_and_its_change_is_logged(
    two_rounds: tuple[Database, int], capsys: pytest.CaptureFixture[str]
) -> None:
    db, study_id = two_rounds
    assert study_rules(load_study(db, study_id)) == StudyRules()
    argv = ["study", "rule", str(study_id), "--db", db.url, "--max-rounds", "2"]
    assert main([*argv, "--min-consensus", "0.5", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["stopping"] == {
        "min_consensus_share": 0.5,
        "max_changed_share": 0.15,
        "max_rounds": 2,
    }
    rules = study_rules(load_study(db, study_id))
    assert rules.stopping == StoppingRule(0.5, 0.15, 2)
    report = study_convergence(db, study_id)
    assert report.stopping.rule == rules.stopping
    assert report.stopping.recommend_stop  # two rounds reach the limit of 2
    with db.read() as session:
        changed = [e for e in read_events(session, study_id) if e.kind == "settings_changed"]
    assert changed[-1].details["after"]["stopping"]["max_rounds"] == 2
    bad = ["study", "rule", str(study_id), "--db", db.url, "--iqr-share", "1.5"]
    assert main(bad) == 2
    assert "consensus share must be above 0" in capsys.readouterr().err
    with pytest.raises(R57Error) as refused:
        set_study_rules(db, study_id, StudyRules(iqr_share=0.0))
    assert refused.value.code == "study_iqr_share_invalid"
    assert study_rules(load_study(db, study_id)).iqr_share == 0.25


def test_a_study_without_answers_has_no_convergence(db_url: str) -> None:
    db = Database(db_url)
    study_id = sample_study(db)
    with pytest.raises(R57Error) as caught:
        study_convergence(db, study_id)
    assert caught.value.code == "study_no_answers"
    db.close()
