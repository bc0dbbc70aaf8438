"""Helpers for the app tests: a started app, pages, chart data, expected values computed with the
library from the same sample files the app loads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
from streamlit.testing.v1 import AppTest

from r57_mcda.io.inputs import LoadedInputs, load_inputs
from r57_mcda.models import Ranking
from r57_mcda.pipeline.analysis import criteria_weights, decision_matrix, spec_for
from r57_mcda.ranking import rank
from r57_mcda.spec import WeightSpec
from r57_mcda.ui.state import sample_files

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def page(name: str) -> str:
    """The script path of a page, as ``AppTest.switch_page`` takes it."""
    return f"r57_mcda/ui/entries/{name}.py"


def started(name: str | None = None) -> AppTest:
    """The app after its first run, switched to page ``name`` if given; no exception raised."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if name is not None:
        at.switch_page(page(name)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def sample() -> LoadedInputs:
    """The bundled sample panel, loaded as the app loads it."""
    return load_inputs(sample_files())


def sample_matrix() -> pd.DataFrame:
    """The sample panel's decision matrix (mean aggregation)."""
    loaded = sample()
    matrix, _ = decision_matrix(loaded, spec_for(loaded))
    return matrix


def expected_ranking(
    weights: WeightSpec | None = None, *, method: str = "wsm", params: dict[str, Any] | None = None
) -> Ranking:
    """The library's ranking of the sample panel."""
    loaded = sample()
    matrix = sample_matrix()
    w = criteria_weights(weights or WeightSpec(), matrix, loaded)
    return rank(matrix, w.values, loaded.criteria, method=method, params=params)


def names(lang: str = "en") -> dict[str, str]:
    """Technology id to its name in ``lang``."""
    return {x.id: x.label(lang) for x in sample().technologies}


def criterion_names(lang: str = "en") -> dict[str, str]:
    """Criterion id to its label in ``lang`` as the app shows it (cost criteria marked "(lower
    is better)")."""
    from r57_mcda.ui.common import criterion_labels

    return criterion_labels(sample().criteria, lang)


def chart_data(at: AppTest) -> list[pd.DataFrame]:
    """The data of every Altair chart on the page, in page order (a layered chart's layers are
    one dataset each)."""
    frames = []
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        assert spec, "chart without a spec"
        frames.extend(
            pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in chart.proto.datasets
        )
    return frames


def frame_with(at: AppTest, column: str) -> pd.DataFrame:
    """The first dataframe on the page that has ``column``."""
    for element in at.dataframe:
        if column in element.value.columns:
            return element.value
    raise AssertionError(f"no dataframe with a column {column!r}")


def texts(at: AppTest) -> str:
    """Every markdown, caption, info, success, warning and error text on the page, joined."""
    parts = [
        e.value
        for group in (at.markdown, at.caption, at.info, at.success, at.warning, at.error)
        for e in group
    ]
    return "\n".join(str(p) for p in parts)
