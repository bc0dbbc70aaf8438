"""Stability intervals: how far one weight can move before the leader or the top k change.

For each criterion the weight is swept as in :mod:`~r57_mcda.sensitivity.sweep` (the others
in proportion, by the one rule of :mod:`~r57_mcda.weighting.rescale`, which also says what
happens when the criterion holds all the weight); the stability interval is the connected
stretch of weights around the current one on which (a) the set of first-ranked technologies and
(b) the top-k set (ranks <= k, so a tie at rank k keeps every member) stay what they are now.

- ``wsm``: exact, from the closed-form breakpoints. An end at a breakpoint is open (at the
  breakpoint itself two technologies tie, which already changes the set); an end at 0 or 1 is
  closed and means "stable all the way".
- other methods: the sweep's grid, then bisection between the last grid point inside and the
  first outside until they are ``tolerance`` apart. The reported end is the last weight
  verified inside (so the end is closed) and the change lies within ``resolution`` beyond it.
  A change and change-back between two grid points can be missed. A weight where the method
  is undefined (CoCoSo when a technology is the worst on every criterion left with weight)
  counts as a change: the interval stops before it, at an open end (the first failed weight
  the bisection found), and the grid points where the method failed are counted (``failed``,
  of ``points``) with the first named (``failure``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from r57_mcda.errors import MethodError
from r57_mcda.i18n import Message, msg
from r57_mcda.i18n.phrases import shown
from r57_mcda.models import CriteriaSet
from r57_mcda.sensitivity.engine import (
    RankEngine,
    check_top_k,
    normalised_weights,
    undefined_error,
)
from r57_mcda.sensitivity.sweep import BREAKPOINT_TOL, Piece, exact_pieces, sweep_engine
from r57_mcda.vocab import DEFAULT_POINTS
from r57_mcda.weighting.rescale import rescaled_rows

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
State = frozenset[int]

#: The state of a weight where the method could not rank (no technology has rank -1).
FAILED: State = frozenset({-1})


@dataclass(frozen=True)
class StabilityInterval:
    """The weights of one criterion within which a set of technologies stays the same.

    ``kept`` is that set (technology ids) at the current weight ``current``. ``resolution`` is
    0 for exact ends; otherwise the set changes within ``resolution`` beyond an end that is not
    0 or 1. ``failed`` of the ``points`` grid weights could not be ranked (``failure`` says
    why); the interval ends before the first of them.
    """

    criterion: str
    current: float
    lower: float
    upper: float
    lower_closed: bool
    upper_closed: bool
    kept: tuple[str, ...]
    exact: bool
    resolution: float
    failed: int = 0
    points: int = 0
    failure: Message | None = None

    def notation(self, digits: int = 4) -> str:
        """The interval in mathematical notation, e.g. ``[0, 0.4167)``."""
        left = "[" if self.lower_closed else "("
        right = "]" if self.upper_closed else ")"
        return f"{left}{self.lower:.{digits}g}, {self.upper:.{digits}g}{right}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready plain data."""
        return {
            "criterion": self.criterion,
            "current_weight": self.current,
            "lower": self.lower,
            "upper": self.upper,
            "lower_closed": self.lower_closed,
            "upper_closed": self.upper_closed,
            "kept": list(self.kept),
            "exact": self.exact,
            "resolution": self.resolution,
            "failed_points": self.failed,
            "grid_points": self.points,
            "failure": None
            if self.failure is None
            else {"code": self.failure.code, "message": self.failure.text()},
        }


