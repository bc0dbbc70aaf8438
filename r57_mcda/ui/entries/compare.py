"""Page script run by st.navigation: the compare page."""

from r57_mcda.ui.pages.compare import render

render()
