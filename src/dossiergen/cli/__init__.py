"""The command line (click): one module per command group; ``main`` is the ``dossiergen`` command."""

from dossiergen.cli.main import main

__all__ = ["main"]
