"""Command-line options shared by the analysis subcommands."""

from __future__ import annotations

import argparse
from pathlib import Path

from r57_mcda.cli.output import FORMATS
from r57_mcda.vocab import (
    AGGREGATION_METHODS,
    DEFAULT_AGGREGATION,
    DEFAULT_EXPERTISE,
    DEFAULT_QUORUM,
    DEFAULT_TRIM,
)


def add_data_options(parser: argparse.ArgumentParser, *, matrix: bool = True) -> None:
    """Options that say where the panel's data are."""
    g = parser.add_argument_group("input data")
    g.add_argument(
        "--scores",
        type=Path,
        action="append",
        metavar="FILE",
        help="expert scores: long CSV/XLSX (expert,technology,criterion,score) or a workbook "
        "with one sheet per expert; repeat for several files",
    )
    if matrix:
        g.add_argument(
            "--matrix",
            type=Path,
            metavar="FILE",
            help="an already aggregated decision matrix (CSV/XLSX: technology + one column per "
            "criterion id), instead of --scores",
        )
    g.add_argument(
        "--criteria",
        metavar="FILE|NAME",
        help="criteria set: a TOML/CSV/XLSX file or the name of a bundled set "
        "(default: r57_strategic_technologies)",
    )
    g.add_argument("--technologies", type=Path, metavar="FILE", help="technologies CSV/XLSX")
    g.add_argument("--experts", type=Path, metavar="FILE", help="experts CSV/XLSX")
    g.add_argument(
        "--sample",
        action="store_true",
        help="use the bundled sample panel (synthetic, illustrative data)",
    )
    add_study_options(g)
    g.add_argument(
        "--quorum",
        type=int,
        default=DEFAULT_QUORUM,
        metavar="N",
        help=f"warn about cells scored by fewer than N experts (default {DEFAULT_QUORUM})",
    )


def add_db_option(group: argparse._ActionsContainer) -> None:
    """``--db URL``: the study store's database."""
    group.add_argument(
        "--db",
        metavar="URL",
        help="the study store's database URL (default: $R57_DATABASE_URL, else "
        "sqlite:///r57-studies.db in the working directory)",
    )


def add_study_options(group: argparse._ActionsContainer) -> None:
    """``--study ID [--round N]`` (with ``--db``): read the data from a study."""
    group.add_argument(
        "--study",
        type=int,
        metavar="ID",
        help="analyse a study's current scores instead of files (no --scores, --matrix, "
        "--criteria, --technologies, --experts or --sample with it)",
    )
    group.add_argument(
        "--round", type=int, metavar="N", help="the study's round (default: the latest)"
    )
    add_db_option(group)


def add_aggregation_options(parser: argparse.ArgumentParser) -> None:
    """Options for aggregating the panel's scores."""
    g = parser.add_argument_group("aggregation")
    g.add_argument(
        "--aggregate",
        choices=AGGREGATION_METHODS,
        default=DEFAULT_AGGREGATION,
        help=f"how to combine the experts' scores per cell (default {DEFAULT_AGGREGATION})",
    )
    g.add_argument(
        "--balance-groups",
        action="store_true",
        help="give each stakeholder group (science, industry, government ...) equal total weight",
    )
    g.add_argument(
        "--use-confidence",
        action="store_true",
        help="weigh each score by the confidence its expert declared (the scores' confidence "
        "column); a missing confidence takes the expert's mean, else the panel's (default off)",
    )
    g.add_argument(
        "--expertise",
        default=DEFAULT_EXPERTISE,
        metavar="none|weight|min:K",
        help="the experts' self-rated familiarity with each technology (the scores' expertise "
        "column, 1-5): none ignores it; weight weighs each expert's scores of a technology by "
        "their level for it (a missing level takes the expert's mean, else the panel's); min:K "
        f"counts only the experts at level K or above (default {DEFAULT_EXPERTISE})",
    )
    g.add_argument(
        "--trim",
        type=float,
        default=DEFAULT_TRIM,
        metavar="P",
        help=f"proportion cut from each end by --aggregate trimmed (default {DEFAULT_TRIM:g})",
    )


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """``--format`` and ``--output``."""
    g = parser.add_argument_group("output")
    g.add_argument("--format", choices=FORMATS, default="table", help="output format")
    g.add_argument("--output", type=Path, metavar="PATH", help="write to PATH instead of stdout")
