"""Page script run by st.navigation: the sensitivity page."""

from r57_mcda.ui.pages.sensitivity import render

render()
