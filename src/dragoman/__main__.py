"""``python -m dragoman`` runs the command line."""

from dragoman.cli import app

app(prog_name="dragoman")
