"""Upload a file to load: the same loader and report as ``phakhee load``. Needs a bearer key or
personal token, and the policy's ``upload``: rows outside the uploader's provinces are refused
with the reason, as the loader refuses a bad row; every write attributed as one upload."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, UploadFile
from pydantic import BaseModel, Field, JsonValue

from phakhee.api.deps import Asker, CurrentVersion, Settings, Store, author_of, require_write_key
from phakhee.api.uploads import screen_of
from phakhee.graph.audit import acting_as
from phakhee.graph.errors import InvalidInput, NotFound
from phakhee.graph.model import NodeKind, TieKind
from phakhee.loaders.load import LoadReport, load_files
from phakhee.loaders.sync import NotInFile, parse_scope

router = APIRouter(tags=["load"], dependencies=[Depends(require_write_key)])


class Refused(BaseModel):
    file: str
    sheet: str
    row: int
    column: str
    error: str


class AbsentOut(BaseModel):
    id: str
    kind: str
    name: str
    places: list[str]
    elsewhere: list[str]
    ties: int
    action: Literal["remove", "unlocate"]


class NotInFileOut(BaseModel):
    """In the graph but not in the file: in the sync scope, or in the file's provinces."""

    scope: str
    places: list[str]
    nodes: list[AbsentOut]
    moved: list[tuple[str, str, str]]
    blocked: str
    removed: bool
    removed_nodes: int
    removed_ties: int

    @classmethod
    def of(cls, found: NotInFile) -> NotInFileOut:
        return cls(
            scope=found.scope,
            places=found.places,
            nodes=[
                AbsentOut(
                    id=a.id,
                    kind=a.kind,
                    name=a.name,
                    places=list(a.places),
                    elsewhere=list(a.elsewhere),
                    ties=a.ties,
                    action=a.action,  # type: ignore[arg-type]
                )
                for a in found.nodes
            ],
            moved=found.moved,
            blocked=found.blocked,
            removed=found.removed,
            removed_nodes=found.removed_nodes,
            removed_ties=found.removed_ties,
        )


class ChangedOut(BaseModel):
    """A stored node the load changed, field by field."""

    id: str
    fields: dict[str, tuple[JsonValue, JsonValue] | None] = Field(
        description="Each changed field: [before, after] (null when absent), or null for a "
        "personal field, whose values are not shown."
    )


class SkippedOut(BaseModel):
    """A row of the template marked as its example (ตัวอย่าง / example), not loaded."""

    sheet: str
    row: int


class LoadOut(BaseModel):
    written: bool
    read: dict[str, int]
    created: dict[str, int]
    updated: dict[str, int]
    unchanged: dict[str, int]
    refused: list[Refused]
    not_in_file: NotInFileOut
    changed: list[ChangedOut] = Field(
        description="The stored nodes the load changes (or would, in a dry run), in load order."
    )
    examples: list[SkippedOut] = Field(description="The template's example rows, skipped.")
    withheld: list[str] = Field(
        description="Fields the file (a redacted export) says it withheld: left as stored."
    )


@router.post("/load")
async def load(
    request: Request,
    file: UploadFile,
    store: Store,
    settings: Settings,
    asker: Asker,
    gv: CurrentVersion,
    format: Literal["auto", "template", "kumu", "nodelink", "gexf", "graphml"] = "auto",
    kind: Annotated[
        NodeKind, Query(description="What a GEXF or GraphML file's nodes are when they name none.")
    ] = NodeKind.PERSON,
    tie_kind: Annotated[
        TieKind, Query(description="What a GEXF or GraphML file's edges are when they name none.")
    ] = TieKind.KNOWS,
    dry_run: bool = False,
    strict: bool = False,
    sync: Annotated[
        str | None,
        Query(
            min_length=3,
            max_length=120,
            pattern="^(province|region)(=|:).+$",
            description="province=P or region=R (id, Thai or English name): the file is the "
            "truth there; `not_in_file` previews what the graph has there that it does not.",
        ),
    ] = None,
    yes: Annotated[
        bool,
        Query(
            description="With sync: remove what the preview lists, once the file is written "
            "(without sync there is nothing to confirm, and it changes nothing)."
        ),
    ] = False,
) -> LoadOut:
    """Load one uploaded file (.xlsx, .csv, .zip of CSV, .json, .gexf, .graphml) and report per kind and per refused row.

    ``not_in_file`` lists what the graph has in the file's provinces (or in ``sync``'s scope)
    that the file does not; with ``sync`` and ``yes`` those are removed (see docs/loading.md).
    """
    try:
        scope = parse_scope(sync) if sync else None
    except InvalidInput as e:  # a place that is not one: over HTTP, not found
        raise NotFound("place", sync or "", str(e)) from None
    screen = screen_of(asker, gv, scope)  # refused (403) before the file is read
    limit = settings.max_upload_mb * 2**20
    name = Path(file.filename or "upload.csv").name
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        size = 0
        with path.open("wb") as out:
            while chunk := await file.read(2**20):
                size += len(chunk)
                if size > limit:
                    raise HTTPException(
                        413,
                        f"uploads are limited to {settings.max_upload_mb} MB",
                    )
                out.write(chunk)
        from starlette.concurrency import run_in_threadpool

        author = author_of(request, asker, "api", uuid.uuid4().hex)

        def work() -> LoadReport:
            with acting_as(author):
                return load_files(
                    store,
                    [path],
                    format=format,  # type: ignore[arg-type]
                    dry_run=dry_run,
                    strict=strict,
                    sync=scope,
                    yes=yes,
                    kind=kind,
                    tie_kind=tie_kind,
                    screen=screen,
                )

        report = await run_in_threadpool(work)
    if (why := report.unreadable()) is not None:  # the file itself is refused, as the CLI's 3
        raise InvalidInput(why.replace(str(path), name), field="file")
    return LoadOut(
        written=report.written,
        read=report.parsed,
        created={k: r.created for k, r in report.results.items()},
        updated={k: r.updated for k, r in report.results.items()},
        unchanged={k: r.unchanged for k, r in report.results.items()},
        refused=[
            Refused(
                file=name,
                sheet=q.sheet,
                row=q.row,
                column=q.column,
                error=q.error.replace(str(path), name),
            )
            for q in report.quarantined
        ],
        not_in_file=NotInFileOut.of(report.not_in_file),
        changed=[ChangedOut(id=c.id, fields=c.fields) for c in report.changed],  # type: ignore[arg-type]
        examples=[SkippedOut(sheet=s, row=r) for f in report.files for s, r in f.examples],
        withheld=sorted({w for f in report.files for w in f.withheld}),
    )
