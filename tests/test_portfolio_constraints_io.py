"""r57_mcda.io.portfolio_constraints: the constraints file and the technologies' numeric columns."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from r57_mcda.errors import InputError
from r57_mcda.io.portfolio_constraints import (
    load_portfolio_constraints,
    load_technology_columns,
)
from r57_mcda.portfolio import Constraints, GroupLimit

TECHS = ["ai", "chips", "quantum", "bio", "g5", "sat", "coal"]
GROUPS = {"digital", "hardware", "life"}

GOOD = """\
budget = 40000
must = ["ai"]
must_not = ["coal"]
excludes = [["g5", "sat"]]

[requires]
quantum = ["chips", "ai"]

[groups.digital]
min = 1
max = 3
max_share = 0.4

[groups.life]
min = 1

[resources.staff]
limit = 120

[partial.bio]
min_share = 0.5
"""


def _load(text: str, **kwargs: object) -> Constraints:
    return load_portfolio_constraints(
        text.encode(),
        technologies=TECHS,
        groups=GROUPS,
        resources=("staff", "budget_2026"),
        name="rules.toml",
        **kwargs,  # type: ignore[arg-type]
    )


def test_reads_every_kind_of_constraint(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(GOOD, encoding="utf-8")
    expected = Constraints(
        budget=40000.0,
        must=("ai",),
        must_not=("coal",),
        requires=(("quantum", "chips"), ("quantum", "ai")),
        excludes=(("g5", "sat"),),
        groups={"digital": GroupLimit(1, 3, 0.4), "life": GroupLimit(min=1)},
        resources={"staff": 120.0},
        partial={"bio": 0.5},
    )
    assert _load(GOOD) == expected
    from_path = load_portfolio_constraints(
        path, technologies=TECHS, groups=GROUPS, resources=("staff",)
    )
    assert from_path == expected
    assert _load("") == Constraints()


def _problems(text: str) -> dict[str | None, str]:
    with pytest.raises(InputError) as caught:
        _load(text)
    assert {p.file for p in caught.value.problems} == {"rules.toml"}
    return {p.column: p.code for p in caught.value.problems}


def test_every_problem_is_reported_with_its_key_path() -> None:
    text = """\
budgte = 5
budget = -1
must = ["ai", "nuclear", 3]
must_not = ["ai"]
excludes = [["g5"]]

[requires]
chips = ["chips"]

[groups.digital]
min = 4
max = 2
max_share = 1.5
maximum = 3

[groups.space]
min = 1

[groups.life]
min = 1.5

[resources.staff]
limit = -3

[resources.money]
limit = 10

[resources.budget_2026]

[partial.bio]
min_share = 0
"""
    assert _problems(text) == {
        "budgte": "pf_unknown_key",
        "budget": "pf_budget_invalid",
        "must[2]": "pf_unknown_technology",
        "must[3]": "pf_not_an_id",
        "must[1]": "pf_must_and_must_not",
        "excludes[1]": "pf_excludes_short",
        "requires.chips": "pf_requires_self",
        "groups.digital.min": "pf_group_min_max",
        "groups.digital.max_share": "pf_share_invalid",
        "groups.digital.maximum": "pf_unknown_key",
        "groups.space": "pf_unknown_group",
        "groups.life.min": "pf_count_invalid",
        "resources.staff.limit": "pf_limit_negative",
        "resources.money": "pf_unknown_resource",
        "resources.budget_2026.limit": "pf_key_missing",
        "partial.bio.min_share": "pf_share_invalid",
    }


def test_problems_read_in_both_languages() -> None:
    with pytest.raises(InputError) as caught:
        _load("[groups.digital]\nmax_share = 1.5\n")
    (problem,) = caught.value.problems
    assert problem.render("en") == (
        "rules.toml, column 'groups.digital.max_share': A share must be a number above 0 and "
        "at most 1; got 1.5."
    )
    assert "Tỷ lệ phải là một số lớn hơn 0" in problem.render("vi")


def test_wrong_kinds_of_value() -> None:
    text = """\
budget = "lots"
must = "ai"
must_not = 3
excludes = "g5"
requires = ["chips"]
groups = 1

[resources.staff]
limit = "ten"
"""
    assert _problems(text) == {
        "budget": "pf_not_a_number",
        "must_not": "pf_not_a_list",
        "excludes": "pf_not_a_list",
        "requires": "pf_not_a_table",
        "groups": "pf_not_a_table",
        "resources.staff.limit": "pf_not_a_number",
    }


def test_invalid_toml_names_its_line() -> None:
    with pytest.raises(InputError) as caught:
        _load('must = ["ai"]\nbudget = = 3\n')
    (problem,) = caught.value.problems
    assert (problem.code, problem.row) == ("pf_invalid_toml", 2)


def test_min_per_group_shortcut() -> None:
    base = Constraints(groups={"digital": GroupLimit(min=2, max=3)})
    merged = base.with_min_per_group(1, ["digital", "life"])
    assert merged.groups == {"digital": GroupLimit(2, 3), "life": GroupLimit(min=1)}


def test_technology_columns() -> None:
    csv = "id,name,budget,staff\nai,AI,12000,10\nchips,Chips,,4\nbio,Bio,3000.5,0\n"
    frame = load_technology_columns(io.BytesIO(csv.encode()), ["budget", "staff"], name="t.csv")
    assert list(frame.index) == ["ai", "chips", "bio"]
    assert frame.loc["bio", "budget"] == 3000.5
    assert pd.isna(frame.loc["chips", "budget"])
    assert frame["staff"].tolist() == [10.0, 4.0, 0.0]


def test_technology_columns_problems_are_located() -> None:
    csv = "id,budget,staff\nai,-5,x\nchips,3,1\n"
    with pytest.raises(InputError) as caught:
        load_technology_columns(csv.encode(), ["budget", "staff"], name="t.csv")
    assert [(p.code, p.row, p.column) for p in caught.value.problems] == [
        ("pf_cell_invalid", 2, "budget"),
        ("pf_cell_invalid", 2, "staff"),
    ]
    with pytest.raises(InputError) as caught:
        load_technology_columns(csv.encode(), ["people"], name="t.csv")
    assert [(p.code, p.column) for p in caught.value.problems] == [("pf_column_missing", "people")]
