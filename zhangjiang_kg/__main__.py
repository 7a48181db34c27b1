"""``python -m zhangjiang_kg`` runs the ``zjkg`` command line."""

from .cli.main import cli

if __name__ == "__main__":  # pragma: no cover - exercised through a subprocess test
    cli(prog_name="zjkg")
