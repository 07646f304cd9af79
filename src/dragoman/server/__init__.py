"""The analyst views: a REST API (OpenAPI at /docs) and an offline dashboard.

Needs the ``server`` extra (``pip install 'dragoman[server]'``); nothing here is imported by
the rest of the package.
"""

from dragoman.server.app import create_app

__all__ = ["create_app"]
