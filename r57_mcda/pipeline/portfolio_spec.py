"""Portfolio spec files: an AnalysisSpec and its portfolio settings, saved and read back.

A portfolio spec is one object, ``{"kind": "portfolio", "analysis": <AnalysisSpec>,
"portfolio": <PortfolioSettings>}``, as JSON (``.json``) or TOML (any other name). The
constraints are written whole (with the name and SHA-256 of the file they came from), so
``r57-mcda run SPEC`` needs only the analysis's inputs, hash-checked as for any spec.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from r57_mcda.errors import SpecError
from r57_mcda.io.spec_files import read_spec_text, spec_relative_to, write_spec_text
from r57_mcda.pipeline.portfolio import PortfolioSettings
from r57_mcda.spec import AnalysisSpec

#: The ``kind`` of a portfolio spec (an AnalysisSpec file has none).
PORTFOLIO_KIND = "portfolio"
_KEYS = ("kind", "analysis", "portfolio")


@dataclass(frozen=True)
class PortfolioSpec:
    """A portfolio run: the analysis that values the technologies, and the selection."""

    analysis: AnalysisSpec
    portfolio: PortfolioSettings

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON and TOML ready)."""
        return {
            "kind": PORTFOLIO_KIND,
            "analysis": self.analysis.to_dict(),
            "portfolio": self.portfolio.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "spec") -> PortfolioSpec:
        """A portfolio spec from plain data.

        Raises
        ------
        SpecError
            Not a portfolio spec, unknown keys, or values of the wrong type (naming ``source``).
        """
        if data.get("kind") != PORTFOLIO_KIND:
            raise SpecError("pfcli_spec_kind", source=source, kind=str(data.get("kind")))
        unknown = sorted(set(data) - set(_KEYS))
        if unknown:
            raise SpecError("spec_unknown_keys", source=source, keys=", ".join(unknown))
        analysis, portfolio = data.get("analysis"), data.get("portfolio", {})
        if not isinstance(analysis, Mapping) or not isinstance(portfolio, Mapping):
            raise SpecError("pfcli_spec_parts", source=source)
        return cls(
            analysis=AnalysisSpec.from_dict(analysis, source=source),
            portfolio=PortfolioSettings.from_dict(portfolio, source=source),
        )


def _read(path: Path) -> Mapping[str, Any]:
    text = read_spec_text(path)
    try:
        data = json.loads(text) if text.lstrip().startswith("{") else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SpecError("spec_not_json_or_toml", source=str(path), reason=str(exc)) from exc
    if not isinstance(data, Mapping):
        raise SpecError("pfcli_spec_parts", source=str(path))
    return data


def spec_kind(path: Path) -> str:
    """The ``kind`` a spec file declares ("" for an AnalysisSpec, or a file that cannot be
    read: :func:`r57_mcda.io.spec_files.load_spec` then reports why)."""
    try:
        return str(_read(path).get("kind", ""))
    except SpecError:
        return ""


def load_portfolio_spec(path: Path) -> PortfolioSpec:
    """Read a portfolio spec file (JSON or TOML).

    Raises
    ------
    SpecError
        The file cannot be read or parsed, or is not a valid portfolio spec.
    """
    return PortfolioSpec.from_dict(_read(path), source=str(path))


def save_portfolio_spec(spec: PortfolioSpec, path: Path) -> None:
    """Write ``spec`` as JSON (``.json``) or TOML (anything else), the analysis's inputs
    relative to the file (as :func:`r57_mcda.io.spec_files.save_spec` writes them).

    Raises
    ------
    SpecError
        The file cannot be written.
    """
    relative = PortfolioSpec(spec_relative_to(spec.analysis, path), spec.portfolio)
    data = relative.to_dict()
    if path.suffix.lower() == ".json":
        body = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    else:
        import tomli_w

        body = tomli_w.dumps(data)
    write_spec_text(body, path)
