"""The portfolio MILP: constraints as named rows, the HiGHS call, rounding and verification.

Variables: a binary ``y_i`` per technology (funded or not) and, for each technology that may
be funded in part, a continuous share ``x_i`` with ``min_share * y_i <= x_i <= y_i``. A
technology's *amount* is ``x_i`` when it may be funded in part, else ``y_i``; value, cost and
resource use are proportional to it. Rows (each :class:`Constraint` but the linking ones):

- budget: ``sum c_i a_i <= B``; resource ``r``: ``sum u_ir a_i <= L_r``;
- requires ``(a, b)``: ``y_a <= y_b``; excludes ``S``: ``sum_S y_i <= 1``;
- group ``g``: ``min <= sum_g y_i <= max`` and ``sum_g c_i a_i <= max_share * B``;
- must / must not: the bounds ``y_i = 1`` / ``y_i = 0``.

Each row is divided by its largest coefficient before it reaches the solver (HiGHS's
tolerances are absolute). A solution is rounded (``y`` to 0/1, ``x`` clipped to its bounds) and
every constraint checked on the original rows with :data:`FEASIBILITY_TOL` times the row's
largest coefficient: a violation is an internal error, never a result.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import Literal, get_args

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from r57_mcda.errors import MethodError, R57Error
from r57_mcda.i18n import Message, msg
from r57_mcda.portfolio.problem import PortfolioProblem
from r57_mcda.portfolio.quiet import quiet_stdout

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

ConstraintKind = Literal[
    "budget",
    "resource",
    "must",
    "must_not",
    "requires",
    "excludes",
    "group_min",
    "group_max",
    "group_share",
]
KINDS: tuple[ConstraintKind, ...] = get_args(ConstraintKind)

#: A rounded solution may exceed a row by this much times the row's largest coefficient.
FEASIBILITY_TOL = 1e-6
#: A binary more than this far from 0 or 1 is an internal error.
INTEGRALITY_TOL = 1e-4
#: HiGHS options: relative gap 0 (optimal, not merely good).
SOLVER_OPTIONS = {"mip_rel_gap": 0.0}
#: HiGHS can fail ("Solve error", status 4) on a problem infeasible by a hair, where its
#: presolve and its tolerances disagree; the call is then tried once more without presolve.
SOLVE_ERROR = 4
RETRY_OPTIONS = {"mip_rel_gap": 0.0, "presolve": False}


@dataclass(frozen=True)
class Constraint:
    """One constraint of a problem, named by :attr:`key` in results and explanations."""

    kind: ConstraintKind
    ids: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """``budget``, ``resource:staff``, ``must:ai``, ``requires:a>b``, ``excludes:a|b``,
        ``group_min:g``, ``group_max:g``, ``group_share:g``, ...: stable, JSON keys."""
        if self.kind == "budget":
            return "budget"
        joiner = ">" if self.kind == "requires" else "|"
        return f"{self.kind}:{joiner.join(self.ids)}"

    def message(self) -> Message:
        """The constraint in words (both languages)."""
        first = self.ids[0] if self.ids else ""
        second = self.ids[1] if len(self.ids) > 1 else ""
        return msg(f"pf_constraint_{self.kind}", id=first, other=second, ids=", ".join(self.ids))


def constraint_list(problem: PortfolioProblem) -> tuple[Constraint, ...]:
    """Every constraint of ``problem``, in the order of :data:`KINDS`."""
    c = problem.constraints
    items = [Constraint("budget")]
    items += [Constraint("resource", (r,)) for r in c.resources]
    items += [Constraint("must", (i,)) for i in dict.fromkeys(c.must)]
    items += [Constraint("must_not", (i,)) for i in dict.fromkeys(c.must_not)]
    items += [Constraint("requires", pair) for pair in dict.fromkeys(c.requires)]
    items += [Constraint("excludes", tuple(dict.fromkeys(s))) for s in c.excludes]
    groups = c.groups.items()
    items += [Constraint("group_min", (g,)) for g, lim in groups if lim.min > 0]
    items += [Constraint("group_max", (g,)) for g, lim in groups if lim.max is not None]
    items += [Constraint("group_share", (g,)) for g, lim in groups if lim.max_share is not None]
    return tuple(items)


@dataclass(frozen=True, eq=False)
class Model:
    """A problem's rows, built once; :meth:`with_budget` changes only the budget's bound.

    ``rows`` are the original coefficients, ``scaled`` the same divided by ``scale`` (each
    row's largest coefficient); ``labels[k]`` names row ``k`` (None for the rows linking a
    share to its binary). ``amount[i]`` is the column of technology ``i``'s amount.
    """

    problem: PortfolioProblem
    n: int
    amount: IntArray
    min_share: FloatArray
    rows: sparse.csr_array
    lower: FloatArray
    upper: FloatArray
    labels: tuple[Constraint | None, ...]
    scale: FloatArray
    scaled: sparse.csr_array
    col_lower: FloatArray
    col_upper: FloatArray
    relaxed: frozenset[str]

    @property
    def size(self) -> int:
        """Number of variables."""
        return len(self.col_lower)

    def with_budget(self, budget: float) -> Model:
        """The same model with the budget row at ``budget`` (group shares keep theirs)."""
        upper = self.upper.copy()
        for k, label in enumerate(self.labels):
            if label is not None and label.kind == "budget":
                upper[k] = budget
        return replace(self, upper=upper)

    def spread(self, per_technology: FloatArray) -> FloatArray:
        """A per-technology vector (value, cost) as coefficients of the variables."""
        out = np.zeros(self.size)
        out[self.amount] = per_technology
        return out


def build_model(problem: PortfolioProblem, *, relaxed: Collection[str] = ()) -> Model:
    """The rows of ``problem``, leaving out the constraints whose keys are in ``relaxed``."""
    ids = problem.ids
    n = len(ids)
    where = {t: i for i, t in enumerate(ids)}
    c = problem.constraints
    partial = [where[t] for t in ids if t in c.partial]
    amount = np.arange(n, dtype=np.int64)
    amount[partial] = n + np.arange(len(partial))
    min_share = np.array([float(c.partial[ids[i]]) for i in partial])
    entries: list[tuple[Constraint | None, dict[int, float], float, float]] = []
    col_lower, col_upper = np.zeros(n + len(partial)), np.ones(n + len(partial))
    for item in constraint_list(problem):
        if item.key in relaxed:
            continue
        kind = item.kind
        if kind in ("must", "must_not"):
            bound = col_lower if kind == "must" else col_upper
            bound[where[item.ids[0]]] = 1.0 if kind == "must" else 0.0
            continue
        row, low, high = _row(item, problem, where, amount)
        entries.append((item, row, low, high))
    for k, i in enumerate(partial):
        # x_i <= y_i and x_i >= min_share * y_i: a share only when funded.
        entries.append((None, {n + k: 1.0, i: -1.0}, -np.inf, 0.0))
        entries.append((None, {n + k: 1.0, i: -float(min_share[k])}, 0.0, np.inf))
    data, rows, cols = [], [], []
    for k, (_, row, _, _) in enumerate(entries):
        rows += [k] * len(row)
        cols += list(row)
        data += list(row.values())
    matrix = sparse.csr_array((data, (rows, cols)), shape=(len(entries), n + len(partial)))
    scale = _scales(matrix)
    return Model(
        problem=problem,
        n=n,
        amount=amount,
        min_share=min_share,
        rows=matrix,
        lower=np.array([e[2] for e in entries], dtype=float),
        upper=np.array([e[3] for e in entries], dtype=float),
        labels=tuple(e[0] for e in entries),
        scale=scale,
        scaled=sparse.csr_array(sparse.diags_array(1.0 / scale) @ matrix),
        col_lower=col_lower,
        col_upper=col_upper,
        relaxed=frozenset(relaxed),
    )


def _row(
    item: Constraint, problem: PortfolioProblem, where: dict[str, int], amount: IntArray
) -> tuple[dict[int, float], float, float]:
    """Coefficients by column, lower and upper bound of one constraint's row."""
    c, kind = problem.constraints, item.kind
    cost = problem.costs.to_numpy(dtype=float)
    if kind == "budget":
        return {int(amount[i]): float(cost[i]) for i in range(len(cost))}, -np.inf, problem.budget
    if kind == "resource":
        (resource,) = item.ids
        use = problem.usage[resource].to_numpy(dtype=float)
        limit = float(c.resources[resource])
        return {int(amount[i]): float(use[i]) for i in range(len(use))}, -np.inf, limit
    if kind == "requires":
        a, b = item.ids
        return {where[a]: 1.0, where[b]: -1.0}, -np.inf, 0.0
    if kind == "excludes":
        return {where[i]: 1.0 for i in item.ids}, -np.inf, 1.0
    (group,) = item.ids
    members = [i for i, g in enumerate(problem.groups) if g == group]
    bounds = c.groups[group]
    if kind == "group_share":
        share = float(bounds.max_share or 0.0) * problem.budget
        return {int(amount[i]): float(cost[i]) for i in members}, -np.inf, share
    if kind == "group_min":
        return dict.fromkeys(members, 1.0), float(bounds.min), np.inf
    return dict.fromkeys(members, 1.0), -np.inf, float(bounds.max or 0)


