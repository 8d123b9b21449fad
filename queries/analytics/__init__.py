"""The weave analytics: centrality, brokers and fragility, communities, gaps, scorecards,
suggested introductions and the weave report that gathers them.

Reads only. May import ``phakhee.graph``, ``queries.cache``, ``queries.collaboration`` and
``queries.ask``. The compiled kernels (``_kernels``), the sparse-matrix measures (``_sparse``) and
the Louvain port (``_louvain``) are a private seam: only this package imports them.
"""
