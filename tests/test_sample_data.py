"""The bundled criteria sets and the synthetic sample panel: ids, structure and consistency.

Read with plain csv/tomllib/openpyxl on purpose, so these checks do not depend on the project's
own readers.
"""

from __future__ import annotations

import csv
import re
import runpy
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
CRITERIA_DIR = ROOT / "criteria"
SAMPLE_DIR = ROOT / "sample_inputs"
SCRIPT = ROOT / "scripts" / "make_sample_panel.py"
GENERATED = (
    "technologies.csv",
    "experts.csv",
    "expert_scores.csv",
    "expert_scores.xlsx",
    "decision_matrix.csv",
    "ahp_pairwise.csv",
    "expert_scores_quick_screen.csv",
)

GROUP_OF = {
    "national_goals": "strategic_fit",
    "autonomy": "strategic_fit",
    "security_defence": "strategic_fit",
    "socio_economic_impact": "impact",
    "breakthrough_potential": "impact",
    "spillover": "impact",
    "domestic_capability": "capability",
    "human_resources": "capability",
    "international_cooperation": "capability",
    "investment_cost": "cost_risk",
    "implementation_risk": "cost_risk",
    "time_to_impact": "cost_risk",
}
CRITERIA = list(GROUP_OF)
COST = {"investment_cost", "implementation_risk", "time_to_impact"}
TECHNOLOGIES = [
    "ai_digital_twin",
    "cloud_bigdata",
    "quantum",
    "blockchain",
    "net_5g_6g",
    "robotics",
    "semiconductors",
    "energy_storage",
    "advanced_materials",
    "biotech",
    "aerospace_uav",
    "cybersecurity",
    "iot_edge",
    "smart_manufacturing",
]
EXPERTS = ["sci_01", "sci_02", "sci_03", "ind_01", "ind_02", "ind_03", "gov_01", "gov_02", "gov_03"]
ABSTENTIONS = {"", "NA", "COI"}
# Letters that only Vietnamese (not plain ASCII) text contains.
VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]", re.IGNORECASE)


def _toml(name: str) -> dict[str, Any]:
    with (CRITERIA_DIR / name).open("rb") as handle:
        return tomllib.load(handle)


