"""The project a command works in: where its templates, catalogs and records are, and its dossiergen.toml."""
