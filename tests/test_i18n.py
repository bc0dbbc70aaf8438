"""The catalogs: every message in English and Vietnamese with the same placeholders, plural
forms per language, number formats, and no message id that the code never uses."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from r57_mcda.errors import InputError, Problem
from r57_mcda.i18n import PLURAL_FORMS, Message, catalog, entry_text, format_number, t

ROOT = Path(__file__).resolve().parents[1]
EN = catalog("en")
VI = catalog("vi")


def _fields(text: str) -> set[str]:
    return {f.split(".")[0].split("[")[0] for _, f, _, _ in string.Formatter().parse(text) if f}


def _texts(entry: str | dict[str, str]) -> list[str]:
    return [entry] if isinstance(entry, str) else list(entry.values())


def test_both_catalogs_have_the_same_keys() -> None:
    assert sorted(set(EN) - set(VI)) == []
    assert sorted(set(VI) - set(EN)) == []
    assert len(EN) > 400


@pytest.mark.parametrize("key", sorted(EN))
def test_both_languages_present_with_same_placeholders(key: str) -> None:
    en, vi = EN[key], VI[key]
    for text in _texts(en) + _texts(vi):
        assert text.strip(), key
    fields = {f for text in _texts(en) for f in _fields(text)}
    assert fields == {f for text in _texts(vi) for f in _fields(text)}
    for text in _texts(en) + _texts(vi):
        assert _fields(text) == fields, (key, text)


@pytest.mark.parametrize(("lang", "catalogue"), [("en", EN), ("vi", VI)])
def test_plural_entries_use_the_language_forms(lang: str, catalogue: dict[str, object]) -> None:
    for key, entry in catalogue.items():
        if isinstance(entry, dict):
            assert set(entry) == set(PLURAL_FORMS[lang]), key
            assert "n" in {f for text in entry.values() for f in _fields(text)}, key


def test_plural_form_follows_the_count() -> None:
    assert t("input_problems_found", "en", n=1) == "1 problem found in the input"
    assert t("input_problems_found", "en", n=3) == "3 problems found in the input"
    assert t("input_problems_found", "vi", n=1) == "Phát hiện 1 lỗi trong dữ liệu đầu vào"
    assert entry_text({"one": "a", "other": "b"}, "en", 0) == "b"


def test_vietnamese_numbers_use_the_decimal_comma() -> None:
    assert format_number(1234.5, "vi", ",.1f") == "1.234,5"
    assert format_number(1234.5, "en", ",.1f") == "1,234.5"
    assert format_number(0.125, "vi", ".1%") == "12,5%"
    assert t("kendall_w_overall", "vi", w=0.612, label="x").startswith(
        "Hệ số Kendall W (xếp hạng tổng thể các công nghệ): 0,612"
    )
    assert t("kendall_w_overall", "en", w=0.612, label="x").endswith(": 0.612 — x")


def test_lookup_switches_language() -> None:
    assert t("kendall_w_overall", "en", w="0.61", label="x").startswith("Kendall's W")
    assert t("kendall_w_overall", "vi", w="0.61", label="x").startswith("Hệ số Kendall W")


def test_unknown_key_fails_loudly() -> None:
    with pytest.raises(KeyError):
        t("no_such_key")


def test_problems_and_errors_render_in_either_language() -> None:
    problem = Problem("loc_row", file="a.csv", row=3, column="score", params={"row": 7})
    error = InputError([problem])
    assert str(error) == "1 problem found in the input\n  - a.csv, row 3, column 'score': row 7"
    assert error.text("vi") == (
        "Phát hiện 1 lỗi trong dữ liệu đầu vào\n  - a.csv, dòng 3, cột 'score': dòng 7"
    )
    assert problem.as_dict()["code"] == "loc_row"
    assert Message("loc_row", {"row": 2}).text("vi") == "dòng 2"


def _python_files() -> list[Path]:
    files = [ROOT / "app.py", *sorted((ROOT / "r57_mcda").rglob("*.py"))]
    return [p for p in files if p.is_file()]


def _used_literals_and_prefixes() -> tuple[set[str], set[str]]:
    """String constants in the code, and the constant heads of f-strings (dynamic ids)."""
    literals: set[str] = set()
    prefixes: set[str] = set()
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                head = node.values[0] if node.values else None
                if isinstance(head, ast.Constant) and isinstance(head.value, str) and head.value:
                    prefixes.add(head.value)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
    return literals, prefixes


def test_every_message_id_is_used_by_the_code() -> None:
    """A key is used when the code names it, or builds it from a named head (``f"agg_{m}"``)."""
    literals, prefixes = _used_literals_and_prefixes()
    prefixes = {p for p in prefixes if p.endswith(("_", ".")) and " " not in p}
    unused = sorted(
        key for key in EN if key not in literals and not any(key.startswith(p) for p in prefixes)
    )
    assert unused == []


#: Calls whose first argument is a message id: the project's errors, problems and messages.
_CODED_CALLS = frozenset(
    {"Problem", "R57Error", "MethodError", "SpecError", "Message", "msg", "t", "problem"}
)


def _coded_calls() -> list[tuple[str, str, ast.expr]]:
    found = []
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in _CODED_CALLS:
                found.append((name, f"{path.relative_to(ROOT)}:{node.lineno}", node.args[0]))
    return found


def _builds_an_id(node: ast.JoinedStr) -> bool:
    """``f"agg_{m}"`` builds a message id from a named head; a sentence does not."""
    head = node.values[0] if node.values else None
    return (
        isinstance(head, ast.Constant)
        and isinstance(head.value, str)
        and head.value.endswith("_")
        and " " not in head.value
    )


def test_errors_and_problems_carry_message_ids_not_text() -> None:
    """No English sentence is raised or reported: the first argument is a catalog id."""
    bad = []
    for _, where, arg in _coded_calls():
        if isinstance(arg, ast.JoinedStr) and not _builds_an_id(arg):
            bad.append(f"{where}: f-string instead of a message id")
        elif isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value not in EN:
            bad.append(f"{where}: {arg.value[:60]!r} is not a message id")
    assert bad == []
