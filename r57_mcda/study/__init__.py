"""The study: a panel's work kept in a database (SQLAlchemy + Alembic), collection of scores
through personal Excel workbooks and web forms, and the study's data as analysis inputs."""
