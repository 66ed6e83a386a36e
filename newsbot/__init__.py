"""newsbot: scrape entertainment news into a SQL database."""

__version__ = "0.1.0"
