"""Issue 9 in the app (AppTest): the data banner, scale-aware consensus flags, the panel page
aggregating as the ranking does, settings without AHP matrices, and duplicate uploads."""

from __future__ import annotations

import re

import pytest

from r57_mcda.io.inputs import InputFile, load_inputs
from r57_mcda.panel.agreement import assess_agreement
from r57_mcda.panel.consensus import scale_thresholds
from r57_mcda.pipeline.analysis import decision_matrix, spec_for
from r57_mcda.ui.state import Key, sample_files
from tests.helpers.app import chart_data, page, started, texts

PAGES = ("data", "panel", "weights", "ranking", "compare", "export")

CRITERIA_1_9 = "id,name,direction,scale_min,scale_max\na,Alpha,benefit,1,9\nb,Beta,cost,1,9\n"


def _scores_1_9() -> bytes:
    # Four experts, three technologies; IQRs of 1.5 points (flagged at 1 point, not at 2).
    rows = ["expert,technology,criterion,score"]
    cells = {
        ("x", "a"): (3, 4, 5, 6),
        ("y", "a"): (6, 7, 7, 8),
        ("z", "a"): (1, 2, 2, 9),
        ("x", "b"): (2, 2, 3, 3),
        ("y", "b"): (4, 5, 6, 7),
        ("z", "b"): (8, 8, 9, 9),
    }
    for (tech, crit), scores in cells.items():
        rows += [f"e{i},{tech},{crit},{s}" for i, s in enumerate(scores, 1)]
    return ("\n".join(rows) + "\n").encode()


def _files_1_9() -> tuple[InputFile, ...]:
    return (
        InputFile("criteria", "criteria_1_9.csv", CRITERIA_1_9.encode()),
        InputFile("scores", "scores_1_9.csv", _scores_1_9()),
    )


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_page_says_the_sample_is_synthetic(lang: str) -> None:
    at = started()
    at.radio(key="lang").set_value(lang).run()
    word = "synthetic" if lang == "en" else "giả lập"
    for name in PAGES:
        at.switch_page(page(name)).run()
        assert not at.exception
        banners = [w.value for w in at.warning if word in w.value and "F5" in w.value]
        assert banners, name


def test_every_page_names_the_uploaded_files() -> None:
    at = started()
    at.session_state[Key.FILES] = _files_1_9()
    at.session_state[Key.SAMPLE] = False
    for name in PAGES:
        at.switch_page(page(name)).run()
        assert not at.exception
        banner = [i.value for i in at.info if "F5" in i.value]
        assert banner and "criteria_1_9.csv" in banner[0] and "scores_1_9.csv" in banner[0]
        assert not any("synthetic" in w.value for w in at.warning)


def test_scale_thresholds_are_a_share_of_the_declared_range() -> None:
    loaded = load_inputs(_files_1_9())
    assert loaded.panel is not None
    points = scale_thresholds(loaded.criteria, loaded.panel.scores, 0.25)
    assert points.to_dict() == {"a": 2.0, "b": 2.0}
    sample = load_inputs(sample_files())
    assert sample.panel is not None
    assert set(scale_thresholds(sample.criteria, sample.panel.scores).to_list()) == {1.0}


def test_scale_thresholds_fall_back_to_the_observed_range() -> None:
    criteria = "id,name,direction\na,Alpha,benefit\nb,Beta,cost\n"
    loaded = load_inputs((InputFile("criteria", "c.csv", criteria.encode()), _files_1_9()[1]))
    assert loaded.panel is not None
    points = scale_thresholds(loaded.criteria, loaded.panel.scores, 0.5)
    assert points.to_dict() == {"a": 4.0, "b": 3.5}  # (9 - 1) / 2 and (9 - 2) / 2


