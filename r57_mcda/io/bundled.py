"""Where the bundled criteria sets and the sample panel are: package data read with
:mod:`importlib.resources`, so an editable checkout and an installed wheel behave alike.

The files live in the data package :mod:`r57_mcda.resources` (links to the project's top-level
``criteria/`` and ``sample_inputs/`` folders in a checkout, copies in a wheel). Only the standard
library is imported here: the CLI reads these paths at start-up.
"""

from __future__ import annotations

import atexit
import contextlib
from functools import cache
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

from r57_mcda.errors import InputError, Problem

RESOURCES = "r57_mcda.resources"
DEFAULT_CRITERIA_SET = "r57_strategic_technologies"

#: The sample panel's files by role.
SAMPLE_FILES = {
    "scores": "expert_scores.csv",
    "scores_workbook": "expert_scores.xlsx",
    "technologies": "technologies.csv",
    "experts": "experts.csv",
    "matrix": "decision_matrix.csv",
    "ahp": "ahp_pairwise.csv",
}

# Files extracted from a zipped install stay until the interpreter exits: callers keep the paths.
_extracted = contextlib.ExitStack()
atexit.register(_extracted.close)


def _folder(name: str) -> Traversable:
    return files(RESOURCES) / name


@cache
def _real_path(folder: str, name: str) -> Path:
    """A file-system path of ``folder/name``: the file itself when installed as files (the usual
    case; links resolved, so a checkout names ``criteria/...``), else a temporary copy."""
    resource = _folder(folder) / name
    if isinstance(resource, Path):
        return resource.resolve()
    return _extracted.enter_context(as_file(resource))


def bundled_criteria_sets() -> list[str]:
    """Names of the bundled criteria sets."""
    folder = _folder("criteria")
    if not folder.is_dir():
        return []
    return sorted(
        p.name.removesuffix(".toml")
        for p in folder.iterdir()
        if p.name.endswith(".toml") and p.is_file()
    )


def criteria_path(name: str = DEFAULT_CRITERIA_SET) -> Path:
    """The path of a bundled criteria set, by set name (``criteria/<name>.toml``).

    Raises
    ------
    InputError
        No bundled set has that name; the message lists the known ones.
    """
    if not (_folder("criteria") / f"{name}.toml").is_file():
        known = bundled_criteria_sets()
        code = "file_no_bundled_criteria" if known else "file_no_bundled_criteria_none"
        params = {"name": name, "known": ", ".join(known)}
        raise InputError(Problem(code, file=f"criteria/{name}.toml", params=params))
    return _real_path("criteria", f"{name}.toml")


def sample_paths(criteria_set: str = DEFAULT_CRITERIA_SET) -> dict[str, Path]:
    """The bundled sample panel's files by role (scores, technologies, experts, ..., criteria).

    The panel is scored on the default criteria set; it also has scores on each other bundled
    set it was given (``expert_scores_<set>.csv``: the quick screen), which replace ``scores``
    when that set is asked for. The workbook, matrix and AHP files belong to the default set.

    Raises
    ------
    InputError
        ``criteria_set`` is not bundled, or the sample panel has no scores on it.
    """
    criteria = criteria_path(criteria_set)
    paths = {role: _real_path("sample_inputs", name) for role, name in SAMPLE_FILES.items()}
    paths["criteria"] = criteria
    if criteria_set != DEFAULT_CRITERIA_SET:
        name = f"expert_scores_{criteria_set}.csv"
        if not (_folder("sample_inputs") / name).is_file():
            raise InputError(
                Problem(
                    "file_no_sample_scores",
                    file=f"sample_inputs/{name}",
                    params={"name": criteria_set},
                )
            )
        paths["scores"] = _real_path("sample_inputs", name)
    return paths


#: The folders of the bundled files, as their names are shown (``criteria/<name>.toml``).
BUNDLED_FOLDERS = ("criteria", "sample_inputs")


def bundled_name(path: Path) -> str | None:
    """The short name of a bundled file (``criteria/<name>.toml``, ``sample_inputs/<file>``), or
    None when ``path`` is not one of the bundled files.

    An installed wheel keeps them deep inside site-packages: messages and JSON name them by
    these short names instead, which :func:`bundled_file` turns back into the file.
    """
    try:
        resolved = path.resolve()
    except OSError:
        return None
    for folder in BUNDLED_FOLDERS:
        candidate = _folder(folder) / path.name
        if candidate.is_file() and _real_path(folder, path.name) == resolved:
            return f"{folder}/{path.name}"
    return None


def bundled_file(name: str) -> Path | None:
    """The bundled file a short name (``criteria/<name>.toml``, ``sample_inputs/<file>``, or a
    bare file name of either folder) stands for, or None."""
    parts = Path(name).parts
    if len(parts) == 2 and parts[0] in BUNDLED_FOLDERS:
        folders: tuple[str, ...] = (parts[0],)
    elif len(parts) == 1:
        folders = BUNDLED_FOLDERS
    else:
        return None
    for folder in folders:
        if (_folder(folder) / parts[-1]).is_file():
            return _real_path(folder, parts[-1])
    return None
