"""What ``newsbot serve`` hands to Datasette: descriptions, facets, canned queries, and the chart plugin."""