def _scales(matrix: sparse.csr_array) -> FloatArray:
    """Each row's largest absolute coefficient (1 for an empty row)."""
    if not matrix.shape[0]:
        return np.ones(0)
    largest = np.asarray(abs(matrix).max(axis=1).toarray(), dtype=float).ravel()
    return np.where(largest > 0, largest, 1.0)


def solve(
    model: Model,
    objective: FloatArray,
    *,
    extra: tuple[FloatArray, float] | None = None,
    magnitude: float = 1.0,
) -> FloatArray | None:
    """Minimise ``objective`` (per technology amount); None when infeasible.

    ``extra`` adds the row ``coefficients . amount >= bound`` (per technology). The objective
    reaches the solver scaled to a largest coefficient of ``magnitude`` (HiGHS's optimality
    gap is absolute: 1e-6). Returns the rounded amounts, verified against every constraint of
    ``model``.

    Raises
    ------
    MethodError
        The solver stopped without proving optimality or infeasibility.
    R57Error
        ``pf_internal_violation``: the rounded solution breaks a constraint.
    """
    matrix, lower, upper, scale = model.scaled, model.lower, model.upper, model.scale
    if extra is not None:
        coefficients, bound = extra
        row = model.spread(coefficients)
        largest = float(np.abs(row).max()) or 1.0
        matrix = sparse.vstack([matrix, sparse.csr_array(row[None, :] / largest)], format="csr")
        lower, upper = np.append(lower, bound), np.append(upper, np.inf)
        scale = np.append(scale, largest)
    reach = float(np.abs(objective).max()) if len(objective) else 0.0
    weights = model.spread(objective * (magnitude / reach) if reach > 0 else objective)
    constraints = (
        [LinearConstraint(matrix, lower / scale, upper / scale)] if matrix.shape[0] else []
    )
    integrality = np.zeros(model.size)
    integrality[: model.n] = 1
    for options in (SOLVER_OPTIONS, RETRY_OPTIONS):
        with quiet_stdout():
            result = milp(
                weights,
                integrality=integrality,
                bounds=Bounds(model.col_lower, model.col_upper),
                constraints=constraints,
                options=options,
            )
        if result.status != SOLVE_ERROR:
            break
    if result.status == 2:
        return None
    if result.status != 0 or result.x is None:
        raise MethodError("pf_solver_failed", status=int(result.status), detail=str(result.message))
    amounts = rounded(model, np.asarray(result.x, dtype=float))
    verify(model, amounts)
    return amounts


