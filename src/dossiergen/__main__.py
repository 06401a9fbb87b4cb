"""``python -m dossiergen``."""

from dossiergen.cli.main import run

if __name__ == "__main__":  # worker processes import this module again; they must not run the CLI
    run(prog_name="dossiergen")