def _csv(name: str) -> list[dict[str, str]]:
    with (SAMPLE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def scores() -> list[dict[str, str]]:
    return _csv("expert_scores.csv")


@pytest.fixture(scope="module")
def numeric_cells(scores: list[dict[str, str]]) -> dict[tuple[str, str], list[int]]:
    cells: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row in scores:
        if row["score"] not in ABSTENTIONS:
            cells[row["technology"], row["criterion"]].append(int(row["score"]))
    return cells


# --- criteria sets ---------------------------------------------------------------------------


def test_r57_criteria_ids_groups_directions_and_scales() -> None:
    data = _toml("r57_strategic_technologies.toml")
    assert data["criteria_set"]["id"] == "r57_strategic_technologies"
    assert [g["id"] for g in data["groups"]] == [
        "strategic_fit",
        "impact",
        "capability",
        "cost_risk",
    ]
    assert data["groups"][0]["name_vi"] == "Phù hợp chiến lược"
    assert data["groups"][3]["name_vi"] == "Chi phí và rủi ro"
    assert [c["id"] for c in data["criteria"]] == CRITERIA
    for c in data["criteria"]:
        assert c["group"] == GROUP_OF[c["id"]]
        assert c["direction"] == ("cost" if c["id"] in COST else "benefit")
        assert c["scale"] == [1, 5]


def test_r57_weights_sum_to_one_with_the_group_split() -> None:
    criteria = _toml("r57_strategic_technologies.toml")["criteria"]
    assert all(c["weight"] > 0 for c in criteria)
    assert sum(c["weight"] for c in criteria) == pytest.approx(1.0, abs=1e-12)
    by_group: Counter[str] = Counter()
    for c in criteria:
        by_group[c["group"]] += c["weight"]
    assert by_group["strategic_fit"] == pytest.approx(0.30)
    assert by_group["impact"] == pytest.approx(0.30)
    assert by_group["capability"] == pytest.approx(0.20)
    assert by_group["cost_risk"] == pytest.approx(0.20)


def test_quick_screen_has_five_equal_weight_criteria() -> None:
    data = _toml("quick_screen.toml")
    assert data["criteria_set"]["id"] == "quick_screen"
    assert "groups" not in data
    criteria = data["criteria"]
    assert [c["id"] for c in criteria] == [
        "strategic_value",
        "impact",
        "feasibility",
        "cost",
        "risk",
    ]
    assert [c["direction"] for c in criteria] == ["benefit"] * 3 + ["cost"] * 2
    assert all(c["scale"] == [1, 5] for c in criteria)
    assert not any("weight" in c or "group" in c for c in criteria)


@pytest.mark.parametrize("name", ["r57_strategic_technologies.toml", "quick_screen.toml"])
def test_every_criterion_is_bilingual_and_anchors_its_scale(name: str) -> None:
    data = _toml(name)
    assert VIETNAMESE.search(data["criteria_set"]["name_vi"])
    for c in data["criteria"]:
        for key in ("name", "name_vi", "description", "description_vi"):
            assert c[key].strip(), f"{c['id']}: empty {key}"
        assert VIETNAMESE.search(c["name_vi"]), c["id"]
        assert VIETNAMESE.search(c["description_vi"]), c["id"]
        for text in (c["description"], c["description_vi"]):
            assert "1 = " in text and "5 = " in text, c["id"]
        if c["direction"] == "cost":
            assert "higher score is worse" in c["description"]
            assert "điểm càng cao càng bất lợi" in c["description_vi"]


def test_r57_vietnamese_terminology() -> None:
    by_id = {c["id"]: c for c in _toml("r57_strategic_technologies.toml")["criteria"]}
    assert "tự chủ, tự cường" in by_id["autonomy"]["name_vi"].lower()
    assert "quốc phòng, an ninh" in by_id["security_defence"]["name_vi"]
    assert "lan tỏa" in by_id["spillover"]["name_vi"]
    assert "nguồn nhân lực chất lượng cao" in by_id["human_resources"]["name_vi"]
    assert "chuyển giao công nghệ" in by_id["international_cooperation"]["name_vi"]


# --- technologies and experts ----------------------------------------------------------------


def test_technologies_csv() -> None:
    rows = _csv("technologies.csv")
    assert list(rows[0]) == ["id", "name", "name_vi", "group", "budget", "description"]
    assert [r["id"] for r in rows] == TECHNOLOGIES
    for r in rows:
        assert r["name"] and r["description"] and VIETNAMESE.search(r["name_vi"]), r["id"]
        assert r["budget"].isdigit() and int(r["budget"]) > 0
    groups = {r["id"]: r["group"] for r in rows}
    assert groups["semiconductors"] == "hardware"
    assert groups["biotech"] == "life sciences"
    assert len(set(groups.values())) >= 5


def test_experts_csv() -> None:
    rows = _csv("experts.csv")
    assert list(rows[0]) == ["id", "name", "group"]
    assert [r["id"] for r in rows] == EXPERTS
    expected = {"sci": "science", "ind": "industry", "gov": "government"}
    assert all(r["group"] == expected[r["id"][:3]] for r in rows)
    assert all(VIETNAMESE.search(r["name"]) for r in rows)


# --- long scores -----------------------------------------------------------------------------


def test_long_scores_cover_every_expert_technology_criterion_once(
    scores: list[dict[str, str]],
) -> None:
    assert list(scores[0]) == [
        "expert",
        "technology",
        "criterion",
        "score",
        "confidence",
        "comment",
    ]
    assert len(scores) == 9 * 14 * 12
    keys = Counter((r["expert"], r["technology"], r["criterion"]) for r in scores)
    expected = {(e, t, c) for e in EXPERTS for t in TECHNOLOGIES for c in CRITERIA}
    assert set(keys) == expected
    assert max(keys.values()) == 1


def test_scores_are_1_to_5_or_abstentions(scores: list[dict[str, str]]) -> None:
    values = Counter(r["score"] for r in scores)
    assert set(values) <= {"1", "2", "3", "4", "5"} | ABSTENTIONS
    assert all(values[s] > 0 for s in ("1", "2", "3", "4", "5"))
    abstained = values[""] + values["NA"]
    assert values[""] > 0 and values["NA"] > 0
    assert 0.01 <= abstained / len(scores) <= 0.02
    for r in scores:
        assert r["confidence"] in {"", "1", "2", "3"}
        if r["score"] in ABSTENTIONS:
            assert r["confidence"] == ""
    assert {r["confidence"] for r in scores if r["expert"] == "gov_03"} == {""}


def test_conflict_of_interest_is_declared_for_one_technology(
    scores: list[dict[str, str]],
) -> None:
    coi = [r for r in scores if r["score"] == "COI"]
    assert {(r["expert"], r["technology"]) for r in coi} == {("ind_02", "semiconductors")}
    assert sorted(r["criterion"] for r in coi) == sorted(CRITERIA)
    assert all("xung đột lợi ích" in r["comment"].lower() for r in coi)


def test_comments_are_rare(scores: list[dict[str, str]]) -> None:
    commented = [r for r in scores if r["comment"] and r["score"] != "COI"]
    assert 3 <= len(commented) <= 20


def test_stakeholder_groups_lean_as_designed(scores: list[dict[str, str]]) -> None:
    def mean(criterion: str, prefix: str, *, inside: bool) -> float:
        values = [
            int(r["score"])
            for r in scores
            if r["criterion"] == criterion
            and r["score"] not in ABSTENTIONS
            and r["expert"].startswith(prefix) == inside
        ]
        return float(np.mean(values))

    for prefix, criterion in [
        ("ind", "socio_economic_impact"),
        ("ind", "domestic_capability"),
        ("sci", "breakthrough_potential"),
        ("gov", "security_defence"),
    ]:
        lean = mean(criterion, prefix, inside=True) - mean(criterion, prefix, inside=False)
        assert lean > 0.25, (prefix, criterion)


def test_the_panel_really_disagrees_on_quantum_and_blockchain(
    numeric_cells: dict[tuple[str, str], list[int]],
) -> None:
    def iqr(values: list[int]) -> float:
        q1, q3 = np.percentile(values, [25, 75])
        return float(q3 - q1)

    split = {cell for cell, values in numeric_cells.items() if iqr(values) >= 2}
    assert len(split) >= 3
    assert sum(t == "quantum" for t, _ in split) >= 2
    assert sum(t == "blockchain" for t, _ in split) >= 2
    assert iqr(numeric_cells["blockchain", "national_goals"]) >= 2
    # Against that, the panel broadly agrees that semiconductors matter to the national goals.
    assert iqr(numeric_cells["semiconductors", "national_goals"]) <= 1


# --- derived files ---------------------------------------------------------------------------


def test_workbook_equals_long_csv_cell_by_cell(scores: list[dict[str, str]]) -> None:
    expected: dict[tuple[str, str, str], object] = {}
    for r in scores:
        score = r["score"]
        value: object = int(score) if score.isdigit() else ("COI" if score == "COI" else None)
        expected[r["expert"], r["technology"], r["criterion"]] = value

    workbook = openpyxl.load_workbook(SAMPLE_DIR / "expert_scores.xlsx")
    assert workbook.sheetnames == ["_README", *EXPERTS]
    seen = 0
    for expert in EXPERTS:
        rows = list(workbook[expert].iter_rows(values_only=True))
        assert list(rows[0]) == ["technology", *CRITERIA]
        assert [r[0] for r in rows[1:]] == TECHNOLOGIES
        for row in rows[1:]:
            for criterion, value in zip(CRITERIA, row[1:], strict=True):
                assert value == expected[expert, str(row[0]), criterion], (expert, row[0])
                seen += 1
    assert seen == len(scores)
    assert workbook["ind_02"]["B8"].value == "COI"


def test_workbook_readme_is_bilingual_and_says_synthetic() -> None:
    workbook = openpyxl.load_workbook(SAMPLE_DIR / "expert_scores.xlsx")
    text = "\n".join(str(v) for (v,) in workbook["_README"].iter_rows(values_only=True) if v)
    assert "synthetic" in text and "giả lập" in text
    assert "COI" in text and "trống" in text


def test_decision_matrix_is_the_panel_mean(
    numeric_cells: dict[tuple[str, str], list[int]],
) -> None:
    rows = _csv("decision_matrix.csv")
    assert list(rows[0]) == ["technology", *CRITERIA]
    assert [r["technology"] for r in rows] == TECHNOLOGIES
    for r in rows:
        for c in CRITERIA:
            assert float(r[c]) == pytest.approx(
                np.mean(numeric_cells[r["technology"], c]), abs=0.005
            )
    # ind_02's COI leaves 8 scores for semiconductors; the mean must not count it as a zero.
    assert len(numeric_cells["semiconductors", "national_goals"]) == 8
    semis = next(r for r in rows if r["technology"] == "semiconductors")
    assert float(semis["national_goals"]) >= 4.0


def test_ahp_pairwise_is_reciprocal_and_consistent() -> None:
    """Consistency ratio CR = CI / RI with CI = (lambda_max - n) / (n - 1).

    RI(4) = 0.90 from Saaty, T. L. (1980), *The Analytic Hierarchy Process*, McGraw-Hill,
    table of random consistency indices (n = 4).
    """
    rows = _csv("ahp_pairwise.csv")
    ids = ["strategic_fit", "impact", "capability", "cost_risk"]
    assert list(rows[0]) == ["criterion", *ids]
    assert [r["criterion"] for r in rows] == ids
    matrix = np.array([[float(Fraction(r[c])) for c in ids] for r in rows])
    saaty = {Fraction(k) for k in range(1, 10)} | {Fraction(1, k) for k in range(2, 10)}
    assert all(Fraction(r[c]) in saaty for r in rows for c in ids)
    np.testing.assert_allclose(matrix * matrix.T, np.ones((4, 4)))
    eigenvalues, eigenvectors = np.linalg.eig(matrix)
    k = int(np.argmax(eigenvalues.real))
    lambda_max = float(eigenvalues[k].real)
    ratio = (lambda_max - 4) / 3 / 0.90
    assert 0.0 < ratio < 0.10
    priorities = np.abs(eigenvectors[:, k].real)
    priorities /= priorities.sum()
    assert list(np.argsort(-priorities)) == [0, 1, 2, 3]
    assert priorities[0] + priorities[1] == pytest.approx(0.69, abs=0.03)


# --- the generator ---------------------------------------------------------------------------


def test_generator_reproduces_the_committed_files_byte_for_byte(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(SCRIPT), "--output-dir", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    for name in GENERATED:
        assert (tmp_path / name).read_bytes() == (SAMPLE_DIR / name).read_bytes(), name


@pytest.fixture(scope="module")
def generator() -> dict[str, Any]:
    return runpy.run_path(str(SCRIPT), run_name="make_sample_panel")


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_any_seed_gives_a_well_formed_panel(generator: dict[str, Any], seed: int) -> None:
    rows = generator["build_scores"](CRITERIA, seed=seed)
    assert len(rows) == 9 * 14 * 12
    values = Counter(r.score for r in rows)
    assert set(values) <= {"1", "2", "3", "4", "5"} | ABSTENTIONS
    assert values["COI"] == 12
    # 20 random abstentions plus one hand-written NA with its comment.
    assert values[""] + values["NA"] == 21
    assert rows == generator["build_scores"](CRITERIA, seed=seed)


def test_quick_screen_scores_summarise_the_full_panel() -> None:
    """Each quick-screen score is the expert's mean over the mapped criteria, rounded half up."""
    full = pd.read_csv(SAMPLE_DIR / "expert_scores.csv", dtype=str, keep_default_na=False)
    quick = pd.read_csv(
        SAMPLE_DIR / "expert_scores_quick_screen.csv", dtype=str, keep_default_na=False
    )
    assert len(quick) == 9 * 14 * 5

    def cells(frame: pd.DataFrame) -> dict[tuple[str, str, str], str]:
        keys = frame[["expert", "technology", "criterion"]].itertuples(index=False, name=None)
        return dict(zip(keys, frame["score"], strict=True))

    cell, got = cells(full), cells(quick)
    sources = {"strategic_value": ("national_goals", "autonomy", "security_defence")}
    sources["risk"] = ("implementation_risk", "time_to_impact")
    for (expert, technology, criterion), score in got.items():
        if criterion not in sources:
            continue
        given = [cell[expert, technology, c] for c in sources[criterion]]
        numbers = [int(v) for v in given if v.isdigit()]
        if "COI" in given:
            assert score == "COI"
        elif numbers:
            assert int(score) == int(sum(numbers) / len(numbers) + 0.5)
        else:
            assert score == ""
    assert {v for (e, t, _), v in got.items() if (e, t) == ("ind_02", "semiconductors")} == {"COI"}
