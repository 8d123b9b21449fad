"""``/snapshots``: take, list, show, export and compare dated frozen copies of the graph."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from phakhee.api.deps import (
    Asker,
    CurrentVersion,
    FormatName,
    Store,
    require,
    require_read,
    require_write_key,
)
from phakhee.api.export_files import write_temp
from phakhee.api.routers.exports import (
    RedactFlag,
    ScopeText,
    export_audience,
    file_response,
)
from phakhee.graph.access import EVERYWHERE, Action
from phakhee.graph.store import SnapshotInfo
from phakhee.queries.cache import GraphVersion
from phakhee.queries.records import snapshot_diff
from phakhee.queries.records import snapshots as kept
from phakhee.queries.records.snapshots import load_snapshot, snapshot_now

router = APIRouter(prefix="/snapshots", tags=["snapshots"])
Read = [Depends(require_read)]
SnapshotId = Annotated[int, Path(ge=1, le=2**53, description="The snapshot's id.")]


class NodeChangeOut(BaseModel):
    id: str
    kind: str
    name: str


class TieChangeOut(BaseModel):
    kind: str
    source: str
    target: str


Value = str | int | float | bool | list[str] | None


class FieldChangeOut(BaseModel):
    field: str
    before: Value = Field(None, description="The value before (null: not set, or personal).")
    after: Value = Field(None, description="The value after (null: not set, or personal).")
    personal: bool = Field(
        False, description="A personal field (phone, email, LINE id, address): named, never shown."
    )


class ChangedNodeOut(BaseModel):
    id: str
    kind: str
    name: str
    fields: list[FieldChangeOut]


class ChangedTieOut(BaseModel):
    kind: str
    source: str
    target: str
    fields: list[FieldChangeOut]


class PartnerChangeOut(BaseModel):
    province: str
    sector: str
    gained: list[str]
    lost: list[str]


class PlaceOut(BaseModel):
    id: str
    name: str = Field(description="The Thai name.")
    name_en: str | None = Field(None, description="The English name.")


class CoverageChangeOut(BaseModel):
    """A province's districts with work gained and lost, with its coverage before and after."""

    province: str
    name: str = Field(description="The province's Thai name.")
    name_en: str | None = Field(None, description="The province's English name.")
    before: float = Field(description="Districts with work ÷ all the province's districts, before.")
    after: float = Field(description="The same, after.")
    gained: list[PlaceOut] = Field(description="Districts with work after and not before.")
    lost: list[PlaceOut] = Field(description="Districts with work before and not after.")


class MoverOut(BaseModel):
    id: str
    name: str
    before: float
    after: float
    change: float


class IndicatorChangeOut(BaseModel):
    name: str
    before: float
    after: float
    change: float


class DiffOut(BaseModel):
    """From snapshot ``a`` to ``b`` (their graph versions in ``version_a`` and ``version_b``)."""

    a: int
    b: int
    version_a: int
    version_b: int
    nodes_added: list[NodeChangeOut]
    nodes_removed: list[NodeChangeOut]
    ties_added: list[TieChangeOut]
    ties_removed: list[TieChangeOut]
    nodes_changed: list[ChangedNodeOut] = Field(
        description="Nodes in both whose fields changed, each field with its values before and after."
    )
    ties_changed: list[ChangedTieOut] = Field(
        description="Ties, by (source, target, kind), in both whose fields changed."
    )
    partners: list[PartnerChangeOut]
    movers: list[MoverOut]
    indicators: list[IndicatorChangeOut]
    coverage: list[CoverageChangeOut] = Field(
        description="The provinces whose districts with work changed, each district named."
    )


@router.get("", dependencies=Read)
def list_snapshots(store: Store) -> list[SnapshotInfo]:
    """Every snapshot, oldest first."""
    return store.list_snapshots()


@router.post("", status_code=201, dependencies=[Depends(require_write_key)])
async def take_snapshot(
    store: Store,
    current: CurrentVersion,
    asker: Asker,
    note: Annotated[str, Query(max_length=500, description="What this snapshot is for.")] = "",
) -> SnapshotInfo:
    """Freeze the current graph with its date, version, note and summary metrics (a record of
    the whole network: an administrator's to take)."""
    require(asker, Action.CREATE, EVERYWHERE)
    info = await run_in_threadpool(snapshot_now, store, current.graph, note)
    return info


@router.get("/diff", dependencies=Read)
async def diff_snapshots(
    store: Store,
    a: Annotated[int, Query(ge=1, le=2**53, description="The earlier snapshot's id.")],
    b: Annotated[int, Query(ge=1, le=2**53, description="The later snapshot's id.")],
    movers: Annotated[int, Query(ge=1, le=200, description="How many movers.")] = 10,
) -> DiffOut:
    """What changed from snapshot a to b: nodes and ties added, removed and changed (the fields
    named, personal ones without their values), partners by province and sector, movers,
    indicators, and each province's districts with work gained and lost."""

    def work() -> dict[str, Any]:
        return snapshot_diff.diff_snapshots(store, a, b, movers).as_dict()

    d = await run_in_threadpool(work)
    return DiffOut(**d | {"a": a, "b": b, "version_a": d["a"], "version_b": d["b"]})


@router.get("/{snapshot_id:int}", dependencies=Read)
def show_snapshot(store: Store, snapshot_id: SnapshotId) -> SnapshotInfo:
    """One snapshot's date, version, note and summary metrics."""
    return store.get_snapshot(snapshot_id)[0]


@router.delete("/{snapshot_id:int}", status_code=204, dependencies=[Depends(require_write_key)])
def delete_snapshot(store: Store, snapshot_id: SnapshotId, asker: Asker) -> None:
    """Delete a snapshot (its id is never given to another; an administrator's to delete)."""
    require(asker, Action.DELETE, EVERYWHERE)
    kept.remove_snapshot(store, snapshot_id)


@router.get(
    "/{snapshot_id:int}/export/{format}",
    dependencies=Read,
    response_class=FileResponse,
    responses={200: {"description": "The export file; its metadata also in X-Phakhee-* headers."}},
)
async def export_snapshot(
    store: Store,
    snapshot_id: SnapshotId,
    format: FormatName,
    asker: Asker,
    scope: ScopeText = None,
    redact: RedactFlag = True,
) -> FileResponse:
    """A snapshot as it was, as a file in any export format (contact fields as the policy allows)."""
    seen = export_audience(asker, redact)

    def work() -> tuple[str, Any]:
        info, graph = load_snapshot(store, snapshot_id)
        return write_temp(
            GraphVersion(graph),
            format,
            scope=scope,
            redact=redact,
            snapshot_id=str(info.id),
            audience=seen,
        )

    written = await run_in_threadpool(work)
    return file_response(written, format, f"phakhee-snapshot-{snapshot_id}")
