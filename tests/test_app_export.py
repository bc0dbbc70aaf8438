"""Export page (AppTest): the settings file round trip reproduces the ranking, mismatched or
unreadable settings change nothing, and the Excel report the page offers."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from r57_mcda.i18n import t
from r57_mcda.pipeline.sensitivity import SensitivitySettings
from r57_mcda.spec import AnalysisSpec
from r57_mcda.ui.cache import report_for
from r57_mcda.ui.choices import Choices, MethodChoice
from r57_mcda.ui.state import sample_files
from r57_mcda.vocab import DEFAULT_COMPARE
from tests.helpers.app import expected_ranking, names, page, started, texts


def _customised() -> tuple[AppTest, list[str]]:
    """A session with slider, method and shortlist choices; its ranked technologies."""
    at = started("weights")
    at.slider(key="w_autonomy").set_value(0.4).run()
    at.switch_page(page("ranking")).run()
    at.selectbox(key="method").set_value("topsis").run()
    at.number_input(key="top_k").set_value(3).run()
    order = list(at.dataframe[0].value["Technology"])
    at.switch_page(page("sensitivity")).run()
    at.radio(key="mc_model").set_value("interval").run()
    at.number_input(key="mc_draws").set_value(1500).run()
    at.number_input(key="seed").set_value(11).run()
    at.switch_page(page("export")).run()
    assert not at.exception
    return at, order


def _upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader(key="settings_upload").set_value([(name, content, "application/toml")])
    at.button(key="apply_settings").click().run()
    assert not at.exception
    return at


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_settings_round_trip_reproduces_the_ranking(fmt: str) -> None:
    first, order = _customised()
    toml = first.code[0].value
    assert 'method = "topsis"' in toml and "top_k = 3" in toml and "seed = 11" in toml
    spec = AnalysisSpec.from_text(toml)
    assert spec.weights.source == "direct" and spec.weights.values["autonomy"] == 0.4
    assert spec.sensitivity["weights_model"] == "interval" and spec.sensitivity["draws"] == 1500
    text = toml if fmt == "toml" else spec.to_json()

    fresh = started("export")
    _upload(fresh, f"r57-settings.{fmt}", text.encode())
    assert f"Settings from r57-settings.{fmt} applied" in texts(fresh)
    fresh.switch_page(page("ranking")).run()
    assert fresh.selectbox(key="method").value == "topsis"
    assert fresh.number_input(key="top_k").value == 3
    assert list(fresh.dataframe[0].value["Technology"]) == order
    assert list(fresh.dataframe[0].value["Shortlist"]).count("✓") == 3
    fresh.switch_page(page("weights")).run()
    assert fresh.slider(key="w_autonomy").value == pytest.approx(0.4)
    fresh.switch_page(page("sensitivity")).run()
    assert fresh.radio(key="mc_model").value == "interval"
    assert fresh.number_input(key="mc_draws").value == 1500
    assert fresh.number_input(key="seed").value == 11
    # Saving again gives the same settings (JSON sorts keys, so compare the contents).
    fresh.switch_page(page("export")).run()
    assert AnalysisSpec.from_text(fresh.code[0].value).to_dict() == spec.to_dict()


def test_settings_for_other_input_files_change_nothing() -> None:
    first, _ = _customised()
    toml = first.code[0].value
    scores_hash = next(r.sha256 for r in AnalysisSpec.from_text(toml).inputs if r.role == "scores")
    changed = toml.replace(scores_hash, "0" * 64)

    fresh = started("export")
    _upload(fresh, "other.toml", changed.encode())
    message = " ".join(e.value for e in fresh.error)
    assert "saved for other input files" in message and "Nothing was changed" in message
    bullet = " ".join(m.value for m in fresh.markdown)
    assert f"instead of {'0' * 12}…" in bullet and scores_hash[:12] in bullet
    fresh.switch_page(page("ranking")).run()
    assert fresh.selectbox(key="method").value == "wsm"
    assert list(fresh.dataframe[0].value["Technology"]) == [
        names()[x] for x in expected_ranking().order()
    ]


def test_unreadable_settings_change_nothing() -> None:
    at = started("export")
    _upload(at, "notes.toml", b"this is = = not toml")
    assert any("could not be read" in e.value for e in at.error)
    _upload(at, "binary.json", b"\xff\xfe\x00")
    assert any("not UTF-8 text" in e.value for e in at.error)
    assert 'method = "wsm"' in at.code[0].value


def test_settings_with_an_unknown_method_change_nothing() -> None:
    at = started("export")
    toml = re.sub(r'^method = "wsm"$', 'method = "nope"', at.code[0].value, flags=re.M)
    _upload(at, "bad.toml", toml.encode())
    assert any("cannot be applied" in e.value for e in at.error)
    assert 'method = "wsm"' in at.code[0].value


def test_export_page_builds_the_report_only_when_asked() -> None:
    at = started("export")
    assert [b.label for b in at.download_button] == [
        "Download settings (TOML)",
        "Download settings (JSON)",
    ]
    report_for.clear()  # type: ignore[attr-defined]
    at.button(key="build_report").click().run()
    assert not at.exception
    assert "Report built for the current settings." in texts(at)
    assert next(b.label for b in at.download_button) == "Download the Excel report"
    # A change of settings makes the built report stale: it is not offered until rebuilt.
    at.switch_page(page("ranking")).run()
    at.number_input(key="top_k").set_value(3).run()
    at.switch_page(page("export")).run()
    assert "Download the Excel report" not in [b.label for b in at.download_button]
    assert "The settings have changed since the report was built" in texts(at)


def test_export_page_offers_the_report_and_both_settings_files() -> None:
    at = started("export")
    at.button(key="build_report").click().run()
    labels = [b.label for b in at.download_button]
    assert labels == [
        "Download the Excel report",
        "Download settings (TOML)",
        "Download settings (JSON)",
    ]
    assert "No Monte Carlo run matches the current choices" in texts(at)
    at.switch_page(page("sensitivity")).run()
    at.number_input(key="mc_draws").set_value(200).run()
    at.button(key="mc_run").click().run()
    at.switch_page(page("export")).run()
    assert "No Monte Carlo run matches" not in texts(at)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_report_bytes_are_a_workbook_of_the_ranking(lang: str) -> None:
    choices = Choices(
        method=MethodChoice("topsis"),
        compare=DEFAULT_COMPARE,
        top_k=3,
        sensitivity=SensitivitySettings(draws=200, weights_model="dirichlet"),
    )
    data = report_for(
        sample_files(),
        choices,
        language=lang,
        monte_carlo=True,
        stability=True,
        progress_text="",
    )
    book = load_workbook(io.BytesIO(data), read_only=True)
    assert {"Summary", "Ranking", "Sensitivity", "Audit"} <= set(book.sheetnames)
    cells = {
        str(v)
        for name in ("Ranking", "Sensitivity")
        for row in book[name].iter_rows(values_only=True)
        for v in row
        if v is not None
    }
    top = expected_ranking(method="topsis").order()[0]
    assert names(lang)[top] in cells
    assert t("rpt_mc_title", lang) in cells
    book.close()
