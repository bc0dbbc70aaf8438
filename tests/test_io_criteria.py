"""Tests for r57_mcda.io.criteria: TOML and table criteria sets, every problem, round trips."""

from __future__ import annotations

import dataclasses
import io
import string
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from r57_mcda.errors import CriteriaError, InputError
from r57_mcda.io.criteria import criteria_to_toml, load_criteria
from r57_mcda.models import CriteriaGroup, CriteriaSet, Criterion

VALID = """
[criteria_set]
id = "r57_test"
name = "Strategic technology selection"
name_vi = "Lựa chọn công nghệ chiến lược"

[[groups]]
id = "strategic_fit"
name = "Strategic fit"
name_vi = "Phù hợp chiến lược"

[[groups]]
id = "cost_risk"
name = "Cost and risk"

[[criteria]]
id = "national_goals"
name = "Alignment with national goals"
name_vi = "Phù hợp với mục tiêu quốc gia"
description = "How directly the technology serves Resolution 57."
direction = "benefit"
scale = [1, 5]
weight = 0.6
group = "strategic_fit"
reviewer_note = "unknown keys are allowed"

[[criteria]]
id = "investment_cost"
name = "Investment cost"
direction = "cost"
scale = [1.5, 9]
weight = 0.4
group = "cost_risk"
"""


def load_toml(text: str, name: str = "set.toml") -> CriteriaSet:
    return load_criteria(text.encode(), name=name)


def criteria_problems(text: str) -> list[tuple[int | None, str | None, str]]:
    """(row, column, message) of every problem the TOML ``text`` raises."""
    with pytest.raises(CriteriaError) as excinfo:
        load_toml(text)
    assert all(p.file == "set.toml" for p in excinfo.value.problems)
    return [(p.row, p.column, p.message) for p in excinfo.value.problems]


def entry(**values: object) -> str:
    """One [[criteria]] table; defaults make a valid criterion."""
    fields = {"id": "autonomy", "name": "Autonomy", "direction": "benefit"} | values
    lines = [f"{k} = {v!r}".replace("'", '"') for k, v in fields.items() if v is not None]
    return "[[criteria]]\n" + "\n".join(lines) + "\n"


# --- reading -------------------------------------------------------------------------------


def test_toml_set_is_loaded_with_groups_scales_and_weights() -> None:
    cs = load_toml(VALID)
    assert (cs.id, cs.name_vi, cs.source) == (
        "r57_test",
        "Lựa chọn công nghệ chiến lược",
        "set.toml",
    )
    assert cs.groups == (
        CriteriaGroup("strategic_fit", "Strategic fit", "Phù hợp chiến lược"),
        CriteriaGroup("cost_risk", "Cost and risk", ""),
    )
    assert cs.criteria[0] == Criterion(
        id="national_goals",
        name="Alignment with national goals",
        direction="benefit",
        name_vi="Phù hợp với mục tiêu quốc gia",
        description="How directly the technology serves Resolution 57.",
        scale=(1.0, 5.0),
        weight=0.6,
        group="strategic_fit",
    )
    assert cs.criteria[1].scale == (1.5, 9.0)
    assert cs.default_weights().tolist() == [0.6, 0.4]


def test_toml_without_criteria_set_takes_its_id_from_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "quick_screen.toml"
    path.write_text(entry(), encoding="utf-8")
    cs = load_criteria(path)
    assert (cs.id, cs.name, cs.source, cs.ids) == (
        "quick_screen",
        "quick_screen",
        "quick_screen.toml",
        ["autonomy"],
    )
    assert cs.criteria[0].weight is None
    assert cs.criteria[0].scale is None


def test_toml_is_recognised_without_an_extension() -> None:
    cs = load_criteria(VALID.encode())
    assert cs.id == "r57_test"


def test_direction_is_case_insensitive() -> None:
    assert load_toml(entry(direction="Cost")).criteria[0].direction == "cost"


def test_csv_table_with_scale_columns_and_decimal_comma() -> None:
    data = (
        "id;name;name_vi;direction;scale_min;scale_max;weight;extra\n"
        "autonomy;Autonomy;Tự chủ công nghệ;benefit;1;5;0,25;x\n"
        "investment_cost;Investment cost;Chi phí đầu tư;cost;;;0,75;\n"
    ).encode()
    cs = load_criteria(data, name="quick_set.csv")
    assert (cs.id, cs.name, cs.groups) == ("quick_set", "quick_set", ())
    assert [(c.id, c.name_vi, c.direction, c.scale, c.weight) for c in cs.criteria] == [
        ("autonomy", "Tự chủ công nghệ", "benefit", (1.0, 5.0), 0.25),
        ("investment_cost", "Chi phí đầu tư", "cost", None, 0.75),
    ]