def test_panel_page_flags_with_the_scale_and_states_the_threshold() -> None:
    at = started()
    at.session_state[Key.FILES] = _files_1_9()
    at.session_state[Key.SAMPLE] = False
    at.switch_page(page("panel")).run()
    assert not at.exception
    # 25 % of 1-9 is 2 points: the 1.5-point IQRs are not flagged.
    assert "Consensus threshold" not in " ".join(c for d in at.dataframe for c in d.value.columns)
    shown = texts(at)
    assert (
        "IQR threshold per criterion, in points: Alpha: 2; Beta (lower is better): 2." in (shown)
        or "IQR threshold per criterion, in points: Alpha: 2; Beta: 2." in shown
    )
    assert any("25%" in s.value for s in at.subheader)
    loaded = load_inputs(_files_1_9())
    assert loaded.panel is not None
    _, aggregate = decision_matrix(loaded, spec_for(loaded))
    assert aggregate is not None
    at.slider(key=Key.IQR_SHARE).set_value(10).run()  # 10 % of 1-9: 0.8 points
    expected = assess_agreement(
        loaded.panel,
        aggregate,
        iqr_threshold=scale_thresholds(loaded.criteria, loaded.panel.scores, 0.1),
    ).flags
    flagged = [d.value for d in at.dataframe if "Consensus threshold (IQR, points)" in d.value]
    assert len(flagged) == 1 and len(flagged[0]) == len(expected) > 0
    assert set(flagged[0]["Consensus threshold (IQR, points)"]) == {0.8}


def test_panel_page_aggregates_with_the_ranking_settings() -> None:
    at = started()
    at.session_state[Key.AGGREGATE] = "trimmed"
    at.session_state[Key.TRIM] = 0.3
    at.session_state[Key.QUORUM] = 2
    at.switch_page(page("panel")).run()
    assert not at.exception
    loaded = load_inputs(sample_files(), quorum=2)
    spec = spec_for(loaded, aggregation="trimmed", trim=0.3, quorum=2)
    matrix, _ = decision_matrix(loaded, spec)
    default, _ = decision_matrix(loaded, spec_for(loaded, aggregation="trimmed"))
    assert not matrix.equals(default)
    cells = at.dataframe[0].value
    names_t = {x.id: x.label("en") for x in loaded.technologies}
    names_c = {c.id: c.label("en") for c in loaded.criteria.criteria}
    for tech in list(matrix.index)[:3]:
        for crit in ("autonomy", "spillover"):
            row = cells[(cells.technology == names_t[tech]) & (cells.criterion == names_c[crit])]
            assert row["score"].iloc[0] == pytest.approx(matrix.loc[tech, crit], abs=1e-3)
    assert "trim 30%; quorum 2" in texts(at)


def test_settings_without_the_ahp_matrices_are_a_clear_error() -> None:
    at = started("weights")
    at.switch_page(page("export")).run()
    toml = at.code[0].value
    # Weights from AHP judgments, but the matrix of the top level is missing.
    toml = re.sub(r'(?m)^source = "criteria"$', 'source = "ahp"', toml)
    toml += "\n[weights.pairwise.some_group]\nautonomy = { autonomy = 1.0 }\n"
    at.file_uploader(key="settings_upload").set_value([("s.toml", toml.encode(), "text/plain")])
    at.button(key="apply_settings").click().run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "cannot be applied" in errors or "settings" in errors.lower()
    assert "no matrix of the top level" in errors


def _big_panel() -> tuple[bytes, bytes]:
    """A generated 40 technologies x 15 criteria x 25 experts panel: criteria and scores."""
    import io

    from r57_mcda.panel.synthetic import synthetic_panel

    panel = synthetic_panel(40, 15, 25)
    out = io.StringIO()
    panel.scores[["expert", "technology", "criterion", "score"]].to_csv(out, index=False)
    criteria = "id,name,direction,scale_min,scale_max\n" + "".join(
        f"{c.id},{c.name},{c.direction},1,5\n" for c in panel.criteria.criteria
    )
    return criteria.encode(), out.getvalue().encode()


