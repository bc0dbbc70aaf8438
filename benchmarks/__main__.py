"""Run every benchmark and print its figures: ``python -m benchmarks [NAME ...]``."""

from __future__ import annotations

import importlib
import platform
import sys

BENCHMARKS = ("startup", "interactive", "sensitivity", "study", "portfolio")


def main(argv: list[str]) -> int:
    """Run the named benchmarks (default: all) and print their figures."""
    names = argv or list(BENCHMARKS)
    print(
        f"r57-mcda benchmarks on {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}",
        flush=True,
    )
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"\n== {name}", flush=True)
        module.run(lambda line: print(line, flush=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
