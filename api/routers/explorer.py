"""The web explorer: static pages served at / (see api/static/ and docs/explorer.md).

`/` is the single page (index.html); `/static/...` serves its scripts, styles and vendored libraries. Everything
else the page needs it fetches from the API itself (/search, /entities, /paths, /funding, ...), in the browser.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, RedirectResponse

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
router = APIRouter(include_in_schema=False)

# The page's own files change with the code: ask browsers to revalidate (FileResponse sends ETag/Last-Modified,
# so an unchanged file costs a 304). Vendored libraries carry their version in docs/explorer.md and rarely change.
NO_CACHE = {"Cache-Control": "no-cache"}
MEDIA_TYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml",
               ".html": "text/html", ".png": "image/png", ".ico": "image/x-icon", ".json": "application/json"}


@router.api_route("/", methods=["GET", "HEAD"])
def index():
    page = STATIC_DIR / "index.html"
    return FileResponse(page, headers=NO_CACHE) if page.is_file() else RedirectResponse("/docs")


@router.api_route("/static/{path:path}", methods=["GET", "HEAD"])
def static_file(path: str):
    """A file under api/static/, never outside it (no `..`, no absolute paths, no symlinks out)."""
    root = STATIC_DIR.resolve()
    target = (root / path).resolve()
    if not target.is_relative_to(root) or not target.is_file() or any(p.startswith(".") for p in Path(path).parts):
        raise HTTPException(404, f"no static file {path}")
    media_type = MEDIA_TYPES.get(target.suffix.lower()) or mimetypes.guess_type(target.name)[0]
    return FileResponse(target, media_type=media_type or "application/octet-stream", headers=NO_CACHE)
