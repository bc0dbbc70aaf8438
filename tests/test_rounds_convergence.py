"""Delphi round statistics and the stopping rule (issue 11, items 4 and 5).

A seeded synthetic three-round panel (8 experts, 5 technologies, 4 criteria: three on 1-5, one
of them a cost, and one on 1-9; later rounds move scores toward the previous round's median;
some NA, one COI, one expert missing in round 3) whose every figure is computed again here with
pandas, numpy and scipy, independently of the package.

Quartiles are numpy's default rule, ``method="linear"`` (definition 7 of Hyndman, R. J. &
Fan, Y. (1996), "Sample quantiles in statistical packages", The American Statistician 50(4),
361-365). The stopping rule asks for consensus AND stability, and prints every threshold,
because consensus alone is a weak stopping criterion: von der Gracht, H. A. (2012), "Consensus
measurement in Delphi studies", Technological Forecasting and Social Change 79(8), 1525-1536;
Diamond, I. R. et al. (2014), "Defining consensus: a systematic review recommends methodologic
criteria for reporting of Delphi studies", Journal of Clinical Epidemiology 67(4), 401-409.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from r57_mcda.errors import InputError, MethodError
from r57_mcda.models import SCORE_COLUMNS, CriteriaSet, Criterion, Expert, Panel, Technology
from r57_mcda.panel.aggregation import aggregate_panel
from r57_mcda.panel.agreement import assess_agreement
from r57_mcda.panel.consensus import scale_thresholds
from r57_mcda.rounds import (
    OVERALL,
    RoundStats,
    StoppingRule,
    round_stats,
    stopping_advice,
)

EXPERTS = [f"E{i}" for i in range(1, 9)]
TECHS = [f"T{i}" for i in range(1, 6)]
CRITERIA = CriteriaSet(
    id="delphi",
    name="Delphi test",
    criteria=(
        Criterion("C1", "Impact", "benefit", scale=(1.0, 5.0)),
        Criterion("C2", "Readiness", "benefit", scale=(1.0, 5.0)),
        Criterion("C3", "Cost", "cost", scale=(1.0, 5.0)),
        Criterion("C4", "Potential", "benefit", scale=(1.0, 9.0)),
    ),
)
#: Abstentions by round: (expert, technology, criterion) -> reason.
ABSTAIN = {
    1: {("E2", "T3", "C1"): "NA", ("E6", "T1", "C4"): "NA"},
    2: {("E5", "T1", "C4"): "NA", ("E4", "T5", "C3"): "COI"},
    3: {("E3", "T2", "C2"): "NA", ("E4", "T5", "C3"): "COI", ("E1", "T4", "C2"): "NA"},
}
INVITED = 8


def _frame(records: list[dict[str, object]], round_no: int) -> pd.DataFrame:
    frame = pd.DataFrame(records)
    frame["confidence"] = np.nan
    frame["comment"] = ""
    frame["source_file"] = f"round{round_no}.xlsx"
    frame["source_sheet"] = "Scores"
    frame["source_row"] = np.arange(len(frame)) + 2
    return frame[list(SCORE_COLUMNS)]


def _synthetic_rounds() -> list[pd.DataFrame]:
    rng = np.random.default_rng(2024)
    truth = {(t, c.id): rng.uniform(*c.scale) for t in TECHS for c in CRITERIA.criteria}
    rounds: list[pd.DataFrame] = []
    for round_no in (1, 2, 3):
        previous = rounds[-1] if rounds else None
        medians = (
            None
            if previous is None
            else previous.dropna(subset=["score"]).groupby(["technology", "criterion"])["score"]
        )
        records = []
        experts = EXPERTS if round_no < 3 else EXPERTS[:-1]  # E8 does not answer round 3
        for e in experts:
            for t in TECHS:
                for c in CRITERIA.criteria:
                    assert c.scale is not None
                    lo, hi = c.scale
                    reason = ABSTAIN[round_no].get((e, t, c.id), "")
                    if reason:
                        score = np.nan
                    elif previous is None or medians is None:
                        spread = 1.2 if hi - lo == 4 else 2.2
                        score = float(
                            np.clip(round(truth[t, c.id] + rng.normal(0, spread)), lo, hi)
                        )
                    else:
                        median = float(medians.median()[(t, c.id)])
                        old = previous.loc[
                            (previous["expert"] == e)
                            & (previous["technology"] == t)
                            & (previous["criterion"] == c.id),
                            "score",
                        ]
                        if old.empty or np.isnan(old.iloc[0]):
                            score = float(round(median))
                        else:
                            score = float(old.iloc[0])
                            if rng.random() < 0.55:
                                score += float(np.sign(median - score))
                    records.append(
                        {
                            "expert": e,
                            "technology": t,
                            "criterion": c.id,
                            "score": score,
                            "abstention": reason,
                        }
                    )
        rounds.append(_frame(records, round_no))
    return rounds


ROUNDS = _synthetic_rounds()


def _all_stats() -> list[RoundStats]:
    return [
        round_stats(
            ROUNDS[k],
            CRITERIA,
            invited=INVITED,
            round_no=k + 1,
            previous=ROUNDS[k - 1] if k else None,
        )
        for k in range(3)
    ]


STATS = _all_stats()


# ----------------------------------------------------------------- independent computations


def _numeric(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.loc[frame["score"].notna() & (frame["abstention"] == "")]


def _kendall_formula(block: np.ndarray) -> float:
    """W = 12 S / (m^2 (n^3 - n) - m sum_j T_j), T_j = sum(t^3 - t) over expert j's ties."""
    m, n = block.shape
    ranks = np.vstack([stats.rankdata(row) for row in block])
    ties = sum(
        float(((counts**3) - counts).sum())
        for counts in (np.unique(row, return_counts=True)[1] for row in block)
    )
    s = float(((ranks.sum(axis=0) - m * (n + 1) / 2) ** 2).sum())
    return 12 * s / (m**2 * (n**3 - n) - m * ties)


