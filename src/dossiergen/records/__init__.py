"""Records: YAML safety, loading and validation, project lookup, cross-record checks, the illustration sandbox."""