@dataclass(frozen=True)
class StabilityResult:
    """Stability intervals of the first place and of the top k, per criterion."""

    method: str
    top_k: int
    first: tuple[StabilityInterval, ...]
    top: tuple[StabilityInterval, ...]

    def frame(self) -> pd.DataFrame:
        """One row per criterion: current weight and both intervals (ends and notation)."""
        rows = []
        for a, b in zip(self.first, self.top, strict=True):
            rows.append(
                {
                    "criterion": a.criterion,
                    "weight": a.current,
                    "first_lower": a.lower,
                    "first_upper": a.upper,
                    "first_interval": a.notation(),
                    "top_k_lower": b.lower,
                    "top_k_upper": b.upper,
                    "top_k_interval": b.notation(),
                }
            )
        return pd.DataFrame(rows).set_index("criterion")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready plain data."""
        return {
            "method": self.method,
            "top_k": self.top_k,
            "first": [i.to_dict() for i in self.first],
            "top_k_set": [i.to_dict() for i in self.top],
        }


def _states(ranks: IntArray, k: int) -> list[State]:
    # A failed row has ranks 0: it is the FAILED state, never a set of technologies.
    return [
        FAILED if row.max() == 0 else frozenset(int(i) for i in np.flatnonzero(row <= k))
        for row in ranks
    ]


def _exact_interval(pieces: list[Piece], current: float, k: int) -> tuple[float, float, bool, bool]:
    states = _states(np.array([p.ranks for p in pieces]), k)
    here = next(
        i
        for i, p in enumerate(pieces)
        if (p.is_point and abs(p.start - current) <= BREAKPOINT_TOL) or p.start < current < p.end
    )
    low = high = here
    while low > 0 and states[low - 1] == states[here]:
        low -= 1
    while high < len(pieces) - 1 and states[high + 1] == states[here]:
        high += 1
    return pieces[low].start, pieces[high].end, pieces[low].is_point, pieces[high].is_point


def _linear_interval(
    start: FloatArray, end: FloatArray, kept: npt.NDArray[np.bool_], current: float
) -> tuple[float, float, bool, bool]:
    """Exact interval for scores linear in the weight (WSM), from the nearest crossings.

    ``start`` and ``end`` are the scores at weight 0 and 1. Before the first crossing between a
    kept technology and another, every kept one scores above every other, so the set holds; at
    that crossing the lowest kept one ties the highest other and beyond it the set changes.
    Only kept x other pairs are examined: O(k n), not the O(n^2) breakpoints of a full sweep.
    """
    if kept.all() or not kept.any():
        return 0.0, 1.0, True, True
    slope = end - start
    gap = slope[kept][:, None] - slope[~kept][None, :]
    scale = max(float(np.abs(start).max()), float(np.abs(end).max()), 1.0)
    moving = np.abs(gap) > BREAKPOINT_TOL * scale
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (start[~kept][None, :] - start[kept][:, None]) / gap
    t = t[moving]
    # A tie at 0 or 1 itself changes the set there: that end is open.
    above = t[(t > current + BREAKPOINT_TOL) & (t < 1.0 + BREAKPOINT_TOL)]
    below = t[(t < current - BREAKPOINT_TOL) & (t > -BREAKPOINT_TOL)]
    upper, upper_closed = (min(float(above.min()), 1.0), False) if above.size else (1.0, True)
    lower, lower_closed = (max(float(below.max()), 0.0), False) if below.size else (0.0, True)
    return lower, upper, lower_closed, upper_closed


class _Bisector:
    """The set of ranks <= k at any weight of one criterion's sweep, for grid + bisection."""

    def __init__(self, engine: RankEngine, weights: FloatArray, position: int, k: int) -> None:
        self.engine, self.weights, self.position, self.k = engine, weights, position, k

    def states(self, t: FloatArray) -> list[State]:
        ranks = self.engine.attempt(rescaled_rows(self.weights, self.position, t)).ranks
        return _states(ranks, self.k)

    def edge(
        self, inside: float, outside: float, beyond: State, state: State, tolerance: float
    ) -> tuple[float, bool]:
        """The end of ``state`` between ``inside`` and ``outside`` (whose state is ``beyond``),
        to ``tolerance``, and whether it is closed.

        The end is the last weight with ``state`` (closed), except where the method fails just
        beyond it: then it is the first failed weight found, open (the set holds up to it).
        """
        while abs(outside - inside) > tolerance:
            middle = (inside + outside) / 2
            found = self.states(np.array([middle]))[0]
            if found == state:
                inside = middle
            else:
                outside, beyond = middle, found
        return (outside, False) if beyond == FAILED else (inside, True)


def _grid_interval(
    bisector: _Bisector, grid: FloatArray, states: list[State], here: int, tolerance: float
) -> tuple[float, float, bool, bool]:
    state = states[here]
    low = high = here
    while low > 0 and states[low - 1] == state:
        low -= 1
    while high < len(grid) - 1 and states[high + 1] == state:
        high += 1
    lower, lower_closed = float(grid[low]), True
    if low > 0:
        lower, lower_closed = bisector.edge(
            lower, float(grid[low - 1]), states[low - 1], state, tolerance
        )
    upper, upper_closed = float(grid[high]), True
    if high < len(grid) - 1:
        upper, upper_closed = bisector.edge(
            upper, float(grid[high + 1]), states[high + 1], state, tolerance
        )
    return lower, upper, lower_closed, upper_closed


