"""The interactive recompute of the app: aggregate + weights + one ranking + explanation."""

from __future__ import annotations

import contextlib
import statistics
import time
from collections.abc import Callable

from r57_mcda.errors import MethodError
from r57_mcda.explain.contributions import contributions
from r57_mcda.panel.aggregation import aggregate_panel
from r57_mcda.panel.synthetic import synthetic_panel
from r57_mcda.ranking import list_methods, rank
from r57_mcda.weighting.direct import direct_weights

SIZE = (200, 15, 30)  # technologies x criteria x experts
BUDGET_MS = 100.0


def _median_ms(fn: Callable[[], object], repeats: int) -> float:
    fn()  # warm-up (imports, caches)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run(report: Callable[[str], None], *, repeats: int = 15) -> None:
    """Print the median recompute time per method for a 200 x 15 x 30 panel."""
    n_tech, n_crit, n_exp = SIZE
    panel = synthetic_panel(n_tech, n_crit, n_exp, seed=1)
    criteria = panel.criteria
    raw = {c: float(i + 1) for i, c in enumerate(criteria.ids)}
    report(
        f"interactive recompute, {n_tech} technologies x {n_crit} criteria x {n_exp} experts "
        f"({len(panel.scores)} scores), median of {repeats} (budget {BUDGET_MS:.0f} ms)"
    )
    step = {
        "aggregate": lambda: aggregate_panel(panel),
        "weights": lambda: direct_weights(raw, criteria),
    }
    for name, fn in step.items():
        report(f"  step {name:<24} {_median_ms(fn, repeats):8.1f} ms")
    matrix = aggregate_panel(panel).matrix
    weights = direct_weights(raw, criteria).values
    for info in list_methods():

        def recompute(method: str = info.id) -> None:
            m = aggregate_panel(panel).matrix
            w = direct_weights(raw, criteria).values
            rank(m, w, criteria, method=method)
            with contextlib.suppress(MethodError):  # no additive explanation for some
                contributions(m, w, criteria, method=method)

        rank_ms = _median_ms(lambda m=info.id: rank(matrix, weights, criteria, method=m), repeats)
        total = _median_ms(recompute, repeats)
        verdict = "ok" if total < BUDGET_MS else "OVER BUDGET"
        report(
            f"  {info.id:<11} rank {rank_ms:7.1f} ms   full recompute {total:7.1f} ms   "
            f"{total / BUDGET_MS:5.2f} x budget   {verdict}"
        )
