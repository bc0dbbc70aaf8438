"""Benchmark of the Monte Carlo kernels: draws per second vs scikit-criteria once per draw.

Also, per ranking method, the time of a 2,000-draw Monte Carlo run at 40 technologies x 13
criteria (the budget: no common method over 5 s): "before" is the old path, one ``rank()``
call per draw (timed on a sample of draws and scaled up), "after" the run as it is now (the
batch kernel where the method has one, else the same per-draw path).

Prints figures only, asserts nothing about time. BLAS is limited to one thread when
threadpoolctl is available (the budget is per core, and multi-threaded BLAS on these skinny
products is slower, erratically so on a shared machine).
"""

from __future__ import annotations

import contextlib
import resource
import time
import tracemalloc
import warnings
from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd

from r57_mcda.models import CriteriaSet, Criterion
from r57_mcda.ranking import list_methods
from r57_mcda.ranking.kernels import (
    batch_ranks,
    batch_scores,
    chunk_rows,
    has_kernel,
    prepare_kernel,
)
from r57_mcda.ranking.ties import competition_ranks
from r57_mcda.sensitivity import monte_carlo
from r57_mcda.sensitivity.engine import RankEngine

DRAWS = 100_000
SKC_DRAWS = 200
SIZES = ((20, 10), (200, 15))
METHODS = ("topsis", "wsm")
#: The per-method Monte Carlo budget: 2,000 draws at 40 technologies x 13 criteria in 5 s.
MC_DRAWS = 2_000
MC_SIZE = (40, 13)
MC_BUDGET_S = 5.0
#: Draws of the per-draw ("before") path actually timed; the time is scaled to MC_DRAWS.
BEFORE_SAMPLE = 200
#: The methods that had a batch kernel before issue 9 (the others were ranked per draw).
OLD_KERNELS = ("wsm", "wpm", "topsis", "vikor", "promethee2")


@contextlib.contextmanager
def _one_blas_thread() -> Iterator[str]:
    try:
        from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]
    except ImportError:
        yield "BLAS threads not limited (threadpoolctl missing)"
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield "BLAS limited to 1 thread"


def _problem(n: int, m: int) -> tuple[pd.DataFrame, CriteriaSet]:
    rng = np.random.default_rng(n * 1000 + m)
    columns = [f"c{j}" for j in range(m)]
    criteria = CriteriaSet(
        id="bench",
        name="bench",
        criteria=tuple(
            Criterion(id=c, name=c, direction="cost" if j % 4 == 3 else "benefit")
            for j, c in enumerate(columns)
        ),
    )
    matrix = pd.DataFrame(
        rng.uniform(1.0, 10.0, (n, m)), index=[f"t{i}" for i in range(n)], columns=columns
    )
    return matrix, criteria


def _kernel_pass(method: str, matrix: pd.DataFrame, criteria: CriteriaSet, w: np.ndarray) -> float:
    kernel = prepare_kernel(matrix, criteria, method=method)
    rows = chunk_rows(kernel)
    batch_ranks(batch_scores(kernel, w[:rows]), higher_is_better=True)  # warm-up
    # Best of three passes: this shared virtual machine's speed drifts by a factor of two.
    times = []
    for _ in range(3):
        start = time.perf_counter()
        for low in range(0, len(w), rows):
            scores = batch_scores(kernel, w[low : low + rows])
            batch_ranks(scores, higher_is_better=kernel.higher_is_better)
        times.append(time.perf_counter() - start)
    return min(times)


def _skcriteria_pass(
    method: str, matrix: pd.DataFrame, criteria: CriteriaSet, w: np.ndarray
) -> tuple[float, int]:
    """Seconds for one direct scikit-criteria pipeline per draw; draws whose ranks agree."""
    import skcriteria as skc
    from skcriteria.agg.simple import WeightedSumModel
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.pipelines import mkpipe
    from skcriteria.preprocessing.invert_objectives import MinMaxInverter
    from skcriteria.preprocessing.scalers import VectorScaler

    kernel = prepare_kernel(matrix, criteria, method=method)
    ours = batch_ranks(batch_scores(kernel, w), higher_is_better=True)
    objectives = [1 if c.direction == "benefit" else -1 for c in criteria.criteria]
    if method == "topsis":
        pipeline = mkpipe(VectorScaler(target="matrix"), TOPSIS())
    else:
        pipeline = mkpipe(MinMaxInverter(), WeightedSumModel())
    agree = 0
    with warnings.catch_warnings():
        # Examined: TOPSIS warns whenever an objective is "minimise"; it takes the minimum as
        # the ideal, as classic TOPSIS (and ours) does.
        warnings.filterwarnings(
            "ignore", message="Although TOPSIS can operate", category=UserWarning
        )
        start = time.perf_counter()
        for row, weights in enumerate(w):
            dm = skc.mkdm(
                matrix=matrix.to_numpy(),
                objectives=objectives,
                weights=weights,
                alternatives=list(matrix.index),
                criteria=list(matrix.columns),
            )
            result = pipeline.evaluate(dm)
            theirs, _ = competition_ranks(
                pd.Series(result.rank_, dtype=float), higher_is_better=False
            )
            agree += bool(np.array_equal(theirs.to_numpy(), ours[row]))
        elapsed = time.perf_counter() - start
    return elapsed, agree