def _expected_w(frame: pd.DataFrame) -> dict[str, float]:
    """W per criterion over the experts who scored every technology on it (here the greedy
    complete block: each missing cell is 1/5 of an expert's row but at most 1/7 of a
    technology's column, so the expert goes), and overall on each expert's mean score per
    technology over the criteria they scored, the cost criterion reversed on its scale."""
    numeric = _numeric(frame)
    out = {}
    for c in CRITERIA.ids:
        wide = numeric[numeric["criterion"] == c].pivot(
            index="expert", columns="technology", values="score"
        )
        out[c] = _kendall_formula(wide.reindex(columns=TECHS).dropna().to_numpy())
    adjusted = numeric.copy()
    cost = adjusted["criterion"] == "C3"
    adjusted.loc[cost, "score"] = 1 + 5 - adjusted.loc[cost, "score"]
    means = adjusted.pivot_table(index="expert", columns="technology", values="score")
    out[OVERALL] = _kendall_formula(means.reindex(columns=TECHS).to_numpy())
    return out


def _pairs(now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    keys = ["expert", "technology", "criterion"]
    return _numeric(now)[[*keys, "score"]].merge(
        _numeric(before)[[*keys, "score"]], on=keys, suffixes=("_now", "_before")
    )


# ----------------------------------------------------------------- item 4: every figure


def test_the_synthetic_panel_has_what_the_figures_must_handle() -> None:
    assert set(ROUNDS[2]["expert"]) == set(EXPERTS) - {"E8"}
    assert (ROUNDS[1]["abstention"] == "COI").sum() == 1
    assert _pairs(ROUNDS[1], ROUNDS[0]).pipe(lambda p: (p.score_now != p.score_before).any())


@pytest.mark.parametrize("k", [0, 1, 2])
def test_response_figures(k: int) -> None:
    frame = ROUNDS[k]
    answered = frame["score"].notna() | frame["abstention"].isin(["NA", "COI"])
    respondents = frame.loc[answered, "expert"].nunique()
    result = STATS[k]
    assert result.round == k + 1
    assert result.respondents == respondents == (8 if k < 2 else 7)
    assert result.invited == INVITED
    assert result.response_rate == pytest.approx(respondents / INVITED)


@pytest.mark.parametrize("k", [0, 1, 2])
def test_every_cell_figure(k: int) -> None:
    numeric = _numeric(ROUNDS[k])
    pairs = None if k == 0 else _pairs(ROUNDS[k], ROUNDS[k - 1])
    cells = {(c.technology, c.criterion): c for c in STATS[k].cells}
    assert list(cells) == [(t, c) for t in TECHS for c in CRITERIA.ids]
    at_consensus = 0
    for (tech, crit), cell in cells.items():
        x = numeric.loc[
            (numeric["technology"] == tech) & (numeric["criterion"] == crit), "score"
        ].to_numpy()
        q1, median, q3 = np.percentile(x, [25, 50, 75])
        lo, hi = CRITERIA[crit].scale or (0.0, 0.0)
        assert cell.n == len(x)
        assert (cell.q1, cell.median, cell.q3) == pytest.approx((q1, median, q3))
        assert cell.iqr == pytest.approx(q3 - q1)
        assert cell.cv == pytest.approx(pd.Series(x).std(ddof=1) / x.mean())
        assert cell.consensus is bool(q3 - q1 <= 0.25 * (hi - lo))
        at_consensus += bool(cell.consensus)
        if pairs is None:
            assert cell.changed_share is None
        else:
            here = pairs[(pairs["technology"] == tech) & (pairs["criterion"] == crit)]
            share = (here["score_now"] != here["score_before"]).mean()
            assert cell.changed_share == pytest.approx(share)
    assert STATS[k].consensus_share == pytest.approx(at_consensus / len(cells))


def test_n_counts_scores_only() -> None:
    cells = {(c.technology, c.criterion): c for c in STATS[1].cells}
    assert cells["T1", "C4"].n == 7  # E5 said NA
    assert cells["T5", "C3"].n == 7  # E4 declared a conflict of interest
    assert cells["T2", "C1"].n == 8


@pytest.mark.parametrize("k", [0, 1, 2])
def test_kendall_w_per_criterion_and_overall(k: int) -> None:
    expected = _expected_w(ROUNDS[k])
    assert set(STATS[k].kendall_w) == {*CRITERIA.ids, OVERALL}
    for key, w in expected.items():
        assert STATS[k].kendall_w[key] == pytest.approx(w), key


@pytest.mark.parametrize("k", [1, 2])
def test_stability_and_wilcoxon(k: int) -> None:
    pairs = _pairs(ROUNDS[k], ROUNDS[k - 1])
    changed = pairs["score_now"] != pairs["score_before"]
    result = STATS[k]
    assert result.changed_share == pytest.approx(changed.mean())
    assert [w.criterion for w in result.wilcoxon] == CRITERIA.ids
    tested = 0
    for test in result.wilcoxon:
        rows = pairs[pairs["criterion"] == test.criterion]
        nonzero = int((rows["score_now"] != rows["score_before"]).sum())
        assert (test.pairs, test.nonzero) == (len(rows), nonzero)
        if nonzero < 2:
            assert test.statistic is None and test.p_value is None and test.note is not None
            continue
        expected = stats.wilcoxon(rows["score_now"], rows["score_before"], zero_method="wilcox")
        assert test.statistic == pytest.approx(float(expected.statistic))
        assert test.p_value == pytest.approx(float(expected.pvalue))
        assert test.note is None
        tested += 1
    assert tested >= 2


def test_round_one_has_no_stability() -> None:
    assert STATS[0].changed_share is None
    assert STATS[0].wilcoxon == ()


def test_consensus_is_the_panel_pages() -> None:
    """The same table gives the same flags and the same W on the Panel page."""
    frame = ROUNDS[1]
    panel = Panel(
        criteria=CRITERIA,
        technologies=tuple(Technology(t, t) for t in TECHS),
        experts=tuple(Expert(e, e) for e in EXPERTS),
        scores=frame,
    )
    aggregate = aggregate_panel(panel)
    agreement = assess_agreement(
        panel, aggregate, iqr_threshold=scale_thresholds(CRITERIA, frame), top=None
    )
    for cell in STATS[1].cells:
        assert cell.consensus is bool(agreement.consensus.loc[cell.technology, cell.criterion])
    flagged = set(zip(agreement.flags["technology"], agreement.flags["criterion"], strict=True))
    assert flagged == {(c.technology, c.criterion) for c in STATS[1].cells if not c.consensus}
    assert flagged  # the round has cells without consensus
    for c in CRITERIA.ids:
        assert STATS[1].kendall_w[c] == pytest.approx(agreement.kendall.loc[c, "W"])
    assert STATS[1].kendall_w[OVERALL] == pytest.approx(agreement.overall_w)


def test_a_wider_consensus_threshold_flags_fewer_cells() -> None:
    wide = round_stats(ROUNDS[0], CRITERIA, invited=INVITED, round_no=1, iqr_share=0.5)
    assert wide.iqr_share == 0.5
    assert wide.consensus_share > STATS[0].consensus_share


def test_too_few_changes_skip_the_wilcoxon_test() -> None:
    before = ROUNDS[0]
    now = before.copy()
    first = now.index[(now["criterion"] == "C1") & now["score"].notna()][0]
    now.loc[first, "score"] = 6 - now.loc[first, "score"] if now.loc[first, "score"] != 3 else 4
    result = round_stats(now, CRITERIA, invited=INVITED, round_no=2, previous=before)
    c1 = result.wilcoxon[0]
    assert (c1.criterion, c1.nonzero, c1.statistic, c1.p_value) == ("C1", 1, None, None)
    assert c1.note is not None and c1.note.code == "rounds_wilcoxon_too_few"
    assert "1 of the 39 scores" in c1.note.text("en")
    assert "1 trong số 39 điểm" in c1.note.text("vi")
    assert result.wilcoxon[1].nonzero == 0 and result.wilcoxon[1].statistic is None
    assert result.changed_share == pytest.approx(1 / 158)


def test_blank_rows_are_no_answer() -> None:
    frame = ROUNDS[2].copy()
    mine = frame["expert"] == "E7"
    frame.loc[mine, "score"] = np.nan
    frame.loc[mine, "abstention"] = "blank"
    frame.loc[mine & (frame["technology"] == "T1"), "abstention"] = "NA"
    assert round_stats(frame, CRITERIA, invited=8, round_no=3).respondents == 7
    frame.loc[mine, "abstention"] = "blank"
    assert round_stats(frame, CRITERIA, invited=8, round_no=3).respondents == 6


def test_as_dict_has_the_issues_keys_and_is_json() -> None:
    data = STATS[1].as_dict("vi")
    assert set(data) == {
        "round",
        "respondents",
        "response_rate",
        "consensus_share",
        "kendall_w",
        "cells",
        "changed_share",
        "wilcoxon",
    }
    assert set(data["cells"][0]) == {  # type: ignore[index]
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
    assert json.loads(json.dumps(data)) == data


def test_bad_inputs_are_errors() -> None:
    with pytest.raises(MethodError) as invited:
        round_stats(ROUNDS[0], CRITERIA, invited=5, round_no=1)
    assert invited.value.code == "rounds_invited_invalid"
    with pytest.raises(MethodError) as number:
        round_stats(ROUNDS[0], CRITERIA, invited=8, round_no=0)
    assert number.value.code == "rounds_round_invalid"
    empty = ROUNDS[0].assign(score=np.nan, abstention="blank")
    with pytest.raises(MethodError) as nothing:
        round_stats(empty, CRITERIA, invited=8, round_no=1)
    assert nothing.value.code == "rounds_no_scores"
    twice = pd.concat([ROUNDS[0], ROUNDS[0].head(1)], ignore_index=True)
    with pytest.raises(InputError):
        round_stats(ROUNDS[1], CRITERIA, invited=8, round_no=2, previous=twice)


# ----------------------------------------------------------------- item 5: the stopping rule


def _round(number: int, consensus: float, changed: float | None) -> RoundStats:
    return RoundStats(
        round=number,
        respondents=8,
        invited=8,
        response_rate=1.0,
        cells=(),
        consensus_share=consensus,
        kendall_w={},
        changed_share=changed,
        wilcoxon=(),
    )


@pytest.mark.parametrize(
    ("consensus", "changed", "stop", "code"),
    [
        (0.80, 0.20, False, "rounds_continue_unstable"),
        (0.50, 0.10, False, "rounds_continue_no_consensus"),
        (0.50, 0.40, False, "rounds_continue_neither"),
        (0.75, 0.15, True, "rounds_stop_converged"),
        (0.90, 0.05, True, "rounds_stop_converged"),
    ],
)
def test_stopping_needs_consensus_and_stability(
    consensus: float, changed: float, stop: bool, code: str
) -> None:
    advice = stopping_advice([_round(1, 0.4, None), _round(2, consensus, changed)])
    assert (advice.recommend_stop, advice.reason.code) == (stop, code)
    assert advice.rule == StoppingRule(0.75, 0.15, 3)
    en, vi = advice.reason.text("en"), advice.reason.text("vi")
    for share in (consensus, changed):
        assert f"{share:.1%}" in en
        assert f"{share:.1%}".replace(".", ",") in vi
    for threshold in ("75.0%", "15.0%", "3 rounds"):
        assert threshold in en
    for threshold in ("75,0%", "15,0%", "3 vòng"):
        assert threshold in vi


def test_the_round_limit_stops() -> None:
    advice = stopping_advice([_round(2, 0.5, 0.3), _round(3, 0.6, 0.3)])
    assert advice.recommend_stop and advice.reason.code == "rounds_stop_max_rounds"
    assert "limit of 3 rounds" in advice.reason.text("en")
    assert "giới hạn 3 vòng" in advice.reason.text("vi")
    only = stopping_advice([_round(1, 0.9, None)], StoppingRule(max_rounds=1))
    assert only.recommend_stop and only.reason.code == "rounds_stop_max_rounds_first"


def test_round_one_alone_never_shows_stability() -> None:
    advice = stopping_advice([_round(1, 1.0, None)])
    assert not advice.recommend_stop
    assert advice.reason.code == "rounds_continue_first"
    assert "100.0%" in advice.reason.text("en") and "15.0%" in advice.reason.text("en")


def test_custom_thresholds() -> None:
    rule = StoppingRule(min_consensus_share=0.9, max_changed_share=0.05, max_rounds=5)
    history = [_round(2, 0.6, 0.3), _round(3, 0.85, 0.04)]
    assert stopping_advice(history).recommend_stop  # the defaults would stop
    advice = stopping_advice(history, rule)
    assert not advice.recommend_stop
    assert advice.reason.code == "rounds_continue_no_consensus"
    text = advice.reason.text("en")
    assert all(part in text for part in ("85.0%", "90.0%", "4.0%", "5.0%", "5 rounds"))
    assert stopping_advice([_round(3, 0.95, 0.05)], rule).recommend_stop
    assert StoppingRule.from_dict(rule.to_dict()) == rule
    assert StoppingRule.from_dict({"max_rounds": 4}) == StoppingRule(0.75, 0.15, 4)
    data = advice.as_dict("vi")
    assert data["recommend_stop"] is False and data["rule"] == rule.to_dict()
    assert "90,0%" in str(data["reason"])


def test_the_real_panel_is_judged() -> None:
    advice = stopping_advice(STATS)
    assert advice.recommend_stop  # round 3 is the default limit, whatever the figures
    converged = STATS[2].consensus_share >= 0.75 and (STATS[2].changed_share or 1) <= 0.15
    assert advice.reason.code == (
        "rounds_stop_converged" if converged else "rounds_stop_max_rounds"
    )


@pytest.mark.parametrize(
    ("settings", "code"),
    [
        ({"min_consensus_share": 1.5}, "rounds_rule_share_invalid"),
        ({"max_changed_share": -0.1}, "rounds_rule_share_invalid"),
        ({"max_rounds": 0}, "rounds_rule_rounds_invalid"),
        ({"max_rounds": 2.5}, "rounds_rule_rounds_invalid"),
        ({"rounds": 3}, "rounds_rule_unknown_keys"),
    ],
)
def test_bad_rules_are_errors(settings: dict[str, object], code: str) -> None:
    with pytest.raises(MethodError) as error:
        StoppingRule.from_dict(settings)
    assert error.value.code == code


def test_rounds_must_be_given_in_order() -> None:
    with pytest.raises(MethodError) as error:
        stopping_advice([_round(2, 0.5, 0.1), _round(1, 0.5, None)])
    assert error.value.code == "rounds_order_invalid"
    with pytest.raises(MethodError) as none:
        stopping_advice([])
    assert none.value.code == "rounds_none"
