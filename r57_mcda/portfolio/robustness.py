"""How robust the proposed portfolio is: re-optimised under every Monte Carlo draw.

The draws are those of the sensitivity engine (:func:`r57_mcda.sensitivity.montecarlo.draw_plan`:
the weight models and the expert bootstrap, seeded, in the same order); each draw's scores are
put on the method's value scale and the portfolio re-optimised with the same constraints. The
result, after the core index of Robust Portfolio Modeling (Liesiö, Mild & Salo 2007), is
computed over the draws' optimal portfolios rather than over all non-dominated ones:

- each technology's selection frequency (a technology funded in part counts as selected);
  *core*: selected in every draw, *exterior*: in none, *borderline*: in between;
- the probability that the proposed portfolio stays optimal (its value within the tie
  tolerance of the draw's optimum);
- the portfolios that replace it most often, with the share of draws in which each does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from r57_mcda.errors import MethodError, R57Error
from r57_mcda.models import CriteriaSet
from r57_mcda.plain import plain
from r57_mcda.portfolio.model import Model, build_model
from r57_mcda.portfolio.problem import PortfolioProblem
from r57_mcda.portfolio.solve import Portfolio, quick_amounts, value_tolerance
from r57_mcda.portfolio.values import check_value_method, to_values
from r57_mcda.sensitivity.draws import WeightModel
from r57_mcda.sensitivity.montecarlo import UNIFORM, ExpertBootstrap, draw_plan
from r57_mcda.vocab import DEFAULT_SEED

Progress = Callable[[int, int], None]
FloatArray = npt.NDArray[np.float64]

#: Draws of a robustness run unless told otherwise.
DEFAULT_PORTFOLIO_DRAWS = 1000
#: Replacing portfolios listed.
DEFAULT_TOP = 5
#: Earlier optima kept as floors for later draws.
POOL = 64


@dataclass(frozen=True, eq=False)
class Uncertainty:
    """What varies between draws: the weights (a weight model) and/or the panel (bootstrap).

    The fields are those of :func:`r57_mcda.sensitivity.monte_carlo`; ``matrix`` holds the
    problem's technologies.
    """

    matrix: pd.DataFrame
    weights: pd.Series
    criteria: CriteriaSet
    method: str = "wsm"
    params: Mapping[str, Any] | None = None
    weight_model: WeightModel | None = UNIFORM
    bootstrap: ExpertBootstrap | None = None
    draws: int = DEFAULT_PORTFOLIO_DRAWS
    seed: int = DEFAULT_SEED


@dataclass(frozen=True, eq=False)
class PortfolioRobustness:
    """Selection frequencies, classes, the chance the proposal stays optimal, its replacements.

    ``evaluated`` draws were re-optimised (``skipped_draws`` belong to bootstrap resamples that
    could not be ranked); shares are of the evaluated draws.
    """

    draws: int
    evaluated: int
    seed: int
    proposed: tuple[str, ...]
    frequency: pd.Series
    classes: pd.Series
    p_optimal: float
    replacements: tuple[tuple[tuple[str, ...], float], ...]
    weight_model: Mapping[str, Any] | None
    bootstrap: Mapping[str, Any] | None
    skipped_draws: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: draws, evaluated, seed, frequency, class, p_optimal, replacements, the
        weight model and bootstrap, skipped_draws."""
        return {
            "draws": self.draws,
            "evaluated": self.evaluated,
            "seed": self.seed,
            "proposed": list(self.proposed),
            "frequency": plain(self.frequency),
            "class": {str(k): str(v) for k, v in self.classes.items()},
            "p_optimal": plain(self.p_optimal),
            "replacements": [
                {"selected": list(ids), "share": plain(share)} for ids, share in self.replacements
            ],
            "weight_model": plain(self.weight_model),
            "bootstrap": plain(self.bootstrap),
            "skipped_draws": self.skipped_draws,
        }


