"""`dragoman serve`, as ``register`` adds it to a Typer app."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

pytest.importorskip("fastapi", reason="the server extra is not installed: pip install '.[server]'")

from dragoman.server.cli import register


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """A stand-in for dragoman's own command line."""

    register(app)
    return app


def test_serve_help_lists_its_options(app):
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "--token", "--cors-origin"):
        assert option in result.output


def test_serve_builds_the_app_and_runs_uvicorn(app, tmp_path, monkeypatch):
    import uvicorn

    calls = {}
    monkeypatch.setattr(uvicorn, "run", lambda served, **options: calls.update(options, app=served))
    db = tmp_path / "events.db"
    result = CliRunner().invoke(app, ["serve", "--db", str(db), "--port", "8123", "--token", "t"])
    assert result.exit_code == 0, result.output
    assert calls["host"] == "127.0.0.1" and calls["port"] == 8123
    assert calls["app"].state.settings.token == "t" and db.exists()


def test_serve_warns_on_an_open_address_without_a_token(app, tmp_path, monkeypatch):
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *_args, **_options: None)
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "x.db"), "--host", "0.0.0.0"])
    assert result.exit_code == 0 and "without --token" in result.output


def test_serve_refuses_an_unusable_database(app, tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    result = CliRunner().invoke(app, ["serve", "--db", str(folder)])
    assert result.exit_code == 1 and "cannot open" in result.output
