"""What is kept and handed out: snapshots and their diffs (and what the diff view draws), the
measures a record carries, exports to other tools, a person's data rights.

The one part of ``queries`` that writes to the store, and only in the modules that say so in
their docstrings: ``snapshots`` (take and delete a snapshot) and ``person_rights`` (erase a
person). May import everything else in ``queries``, ``phakhee.graph`` and
``phakhee.loaders``' sheet definitions (the workbook export is the loader's template, filled in).
"""
