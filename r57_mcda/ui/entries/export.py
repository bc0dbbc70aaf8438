"""Page script run by st.navigation: the export page."""

from r57_mcda.ui.pages.export import render

render()
