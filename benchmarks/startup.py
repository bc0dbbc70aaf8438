"""CLI start-up: whole-process wall times of ``r57-mcda`` commands, each in a fresh interpreter.

Each command runs ``repeats`` times (after one unmeasured warm-up run that fills the OS file cache
and writes the bytecode); the best and the median are printed beside the command's budget, if it
has one. Then ``python -X importtime`` shows what ``rank --sample`` spends its imports on, and
whether it imports scikit-criteria (it should not: the default method has its own kernel).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

#: (label, arguments after ``r57-mcda``, budget in seconds or None).
COMMANDS: tuple[tuple[str, tuple[str, ...], float | None], ...] = (
    ("--help", ("--help",), 0.3),
    ("rank --sample (default method)", ("rank", "--sample"), 1.0),
    ("rank --sample --method edas", ("rank", "--sample", "--method", "edas"), None),
    ("report --sample --output TMP.xlsx", ("report", "--sample", "--output", "{tmp}/r.xlsx"), None),
)
#: Import-time lines: ``import time: <self us> | <cumulative us> | <indented module name>``.
IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def _cli() -> list[str]:
    """The installed console script beside this interpreter, else ``python -m r57_mcda``."""
    script = Path(sys.executable).with_name("r57-mcda")
    if script.is_file():
        return [str(script)]
    found = shutil.which("r57-mcda")
    return [found] if found else [sys.executable, "-m", "r57_mcda"]


def _time(command: list[str], cwd: str, repeats: int) -> list[float] | str:
    """Wall times of ``repeats`` runs, or why the command failed (its last line of stderr)."""
    times = []
    for i in range(repeats + 1):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            lines = done.stderr.strip().splitlines() or [""]
            return f"failed (exit {done.returncode}): {lines[-1][:120]}"
        if i:  # the first run warms the caches
            times.append(time.perf_counter() - start)
    return times


def import_costs(args: list[str], cwd: str) -> tuple[dict[str, float], dict[str, str]]:
    """What ``python -X importtime -m r57_mcda ARGS`` spends on imports: the self time (s) per
    top-level package, largest first (they add up to the total), and for each package outside
    r57_mcda the r57_mcda module that first imported it."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "r57_mcda", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    costs: dict[str, float] = {}
    by: dict[str, str] = {}
    # importtime prints a module after the modules it imported, indented one step deeper: a line
    # adopts the deeper lines still pending above it as its children.
    pending: list[tuple[int, str, list[str]]] = []  # (depth, module, descendants)
    for line in out.stderr.splitlines():
        match = IMPORT_LINE.match(line)
        if not match:
            continue
        depth, module = len(match.group(3)), match.group(4)
        root = module.split(".")[0]
        costs[root] = costs.get(root, 0.0) + int(match.group(1)) / 1e6
        descendants: list[str] = []
        while pending and pending[-1][0] > depth:
            _, child, below = pending.pop()
            descendants += [child, *below]
        if root == "r57_mcda":
            for name in descendants:
                by.setdefault(name.split(".")[0], module)
        pending.append((depth, module, descendants))
    by.pop("r57_mcda", None)
    return dict(sorted(costs.items(), key=lambda kv: -kv[1])), by


def run(report: Callable[[str], None], *, repeats: int = 5) -> None:
    """Print best and median wall times of each command, their budgets, and the import costs."""
    cli = _cli()
    with tempfile.TemporaryDirectory() as tmp:
        base = _time([sys.executable, "-c", "pass"], tmp, repeats)
        assert isinstance(base, list), base
        report(f"{'command (' + Path(cli[-1]).name + ')':<36} {'best':>7} {'median':>7}  budget")
        report(f"{'(python -c pass)':<36} {min(base):6.2f}s {statistics.median(base):6.2f}s")
        for label, args, budget in COMMANDS:
            command = [*cli, *(a.format(tmp=tmp) for a in args)]
            times = _time(command, tmp, repeats)
            if isinstance(times, str):
                report(f"{label:<36} {times}")
                continue
            median = statistics.median(times)
            verdict = ""
            if budget is not None:
                ratio = median / budget
                verdict = f"  < {budget:.1f}s: {ratio:.1f}x budget, {'ok' if ratio < 1 else 'OVER'}"
            report(f"{label:<36} {min(times):6.2f}s {median:6.2f}s{verdict}")
        costs, by = import_costs(["rank", "--sample"], tmp)
    report(f"imports of rank --sample, self time by package (one run): {sum(costs.values()):.2f}s")
    for name, seconds in list(costs.items())[:10]:
        report(
            f"  {name:<22} {seconds:5.2f}s" + (f"  (first from {by[name]})" if name in by else "")
        )
    report(
        "rank --sample imports scikit-criteria: "
        + (
            f"yes, from {by.get('skcriteria', 'a function (imported when called)')}"
            if "skcriteria" in costs
            else "no"
        )
    )
    report(f"({repeats} runs each after a warm-up, {os.cpu_count()} CPUs; the VM is shared)")
