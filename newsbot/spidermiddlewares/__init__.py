"""Scrapy spider middlewares: which requests a spider's output turns into."""
