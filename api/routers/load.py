"""Upload a file to load: the same loader and report as ``phakhee load`` (needs an API key)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Request, UploadFile
from pydantic import BaseModel

from phakhee.api.deps import Settings, Store, require_write_key
from phakhee.loaders.load import load_files

router = APIRouter(tags=["load"], dependencies=[Depends(require_write_key)])


class Refused(BaseModel):
    file: str
    sheet: str
    row: int
    column: str
    error: str


class LoadOut(BaseModel):
    written: bool
    read: dict[str, int]
    created: dict[str, int]
    updated: dict[str, int]
    unchanged: dict[str, int]
    refused: list[Refused]


@router.post("/load")
async def load(
    request: Request,
    file: UploadFile,
    store: Store,
    settings: Settings,
    format: Literal["auto", "template", "kumu", "nodelink"] = "auto",
    dry_run: bool = False,
    strict: bool = False,
) -> LoadOut:
    """Load one uploaded file (.xlsx, .csv, .zip of CSV, .json) and report per kind and per refused row."""
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

        report = await run_in_threadpool(
            load_files, store, [path], format=format, dry_run=dry_run, strict=strict
        )  # type: ignore[arg-type]
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
    )
