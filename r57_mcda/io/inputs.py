"""Input files as bytes with their hashes, and loading a whole analysis's inputs at once."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from r57_mcda.errors import InputError, Problem
from r57_mcda.spec import StudyRef

if TYPE_CHECKING:
    import pandas as pd

    from r57_mcda.models import CriteriaSet, Panel, Technology

Role = Literal["scores", "matrix", "criteria", "technologies", "experts", "ahp"]
ROLES: tuple[Role, ...] = ("scores", "matrix", "criteria", "technologies", "experts", "ahp")


@dataclass(frozen=True)
class InputFile:
    """One input file's name, role and content; the same bytes are hashed and parsed.

    ``study`` is set on the scores a study exported (:mod:`r57_mcda.study.inputs`): an analysis
    of them records the study, round and scores hash instead of file names.
    """

    role: Role
    name: str
    content: bytes = field(repr=False)
    study: StudyRef | None = None

    @property
    def sha256(self) -> str:
        """SHA-256 of the content, hex."""
        return hashlib.sha256(self.content).hexdigest()

    @classmethod
    def from_path(cls, role: Role, path: str | Path, *, name: str | None = None) -> InputFile:
        """Read ``path``; a missing or unreadable file is an InputError naming it."""
        p = Path(path)
        try:
            content = p.read_bytes()
        except FileNotFoundError as exc:
            raise InputError(Problem("file_not_found", file=str(p))) from exc
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise InputError(
                Problem("file_cannot_read", str(p), params={"reason": reason})
            ) from exc
        return cls(role=role, name=name or str(path), content=content)

    def ref(self) -> dict[str, str]:
        """Role, name and SHA-256, as recorded in an AnalysisSpec."""
        return {"role": self.role, "name": self.name, "sha256": self.sha256}


@dataclass(frozen=True)
class LoadedInputs:
    """Everything read and validated from an analysis's input files.

    Exactly one of ``panel`` (expert scores) and ``matrix`` (an aggregated decision matrix) is
    set. ``warnings`` are the non-blocking problems (e.g. cells below the quorum).
    """

    files: tuple[InputFile, ...]
    criteria: CriteriaSet
    technologies: tuple[Technology, ...]
    panel: Panel | None = None
    matrix: pd.DataFrame | None = None
    ahp: tuple[pd.DataFrame, ...] = ()
    warnings: tuple[Problem, ...] = ()

    @property
    def study(self) -> StudyRef | None:
        """The study the data come from, when they do."""
        return next((f.study for f in self.files if f.study is not None), None)

    def file_refs(self) -> list[dict[str, str]]:
        """Role, name and hash of every input file, in order."""
        return [f.ref() for f in self.files]


def _one(files: Sequence[InputFile], role: Role) -> InputFile | None:
    found = [f for f in files if f.role == role]
    if len(found) > 1:
        problem = Problem("input_one_file_per_role", found[1].name, params={"role": role})
        raise InputError(problem)
    return found[0] if found else None


def load_inputs(files: Sequence[InputFile], *, quorum: int = 3) -> LoadedInputs:
    """Parse and validate a set of input files, reporting every problem of every file at once.

    Parameters
    ----------
    files
        The input files; ``criteria`` is required, and either one or more ``scores`` files or
        one ``matrix`` file.
    quorum
        Cells scored by fewer experts are reported as warnings.

    Raises
    ------
    InputError
        Every problem of every file; also what every analysis would refuse later (a cell of
        the panel nobody scored, a matrix value outside its criterion's declared scale, a
        single technology), so that ``validate`` rejects what ``rank`` rejects.
    """
    from r57_mcda.io.criteria import load_criteria
    from r57_mcda.io.pairwise import load_pairwise
    from r57_mcda.io.panel import load_panel

    criteria_file = _one(files, "criteria")
    if criteria_file is None:
        raise InputError(Problem("input_no_criteria"))
    scores = [f for f in files if f.role == "scores"]
    matrix_file = _one(files, "matrix")
    if bool(scores) == (matrix_file is not None):
        raise InputError(Problem("input_scores_or_matrix"))
    tech_file = _one(files, "technologies")
    expert_file = _one(files, "experts")
    ahp = tuple(load_pairwise(f.content, name=f.name) for f in files if f.role == "ahp")

    if scores:
        panel, warnings = load_panel(
            scores=[(f.content, f.name) for f in scores],
            criteria=(criteria_file.content, criteria_file.name),
            technologies=(tech_file.content, tech_file.name) if tech_file else None,
            experts=(expert_file.content, expert_file.name) if expert_file else None,
            quorum=quorum,
        )
        _two_technologies(panel.technologies, tech_file or scores[0], warnings)
        return LoadedInputs(
            files=tuple(files),
            criteria=panel.criteria,
            technologies=panel.technologies,
            panel=panel,
            ahp=ahp,
            warnings=warnings,
        )
    assert matrix_file is not None
    criteria = load_criteria(criteria_file.content, name=criteria_file.name)
    matrix, technologies = _load_matrix(matrix_file, tech_file, criteria)
    _two_technologies(technologies, matrix_file, ())
    return LoadedInputs(
        files=tuple(files), criteria=criteria, technologies=technologies, matrix=matrix, ahp=ahp
    )


def _two_technologies(
    technologies: Sequence[Technology], where: InputFile, warnings: Sequence[Problem]
) -> None:
    """Refuse a single technology as every ranking does, so that ``validate`` agrees."""
    if len(technologies) == 1:
        params = {"technology": technologies[0].id}
        raise InputError([Problem("input_one_technology", where.name, params=params), *warnings])


def _load_matrix(
    matrix_file: InputFile, tech_file: InputFile | None, criteria: CriteriaSet
) -> tuple[pd.DataFrame, tuple[Technology, ...]]:
    """A decision matrix and its technologies, cross-checked against the technologies file."""
    from r57_mcda.io.matrix import load_matrix
    from r57_mcda.io.panel import load_technologies
    from r57_mcda.models import Technology

    problems: list[Problem] = []
    matrix = None
    technologies = None
    try:
        matrix = load_matrix(matrix_file.content, name=matrix_file.name, criteria=criteria)
    except InputError as exc:
        problems.extend(exc.problems)
    if tech_file is not None:
        try:
            technologies = load_technologies(tech_file.content, name=tech_file.name)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems or matrix is None:
        raise InputError(problems)
    if technologies is None or tech_file is None:
        return matrix, tuple(Technology(id=str(t), name=str(t)) for t in matrix.index)
    known = {t.id for t in technologies}
    problems += [
        Problem(
            "input_unknown_technology",
            file=matrix_file.name,
            column="technology",
            params={"value": str(t), "where": tech_file.name},
        )
        for t in matrix.index
        if t not in known
    ]
    if problems:
        raise InputError(problems)
    # Technologies listed but absent from the matrix are simply not ranked.
    present = set(matrix.index)
    return matrix, tuple(t for t in technologies if t.id in present)
