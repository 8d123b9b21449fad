"""``/changes``: the audit log — every change, who made it, when, from where — and undo.

Reading the log is reading the network (``require_read``); a personal field that changed is
named, never shown, and the address a change came from is shown only to administrators. An
undo is a write: a bearer key or personal token, and for each node and tie it changes the
policy's word where that node is (a creation, an edit, a deletion or a tie), as if the caller
made the change by hand; it is logged as a new change by the caller. The shape and the undo are
``api.audit_log``'s, which the log's page shares: a browser at ``/changes`` gets that page
(``api.routers.web.changes``), every other client this JSON.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request

from phakhee.api.audit_log import ChangePage, Filters, UndoOut, change_page, undo
from phakhee.api.deps import Asker, Store, Viewer, require_read, require_write_key
from phakhee.api.problems import documented

router = APIRouter(prefix="/changes", tags=["changes"])
ChangeId = Annotated[int, Path(ge=1, le=2**53, description="The change's id.")]
BatchId = Annotated[
    str, Path(min_length=1, max_length=200, description="The upload's id (a change's batch).")
]


@router.get("", dependencies=[Depends(require_read)])
def list_changes(store: Store, viewer: Viewer, filters: Filters) -> ChangePage:
    """The audit log, newest first: every change with who, when, from where and, per node or
    tie, each field before and after (personal fields named only)."""
    return change_page(store, viewer, filters)


CONFLICT = {
    409: documented(409, "A later change touched the same fields: undo it first (named)."),
    404: documented(404, "No such change (or upload)."),
}


@router.post("/{change_id}/undo", dependencies=[Depends(require_write_key)], responses=CONFLICT)
def undo_change(change_id: ChangeId, store: Store, request: Request, asker: Asker) -> UndoOut:
    """Undo one change: write back the values it replaced, as a new change by the caller."""
    return undo(store, request, asker, change=change_id)


@router.post("/batches/{batch}/undo", dependencies=[Depends(require_write_key)], responses=CONFLICT)
def undo_upload(batch: BatchId, store: Store, request: Request, asker: Asker) -> UndoOut:
    """Undo every change of one upload at once (its ``batch``), as one undo."""
    return undo(store, request, asker, batch=batch)
