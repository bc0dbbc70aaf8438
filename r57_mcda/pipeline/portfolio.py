"""Select the funded portfolio on an analysis: the one entry the CLI, the app and the report share.

The analysis of an :class:`~r57_mcda.spec.AnalysisSpec` ranks the technologies; the ranking's
scores become values on the method's ratio scale (:func:`r57_mcda.portfolio.ranking_values`);
costs and resource use are the technologies file's columns; :class:`PortfolioSettings` says
the budget, the constraints and what else to compute (frontier, robustness), and
:func:`run_portfolio` solves it with :func:`r57_mcda.portfolio.select_portfolio`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

import pandas as pd

from r57_mcda.errors import InputError, Problem, SpecError
from r57_mcda.io.inputs import InputFile, LoadedInputs
from r57_mcda.io.portfolio_constraints import load_portfolio_constraints, load_technology_columns
from r57_mcda.io.tables import read_bytes
from r57_mcda.pipeline.analysis import AnalysisResult, analyse
from r57_mcda.pipeline.sensitivity import SensitivitySettings, expert_bootstrap
from r57_mcda.portfolio import (
    Constraints,
    GroupLimit,
    PortfolioProblem,
    PortfolioResult,
    Uncertainty,
    portfolio_problem,
    ranking_values,
    select_portfolio,
)
from r57_mcda.spec import AnalysisSpec
from r57_mcda.vocab import (
    DEFAULT_CONCENTRATION,
    DEFAULT_COST_COLUMN,
    DEFAULT_INTERVAL,
    DEFAULT_PORTFOLIO_DRAWS,
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    DEFAULT_WEIGHT_MODEL,
)

#: The problems of costs and resource use that the technologies file's name locates.
_TABLE_PROBLEMS = frozenset({"pf_cost_invalid", "pf_usage_invalid"})
#: The technologies file's columns of text (DESIGN.md, Data), never a resource.
_TEXT_COLUMNS = frozenset(
    {"id", "name", "name_vi", "group", "description", "group_name", "group_name_vi"}
)


@dataclass(frozen=True)
class PortfolioSettings:
    """What to select on an analysis: budget, costs, constraints, frontier and robustness.

    ``budget`` None takes the constraints' own (the file's ``budget``); ``constraints_file`` and
    ``constraints_sha256`` record the TOML file the constraints were read from (the constraints
    themselves are kept whole, so a re-run does not read the file again). ``min_per_group`` is
    the command line's ``--min-per-group`` (applied to every group with a candidate);
    ``frontier`` the budget range ``(low, high)`` of the efficient frontier (``high`` None: the
    budget). With ``robust``, ``draws`` Monte Carlo draws seeded by ``seed``, with the weight
    model and expert bootstrap of the sensitivity command's options (``weights_model``,
    ``concentration``, ``interval`` as a fraction, ``bootstrap_experts``, ``resamples``).
    """

    budget: float | None = None
    cost_column: str = DEFAULT_COST_COLUMN
    constraints: Constraints = field(default_factory=Constraints)
    constraints_file: str = ""
    constraints_sha256: str = ""
    min_per_group: int = 0
    frontier: tuple[float, float | None] | None = None
    robust: bool = False
    draws: int = DEFAULT_PORTFOLIO_DRAWS
    seed: int = DEFAULT_SEED
    weights_model: str = DEFAULT_WEIGHT_MODEL
    concentration: float = DEFAULT_CONCENTRATION
    interval: float = DEFAULT_INTERVAL
    bootstrap_experts: bool = False
    resamples: int = DEFAULT_RESAMPLES

    def __post_init__(self) -> None:
        self.montecarlo()  # an unknown weight model fails here, naming the known ones

    def montecarlo(self) -> SensitivitySettings:
        """The Monte Carlo settings of the robustness run (as ``r57-mcda sensitivity``)."""
        return SensitivitySettings(
            analysis="montecarlo",
            draws=self.draws,
            weights_model=self.weights_model,
            concentration=self.concentration,
            interval=self.interval,
            bootstrap_experts=self.bootstrap_experts,
            resamples=self.resamples,
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON and TOML ready: unset values are left out, never null)."""
        data: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        data["constraints"] = constraints_to_dict(self.constraints)
        if self.frontier is None:
            del data["frontier"]
        else:
            low, high = self.frontier
            data["frontier"] = {"low": low} if high is None else {"low": low, "high": high}
        if self.budget is None:
            del data["budget"]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "spec") -> PortfolioSettings:
        """Settings from plain data (:meth:`to_dict`'s layout).

        Raises
        ------
        SpecError
            Unknown keys, or a value of the wrong type.
        """
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise SpecError("spec_unknown_keys", source=source, keys=", ".join(unknown))
        values = dict(data)
        try:
            values["constraints"] = constraints_from_dict(values.get("constraints", {}))
            frontier = values.get("frontier")
            if frontier is not None:
                high = frontier.get("high")
                values["frontier"] = (float(frontier["low"]), None if high is None else float(high))
            if values.get("budget") is not None:
                values["budget"] = float(values["budget"])
            for flag in ("robust", "bootstrap_experts"):
                if not isinstance(values.get(flag, False), bool):
                    raise ValueError(f"{flag} must be true or false, got {values[flag]!r}")
            return cls(**values)
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            raise SpecError("spec_invalid_value", source=source, reason=str(exc)) from exc


