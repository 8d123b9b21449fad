"""What a view draws and where: selections of the graph, server-side layouts, and the one seam
between the analyses and the views (``view_inputs``).

Reads only; builds no HTML (that is ``phakhee.viz``). May import ``phakhee.graph``,
``queries.cache``, ``queries.collaboration``, ``queries.ask`` and ``queries.analytics``.
"""
