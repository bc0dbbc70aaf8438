"""Every user-facing text exists in English and Vietnamese with the same placeholders."""

from __future__ import annotations

import string

import pytest

from r57_mcda.i18n import TEXT, t


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("key", sorted(TEXT))
def test_both_languages_present_with_same_placeholders(key: str) -> None:
    entry = TEXT[key]
    assert entry["en"].strip() and entry["vi"].strip()
    assert _fields(entry["en"]) == _fields(entry["vi"])


def test_lookup_formats_and_switches_language() -> None:
    assert t("kendall_w_overall", "en", w="0.61", label="x").startswith("Kendall's W")
    assert t("kendall_w_overall", "vi", w="0.61", label="x").startswith("Hệ số Kendall W")


def test_unknown_key_fails_loudly() -> None:
    with pytest.raises(KeyError):
        t("no_such_key")
