"""r57-mcda web app: page configuration and navigation (pages live in r57_mcda/ui/pages).

Who sees what: a URL with ``?token=...`` is an expert's personal link and shows that expert's
scoring form and nothing else (no navigation, no other page, no password). Every other page is
the secretariat's; when ``R57_SECRETARIAT_PASSWORD`` is set they all require it.
"""

from pathlib import Path

import streamlit as st

from r57_mcda.i18n import t
from r57_mcda.ui.common import data_banner, language_switch
from r57_mcda.ui.gate import secretariat_gate
from r57_mcda.ui.state import init_state, lang
from r57_mcda.ui.study_source import keep_study_in_url

st.set_page_config(page_title="r57-mcda", page_icon="📊", layout="wide")

token = st.query_params.get("token")
if token is not None:
    from r57_mcda.ui.expert_form import render_expert_form

    render_expert_form(token)
    st.stop()

init_state()
language_switch()
if not secretariat_gate():
    st.stop()
keep_study_in_url()
st.title(t("app_title", lang()))
st.caption(t("app_caption", lang()))
data_banner()
ENTRIES = Path(__file__).parent / "r57_mcda" / "ui" / "entries"
#: The sidebar's sections and their pages: (entry script and URL path, title key).
SECTIONS = (
    (
        "nav_analysis",
        (
            ("data", "page_data"),
            ("panel", "page_panel"),
            ("weights", "page_weights"),
            ("ranking", "page_ranking"),
            ("compare", "page_compare"),
            ("sensitivity", "page_sensitivity"),
            ("portfolio", "page_portfolio"),
            ("export", "page_export"),
        ),
    ),
    ("nav_study", (("study", "page_study"), ("rounds", "page_rounds"))),
)
pages = {
    t(section, lang()): [
        st.Page(ENTRIES / f"{name}.py", title=t(key, lang()), url_path=name, default=name == "data")
        for name, key in entries
    ]
    for section, entries in SECTIONS
}
st.navigation(pages).run()