def test_the_same_scores_twice_are_one_problem_naming_both_files() -> None:
    from r57_mcda.errors import InputError

    criteria, scores = _big_panel()
    files = (
        InputFile("criteria", "c.csv", criteria),
        InputFile("scores", "scores.csv", scores),
        InputFile("scores", "scores_v2.csv", scores.replace(b"\n", b"\r\n")),
    )
    with pytest.raises(InputError) as caught:
        load_inputs(files)
    problems = caught.value.problems
    assert len(problems) == 1
    assert problems[0].file == "scores_v2.csv"
    assert "scores.csv" in problems[0].text("en") and "15000 scores" in problems[0].text("en")


def test_duplicate_uploads_are_loaded_once_and_named() -> None:
    at = started()
    criteria = CRITERIA_1_9.encode()
    scores = _scores_1_9()
    at.file_uploader(key="upload_criteria").set_value(("criteria_1_9.csv", criteria, "text/csv"))
    at.file_uploader(key="upload_scores").set_value(
        [("scores.csv", scores, "text/csv"), ("scores (1).csv", scores, "text/csv")]
    )
    at.button(key="load_uploads").click().run()
    assert not at.exception
    assert not at.error
    loaded = at.session_state[Key.FILES]
    assert [f.name for f in loaded if f.role == "scores"] == ["scores.csv"]
    warned = " ".join(w.value for w in at.warning)
    assert "scores.csv, scores (1).csv" in warned and "Only scores.csv is loaded" in warned


def test_ahp_files_per_judge_show_their_cr_and_give_aij_weights() -> None:
    from pathlib import Path

    from r57_mcda.io.pairwise import load_pairwise
    from r57_mcda.pipeline.analysis import ahp_weights
    from r57_mcda.weighting.ahp import ahp_priorities

    root = Path(__file__).resolve().parents[1] / "sample_inputs"
    first = (root / "ahp_pairwise.csv").read_bytes()
    second = first.replace(b"strategic_fit,1,1,2,3", b"strategic_fit,1,3,2,3").replace(
        b"impact,1,1,2,2", b"impact,1/3,1,2,2"
    )
    assert second != first
    at = started()
    at.file_uploader(key="upload_ahp").set_value(
        [("judge_a.csv", first, "text/csv"), ("judge_b.csv", second, "text/csv")]
    )
    at.button(key="load_uploads").click().run()
    assert not at.exception and not at.error
    at.switch_page(page("weights")).run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "CR" in d.value.columns)
    crs = [ahp_priorities(load_pairwise(b, name="x.csv")).cr for b in (first, second)]
    assert list(table["File"]) == ["judge_a.csv", "judge_b.csv"]
    assert table["CR"].to_numpy() == pytest.approx([round(c, 3) for c in crs])
    at.button(key="apply_ahp_files").click().run()
    assert not at.exception
    loaded = load_inputs(at.session_state[Key.FILES])
    expected = ahp_weights(loaded).values
    shown = next(frame for frame in chart_data(at) if "weight" in frame.columns)
    assert shown["weight"].to_numpy() == pytest.approx(expected.to_numpy())
    assert "AHP weights from the loaded pairwise comparison file" in texts(at)


def test_an_aggregated_matrix_can_be_uploaded_instead_of_scores() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "sample_inputs"
    at = started()
    at.file_uploader(key="upload_matrix").set_value(
        ("decision_matrix.csv", (root / "decision_matrix.csv").read_bytes(), "text/csv")
    )
    at.button(key="load_uploads").click().run()
    assert not at.exception and not at.error
    roles = sorted(f.role for f in at.session_state[Key.FILES])
    assert roles == ["criteria", "matrix", "technologies"]
    at.switch_page(page("ranking")).run()
    assert not at.exception
    assert len(at.dataframe[0].value) > 0
    at.switch_page(page("panel")).run()
    assert "aggregated decision matrix" in texts(at)


