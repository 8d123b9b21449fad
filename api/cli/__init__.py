"""The ``phakhee`` command line: thin commands over loaders, queries, views and the store.

- ``app``: the Typer app, the ``--store`` option, errors mapped to exit codes, ``main``.
- ``context``: what the commands share (consoles, the configured store, its graph cache).
- ``network`` (demo, stats, template, load, serve), ``ask`` (search, who-knows, intro),
  ``analytics`` (report), ``views`` (view), ``records`` (export, snapshot, person, backup,
  restore): each family registers its commands on the app.
"""
