"""``python -m dossiergen``."""

from dossiergen.cli.main import main

if __name__ == "__main__":  # worker processes import this module again; they must not run the CLI
    main(prog_name="dossiergen")
