"""Turn the command line's input options into the input files of an analysis."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from r57_mcda.errors import InputError, Problem
from r57_mcda.io.bundled import DEFAULT_CRITERIA_SET, criteria_path, sample_paths
from r57_mcda.io.inputs import InputFile, Role


def _display_name(path: Path) -> str:
    """The path as the user would write it: relative to the working directory when inside it."""
    if not path.is_absolute():
        return str(path)
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)


def _bundled_set(value: str | None) -> str | None:
    """The bundled criteria set that ``--criteria`` names (None: a file, or not given)."""
    if value is not None and Path(value).suffix == "" and not Path(value).exists():
        return value
    return None


def _criteria_file(value: str | None) -> InputFile:
    if value is None:
        path = criteria_path()
    elif (name := _bundled_set(value)) is not None:
        path = criteria_path(name)
    else:
        path = Path(value)
    return InputFile.from_path("criteria", path, name=_display_name(path))


def input_files(args: argparse.Namespace) -> list[InputFile]:
    """The input files named by ``--scores``/``--matrix``/``--criteria``/... or ``--sample``."""
    scores: list[Path] = list(getattr(args, "scores", None) or [])
    matrix: Path | None = getattr(args, "matrix", None)
    technologies: Path | None = getattr(args, "technologies", None)
    experts: Path | None = getattr(args, "experts", None)
    ahp: list[Path] = list(getattr(args, "ahp", None) or [])
    if getattr(args, "sample", False):
        # The sample panel's scores on the chosen bundled set (the quick screen has its own).
        sample = sample_paths(_bundled_set(getattr(args, "criteria", None)) or DEFAULT_CRITERIA_SET)
        if not scores and matrix is None:
            scores = [sample["scores"]]
        technologies = technologies or sample["technologies"]
        experts = experts or (sample["experts"] if scores else None)
    if not scores and matrix is None:
        raise InputError(Problem("cli_no_data"))
    files = [_criteria_file(getattr(args, "criteria", None))]
    named: list[tuple[Role, Path | None]] = [("scores", p) for p in scores]
    named += [("matrix", matrix), ("technologies", technologies), ("experts", experts)]
    named += [("ahp", p) for p in ahp]
    problems: list[Problem] = []
    for role, path in named:
        if path is None:
            continue
        try:
            files.append(InputFile.from_path(role, path, name=_display_name(path)))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return files
