"""Page scripts for st.navigation (files, so that AppTest can switch between them)."""