def test_xlsx_table_prefers_a_sheet_named_criteria() -> None:
    workbook = openpyxl.Workbook()
    readme = workbook.worksheets[0]
    readme.title = "_README"
    readme.append(["Fill in the criteria sheet"])
    sheet = workbook.create_sheet("Criteria")
    sheet.append(["id", "name", "direction", "scale_min", "scale_max", "group"])
    sheet.append(["autonomy", "Autonomy", "benefit", 1, 5, "strategic_fit"])
    out = io.BytesIO()
    workbook.save(out)
    cs = load_criteria(out.getvalue(), name="set.xlsx")
    assert cs.criteria == (
        Criterion("autonomy", "Autonomy", "benefit", scale=(1.0, 5.0), group="strategic_fit"),
    )


# --- writing -------------------------------------------------------------------------------


def test_round_trip_through_toml_is_exact() -> None:
    cs = load_toml(VALID)
    text = criteria_to_toml(cs)
    assert text.startswith('[criteria_set]\nid = "r57_test"\n')
    assert '\n[[groups]]\nid = "strategic_fit"\n' in text
    assert "\nscale = [1, 5]\nweight = 0.6\n" in text
    again = load_toml(text, name="again.toml")
    assert again == dataclasses.replace(cs, source="again.toml")


ids = st.text(string.ascii_lowercase, min_size=1, max_size=6).map(lambda s: f"c_{s}")
texts = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20).map(
    str.strip
)


@st.composite
def criteria_sets(draw: st.DrawFn) -> CriteriaSet:
    chosen = draw(st.lists(ids, min_size=1, max_size=5, unique=True))
    weighted = draw(st.booleans())
    criteria = []
    for cid in chosen:
        lo = draw(st.floats(-10, 10, allow_nan=False))
        scale = draw(st.one_of(st.none(), st.just((lo, lo + draw(st.floats(0.5, 10))))))
        criteria.append(
            Criterion(
                id=cid,
                name=draw(texts.filter(bool)),
                direction=draw(st.sampled_from(["benefit", "cost"])),
                name_vi=draw(texts),
                description=draw(texts),
                scale=scale,
                weight=draw(st.floats(0.01, 5)) if weighted else None,
            )
        )
    return CriteriaSet(id="s", name=draw(texts.filter(bool)), criteria=tuple(criteria))


@settings(max_examples=50, deadline=None)
@given(criteria_sets())
def test_any_valid_set_round_trips(cs: CriteriaSet) -> None:
    again = load_toml(criteria_to_toml(cs), name="x.toml")
    assert again == dataclasses.replace(cs, source="x.toml")


# --- problems: one test per check ----------------------------------------------------------


def test_missing_id() -> None:
    assert criteria_problems(entry(id=None)) == [(None, "id", "criteria[1]: id is missing")]


def test_duplicate_id_points_at_the_first() -> None:
    found = criteria_problems(entry() + entry(id="cost") + entry())
    assert found == [
        (
            None,
            "id",
            "criteria[3] (id 'autonomy'): id 'autonomy' is used more than once "
            "(also criteria[1]); ids must be unique",
        )
    ]


def test_non_snake_case_id() -> None:
    [(row, column, message)] = criteria_problems(entry(id="Investment Cost"))
    assert (row, column) == (None, "id")
    assert message.startswith("criteria[1] (id 'Investment Cost'): id 'Investment Cost' is not")


def test_missing_name() -> None:
    found = criteria_problems(entry(name=None))
    assert found == [(None, "name", "criteria[1] (id 'autonomy'): name is missing")]


@pytest.mark.parametrize(
    ("direction", "got"), [("maximise", ", got 'maximise'"), (None, ""), ("", "")]
)
def test_bad_direction(direction: str | None, got: str) -> None:
    found = criteria_problems(entry(direction=direction))
    message = f"criteria[1] (id 'autonomy'): direction must be 'benefit' or 'cost'{got}"
    assert found == [(None, "direction", message)]


@pytest.mark.parametrize("scale", ["[5, 1]", "[3, 3]", "[1]", "[1, 2, 3]", '["1", 5]', "5"])
def test_bad_scale(scale: str) -> None:
    [(row, column, message)] = criteria_problems(entry() + f"scale = {scale}\n")
    assert (row, column) == (None, "scale")
    assert "scale must be two numbers [lowest, highest] with lowest < highest" in message


