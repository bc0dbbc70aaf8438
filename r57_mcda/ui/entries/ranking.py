"""Page script run by st.navigation: the ranking page."""

from r57_mcda.ui.pages.ranking import render

render()
