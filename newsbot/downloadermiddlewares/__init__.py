"""Scrapy downloader middlewares: what happens to a request and its response."""
