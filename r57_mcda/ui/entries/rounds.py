"""Page script run by st.navigation: the secretariat's Rounds page."""

from r57_mcda.ui.pages.rounds import render

render()
