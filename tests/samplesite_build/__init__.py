"""Generators of the bundled sample sites (``newsbot/samplesite/site/`` and ``sites/``), kept out of the wheel.

The story data lives in ``stories.json`` and ``site_stories.json`` beside them. After editing it, rebuild from the
repository root with ``python -m tests.samplesite_build.build`` (the GameSpot-like site) or
``python -m tests.samplesite_build.build_sites`` (Variety, Collider, PC Gamer) and commit the pages;
``tests/test_samplesite.py`` and ``tests/test_sites_crawl.py`` rebuild them and fail when they differ.
"""
