"""CLI start-up time: ``r57-mcda --help`` in a fresh interpreter."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable


def run(report: Callable[[str], None], *, repeats: int = 5) -> None:
    """Print the median wall time of ``python -m r57_mcda --help``."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "r57_mcda", "--help"], capture_output=True, check=True
        )
        times.append(time.perf_counter() - start)
    report(
        f"CLI start-up (python -m r57_mcda --help): median {statistics.median(times) * 1000:.0f} ms"
        f" over {repeats} runs"
    )
