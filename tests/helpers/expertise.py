"""The sample panel with an ``expertise`` column, and its aggregation under each expertise
setting computed by hand with pandas (independently of the score cube)."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from r57_mcda.io.bundled import sample_paths
from r57_mcda.io.inputs import InputFile

SAMPLE = sample_paths()


def sample_levels() -> pd.Series:
    """A familiarity level per (expert, technology) of the sample: the first expert gives none,
    the second none for the third technology, the others ``1 + (i + 2 j) % 5``."""
    experts = pd.read_csv(SAMPLE["experts"], dtype=str)["id"].tolist()
    techs = pd.read_csv(SAMPLE["technologies"], dtype=str)["id"].tolist()
    levels = {
        (e, t): float(1 + (i + 2 * j) % 5)
        for i, e in enumerate(experts)
        for j, t in enumerate(techs)
        if i != 0 and not (i == 1 and j == 2)
    }
    return pd.Series(levels).rename_axis(["expert", "technology"])


def scores_with_expertise() -> bytes:
    """The sample's long scores with the levels of :func:`sample_levels` on every row."""
    scores = pd.read_csv(SAMPLE["scores"], dtype=str, keep_default_na=False)
    levels = sample_levels()
    keys = zip(scores["expert"], scores["technology"], strict=True)
    scores["expertise"] = ["" if (k not in levels.index) else f"{levels[k]:g}" for k in keys]
    return str(scores.to_csv(index=False)).encode("utf-8")


def files_with_expertise() -> tuple[InputFile, ...]:
    """The sample's files with the scores of :func:`scores_with_expertise`."""
    files = [InputFile.from_path(r, SAMPLE[r]) for r in ("criteria", "technologies", "experts")]
    return (*files, InputFile("scores", "scores_xp.csv", scores_with_expertise()))


def by_hand(setting: str) -> pd.DataFrame:
    """The mean decision matrix (technologies x criteria) under ``setting`` (``none``,
    ``weight`` or ``min:K``), equal expert weights, from the CSV text of the scores."""
    scores = pd.read_csv(io.BytesIO(scores_with_expertise()), dtype=str, keep_default_na=False)
    scores["x"] = pd.to_numeric(scores["score"], errors="coerce")
    levels = sample_levels()
    expert_mean = levels.groupby(level="expert").mean()
    keys = list(zip(scores["expert"], scores["technology"], strict=True))
    level = np.array([levels.get(k, np.nan) for k in keys])
    if setting == "weight":
        own = scores["expert"].map(expert_mean).to_numpy(dtype=float)
        factor = np.where(np.isnan(level), own, level)
        factor = np.where(np.isnan(factor), levels.mean(), factor)
    elif setting.startswith("min:"):
        factor = np.where(np.nan_to_num(level) >= int(setting[4:]), 1.0, 0.0)
    else:
        factor = np.ones(len(scores))
    scored = scores.assign(f=factor)[scores["x"].notna() & (factor > 0)]
    scored = scored.assign(fx=scored["f"] * scored["x"])
    sums = scored.groupby(["technology", "criterion"])[["fx", "f"]].sum()
    matrix = (sums["fx"] / sums["f"]).unstack("criterion")
    techs = pd.read_csv(SAMPLE["technologies"], dtype=str)["id"].tolist()
    return matrix.reindex(index=techs)
