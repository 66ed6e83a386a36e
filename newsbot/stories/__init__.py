"""Stories: the same story run by several articles, found by MinHash and LSH."""