def _ends(
    engine: RankEngine,
    weights: FloatArray,
    position: int,
    sizes: tuple[int, ...],
    *,
    points: int,
    tolerance: float,
) -> tuple[list[tuple[float, float, bool, bool]], int, int, Message | None]:
    """(lower, upper, lower closed, upper closed) of the interval keeping each top-``size`` set;
    the grid's size, how many of its weights failed and why the first did."""
    now = float(weights[position])
    if engine.kernel is not None and engine.kernel.method == "wsm":
        (start, end), _ = engine.evaluate(rescaled_rows(weights, position, [0.0, 1.0]))
        _, ranks = engine.evaluate(weights)
        if all(int((ranks[0] <= size).sum()) == size for size in sizes):
            linear = [_linear_interval(start, end, ranks[0] <= size, now) for size in sizes]
            return linear, 0, 0, None
        # A tie across the k-th place now: the full breakpoint sweep settles where it breaks.
        pieces, _ = exact_pieces(engine, weights, position)
        return [_exact_interval(pieces, now, size) for size in sizes], 0, 0, None
    grid = np.union1d(np.linspace(0.0, 1.0, points), [now])
    rows = rescaled_rows(weights, position, grid)
    evaluation = engine.attempt(rows)
    ranks = evaluation.ranks
    failure = None
    if evaluation.failed.any():
        failure = msg(
            "sens_undefined_sweep",
            criterion=engine.criteria[position],
            weight=float(grid[evaluation.first]),
            reason=undefined_error(engine, evaluation, rows),
        )
    here = int(np.searchsorted(grid, now))
    out = []
    for size in sizes:
        bisector = _Bisector(engine, weights, position, size)
        out.append(_grid_interval(bisector, grid, _states(ranks, size), here, tolerance))
    return out, len(grid), int(evaluation.failed.sum()), failure


def stability_intervals(
    matrix: pd.DataFrame,
    weights: pd.Series,
    criteria: CriteriaSet,
    *,
    method: str = "wsm",
    params: Mapping[str, Any] | None = None,
    top_k: int = 3,
    criteria_ids: Sequence[str] | None = None,
    points: int = DEFAULT_POINTS,
    tolerance: float = 1e-6,
    progress: Callable[[int, int], None] | None = None,
) -> StabilityResult:
    """Stability intervals of the first place and the top-k set for each criterion's weight.

    Parameters
    ----------
    matrix, weights, criteria
        As for :func:`r57_mcda.ranking.rank`; ``weights`` are normalised here.
    method, params
        The ranking method and its parameters.
    top_k
        ``k`` of the top-k set.
    criteria_ids
        The criteria to analyse (default: every column of ``matrix``).
    points
        Grid resolution for the methods other than ``wsm``.
    tolerance
        Bisection tolerance for the methods other than ``wsm``.
    progress
        Called as ``progress(done, total)`` after each criterion.

    Raises
    ------
    MethodError
        A bad option, or a weighting the method cannot rank.
    InputError
        Invalid matrix or weights.
    """
    if isinstance(points, bool) or not isinstance(points, int) or points < 2:
        raise MethodError("sens_grid_points", value=shown(points))
    if not 0 < tolerance < 1:
        raise MethodError("sens_tolerance", value=shown(tolerance))
    k = check_top_k(top_k, len(matrix.index))
    current = normalised_weights(matrix, weights, criteria).to_numpy()
    columns = [str(c) for c in matrix.columns]
    chosen = list(columns if criteria_ids is None else criteria_ids)
    unknown = [c for c in chosen if c not in columns]
    if unknown:
        raise MethodError("sens_unknown_criteria", ids=", ".join(unknown))
    technologies = [str(t) for t in matrix.index]
    first: list[StabilityInterval] = []
    top: list[StabilityInterval] = []
    for done, name in enumerate(chosen, start=1):
        engine, w, position = sweep_engine(
            matrix, current, columns.index(name), criteria, method=method, params=params
        )
        now = float(w[position])
        exact = engine.kernel is not None and engine.kernel.method == "wsm"
        ends, grid_size, failed, failure = _ends(
            engine, w, position, (1, k), points=points, tolerance=tolerance
        )
        _, ranks = engine.evaluate(w)
        for size, out, (lower, upper, lower_closed, upper_closed) in zip(
            (1, k), (first, top), ends, strict=True
        ):
            out.append(
                StabilityInterval(
                    criterion=name,
                    current=now,
                    lower=lower,
                    upper=upper,
                    lower_closed=lower_closed,
                    upper_closed=upper_closed,
                    kept=tuple(technologies[i] for i in np.flatnonzero(ranks[0] <= size)),
                    exact=exact,
                    resolution=0.0 if exact else float(tolerance),
                    failed=failed,
                    points=grid_size,
                    failure=failure,
                )
            )
        if progress is not None:
            progress(done, len(chosen))
    return StabilityResult(method=method, top_k=k, first=tuple(first), top=tuple(top))