class _Reoptimiser:
    """The optimal portfolio of each draw's values, remembering what earlier draws found.

    Draws with the same values (a bootstrap resample under fixed weights) are solved once; the
    best earlier optimum under a draw's values is a floor that prunes the draw's search.
    """

    def __init__(self, model: Model, proposed: FloatArray) -> None:
        self.model = model
        self.cache: dict[bytes, FloatArray] = {}
        self.pool: list[FloatArray] = [proposed]

    def best(self, values: FloatArray) -> FloatArray:
        key = np.round(values, 12).tobytes()
        found = self.cache.get(key)
        if found is not None:
            return found
        floor = float(np.max(np.stack(self.pool) @ values))
        amounts = quick_amounts(self.model, values, floor=floor)
        if amounts is None:  # the constraints do not depend on the values
            raise R57Error("pf_internal_violation", constraint="feasible", excess=1.0)
        self.cache[key] = amounts
        if not any(np.array_equal(amounts, a) for a in self.pool[-POOL:]):
            self.pool = [*self.pool[-POOL + 1 :], amounts]
        return amounts


def _order(matrix: pd.DataFrame, ids: tuple[str, ...]) -> np.ndarray:
    """Positions of ``ids`` among the matrix's rows; ``MethodError`` unless the same set."""
    rows = [str(t) for t in matrix.index]
    if sorted(rows) != sorted(ids):
        odd = sorted(set(rows).symmetric_difference(ids))
        raise MethodError("pf_robustness_ids", ids=", ".join(odd))
    where = {t: k for k, t in enumerate(rows)}
    return np.array([where[t] for t in ids], dtype=np.int64)


def portfolio_robustness(
    problem: PortfolioProblem,
    proposed: Portfolio,
    uncertainty: Uncertainty,
    *,
    top: int = DEFAULT_TOP,
    progress: Progress | None = None,
) -> PortfolioRobustness:
    """Re-optimise ``problem`` under every draw of ``uncertainty`` (see the module docstring).

    Parameters
    ----------
    problem
        The problem ``proposed`` solves; its values are replaced by each draw's.
    proposed
        The portfolio whose robustness is measured (usually the optimal one).
    uncertainty
        The draws: weight model and/or expert bootstrap, method, count and seed.
    top
        How many replacing portfolios to list.
    progress
        Called as ``progress(done, total)`` after each batch of draws.

    Raises
    ------
    MethodError
        A method without a value scale, a matrix whose technologies are not the problem's,
        bad Monte Carlo options, no draw that could be ranked, or a solver failure.
    InputError
        Invalid matrix or weights.
    """
    u = uncertainty
    method = check_value_method(u.method)
    plan = draw_plan(
        u.matrix,
        u.weights,
        u.criteria,
        method=method,
        params=u.params,
        weight_model=u.weight_model,
        bootstrap=u.bootstrap,
        draws=u.draws,
        seed=u.seed,
    )
    ids = problem.ids
    order = _order(u.matrix, ids)
    chosen = np.array([proposed.shares.get(t, 0.0) for t in ids], dtype=float)
    solver = _Reoptimiser(build_model(problem), chosen)
    counts = np.zeros(len(ids))
    replaced: Counter[tuple[str, ...]] = Counter()
    evaluated = optimal = 0
    for batch in plan.batches():
        result = batch.evaluation
        if result is not None:
            for values in to_values(method, result.scores[result.ok])[:, order]:
                amounts = solver.best(values)
                evaluated += 1
                funded = amounts > 0
                counts += funded
                if float(values @ chosen) >= float(values @ amounts) - value_tolerance(values):
                    optimal += 1
                else:
                    replaced[tuple(ids[i] for i in np.flatnonzero(funded))] += 1
        if progress is not None:
            progress(batch.stop, plan.draws)
    if not evaluated:
        raise MethodError("sens_no_resample_ranked")
    frequency = pd.Series(counts / evaluated, index=pd.Index(ids, name="technology"))
    classes = pd.Series(
        np.where(counts == evaluated, "core", np.where(counts == 0, "exterior", "borderline")),
        index=frequency.index.copy(),
        name="class",
    )
    best = sorted(replaced.items(), key=lambda item: (-item[1], item[0]))[: max(int(top), 0)]
    return PortfolioRobustness(
        draws=plan.draws,
        evaluated=evaluated,
        seed=plan.seed,
        proposed=proposed.selected,
        frequency=frequency.rename("frequency"),
        classes=classes,
        p_optimal=optimal / evaluated,
        replacements=tuple((sel, n / evaluated) for sel, n in best),
        weight_model=None if u.weight_model is None else u.weight_model.to_dict(),
        bootstrap=None if u.bootstrap is None else u.bootstrap.to_dict(),
        skipped_draws=plan.draws - evaluated,
    )