def test_expert_weights_set_in_the_app_drive_the_panel_page_and_the_ranking() -> None:
    from r57_mcda.pipeline.analysis import criteria_weights, rank_matrix
    from r57_mcda.spec import WeightSpec

    at = started("panel")
    loaded = load_inputs(sample_files())
    assert loaded.panel is not None
    first = loaded.panel.expert_ids[0]
    at.number_input(key=f"ew:{first}").set_value(4.0).run()
    assert not at.exception
    weights = dict.fromkeys(loaded.panel.expert_ids, 1.0) | {first: 4.0}
    assert dict(at.session_state[Key.EXPERT_WEIGHTS]) == weights
    spec = spec_for(loaded, expert_weights=weights)
    matrix, _ = decision_matrix(loaded, spec)
    plain, _ = decision_matrix(loaded, spec_for(loaded))
    assert not matrix.equals(plain)
    cells = at.dataframe[0].value
    names_t = {x.id: x.label("en") for x in loaded.technologies}
    tech = matrix.index[0]
    row = cells[cells.technology == names_t[tech]]
    assert sorted(row["score"].round(3)) == sorted(matrix.loc[tech].round(3))
    at.switch_page(page("ranking")).run()
    assert not at.exception
    w = criteria_weights(WeightSpec(), matrix, loaded)
    expected = rank_matrix(matrix, w, loaded.criteria, spec)
    table = at.dataframe[0].value
    assert list(table["Technology"]) == [names_t[x] for x in expected.order()]


def test_panel_page_shows_the_experts_comments_beside_their_cells() -> None:
    import pandas as pd

    from r57_mcda.io.bundled import sample_paths

    at = started("panel")
    assert not at.exception
    scores = pd.read_csv(sample_paths()["scores"], dtype=str, keep_default_na=False)
    commented = scores[scores["comment"].str.strip() != ""]
    table = next(d.value for d in at.dataframe if "Comment" in d.value.columns)
    assert len(table) == len(commented) > 0
    row = commented.iloc[1]
    assert row["comment"] in set(table["Comment"])
    assert f"comments ({len(commented)})" in " ".join(s.value for s in at.subheader)


def test_confidence_toggle_changes_the_aggregated_matrix_and_the_ranking() -> None:
    from r57_mcda.pipeline.analysis import criteria_weights, rank_matrix
    from r57_mcda.spec import WeightSpec

    at = started("panel")
    toggle = at.toggle(key=Key.CONFIDENCE)
    assert toggle.label == "Weigh scores by the experts' confidence" and not toggle.disabled
    assert toggle.value is False
    loaded = load_inputs(sample_files())
    spec = spec_for(loaded, use_confidence=True)
    weighed, _ = decision_matrix(loaded, spec)
    plain, _ = decision_matrix(loaded, spec_for(loaded))
    names_t = {x.id: x.label("en") for x in loaded.technologies}
    tech = (weighed - plain).abs().max(axis=1).idxmax()

    def shown_row() -> list[float]:
        cells = at.dataframe[0].value
        return sorted(cells[cells.technology == names_t[tech]]["score"].round(3))

    assert shown_row() == sorted(plain.loc[tech].round(3))
    toggle.set_value(True).run()
    assert not at.exception
    assert shown_row() == sorted(weighed.loc[tech].round(3)) != sorted(plain.loc[tech].round(3))
    assert "Scores weighed by the experts' confidence." in texts(at)
    at.switch_page(page("ranking")).run()
    assert not at.exception
    w = criteria_weights(WeightSpec(), weighed, loaded)
    expected = rank_matrix(weighed, w, loaded.criteria, spec)
    assert list(at.dataframe[0].value["Technology"]) == [names_t[x] for x in expected.order()]
    at.switch_page(page("export")).run()
    assert "use_confidence = true" in at.code[0].value


def test_confidence_toggle_is_disabled_without_a_confidence_column() -> None:
    at = started()
    at.session_state[Key.CONFIDENCE] = True
    at.session_state[Key.FILES] = _files_1_9()
    at.session_state[Key.SAMPLE] = False
    at.switch_page(page("panel")).run()
    assert not at.exception
    toggle = at.toggle(key=Key.CONFIDENCE)
    assert toggle.disabled and toggle.value is False
    assert "no confidence" in toggle.help
