"""The analyst views: a REST API (OpenAPI at /docs) and an offline dashboard.

Needs the ``server`` extra (``pip install 'dragoman[server]'``); FastAPI is imported only when
``create_app`` is first asked for, so the command line works without the extra.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from dragoman.server.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
