"""The questions a coordinator asks of one graph version: search, experts, introductions, maps,
ego networks and lessons.

Reads only. May import ``phakhee.graph``, ``phakhee.loaders.normalize`` (the one normalisation of
names), ``queries.cache`` and ``queries.collaboration``.
"""
