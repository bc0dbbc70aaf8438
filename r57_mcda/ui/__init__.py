"""The Streamlit front end (the only part of r57-mcda that imports streamlit)."""
