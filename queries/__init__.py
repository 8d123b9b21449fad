"""Answers read out of the graph: search, experts, introductions, maps, centrality, gaps, scorecards."""
