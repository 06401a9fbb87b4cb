"""Archival: the records a PDF carries (embed, extract), and its signatures (sign, verify)."""
