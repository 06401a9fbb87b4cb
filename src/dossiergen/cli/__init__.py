"""The command line (click): one module per command group; ``main`` is the ``dossiergen`` command, ``run`` the script
that runs it."""

from dossiergen.cli.main import main, run

__all__ = ["main", "run"]
