"""Read criteria weights from a file (CSV/XLSX ``criterion,weight`` or TOML ``[weights]``)."""

from __future__ import annotations

import tomllib

from r57_mcda.errors import InputError, Problem
from r57_mcda.io.tables import Source, parse_number, read_bytes, read_table, source_name


def load_weights(source: Source, *, name: str | None = None) -> dict[str, float]:
    """Weights by criterion id, as written (normalisation happens in ``weighting``).

    A TOML file holds a ``[weights]`` table (``autonomy = 0.12``); a CSV/XLSX table has the
    columns ``criterion`` and ``weight``. Every unreadable cell is reported at once.
    """
    file = source_name(source, name)
    if file.lower().endswith(".toml"):
        return _toml_weights(read_bytes(source, name=name), file)
    table = read_table(source, name=name)
    problems = table.missing_columns(["criterion", "weight"])
    if problems:
        raise InputError(problems)
    weights: dict[str, float] = {}
    for i, (cid, text) in enumerate(
        zip(table.frame["criterion"], table.frame["weight"], strict=True)
    ):
        value = parse_number(text, decimal_comma=table.decimal_comma)
        if not cid:
            problems.append(table.problem("input_weight_criterion_empty", i=i, column="criterion"))
        elif cid in weights:
            problems.append(
                table.problem("input_weight_criterion_twice", i=i, column="criterion", id=cid)
            )
        elif value is None:
            problems.append(
                table.problem("input_weight_not_a_number", i=i, column="weight", value=text)
            )
        else:
            weights[cid] = value
    if problems:
        raise InputError(problems)
    return weights


def _toml_weights(data: bytes, file: str) -> dict[str, float]:
    try:
        parsed = tomllib.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(Problem("file_invalid_toml", file, params={"reason": str(exc)})) from exc
    table = parsed.get("weights")
    if not isinstance(table, dict):
        raise InputError(Problem("input_weights_table_missing", file))
    problems = [
        Problem("input_weight_of_not_a_number", file=file, column=k, params={"id": k})
        for k, v in table.items()
        if isinstance(v, bool) or not isinstance(v, int | float)
    ]
    if problems:
        raise InputError(problems)
    return {str(k): float(v) for k, v in table.items()}
