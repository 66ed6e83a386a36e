"""Storage: SQLAlchemy models, engine setup and the queries pipelines and tools use."""