def rounded(model: Model, raw: FloatArray) -> FloatArray:
    """Per-technology amounts of a raw solution: binaries rounded, shares clipped."""
    y = np.round(raw[: model.n])
    worst = float(np.abs(raw[: model.n] - y).max()) if model.n else 0.0
    if worst > INTEGRALITY_TOL:
        raise R57Error("pf_internal_violation", constraint="integrality", excess=worst)
    amounts = y.copy()
    partial = model.amount >= model.n
    shares = raw[model.amount[partial]]
    amounts[partial] = np.clip(shares, model.min_share * y[partial], y[partial])
    return amounts


def variables(model: Model, amounts: FloatArray) -> FloatArray:
    """The variable vector of per-technology ``amounts`` (y = 1 where the amount is > 0)."""
    z = np.zeros(model.size)
    z[: model.n] = amounts > 0
    z[model.amount] = np.where(model.amount >= model.n, amounts, z[model.amount])
    return z


def activity(model: Model, amounts: FloatArray) -> FloatArray:
    """Each row's left-hand side at ``amounts``."""
    return np.asarray(model.rows @ variables(model, amounts), dtype=float)


def violations(model: Model, amounts: FloatArray) -> list[tuple[Constraint | None, float]]:
    """Every constraint of ``model`` that ``amounts`` break, with the excess."""
    act = activity(model, amounts)
    tol = FEASIBILITY_TOL * model.scale
    excess = np.maximum(act - model.upper, model.lower - act)
    found: list[tuple[Constraint | None, float]] = [
        (model.labels[k], float(excess[k])) for k in np.flatnonzero(excess > tol)
    ]
    funded = amounts[: model.n] > 0
    for i in np.flatnonzero(funded < model.col_lower[: model.n]):
        found.append((Constraint("must", (model.problem.ids[i],)), 1.0))
    for i in np.flatnonzero(funded > model.col_upper[: model.n]):
        found.append((Constraint("must_not", (model.problem.ids[i],)), 1.0))
    return found


def verify(model: Model, amounts: FloatArray) -> None:
    """Raise ``R57Error("pf_internal_violation")`` if ``amounts`` break a constraint."""
    found = violations(model, amounts)
    if found:
        label, excess = found[0]
        name = "linking" if label is None else label.key
        raise R57Error("pf_internal_violation", constraint=name, excess=excess)


def slacks(model: Model, amounts: FloatArray) -> dict[str, float]:
    """Each constraint's slack at ``amounts`` (bound minus left-hand side), by key.

    For a minimum, the slack is the excess over it; must and must-not bounds have slack 0. A
    slack within the tolerance below 0 is 0; a broken constraint has a negative slack.
    """
    act = activity(model, amounts)
    out: dict[str, float] = {}
    for k, label in enumerate(model.labels):
        if label is None:
            continue
        gap = model.upper[k] - act[k] if np.isfinite(model.upper[k]) else act[k] - model.lower[k]
        out[label.key] = max(float(gap), 0.0) if gap > -FEASIBILITY_TOL * model.scale[k] else gap
    for item in constraint_list(model.problem):
        if item.kind in ("must", "must_not") and item.key not in model.relaxed:
            out[item.key] = 0.0
    return out
