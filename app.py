"""r57-mcda web app: page configuration and navigation (pages live in r57_mcda/ui/pages)."""

from pathlib import Path

import streamlit as st

from r57_mcda.i18n import t
from r57_mcda.ui.common import data_banner, language_switch
from r57_mcda.ui.state import init_state, lang

st.set_page_config(page_title="r57-mcda", page_icon="📊", layout="wide")
init_state()
language_switch()
st.title(t("app_title", lang()))
st.caption(t("app_caption", lang()))
data_banner()
ENTRIES = Path(__file__).parent / "r57_mcda" / "ui" / "entries"
PAGES = (
    ("data", "page_data"),
    ("panel", "page_panel"),
    ("weights", "page_weights"),
    ("ranking", "page_ranking"),
    ("compare", "page_compare"),
    ("sensitivity", "page_sensitivity"),
    ("export", "page_export"),
)
pages = [
    st.Page(ENTRIES / f"{name}.py", title=t(key, lang()), url_path=name, default=(i == 0))
    for i, (name, key) in enumerate(PAGES)
]
st.navigation(pages).run()
