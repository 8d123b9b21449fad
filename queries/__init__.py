"""Answers read out of the graph, by job; nothing here writes to the store but what says so.

- ``queries.cache``: one graph version (``GraphVersion``: the projection and what is derived
  from it, built once) and the cache that keeps the store's current one.
- ``queries.collaboration``: the collaboration graph (people joined by the work they share), which
  the questions and the analytics both stand on.
- ``queries.ask``: the questions a coordinator asks — search, who knows what, introductions,
  partnership maps, ego networks and lessons.
- ``queries.analytics``: the weave analytics — centrality, brokers, communities, gaps,
  scorecards, suggested introductions, the weave report (the compiled kernels a private seam).
- ``queries.drawing``: what a view draws and where — selections, layouts, the views' inputs.
- ``queries.records``: what is kept and handed out — snapshots and their diffs, exports, a
  person's data rights. The only part of ``queries`` that writes to the store, in the two
  modules that say so.
- ``queries.pages``: what each page of the web app shows, put together from the layers above
  (a node's facts and ties, a place's dashboard, the home page's numbers); reads only.

Each layer imports only those listed before it (``tests/test_architecture.py`` checks).
"""

if not __name__.startswith("phakhee."):  # pragma: no cover - a wrong sys.path, not a code path
    raise ImportError(
        f"{__name__!r} is part of phakhee: import it as 'phakhee.{__name__}' "
        "(pip install -e . installs the phakhee namespace)"
    )
