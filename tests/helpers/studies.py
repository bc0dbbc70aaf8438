"""Studies for tests: the bundled sample panel set up as a study in a given store."""

from __future__ import annotations

from r57_mcda.io.bundled import criteria_path, sample_paths
from r57_mcda.io.criteria import load_criteria
from r57_mcda.io.inputs import InputFile
from r57_mcda.io.panel import load_experts, load_technologies
from r57_mcda.study.db import Database
from r57_mcda.study.imports import import_files
from r57_mcda.study.studies import create_study, members

SAMPLE_CRITERIA_NAME = "criteria/r57_strategic_technologies.toml"


def sample_study(
    db: Database,
    *,
    name: str = "Pilot study",
    lang: str = "vi",
    langs: dict[str, str] | None = None,
    import_scores: bool = False,
) -> int:
    """The sample panel's criteria, technologies and experts as a new study (its id).

    Every expert's language is ``lang`` unless ``langs`` names another; with ``import_scores``
    the sample's long score file is imported as round 1's answers.
    """
    paths = sample_paths()
    criteria_file = InputFile.from_path("criteria", criteria_path(), name=SAMPLE_CRITERIA_NAME)
    extras = {e: (lang_, "") for e, lang_ in (langs or {}).items()}
    study_id = create_study(
        db,
        name=name,
        criteria=load_criteria(criteria_file.content, name=criteria_file.name),
        criteria_file=criteria_file,
        technologies=load_technologies(paths["technologies"]),
        experts=members(load_experts(paths["experts"]), extras, lang),
    )
    if import_scores:
        import_files(db, study_id, [("expert_scores.csv", paths["scores"].read_bytes())])
    return study_id
