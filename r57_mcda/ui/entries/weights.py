"""Page script run by st.navigation: the weights page."""

from r57_mcda.ui.pages.weights import render

render()
