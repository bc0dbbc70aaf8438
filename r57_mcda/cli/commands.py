"""The registry of subcommands: each module adds its parsers to the subparser set."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from r57_mcda.cli import (
    db_cmd,
    panel_cmd,
    portfolio_cmd,
    rank_cmd,
    report_cmd,
    sensitivity_cmd,
    study_cmd,
)

REGISTRARS: tuple[Callable[[Any], None], ...] = (
    panel_cmd.register,
    rank_cmd.register,
    sensitivity_cmd.register,
    portfolio_cmd.register,
    report_cmd.register,
    study_cmd.register,
    db_cmd.register,
)