def constraints_to_dict(constraints: Constraints) -> dict[str, Any]:
    """The constraints in the layout of the constraints file (TOML ready, no nulls)."""
    requires: dict[str, list[str]] = {}
    for a, b in constraints.requires:
        requires.setdefault(a, []).append(b)
    data: dict[str, Any] = {} if constraints.budget is None else {"budget": constraints.budget}
    data |= {
        "must": list(constraints.must),
        "must_not": list(constraints.must_not),
        "requires": requires,
        "excludes": [list(s) for s in constraints.excludes],
        "groups": {
            g: {k: v for k, v in vars(limit).items() if v is not None}
            for g, limit in constraints.groups.items()
        },
        "resources": {r: {"limit": v} for r, v in constraints.resources.items()},
        "partial": {t: {"min_share": v} for t, v in constraints.partial.items()},
    }
    return data


def constraints_from_dict(data: Mapping[str, Any]) -> Constraints:
    """Constraints from :func:`constraints_to_dict`'s layout (their values are checked against
    the data when the problem is built).

    Raises
    ------
    TypeError, ValueError, KeyError, AttributeError
        A value of the wrong type (:meth:`PortfolioSettings.from_dict` reports it).
    """
    budget = data.get("budget")
    return Constraints(
        budget=None if budget is None else float(budget),
        must=tuple(str(i) for i in data.get("must", ())),
        must_not=tuple(str(i) for i in data.get("must_not", ())),
        requires=tuple(
            (str(a), str(b)) for a, bs in dict(data.get("requires", {})).items() for b in bs
        ),
        excludes=tuple(tuple(str(i) for i in s) for s in data.get("excludes", ())),
        groups={str(g): GroupLimit(**dict(lim)) for g, lim in dict(data.get("groups", {})).items()},
        resources={str(r): float(v["limit"]) for r, v in dict(data.get("resources", {})).items()},
        partial={str(t): float(v["min_share"]) for t, v in dict(data.get("partial", {})).items()},
    )


def technologies_file(loaded: LoadedInputs, cost_column: str) -> InputFile:
    """The technologies file of ``loaded``, where costs and resources are read.

    Raises
    ------
    InputError
        The analysis has no technologies file (``pfcli_no_technologies``).
    """
    found = next((f for f in loaded.files if f.role == "technologies"), None)
    if found is None:
        raise InputError(Problem("pfcli_no_technologies", params={"column": cost_column}))
    return found


def read_constraints(
    loaded: LoadedInputs, source: Any, *, name: str | None = None
) -> tuple[Constraints, str]:
    """The constraints file ``source`` (a path, bytes or file object) checked against the
    analysis's technologies, groups and the technologies file's columns, and its SHA-256.

    Raises
    ------
    InputError
        The file cannot be read, or any problem of its content (located by key path).
    """
    content = read_bytes(source, name=name)
    ids = [t.id for t in loaded.technologies]
    groups = {t.group for t in loaded.technologies if t.group}
    tech = next((f for f in loaded.files if f.role == "technologies"), None)
    resources = technology_columns(tech) if tech is not None else ()
    constraints = load_portfolio_constraints(
        content, technologies=ids, groups=groups, resources=resources, name=name
    )
    return constraints, hashlib.sha256(content).hexdigest()


