"""Batch builds: plan, cache, workers, atomic outputs, the press board."""
