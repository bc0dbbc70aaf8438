"""The one pipeline that the CLI, the app and the report share: AnalysisSpec in, results out."""
