"""Where the bundled criteria sets and the sample panel live in a checkout of the project."""

from __future__ import annotations

from pathlib import Path

from r57_mcda.errors import InputError, Problem

#: The repository root (the package is installed in editable mode from a clone).
PROJECT_ROOT = Path(__file__).resolve().parents[2]
CRITERIA_DIR = PROJECT_ROOT / "criteria"
SAMPLE_DIR = PROJECT_ROOT / "sample_inputs"
DEFAULT_CRITERIA_SET = "r57_strategic_technologies"


def criteria_path(name: str = DEFAULT_CRITERIA_SET) -> Path:
    """The path of a bundled criteria set, by set name (``criteria/<name>.toml``)."""
    path = CRITERIA_DIR / f"{name}.toml"
    if not path.is_file():
        known = sorted(p.stem for p in CRITERIA_DIR.glob("*.toml"))
        raise InputError(
            [
                Problem(
                    f"no bundled criteria set '{name}'; known sets: {', '.join(known) or 'none'}",
                    file=str(path),
                )
            ]
        )
    return path


def bundled_criteria_sets() -> list[str]:
    """Names of the bundled criteria sets."""
    return sorted(p.stem for p in CRITERIA_DIR.glob("*.toml"))


def sample_paths() -> dict[str, Path]:
    """The bundled sample panel's files by role (scores, technologies, experts, ...)."""
    return {
        "scores": SAMPLE_DIR / "expert_scores.csv",
        "scores_workbook": SAMPLE_DIR / "expert_scores.xlsx",
        "technologies": SAMPLE_DIR / "technologies.csv",
        "experts": SAMPLE_DIR / "experts.csv",
        "matrix": SAMPLE_DIR / "decision_matrix.csv",
        "ahp": SAMPLE_DIR / "ahp_pairwise.csv",
        "criteria": CRITERIA_DIR / f"{DEFAULT_CRITERIA_SET}.toml",
    }
