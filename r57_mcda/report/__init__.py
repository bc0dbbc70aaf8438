"""The Excel shortlist report: a presentation layer beside the CLI and the app."""
