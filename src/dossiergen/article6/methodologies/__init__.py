"""Emission-reduction methodologies, one module each."""
