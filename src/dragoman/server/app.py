"""The FastAPI application: API, OpenAPI docs and the offline dashboard."""

from __future__ import annotations

import json
import logging
import math
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from dragoman import __version__
from dragoman.pipeline import Pipeline
from dragoman.server.api import router
from dragoman.server.security import MAX_BODY_BYTES, BodyLimit, SecurityHeaders
from dragoman.server.state import Pipelines, Settings
from dragoman.store import Store, StoreError

log = logging.getLogger("dragoman.server")
STATIC = Path(str(resources.files("dragoman.server").joinpath("static")))


def create_app(
    db_path: Path | str,
    token: str | None = None,
    pipeline_factory: Callable[[], Pipeline] = Pipeline,
    *,
    max_body_bytes: int = MAX_BODY_BYTES,
    cors_origins: Sequence[str] = (),
    preload_pipeline: bool = False,
) -> FastAPI:
    """The app over the store at ``db_path`` (created when missing).

    ``token`` guards the write endpoint; ``pipeline_factory`` builds the pipeline on first
    use (or at start-up with ``preload_pipeline``); CORS stays off unless origins are given.
    """
    if token is not None and not token.strip():
        raise ValueError("the token must not be empty")
    Store(db_path).close()  # fail now, not on the first request, if the file is unusable
    pipelines = Pipelines(pipeline_factory)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if preload_pipeline:
            threading.Thread(target=pipelines.warm, name="pipeline-loader", daemon=True).start()
        yield

    app = FastAPI(
        title="dragoman",
        version=__version__,
        description="Political events coded from English news, with the evidence for each.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = Settings(Path(db_path), token)
    app.state.pipelines = pipelines
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _pages(app)
    _error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    if cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(SecurityHeaders)
    return app


def _pages(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        """Swagger UI from the vendored bundle: the docs work offline too."""
        return FileResponse(STATIC / "docs.html")


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, error: RequestValidationError) -> Response:
        """FastAPI's 422, written as strict ASCII JSON: the detail echoes the input, which may
        hold a lone surrogate (``"\\ud800"``: no UTF-8 for it) or a NaN (no JSON for it);
        FastAPI's own handler turned both into a 500."""
        detail = _finite(jsonable_encoder(error.errors()))
        body = json.dumps({"detail": detail}, ensure_ascii=True, allow_nan=False)
        return Response(body, status_code=422, media_type="application/json")

    @app.exception_handler(StoreError)
    async def store_unusable(_: Request, error: StoreError) -> JSONResponse:
        log.error("store error: %s", error)
        return JSONResponse({"detail": "the event store cannot be used now"}, status_code=503)

    @app.exception_handler(Exception)
    async def internal(_: Request, error: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=error)
        return JSONResponse({"detail": "internal error; see the server log"}, status_code=500)


def _finite(value: Any) -> Any:
    """NaN and infinities as strings: JSON has no words for them."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, list):
        return [_finite(item) for item in value]
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    return value
