"""Analyst tools: search, export, health checks and the Datasette browser."""
