"""The ``dragoman serve`` command; ``register`` adds it to the main CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

err = Console(stderr=True)
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def serve(
    db: Annotated[Path, typer.Option("--db", help="The SQLite store (created if missing).")] = Path(
        "dragoman.db"
    ),
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="DRAGOMAN_TOKEN",
            help="Require 'Authorization: Bearer TOKEN' on POST /api/articles.",
        ),
    ] = None,
    cors_origin: Annotated[
        list[str] | None,
        typer.Option("--cors-origin", help="Allow browser calls from this origin (repeatable)."),
    ] = None,
) -> None:
    """Serve the dashboard (/) and the JSON API (/api, documented at /docs) over a store.

    Everything the dashboard needs is in the package: it works without a network."""
    try:
        import uvicorn

        from dragoman.server.app import create_app
    except ImportError as error:
        err.print(
            f"[red]error[/]: {error.name or error} is missing: pip install 'dragoman[server]'"
        )
        raise typer.Exit(1) from error
    from dragoman.store import StoreError

    try:
        app = create_app(db, token, cors_origins=cors_origin or (), preload_pipeline=True)
    except (StoreError, ValueError) as error:
        err.print(f"[red]error[/]: {error}")
        raise typer.Exit(1) from error
    if host not in LOOPBACK and token is None:
        err.print(
            f"[yellow]warning[/]: listening on {host} without --token: anyone who can reach it "
            "can add articles"
        )
    err.print(f"dragoman dashboard on http://{host}:{port}/ (API docs at /docs)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the ``dragoman`` command line."""
    app.command("serve")(serve)
