"""One-at-a-time weight sweeps: each criterion's weight from 0 to 1, the others in proportion.

Sweeping criterion ``j`` sets ``w_j(t) = t`` and ``w_k(t) = w_k (1 - t) / (1 - w_j)`` for the
others, so they keep their ratios and the weights sum to 1; ``t = w_j`` is the current
weighting. (If ``w_j`` is 1 the others have no ratios to keep and share ``1 - t`` equally.) This
is the one rescaling rule of :mod:`r57_mcda.weighting.rescale`, which the stability intervals and
the pair explanations share.

For ``wsm`` every score is linear in ``t``, ``a_i + b_i t``, so the order changes exactly where
two lines cross, ``t = (a_l - a_i) / (b_i - b_l)``: those breakpoints are solved in closed form
and the ranks reported on each open interval between them (at a breakpoint itself the crossing
technologies tie). For the other methods the ranks are computed on a grid of ``t``; a grid
point where the method is undefined (CoCoSo when a technology is the worst on every criterion
left with weight, e.g. at ``t = 1``) is marked failed and left out of the ranks and segments.
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
from r57_mcda.plain import plain
from r57_mcda.sensitivity.engine import (
    RankEngine,
    normalised_weights,
    rank_engine,
    undefined_error,
)
from r57_mcda.vocab import DEFAULT_POINTS
from r57_mcda.weighting.rescale import rescaled_rows

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Breakpoints closer than this are one breakpoint.
BREAKPOINT_TOL = 1e-12


@dataclass(frozen=True)
class Piece:
    """A stretch of the sweep with constant ranks: an open interval, or a point (start == end)."""

    start: float
    end: float
    ranks: tuple[int, ...]

    @property
    def is_point(self) -> bool:
        """True for a single weight value (a breakpoint or an end of [0, 1])."""
        return self.start == self.end


@dataclass(frozen=True)
class Breakpoint:
    """A weight at which the WSM order changes; ``ranks`` there (the crossing pairs tie)."""

    weight: float
    ranks: tuple[int, ...]
    crossing: tuple[tuple[str, str], ...]


@dataclass(frozen=True, eq=False)
class CriterionSweep:
    """The sweep of one criterion's weight.

    ``grid`` and ``ranks`` (grid x technologies) are always there (for charts). ``exact`` is
    True for ``wsm``, whose ``breakpoints`` are exact and whose ``segments`` are the open
    intervals between them; otherwise ``segments`` are the runs of consecutive grid points
    with the same ranks (start and end are grid points) and there are no breakpoints.
    ``failed`` marks the grid points where the method is undefined (their ranks are 0 and they
    belong to no segment); ``failure`` names the first of them and why.
    """

    criterion: str
    current: float
    technologies: tuple[str, ...]
    grid: FloatArray
    ranks: IntArray
    exact: bool
    segments: tuple[Piece, ...]
    breakpoints: tuple[Breakpoint, ...]
    failed: BoolArray | None = None
    failure: Message | None = None

    @property
    def failed_weights(self) -> tuple[float, ...]:
        """The grid weights at which the method could not rank."""
        if self.failed is None:
            return ()
        return tuple(float(t) for t in self.grid[self.failed])

    @property
    def failed_share(self) -> float:
        """The share of the grid points at which the method could not rank."""
        return len(self.failed_weights) / len(self.grid)

    def ranks_frame(self) -> pd.DataFrame:
        """Ranks on the grid (without the failed points): index the swept weight, columns ids."""
        keep = np.ones(len(self.grid), dtype=bool) if self.failed is None else ~self.failed
        return pd.DataFrame(
            self.ranks[keep],
            index=pd.Index(self.grid[keep], name="weight"),
            columns=pd.Index(self.technologies, name="technology"),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready plain data (ranks listed in technology order)."""
        return {
            "criterion": self.criterion,
            "current_weight": self.current,
            "exact": self.exact,
            "grid": plain(self.grid),
            "ranks": [
                None if t in self.failed_weights else plain(row)
                for t, row in zip(self.grid.tolist(), self.ranks, strict=True)
            ],
            "failed_weights": list(self.failed_weights),
            "failure": None
            if self.failure is None
            else {"code": self.failure.code, "message": self.failure.text()},
            "segments": [
                {"start": s.start, "end": s.end, "ranks": list(s.ranks)} for s in self.segments
            ],
            "breakpoints": [
                {"weight": b.weight, "ranks": list(b.ranks), "crossing": plain(b.crossing)}
                for b in self.breakpoints
            ],
        }