def technology_columns(tech: InputFile) -> tuple[str, ...]:
    """The columns of the technologies file a resource may name: all but the documented text
    columns (a non-numeric cell in one is reported when the column is read)."""
    from r57_mcda.io.tables import pick_table, read_tables

    table = pick_table(read_tables(tech.content, name=tech.name), ("id",))
    return tuple(str(c) for c in table.frame.columns if str(c) not in _TEXT_COLUMNS)


def portfolio_problem_of(result: AnalysisResult, settings: PortfolioSettings) -> PortfolioProblem:
    """The portfolio problem of an analysis: its ranking's values, the technologies file's
    costs and resource use, the settings' budget and constraints.

    Raises
    ------
    MethodError
        The analysis's method has no ratio scale (``pf_method_unsupported``).
    InputError
        No technologies file; a missing cost or resource column; a missing or negative cost
        (located in the technologies file); any problem of the budget or the constraints.
    """
    values, scale = ranking_values(result.ranking, result.criteria)
    constraints = settings.constraints
    tech = technologies_file(result.inputs, settings.cost_column)
    resources = list(constraints.resources)
    table = load_technology_columns(
        tech.content, [settings.cost_column, *resources], name=tech.name
    )
    groups = pd.Series({t.id: t.group for t in result.inputs.technologies}, dtype=object).reindex(
        values.index
    )
    if settings.min_per_group:
        present = sorted({str(g) for g in groups.dropna() if g})
        constraints = constraints.with_min_per_group(settings.min_per_group, present)
    try:
        return portfolio_problem(
            values,
            table[settings.cost_column].reindex(values.index),
            budget=settings.budget,
            groups=groups.fillna(""),
            usage=table[resources].reindex(values.index),
            constraints=constraints,
            scale=scale,
            cost_column=settings.cost_column,
        )
    except InputError as exc:
        raise InputError(
            replace(p, file=tech.name) if p.code in _TABLE_PROBLEMS and not p.file else p
            for p in exc.problems
        ) from exc


def portfolio_uncertainty(result: AnalysisResult, settings: PortfolioSettings) -> Uncertainty:
    """What the robustness run draws: the sensitivity command's weight model around the
    analysis's weights and, with ``bootstrap_experts``, its expert bootstrap.

    Raises
    ------
    MethodError
        ``bootstrap_experts`` on a decision matrix (no experts to resample).
    """
    bootstrap = (
        expert_bootstrap(result, resamples=settings.resamples)
        if settings.bootstrap_experts
        else None
    )
    return Uncertainty(
        matrix=result.matrix,
        weights=result.weights.values,
        criteria=result.criteria,
        method=result.spec.method,
        params=dict(result.spec.params),
        weight_model=settings.montecarlo().weight_model(),
        bootstrap=bootstrap,
        draws=settings.draws,
        seed=settings.seed,
    )


def portfolio_for(
    result: AnalysisResult,
    settings: PortfolioSettings,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> PortfolioResult:
    """The portfolio of an analysis already run (the report's and the command line's path).

    ``progress(done, total)`` follows the robustness run.
    """
    problem = portfolio_problem_of(result, settings)
    uncertainty = portfolio_uncertainty(result, settings) if settings.robust else None
    return select_portfolio(
        problem, frontier=settings.frontier, uncertainty=uncertainty, progress=progress
    )


def run_portfolio(
    loaded: LoadedInputs,
    spec: AnalysisSpec,
    settings: PortfolioSettings,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> PortfolioResult:
    """Analyse ``loaded`` as ``spec`` says and select its portfolio as ``settings`` say.

    Parameters
    ----------
    loaded
        The analysis's inputs; costs and resources come from its technologies file.
    spec
        The analysis: its method must be one of :data:`r57_mcda.portfolio.VALUE_METHODS`.
    settings
        Budget, costs, constraints, frontier and robustness.
    progress
        Called as ``progress(done, total)`` during the robustness run.

    Raises
    ------
    InputError
        Bad input (see :func:`portfolio_problem_of`).
    MethodError
        A method without a ratio scale; a bad frontier range; a solver failure.
    """
    result = analyse(loaded, spec, agreement=False)
    return portfolio_for(result, settings, progress=progress)
