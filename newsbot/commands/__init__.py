"""What the newsbot command runs: the demo, one crawl pass, the schedule loop."""
