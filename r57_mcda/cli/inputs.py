"""Turn the command line's input options into the input files of an analysis."""

from __future__ import annotations

import argparse
from pathlib import Path

from r57_mcda.errors import InputError, Problem
from r57_mcda.io.bundled import (
    DEFAULT_CRITERIA_SET,
    bundled_name,
    criteria_path,
    sample_paths,
)
from r57_mcda.io.inputs import InputFile, Role
from r57_mcda.spec import StudyRef


def _display_name(path: Path, *, bundled: bool = False) -> str:
    """The path exactly as the user gave it; a bundled file (``--sample``, a criteria set by
    name) by its short name, ``criteria/<name>.toml`` or ``sample_inputs/<file>``, rather than
    its place inside the installed package."""
    return (bundled_name(path) if bundled else None) or str(path)


def _bundled_set(value: str | None) -> str | None:
    """The bundled criteria set that ``--criteria`` names (None: a file, or not given)."""
    if value is not None and Path(value).suffix == "" and not Path(value).exists():
        return value
    return None


def criteria_file(value: str | None) -> InputFile:
    if value is None:
        path, bundled = criteria_path(), True
    elif (name := _bundled_set(value)) is not None:
        path, bundled = criteria_path(name), True
    else:
        path, bundled = Path(value), False
    return InputFile.from_path("criteria", path, name=_display_name(path, bundled=bundled))


#: The options that name data files, which ``--study`` replaces.
FILE_OPTIONS = ("scores", "matrix", "criteria", "technologies", "experts", "sample")


def study_files(args: argparse.Namespace) -> list[InputFile]:
    """The files of ``--study ID [--round N]`` (from ``--db``), with any ``--ahp`` files."""
    from r57_mcda.study.db import Database
    from r57_mcda.study.inputs import study_data

    given = [f"--{o}" for o in FILE_OPTIONS if getattr(args, o, None)]
    if given:
        raise InputError(Problem("cli_study_with_files", params={"options": ", ".join(given)}))
    db = Database(getattr(args, "db", None))
    try:
        files = list(study_data(db, args.study, getattr(args, "round", None)).files)
    finally:
        db.close()
    ahp = [InputFile.from_path("ahp", p) for p in getattr(args, "ahp", None) or []]
    return files + ahp


def spec_study_files(ref: StudyRef, url: str | None) -> list[InputFile]:
    """The files of the study round a spec records, checked against its scores hash."""
    from r57_mcda.study.db import Database
    from r57_mcda.study.inputs import reproduce_study_data

    db = Database(url)
    try:
        return list(reproduce_study_data(db, ref).files)
    finally:
        db.close()


def input_files(args: argparse.Namespace) -> list[InputFile]:
    """The input files named by ``--scores``/``--matrix``/``--criteria``/... or ``--sample``,
    or those of ``--study``."""
    if getattr(args, "study", None) is not None:
        return study_files(args)
    scores: list[Path] = list(getattr(args, "scores", None) or [])
    matrix: Path | None = getattr(args, "matrix", None)
    technologies: Path | None = getattr(args, "technologies", None)
    experts: Path | None = getattr(args, "experts", None)
    ahp: list[Path] = list(getattr(args, "ahp", None) or [])
    from_bundle: set[Role] = set()  # the roles whose file --sample chose (not the user)
    if getattr(args, "sample", False):
        # The sample panel's scores on the chosen bundled set (the quick screen has its own).
        sample = sample_paths(_bundled_set(getattr(args, "criteria", None)) or DEFAULT_CRITERIA_SET)
        if not scores and matrix is None:
            scores = [sample["scores"]]
            from_bundle.add("scores")
        if technologies is None:
            technologies = sample["technologies"]
            from_bundle.add("technologies")
        if experts is None and scores:
            experts = sample["experts"]
            from_bundle.add("experts")
    if not scores and matrix is None:
        raise InputError(Problem("cli_no_data"))
    files = [criteria_file(getattr(args, "criteria", None))]
    named: list[tuple[Role, Path | None]] = [("scores", p) for p in scores]
    named += [("matrix", matrix), ("technologies", technologies), ("experts", experts)]
    named += [("ahp", p) for p in ahp]
    problems: list[Problem] = []
    for role, path in named:
        if path is None:
            continue
        try:
            shown = _display_name(path, bundled=role in from_bundle)
            files.append(InputFile.from_path(role, path, name=shown))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return files
