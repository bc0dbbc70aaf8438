"""Page script run by st.navigation: the panel page."""

from r57_mcda.ui.pages.panel import render

render()
