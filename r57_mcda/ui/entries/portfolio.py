"""Page script run by st.navigation: the Portfolio page."""

from r57_mcda.ui.pages.portfolio import render

render()
