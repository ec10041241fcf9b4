"""The web explorer and the API docs: static pages served at / and /docs (see api/static/ and docs/explorer.md).

`/` is the single page (index.html); `/static/...` serves its scripts, styles and vendored libraries. Everything
else the page needs it fetches from the API itself (/search, /entities, /paths, /funding, ...), in the browser.

`/docs` (Swagger UI) and `/redoc` load their scripts from `/docs-assets/...`, files of the `fastapi-offline`
package: the docs work without internet, where FastAPI's defaults would load them from a CDN.

None of these hold data, so they are served without the API key (see `is_public`); the explorer asks for the key
when the API answers 401.
"""

from __future__ import annotations

import mimetypes
from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

from graph.resources import STATIC_DIR

DOCS_ASSETS_DIR = Path(str(files("fastapi_offline") / "static"))
DOCS_ASSETS = {"swagger-ui-bundle.js": "text/javascript", "swagger-ui.css": "text/css",
               "redoc.standalone.js": "text/javascript", "favicon.png": "image/png"}
router = APIRouter(include_in_schema=False)

# Served without the API key: exactly these paths, and everything under these prefixes (each is one route below).
PUBLIC_PATHS = frozenset({"/", "/docs", "/redoc", "/openapi.json"})
PUBLIC_PREFIXES = ("/static/", "/docs-assets/")

# The page's own files change with the code: ask browsers to revalidate (FileResponse sends ETag/Last-Modified,
# so an unchanged file costs a 304). Vendored libraries carry their version in docs/explorer.md and rarely change.
NO_CACHE = {"Cache-Control": "no-cache"}
# The docs' assets change only with the installed package.
CACHE_A_DAY = {"Cache-Control": "public, max-age=86400"}
MEDIA_TYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml",
               ".html": "text/html", ".png": "image/png", ".ico": "image/x-icon", ".json": "application/json"}


def is_public(path: str) -> bool:
    """Whether a request path is one of the data-free pages and files above."""
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


@router.api_route("/", methods=["GET", "HEAD"])
def index():
    page = STATIC_DIR / "index.html"
    return FileResponse(page, headers=NO_CACHE) if page.is_file() else RedirectResponse("/docs")


@router.api_route("/static/{path:path}", methods=["GET", "HEAD"])
def static_file(path: str):
    """A file under api/static/, never outside it (no `..`, no absolute paths, no symlinks out)."""
    target = _static_target(path)
    if target is None:
        raise HTTPException(404, f"no static file {path}")
    media_type = MEDIA_TYPES.get(target.suffix.lower()) or mimetypes.guess_type(target.name)[0]
    return FileResponse(target, media_type=media_type or "application/octet-stream", headers=NO_CACHE)


def _static_target(path: str) -> Path | None:
    """The file `path` names under api/static/, or None; a path the OS cannot even look up (a NUL byte, a name
    too long) names no file either."""
    root = STATIC_DIR.resolve()
    if any(p.startswith(".") for p in Path(path).parts):
        return None
    try:
        target = (root / path).resolve()
        return target if target.is_relative_to(root) and target.is_file() else None
    except (ValueError, OSError):
        return None


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    root = request.scope.get("root_path", "").rstrip("/")
    return get_swagger_ui_html(
        openapi_url=f"{root}{request.app.openapi_url}", title=f"{request.app.title} - Swagger UI",
        swagger_js_url=f"{root}/docs-assets/swagger-ui-bundle.js", swagger_css_url=f"{root}/docs-assets/swagger-ui.css",
        swagger_favicon_url=f"{root}/docs-assets/favicon.png", swagger_ui_parameters=request.app.swagger_ui_parameters)


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    root = request.scope.get("root_path", "").rstrip("/")
    return get_redoc_html(
        openapi_url=f"{root}{request.app.openapi_url}", title=f"{request.app.title} - ReDoc",
        redoc_js_url=f"{root}/docs-assets/redoc.standalone.js", redoc_favicon_url=f"{root}/docs-assets/favicon.png",
        with_google_fonts=False)


@router.api_route("/docs-assets/{name}", methods=["GET", "HEAD"])
def docs_asset(name: str):
    if name not in DOCS_ASSETS:
        raise HTTPException(404, f"no docs asset {name}")
    return FileResponse(DOCS_ASSETS_DIR / name, media_type=DOCS_ASSETS[name], headers=CACHE_A_DAY)
