"""Save and load AnalysisSpec files, and read back the inputs they record (hash-checked)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from r57_mcda.errors import InputError, SpecError
from r57_mcda.i18n import Message, msg
from r57_mcda.i18n.phrases import Phrases
from r57_mcda.io.bundled import bundled_file
from r57_mcda.io.inputs import InputFile, Role
from r57_mcda.spec import AnalysisSpec, InputRef, changed_inputs


def save_spec(spec: AnalysisSpec, path: Path) -> None:
    """Write ``spec`` as JSON (``.json``) or TOML (anything else), inputs relative to it.

    A bundled file named by its short name (``criteria/<name>.toml``, ``sample_inputs/<file>``)
    that is not a file where the command ran keeps that name: :func:`spec_files` finds it in
    the installed package again.
    """
    text = spec_relative_to(spec, path)
    write_spec_text(text.to_json() if path.suffix.lower() == ".json" else text.to_toml(), path)


def write_spec_text(body: str, path: Path) -> None:
    """Write a spec's text to ``path`` (UTF-8), making its folder.

    Raises
    ------
    SpecError
        The file cannot be written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    except OSError as exc:
        raise SpecError(
            "spec_cannot_write", path=str(path), reason=exc.strerror or str(exc)
        ) from exc


def spec_relative_to(spec: AnalysisSpec, path: Path) -> AnalysisSpec:
    """``spec`` as a file at ``path`` records it: input names relative to the file's folder,
    bundled files by their short names (see :func:`save_spec`)."""
    base = path.resolve().parent
    relative = tuple(InputRef(r.role, _recorded(r, base), r.sha256) for r in spec.inputs)
    return spec.with_changes(inputs=relative)


def load_spec(path: Path) -> AnalysisSpec:
    """Read a spec file (JSON or TOML)."""
    return AnalysisSpec.from_text(read_spec_text(path), source=str(path))


def read_spec_text(path: Path) -> str:
    """A spec file's text (UTF-8).

    Raises
    ------
    SpecError
        The file cannot be read.
    """
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError(
            "spec_cannot_read", path=str(path), reason=exc.strerror or str(exc)
        ) from exc


def spec_files(spec: AnalysisSpec, base: Path) -> list[InputFile]:
    """The spec's input files read from disk (relative names resolved against ``base``).

    A name found nowhere there that names a bundled file with the recorded SHA-256 (a spec of
    the sample panel saved by the app or the command line) is read from the bundle.

    Raises
    ------
    SpecError
        When any file is missing or its content no longer matches the recorded SHA-256: every
        such file is named, with both hashes.
    """
    files: list[InputFile] = []
    missing: list[Message] = []
    for ref in spec.inputs:
        path = Path(ref.name)
        path = path if path.is_absolute() else base / path
        if not path.is_file():
            path = _bundled_match(ref) or path
        try:
            files.append(InputFile.from_path(_role(ref.role), path, name=ref.name))
        except InputError:
            missing.append(msg("spec_input_missing", name=ref.name, role=ref.role, path=str(path)))
    changed = changed_inputs(spec, [InputRef(**f.ref()) for f in files])
    if missing or changed:
        items = Phrases.of([*missing, *changed], separator="\n  ")
        raise SpecError("spec_inputs_not_reproducible", items=items)
    return files


def _role(role: str) -> Role:
    allowed: tuple[Role, ...] = ("scores", "matrix", "criteria", "technologies", "experts", "ahp")
    if role not in allowed:
        raise SpecError("spec_unknown_role", role=role)
    return role


def _bundled_match(ref: InputRef) -> Path | None:
    """The bundled file ``ref`` names, when its content has the recorded hash."""
    found = bundled_file(ref.name)
    if found is None:
        return None
    try:
        digest = hashlib.sha256(found.read_bytes()).hexdigest()
    except OSError:
        return None
    return found if digest == ref.sha256 else None


def _recorded(ref: InputRef, base: Path) -> str:
    """The name to write for ``ref``: relative to ``base``, or a bundled file's short name."""
    if not Path(ref.name).exists() and _bundled_match(ref) is not None:
        return ref.name
    return _relative(ref.name, base)


def _relative(name: str, base: Path) -> str:
    path = Path(name).resolve()
    try:
        return os.path.relpath(path, base)
    except ValueError:  # a different drive (Windows)
        return str(path)
