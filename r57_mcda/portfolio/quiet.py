"""Keep what the solver prints on the C-level standard output away from ours.

HiGHS 1.12 prints a debugging line (``HighsMipSolverData::transformNewIntegerFeasibleSolution
tmpSolver.run();``) with ``printf`` whatever its output options (HiGHS issue 2783), which would
corrupt the command line's JSON on standard output. During a solver call the descriptor of
standard output points at the null device; Python's buffers are flushed before, the C
library's before the descriptor is restored. One call at a time (a lock), so that two threads
never swap the descriptor under each other.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
import threading
from collections.abc import Iterator

_LOCK = threading.Lock()


@contextlib.contextmanager
def quiet_stdout() -> Iterator[None]:
    """Silence the process's standard output descriptor (1) while the block runs."""
    fd = 1  # the C library's standard output, where printf writes
    with _LOCK:
        with contextlib.suppress(AttributeError, OSError, ValueError):
            sys.stdout.flush()
        saved = os.dup(fd)
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, fd)
            yield
        finally:
            _flush_c_stdout()
            os.dup2(saved, fd)
            os.close(null)
            os.close(saved)


def _flush_c_stdout() -> None:
    """Flush the C library's buffered standard output (where ``printf`` wrote)."""
    with contextlib.suppress(OSError, AttributeError, TypeError):
        ctypes.CDLL(None).fflush(None)