@pytest.mark.parametrize("weight", ["-0.1", "nan", "inf", '"0.2"', "true"])
def test_bad_weight(weight: str) -> None:
    [(row, column, message)] = criteria_problems(entry() + f"weight = {weight}\n")
    assert (row, column) == (None, "weight")
    assert "weight must be a number of at least 0" in message


def test_all_weights_zero() -> None:
    found = criteria_problems(entry(weight=0) + entry(id="cost", weight=0.0))
    message = "all weights are zero: at least one criterion needs a positive weight"
    assert found == [(None, "weight", message)]


def test_some_weights_missing() -> None:
    found = criteria_problems(entry(weight=0.5) + entry(id="cost") + entry(id="risk"))
    message = "weights are given for some criteria but not for 'cost', 'risk': give all or none"
    assert found == [(None, "weight", message)]


def test_group_must_be_declared_when_groups_are() -> None:
    text = '[[groups]]\nid = "impact"\nname = "Impact"\n' + entry(group="strategic")
    found = criteria_problems(text)
    message = (
        "criteria[1] (id 'autonomy'): group 'strategic' is not declared in [[groups]] (impact)"
    )
    assert found == [(None, "group", message)]


def test_groups_are_free_text_when_none_declared() -> None:
    assert load_toml(entry(group="anything")).criteria[0].group == "anything"


def test_text_fields_must_be_text() -> None:
    found = criteria_problems(entry(name_vi=5))
    assert found == [(None, "name_vi", "criteria[1] (id 'autonomy'): name_vi must be text, got 5")]


def test_invalid_toml_reports_its_line() -> None:
    [(row, column, message)] = criteria_problems('[[criteria]]\nid = "a"\nname = \n')
    assert (row, column) == (3, None)
    assert message.startswith("invalid TOML")


def test_no_criteria_entries() -> None:
    found = criteria_problems('[criteria_set]\nid = "x"\n')
    message = "no [[criteria]] entries: add one [[criteria]] table per criterion"
    assert found == [(None, "criteria", message)]


def test_every_problem_is_collected_before_raising() -> None:
    text = (
        entry(id="Bad Id")
        + entry(id="autonomy", direction="up")
        + entry(id="cost", name=None, weight=-1)
        + entry(id="risk", scale="x")
    )
    found = criteria_problems(text)
    assert [(column, message.split(":")[0]) for _, column, message in found] == [
        ("id", "criteria[1] (id 'Bad Id')"),
        ("direction", "criteria[2] (id 'autonomy')"),
        ("name", "criteria[3] (id 'cost')"),
        ("weight", "criteria[3] (id 'cost')"),
        ("scale", "criteria[4] (id 'risk')"),
        ("weight", "weights are given for some criteria but not for 'Bad Id', 'autonomy', 'risk'"),
    ]


def test_table_problems_are_located_by_row_and_column() -> None:
    data = (
        b"id,name,direction,scale_min,scale_max,weight\n"
        b"autonomy,Autonomy,benefit,1,,0.5\n"
        b",Nameless,cost,1,5,0.5\n"
        b"autonomy,Again,sideways,1,5,lots\n"
    )
    with pytest.raises(CriteriaError) as excinfo:
        load_criteria(data, name="set.csv")
    found = [(p.file, p.row, p.column, p.message) for p in excinfo.value.problems]
    assert found == [
        (
            "set.csv",
            2,
            "scale_max",
            "scale_min is given but scale_max is empty: give both or neither",
        ),
        ("set.csv", 3, "id", "id is missing"),
        ("set.csv", 4, "direction", "direction must be 'benefit' or 'cost', got 'sideways'"),
        ("set.csv", 4, "weight", "weight must be a number of at least 0, got 'lots'"),
        (
            "set.csv",
            4,
            "id",
            "id 'autonomy' is used more than once (also row 2); ids must be unique",
        ),
    ]


def test_table_missing_columns() -> None:
    with pytest.raises(CriteriaError, match="missing column 'direction'") as excinfo:
        load_criteria(b"id,name\nautonomy,Autonomy\n", name="set.csv")
    assert [(p.row, p.column) for p in excinfo.value.problems] == [(None, "direction")]


def test_unreadable_criteria_file_is_a_criteria_error() -> None:
    with pytest.raises(CriteriaError, match="not UTF-8") as excinfo:
        load_criteria("id,name\nà,b\n".encode("latin-1"), name="set.csv")
    assert isinstance(excinfo.value, InputError)
