"""Page script run by st.navigation: the secretariat's study page."""

from r57_mcda.ui.pages.study import render

render()
