"""The ``newsbot`` commands, one module each (``newsbot.cli`` lists them), with what demo, crawl and schedule run."""
