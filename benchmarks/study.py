"""Benchmark of the study store: importing 30 returned scoring workbooks of 200 technologies x
15 criteria in one transaction (target: under 15 s), and the status of that 30-expert study
(target: under 300 ms), on SQLite and, when ``R57_TEST_POSTGRES_URL`` names a server, on
PostgreSQL too. Prints figures only; asserts nothing about time.
"""

from __future__ import annotations

import io
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import openpyxl

from r57_mcda.io.criteria import criteria_to_toml
from r57_mcda.io.inputs import InputFile
from r57_mcda.models import CriteriaSet, Criterion, Technology
from r57_mcda.study.db import Database
from r57_mcda.study.imports import import_files
from r57_mcda.study.issue import issue_templates
from r57_mcda.study.status import study_status
from r57_mcda.study.studies import StudyExpert, create_study
from r57_mcda.study.templates import FIRST_ROW, SCORES_SHEET, first_criterion_column

TECHNOLOGIES, CRITERIA, EXPERTS = 200, 15, 30
IMPORT_TARGET_S, STATUS_TARGET_S = 15.0, 0.300
STATUS_RUNS = 7


def _study(db: Database) -> int:
    criteria = CriteriaSet(
        "bench",
        "Benchmark",
        tuple(
            Criterion(
                f"c{j:02d}", f"Criterion {j}", "cost" if j % 4 == 3 else "benefit", scale=(1, 5)
            )
            for j in range(CRITERIA)
        ),
    )
    content = criteria_to_toml(criteria).encode("utf-8")
    return create_study(
        db,
        name="Benchmark study",
        criteria=criteria,
        criteria_file=InputFile("criteria", "bench.toml", content),
        technologies=[Technology(f"t{i:03d}", f"Technology {i}") for i in range(TECHNOLOGIES)],
        experts=[StudyExpert(f"e{k:02d}", f"Expert {k}", "science") for k in range(EXPERTS)],
    )


def _filled(book: bytes, rng: np.random.Generator) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(book))
    ws = wb[SCORES_SHEET]
    scores = rng.integers(1, 6, size=(TECHNOLOGIES, CRITERIA))
    for i in range(TECHNOLOGIES):
        for j in range(CRITERIA):
            ws.cell(row=FIRST_ROW + i, column=first_criterion_column(1) + j).value = int(
                scores[i, j]
            )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _one(url: str, label: str, say: Callable[[str], None]) -> None:
    db = Database(url)
    study_id = _study(db)
    start = time.perf_counter()
    books = issue_templates(db, study_id)
    issued = time.perf_counter() - start
    rng = np.random.default_rng(0)
    returned = [(f"{e}.xlsx", _filled(b, rng)) for e, b in books.items()]
    start = time.perf_counter()
    outcome = import_files(db, study_id, returned)
    imported = time.perf_counter() - start
    cells = sum(n for _, _, n in outcome.imported)
    times = []
    for _ in range(STATUS_RUNS):
        start = time.perf_counter()
        status = study_status(db, study_id)
        times.append(time.perf_counter() - start)
    took = statistics.median(times)
    assert status.submitted == EXPERTS
    say(f"{label}: {EXPERTS} templates of {TECHNOLOGIES} x {CRITERIA} issued in {issued:.2f} s")
    say(
        f"{label}: import of {EXPERTS} workbooks ({cells:,} cells) in {imported:.2f} s "
        f"(target {IMPORT_TARGET_S:.0f} s, ratio {imported / IMPORT_TARGET_S:.2f})"
    )
    say(
        f"{label}: status of the {EXPERTS}-expert study in {1000 * took:.0f} ms, median of "
        f"{STATUS_RUNS} (target {1000 * STATUS_TARGET_S:.0f} ms, "
        f"ratio {took / STATUS_TARGET_S:.2f})"
    )
    db.close()


def run(say: Callable[[str], None]) -> None:
    """Print the import and status figures on SQLite (and PostgreSQL when configured)."""
    with tempfile.TemporaryDirectory() as folder:
        _one(f"sqlite:///{Path(folder) / 'bench.db'}", "SQLite", say)
    server = os.environ.get("R57_TEST_POSTGRES_URL")
    if not server:
        say("PostgreSQL: not measured (set R57_TEST_POSTGRES_URL to a server's database)")
        return
    _one(server, "PostgreSQL", say)
