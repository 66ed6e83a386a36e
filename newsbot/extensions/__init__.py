"""Scrapy extensions: what a crawl reports about itself (crawl_runs rows, progress, ledger)."""
