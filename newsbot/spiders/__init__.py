"""Spiders discover and fetch pages; parsers in ``newsbot.parsers`` turn them into items."""