def _integer_panel(n: int, m: int) -> tuple[pd.DataFrame, CriteriaSet]:
    """A 1-9 panel's mean scores: rounded to a tenth, so that ties occur as in real panels."""
    matrix, criteria = _problem(n, m)
    return (matrix * 8 / 9 + 1).round(1), criteria


def method_budgets(report: Callable[[str], None]) -> None:
    """Per method: seconds for MC_DRAWS Monte Carlo draws at MC_SIZE, before and after."""
    n, m = MC_SIZE
    matrix, criteria = _integer_panel(n, m)
    weights = pd.Series(1.0 / m, index=matrix.columns)
    sample = np.random.default_rng(1).dirichlet(np.ones(m), size=BEFORE_SAMPLE)
    report(
        f"sensitivity monte carlo per method, {MC_DRAWS:,} uniform draws at {n}x{m} "
        f"(one rank() per draw: timed on {BEFORE_SAMPLE} draws and scaled; "
        f"budget {MC_BUDGET_S:.0f} s):"
    )
    for info in list_methods():
        fallback = RankEngine(matrix.copy(), criteria, info.id)
        fallback.attempt(sample[:1])  # warm-up: the first scikit-criteria call imports it
        start = time.perf_counter()
        fallback.attempt(sample)
        before = (time.perf_counter() - start) * MC_DRAWS / BEFORE_SAMPLE
        start = time.perf_counter()
        monte_carlo(matrix, weights, criteria, method=info.id, draws=MC_DRAWS, seed=0)
        after = time.perf_counter() - start
        path = "batch kernel" if has_kernel(info.id) else "per draw"
        old = "batch kernel" if info.id in OLD_KERNELS else "one rank() per draw"
        verdict = "ok" if after <= MC_BUDGET_S else "OVER BUDGET"
        report(
            f"sensitivity mc {info.id:10s} one rank() per draw {before:6.2f} s; "
            f"now ({path}) {after:6.3f} s; {verdict}; before issue 9: {old}"
        )


def run(report: Callable[[str], None]) -> None:
    """Print kernel and scikit-criteria draws per second, their ratio and peak memory."""
    with _one_blas_thread() as note:
        report(
            f"sensitivity: {note}; {DRAWS:,} draws per kernel run (best of 3 passes), "
            f"{SKC_DRAWS} via skcriteria"
        )
        for n, m in SIZES:
            matrix, criteria = _problem(n, m)
            w = np.random.default_rng(0).dirichlet(np.ones(m), size=DRAWS)
            for method in METHODS:
                rate = DRAWS / _kernel_pass(method, matrix, criteria, w)
                seconds, agree = _skcriteria_pass(method, matrix, criteria, w[:SKC_DRAWS])
                skc_rate = SKC_DRAWS / seconds
                report(
                    f"sensitivity {method:6s} {n}x{m}: kernel {rate:>12,.0f} draws/s; "
                    f"skcriteria per draw {skc_rate:>8,.1f} draws/s; "
                    f"ratio {rate / skc_rate:,.0f}x; identical ranks on {agree}/{SKC_DRAWS} draws"
                )
        matrix, criteria = _problem(20, 10)
        weights = pd.Series(0.1, index=matrix.columns)
        start = time.perf_counter()
        monte_carlo(matrix, weights, criteria, method="topsis", draws=DRAWS, seed=0)
        report(
            f"sensitivity monte_carlo topsis 20x10 (draw weights, rank, tally): "
            f"{DRAWS / (time.perf_counter() - start):,.0f} draws/s"
        )
        method_budgets(report)
        tracemalloc.start()
        try:
            w = np.random.default_rng(0).dirichlet(np.ones(15), size=DRAWS)
            _kernel_pass("topsis", *_problem(200, 15), w)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report(
        f"sensitivity peak memory: {peak / 2**20:,.1f} MiB traced for {DRAWS:,} topsis draws at "
        f"200x15 (weights included); process maximum resident set {rss:,.0f} MiB"
    )


if __name__ == "__main__":
    run(print)