@dataclass(frozen=True, eq=False)
class SweepResult:
    """Weight sweeps of several criteria with one method."""

    method: str
    technologies: tuple[str, ...]
    current_ranks: tuple[int, ...]
    sweeps: tuple[CriterionSweep, ...]

    def __getitem__(self, criterion: str) -> CriterionSweep:
        for sweep in self.sweeps:
            if sweep.criterion == criterion:
                return sweep
        raise KeyError(criterion)

    def frame(self) -> pd.DataFrame:
        """Long table on the grids: criterion, weight, technology, rank."""
        parts = [
            s.ranks_frame().stack().rename("rank").reset_index().assign(criterion=s.criterion)
            for s in self.sweeps
        ]
        frame = pd.concat(parts, ignore_index=True)
        return frame[["criterion", "weight", "technology", "rank"]]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready plain data."""
        return {
            "method": self.method,
            "technologies": list(self.technologies),
            "current_ranks": list(self.current_ranks),
            "sweeps": [s.to_dict() for s in self.sweeps],
        }


def sweep_engine(
    matrix: pd.DataFrame,
    weights: FloatArray,
    position: int,
    criteria: CriteriaSet,
    *,
    method: str,
    params: Mapping[str, Any] | None,
) -> tuple[RankEngine, FloatArray, int]:
    """The engine over the criteria the sweep of ``position`` weighs, their weights, its index.

    A criterion with weight 0 stays at 0 along another criterion's sweep, so it is left out;
    but when the swept criterion holds all the weight, every other one shares the rest.
    """
    keep = (rescaled_rows(weights, position, [0.0])[0] > 0) | (np.arange(len(weights)) == position)
    engine = rank_engine(matrix.loc[:, keep], criteria, method=method, params=params)
    return engine, weights[keep], int(np.flatnonzero(np.flatnonzero(keep) == position)[0])


def _ranks(engine: RankEngine, weights: FloatArray, position: int, t: FloatArray) -> IntArray:
    return engine.evaluate(rescaled_rows(weights, position, t))[1]


def exact_pieces(
    engine: RankEngine, weights: FloatArray, position: int
) -> tuple[list[Piece], list[Breakpoint]]:
    """WSM along the sweep of ``position``, exactly: the pieces and the breakpoints.

    The pieces are, in order, the point 0, the open intervals between breakpoints, the
    breakpoints themselves (points) and the point 1. Crossings closer than
    :data:`BREAKPOINT_TOL` are one breakpoint; a "breakpoint" with the same ranks on both sides
    (float noise between two nearly identical lines) is dropped.

    Raises
    ------
    MethodError
        If ``engine`` does not rank with ``wsm``.
    """
    kernel = engine.kernel
    if kernel is None or kernel.method != "wsm":
        raise MethodError("sens_breakpoints_wsm_only")
    start, end = engine.evaluate(rescaled_rows(weights, position, [0.0, 1.0]))[0]
    slope = end - start
    first, second = np.triu_indices(len(start), k=1)
    gap = slope[first] - slope[second]
    scale = max(float(np.abs(start).max()), float(np.abs(end).max()), 1.0)
    moving = np.abs(gap) > BREAKPOINT_TOL * scale
    first, second = first[moving], second[moving]
    t = (start[second] - start[first]) / gap[moving]
    # Crossings at 0 or 1 are ties at the ends, which the points 0 and 1 show.
    inside = (t > BREAKPOINT_TOL) & (t < 1.0 - BREAKPOINT_TOL)
    order = np.argsort(t[inside], kind="stable")
    t, first, second = t[inside][order], first[inside][order], second[inside][order]
    new = np.ones(len(t), dtype=bool)
    new[1:] = np.diff(t) > BREAKPOINT_TOL
    cluster = np.cumsum(new) - 1
    points = np.concatenate([[0.0], t[new], [1.0]])
    mids = (points[:-1] + points[1:]) / 2
    ranks = _ranks(engine, weights, position, np.concatenate([points, mids]))
    at = [tuple(int(r) for r in row) for row in ranks[: len(points)]]
    between = [tuple(int(r) for r in row) for row in ranks[len(points) :]]
    names = engine.technologies
    pieces = [Piece(0.0, 0.0, at[0])]
    breakpoints: list[Breakpoint] = []
    for i, interval in enumerate(between):
        left, right = float(points[i]), float(points[i + 1])
        if i > 0 and between[i - 1] == interval:
            pieces[-1] = Piece(pieces[-1].start, right, interval)
            continue
        if i > 0:
            pieces.append(Piece(left, left, at[i]))
            members = np.flatnonzero(cluster == i - 1)
            pairs = tuple((names[first[m]], names[second[m]]) for m in members)
            breakpoints.append(Breakpoint(left, at[i], pairs))
        pieces.append(Piece(left, right, interval))
    pieces.append(Piece(1.0, 1.0, at[-1]))
    return pieces, breakpoints


def _segments_from_grid(grid: FloatArray, ranks: IntArray, failed: BoolArray) -> tuple[Piece, ...]:
    runs: list[Piece] = []
    broken = False
    for t, row, bad in zip(grid, ranks, failed, strict=True):
        if bad:
            broken = True  # a run does not continue across a point that could not be ranked
            continue
        current = tuple(int(r) for r in row)
        if runs and runs[-1].ranks == current and not broken:
            runs[-1] = Piece(runs[-1].start, float(t), current)
        else:
            runs.append(Piece(float(t), float(t), current))
        broken = False
    return tuple(runs)


def _sweep_one(
    engine: RankEngine, weights: FloatArray, position: int, name: str, points: int
) -> CriterionSweep:
    grid = np.linspace(0.0, 1.0, points)
    rows = rescaled_rows(weights, position, grid)
    evaluation = engine.attempt(rows)
    ranks, failed = evaluation.ranks, evaluation.failed
    failure = None
    if failed.any():
        failure = msg(
            "sens_undefined_sweep",
            criterion=name,
            weight=float(grid[evaluation.first]),
            reason=undefined_error(engine, evaluation, rows),
        )
    for array in (grid, ranks, failed):
        array.setflags(write=False)
    exact = engine.kernel is not None and engine.kernel.method == "wsm"
    if not exact:
        segments = _segments_from_grid(grid, ranks, failed)
        breakpoints: tuple[Breakpoint, ...] = ()
    else:
        pieces, found = exact_pieces(engine, weights, position)
        segments = tuple(p for p in pieces if not p.is_point)
        breakpoints = tuple(found)
    return CriterionSweep(
        criterion=name,
        current=float(weights[position]),
        technologies=engine.technologies,
        grid=grid,
        ranks=ranks,
        exact=exact,
        segments=segments,
        breakpoints=breakpoints,
        failed=failed,
        failure=failure,
    )


def sweep_weights(
    matrix: pd.DataFrame,
    weights: pd.Series,
    criteria: CriteriaSet,
    *,
    method: str = "wsm",
    params: Mapping[str, Any] | None = None,
    criteria_ids: Sequence[str] | None = None,
    points: int = DEFAULT_POINTS,
    progress: Callable[[int, int], None] | None = None,
) -> SweepResult:
    """Sweep each criterion's weight from 0 to 1 and record every technology's rank.

    Parameters
    ----------
    matrix, weights, criteria
        As for :func:`r57_mcda.ranking.rank`; ``weights`` are normalised here.
    method, params
        The ranking method and its parameters.
    criteria_ids
        The criteria to sweep (default: every column of ``matrix``).
    points
        Grid resolution (at least 2; default 101, a step of 0.01).
    progress
        Called as ``progress(done, total)`` after each criterion (the front end's progress bar
        and its chance to stop the run).

    Raises
    ------
    MethodError
        A bad option, or a weighting along the sweep the method cannot rank.
    InputError
        Invalid matrix or weights, or an unknown criterion id.
    """
    if isinstance(points, bool) or not isinstance(points, int) or points < 2:
        raise MethodError("sens_sweep_points", value=shown(points))
    current = normalised_weights(matrix, weights, criteria).to_numpy()
    columns = [str(c) for c in matrix.columns]
    chosen = list(columns if criteria_ids is None else criteria_ids)
    unknown = [c for c in chosen if c not in columns]
    if unknown:
        raise MethodError("sens_sweep_unknown", ids=", ".join(unknown))
    sweeps = []
    for done, name in enumerate(chosen, start=1):
        engine, w, position = sweep_engine(
            matrix, current, columns.index(name), criteria, method=method, params=params
        )
        sweeps.append(_sweep_one(engine, w, position, name, points))
        if progress is not None:
            progress(done, len(chosen))
    base = rank_engine(matrix.loc[:, current > 0], criteria, method=method, params=params)
    _, now = base.evaluate(current[current > 0])
    return SweepResult(
        method=method,
        technologies=tuple(str(t) for t in matrix.index),
        current_ranks=tuple(int(r) for r in now[0]),
        sweeps=tuple(sweeps),
    )
