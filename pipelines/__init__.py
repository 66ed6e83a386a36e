"""Scrapy item pipelines, one job each, in the order they run: validate -> normalize -> dedupe -> store."""
