"""Page script run by st.navigation: the data page."""

from r57_mcda.ui.pages.data import render

render()
