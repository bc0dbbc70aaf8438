"""``r57_mcda.pipeline.portfolio`` and ``portfolio_spec``: settings, the problem of an analysis,
its solution against brute force, and spec files that round-trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from r57_mcda.errors import InputError, MethodError, SpecError
from r57_mcda.io.bundled import sample_paths
from r57_mcda.io.inputs import InputFile, LoadedInputs, load_inputs
from r57_mcda.pipeline.analysis import analyse, spec_for
from r57_mcda.pipeline.portfolio import (
    PortfolioSettings,
    constraints_from_dict,
    constraints_to_dict,
    portfolio_for,
    portfolio_problem_of,
    read_constraints,
    run_portfolio,
)
from r57_mcda.pipeline.portfolio_spec import (
    PORTFOLIO_KIND,
    PortfolioSpec,
    load_portfolio_spec,
    save_portfolio_spec,
    spec_kind,
)
from r57_mcda.portfolio import Constraints, GroupLimit
from r57_mcda.vocab import DEFAULT_PORTFOLIO_DRAWS
from tests.helpers.portfolios import (
    HL_BUDGET,
    HL_CAPITAL,
    HL_NPV,
    HL_OPTIMUM,
    brute_force,
    hillier_lieberman_files,
    hl_rules,
)

SAMPLE = sample_paths()
SAMPLE_CONSTRAINTS = (
    Path(__file__).resolve().parents[1] / "sample_inputs/portfolio_constraints.toml"
)


def _sample(*, scores: bool = True) -> LoadedInputs:
    roles = ("criteria", "scores", "technologies", "experts") if scores else ("criteria",)
    files = [InputFile.from_path(r, SAMPLE[r]) for r in roles]
    if not scores:
        files += [
            InputFile.from_path("matrix", SAMPLE["matrix"]),
            InputFile.from_path("technologies", SAMPLE["technologies"]),
        ]
    return load_inputs(files)


def _hl(tmp_path: Path) -> LoadedInputs:
    paths = hillier_lieberman_files(tmp_path)
    return load_inputs(
        [InputFile.from_path(r, paths[r]) for r in ("criteria", "matrix", "technologies")]
    )


def test_hillier_lieberman_through_the_pipeline(tmp_path: Path) -> None:
    """Hillier & Lieberman's California Manufacturing Company (binary integer programming's
    prototype example): both factories, no warehouse, NPV 14 with 9 of the 10 of capital."""
    loaded = _hl(tmp_path)
    constraints, sha = read_constraints(loaded, tmp_path / "constraints.toml", name="hl.toml")
    assert len(sha) == 64
    assert constraints.budget == HL_BUDGET
    result = run_portfolio(loaded, spec_for(loaded), PortfolioSettings(constraints=constraints))
    chosen, value, cost = brute_force(HL_NPV, HL_CAPITAL, HL_BUDGET, hl_rules)
    assert (chosen, value) == HL_OPTIMUM and cost == 9.0
    assert result.status == "optimal" and result.optimal is not None
    assert set(result.optimal.selected) == chosen
    assert result.optimal.value == pytest.approx(value, abs=1e-9)
    assert result.optimal.cost == pytest.approx(cost)
    # Values on the WSM scale are the NPVs themselves (declared scale [0, 100], weight 1).
    assert dict(result.problem.values) == pytest.approx(HL_NPV)
    assert result.optimal.slack["budget"] == pytest.approx(1.0)


def test_sample_budget_only_matches_brute_force() -> None:
    loaded = _sample()
    result = analyse(loaded, spec_for(loaded), agreement=False)
    outcome = portfolio_for(result, PortfolioSettings(budget=40000))
    problem = outcome.problem
    values = {str(k): float(v) for k, v in problem.values.items()}
    costs = {t.id: float(t.budget or 0) for t in loaded.technologies}
    chosen, value, cost = brute_force(values, costs, 40000.0)
    assert outcome.optimal is not None
    assert set(outcome.optimal.selected) == chosen
    assert outcome.optimal.value == pytest.approx(value)
    assert outcome.optimal.cost == pytest.approx(cost) and cost <= 40000
    # The values are the WSM scores, on their 0-100 points.
    assert dict(problem.values) == pytest.approx(dict(result.ranking.scores))


def test_sample_constraints_file_is_feasible_and_binding() -> None:
    loaded = _sample()
    constraints, _ = read_constraints(loaded, SAMPLE_CONSTRAINTS)
    result = run_portfolio(loaded, spec_for(loaded), PortfolioSettings(constraints=constraints))
    best = result.optimal
    assert result.status == "optimal" and best is not None
    assert "ai_digital_twin" in best.selected and "blockchain" not in best.selected
    assert not {"semiconductors", "aerospace_uav"} <= set(best.selected)
    assert best.cost <= 40000
    groups = {t.id: t.group for t in loaded.technologies}
    digital = [i for i in best.selected if groups[i] == "digital"]
    assert len(digital) <= 3
    assert any(groups[i] == "hardware" for i in best.selected)
    # The rules cost value: the budget-only optimum is worth more.
    free = run_portfolio(loaded, spec_for(loaded), PortfolioSettings(budget=40000))
    assert free.optimal is not None and free.optimal.value > best.value


def test_min_per_group_reaches_every_group_with_a_candidate() -> None:
    loaded = _sample()
    result = analyse(loaded, spec_for(loaded), agreement=False)
    problem = portfolio_problem_of(result, PortfolioSettings(budget=90000, min_per_group=1))
    groups = {t.group for t in loaded.technologies}
    assert set(problem.constraints.groups) == groups
    assert all(limit.min == 1 for limit in problem.constraints.groups.values())
    best = portfolio_for(result, PortfolioSettings(budget=90000, min_per_group=1)).optimal
    assert best is not None
    funded = {problem.groups[i] for i in best.selected}
    assert funded == groups


def test_missing_technologies_file_and_costs_are_located(tmp_path: Path) -> None:
    criteria = InputFile.from_path("criteria", SAMPLE["criteria"])
    loaded = load_inputs([criteria, InputFile.from_path("matrix", SAMPLE["matrix"])])
    result = analyse(loaded, spec_for(loaded), agreement=False)
    with pytest.raises(InputError) as caught:
        portfolio_for(result, PortfolioSettings(budget=10))
    assert [p.code for p in caught.value.problems] == ["pfcli_no_technologies"]

    # quantum's cost left blank
    lines = [
        line.replace(",digital,3000,", ",digital,,") if line.startswith("quantum") else line
        for line in SAMPLE["technologies"].read_text(encoding="utf-8").splitlines()
    ]
    techs = tmp_path / "techs.csv"
    techs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    files = [criteria, InputFile.from_path("matrix", SAMPLE["matrix"])]
    loaded = load_inputs([*files, InputFile.from_path("technologies", techs, name="techs.csv")])
    result = analyse(loaded, spec_for(loaded), agreement=False)
    with pytest.raises(InputError) as caught:
        portfolio_for(result, PortfolioSettings(budget=10))
    (problem,) = caught.value.problems
    assert (problem.code, problem.file, problem.column) == (
        "pf_cost_invalid",
        "techs.csv",
        "budget",
    )
    assert problem.params["id"] == "quantum"


def test_bootstrap_needs_the_experts_scores() -> None:
    loaded = _sample(scores=False)
    result = analyse(loaded, spec_for(loaded), agreement=False)
    settings = PortfolioSettings(budget=40000, robust=True, draws=5, bootstrap_experts=True)
    with pytest.raises(MethodError, match="expert"):
        portfolio_for(result, settings)


def test_robustness_is_seeded_and_bootstraps_a_panel() -> None:
    loaded = _sample()
    result = analyse(loaded, spec_for(loaded), agreement=False)
    settings = PortfolioSettings(
        budget=40000, robust=True, draws=30, seed=5, bootstrap_experts=True, resamples=10
    )
    a = portfolio_for(result, settings).robustness
    b = portfolio_for(result, settings).robustness
    assert a is not None and b is not None
    assert a.to_dict() == b.to_dict()
    assert a.draws == 30 and a.seed == 5 and a.bootstrap is not None


def _full_constraints() -> Constraints:
    return Constraints(
        budget=123.5,
        must=("a",),
        must_not=("b",),
        requires=(("c", "a"), ("c", "d")),
        excludes=(("d", "e", "f"),),
        groups={"g": GroupLimit(min=1, max=2, max_share=0.5), "h": GroupLimit(min=2)},
        resources={"staff": 12.0},
        partial={"e": 0.25},
    )


def test_settings_round_trip_through_plain_data() -> None:
    settings = PortfolioSettings(
        budget=100.0,
        cost_column="capex",
        constraints=_full_constraints(),
        constraints_file="rules.toml",
        constraints_sha256="ab" * 32,
        min_per_group=1,
        frontier=(10.0, None),
        robust=True,
        draws=20,
        seed=3,
        weights_model="dirichlet",
        concentration=50.0,
        bootstrap_experts=True,
        resamples=30,
    )
    data = settings.to_dict()
    assert data["frontier"] == {"low": 10.0}
    assert data["constraints"]["requires"] == {"c": ["a", "d"]}
    assert data["constraints"]["groups"]["h"] == {"min": 2}
    assert json.loads(json.dumps(data)) == data  # plain data, no null
    assert PortfolioSettings.from_dict(data) == settings
    assert constraints_from_dict(constraints_to_dict(Constraints())) == Constraints()
    assert PortfolioSettings().draws == DEFAULT_PORTFOLIO_DRAWS


def test_settings_refuse_unknown_keys_and_bad_values() -> None:
    with pytest.raises(SpecError, match="unknown key"):
        PortfolioSettings.from_dict({"budgett": 3}, source="x.json")
    with pytest.raises(SpecError, match=r"x\.json"):
        PortfolioSettings.from_dict({"frontier": {"high": 3}}, source="x.json")
    with pytest.raises(SpecError, match="robust must be true or false"):
        PortfolioSettings.from_dict({"robust": "yes"}, source="x.json")
    with pytest.raises(MethodError, match="gaussian"):
        PortfolioSettings(weights_model="gaussian")


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_portfolio_spec_files_round_trip(tmp_path: Path, suffix: str) -> None:
    loaded = _sample()
    analysis = spec_for(loaded, method="topsis", seed=4)
    settings = PortfolioSettings(budget=30000.0, constraints=_full_constraints(), frontier=(0, 9))
    path = tmp_path / "sub" / f"run{suffix}"
    save_portfolio_spec(PortfolioSpec(analysis, settings), path)
    assert spec_kind(path) == PORTFOLIO_KIND
    back = load_portfolio_spec(path)
    assert back.portfolio == settings
    assert back.analysis.method == "topsis" and back.analysis.seed == 4
    # The inputs are written relative to the spec file, as save_spec writes them.
    assert {r.sha256 for r in back.analysis.inputs} == {r.sha256 for r in analysis.inputs}
    assert all(not Path(r.name).is_absolute() for r in back.analysis.inputs)


def test_portfolio_spec_errors_name_the_file(tmp_path: Path) -> None:
    plain = tmp_path / "plain.json"
    plain.write_text('{"inputs": []}', encoding="utf-8")
    assert spec_kind(plain) == ""
    assert spec_kind(tmp_path / "missing.json") == ""
    with pytest.raises(SpecError, match="not a portfolio spec"):
        load_portfolio_spec(plain)
    odd = tmp_path / "odd.json"
    odd.write_text('{"kind": "portfolio", "analysis": 3, "extra": 1}', encoding="utf-8")
    with pytest.raises(SpecError, match=r"odd\.json.*extra"):
        load_portfolio_spec(odd)
    broken = tmp_path / "broken.toml"
    broken.write_text("kind = ", encoding="utf-8")
    with pytest.raises(SpecError, match="not valid JSON or TOML"):
        load_portfolio_spec(broken)
