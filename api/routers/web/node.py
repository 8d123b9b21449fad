"""Pages: node (being written)."""

from __future__ import annotations

from fastapi import APIRouter

from phakhee.api.routers.web.common import TAG

router = APIRouter(tags=[TAG], include_in_schema=False)
