"""Tests for r57_mcda.vocab: one set of choices and defaults, used alike by CLI, app and report."""

from __future__ import annotations

import subprocess
import sys
import typing

import pytest

from r57_mcda import vocab
from r57_mcda.cli import build_parser
from r57_mcda.cli.sensitivity_cmd import DEFAULT_INTERVAL_PERCENT
from r57_mcda.pipeline.sensitivity import SensitivitySettings
from r57_mcda.ranking import method_info
from r57_mcda.spec import AnalysisSpec, WeightSpec
from r57_mcda.ui.choices import DEFAULT_SENSITIVITY, Choices, MethodChoice, PanelChoice


def test_vocab_imports_only_the_standard_library() -> None:
    code = (
        "import sys\n"
        "import r57_mcda.vocab\n"
        "print(','.join(sorted(m for m in sys.modules "
        "if m.split('.')[0] in {'numpy', 'pandas', 'r57_mcda'})))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "r57_mcda,r57_mcda.vocab"


@pytest.mark.parametrize(
    ("literal", "values", "default"),
    [
        (vocab.AggregationMethod, vocab.AGGREGATION_METHODS, vocab.DEFAULT_AGGREGATION),
        (vocab.WeightSource, vocab.WEIGHT_SOURCES, vocab.DEFAULT_WEIGHT_SOURCE),
        (vocab.RankMethod, vocab.RANK_METHODS, vocab.DEFAULT_RANK_METHOD),
        (vocab.ObjectiveMethod, vocab.OBJECTIVE_METHODS, vocab.DEFAULT_OBJECTIVE_METHOD),
        (vocab.Analysis, vocab.ANALYSES, vocab.DEFAULT_ANALYSIS),
        (vocab.WeightModelName, vocab.WEIGHT_MODELS, vocab.DEFAULT_WEIGHT_MODEL),
    ],
)
def test_each_choice_list_is_its_literal_and_holds_its_default(
    literal: object, values: tuple[str, ...], default: str
) -> None:
    assert values == typing.get_args(literal)
    assert default in values


def test_default_methods_are_registered() -> None:
    for method in (vocab.DEFAULT_METHOD, *vocab.DEFAULT_COMPARE, *vocab.DEFAULT_ROBUSTNESS_METHODS):
        assert method_info(method).id == method


def test_the_chosen_monte_carlo_defaults() -> None:
    """10,000 draws uniform on the simplex, seed 0, everywhere (see vocab for the reasons)."""
    assert SensitivitySettings() == SensitivitySettings(
        analysis="montecarlo", draws=10_000, weights_model="uniform", concentration=100.0
    )
    assert vocab.DEFAULT_COMPARE == ("wsm", "wpm", "topsis", "vikor", "promethee2")


def _cli_settings(argv: list[str]) -> SensitivitySettings:
    args = build_parser().parse_args(argv)
    return SensitivitySettings(
        analysis=args.analysis if hasattr(args, "analysis") else vocab.DEFAULT_ANALYSIS,
        draws=args.draws,
        weights_model=args.weights_model,
        concentration=getattr(args, "concentration", vocab.DEFAULT_CONCENTRATION),
        interval=getattr(args, "interval", DEFAULT_INTERVAL_PERCENT) / 100.0,
        resamples=getattr(args, "resamples", vocab.DEFAULT_RESAMPLES),
        points=getattr(args, "points", vocab.DEFAULT_POINTS),
        repeat=getattr(args, "repeat", vocab.DEFAULT_REPEAT),
    )


def test_cli_sensitivity_report_and_app_start_from_the_same_settings() -> None:
    sensitivity = _cli_settings(["sensitivity", "--sample"])
    report = _cli_settings(["report", "--sample", "--output", "x.xlsx"])
    assert sensitivity == report == DEFAULT_SENSITIVITY == Choices().sensitivity
    assert sensitivity == SensitivitySettings()
    for argv in (["sensitivity", "--sample"], ["report", "--sample", "--output", "x.xlsx"]):
        assert build_parser().parse_args(argv).seed == vocab.DEFAULT_SEED == Choices().seed


def test_report_compares_the_methods_the_app_compares() -> None:
    args = build_parser().parse_args(["report", "--sample", "--output", "x.xlsx"])
    assert tuple(args.methods.split(",")) == vocab.DEFAULT_COMPARE


def test_analysis_defaults_are_the_same_in_the_spec_the_cli_and_the_app() -> None:
    args = build_parser().parse_args(["rank", "--sample"])
    spec = AnalysisSpec(inputs=())
    app = Choices()
    assert args.aggregate == spec.aggregation == app.panel.aggregation == PanelChoice().aggregation
    assert args.trim == spec.trim == app.panel.trim == vocab.DEFAULT_TRIM
    assert args.quorum == spec.quorum == app.panel.quorum == vocab.DEFAULT_QUORUM
    assert args.method == spec.method == MethodChoice().method == vocab.DEFAULT_METHOD
    assert args.top_k == spec.top_k == app.top_k == vocab.DEFAULT_TOP_K
    assert args.rank_method == WeightSpec().rank_method == app.weights.rank_method
    assert WeightSpec().source == app.weights.source == vocab.DEFAULT_WEIGHT_SOURCE
