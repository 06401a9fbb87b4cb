"""dossiergen: bilingual Article 6.2 approval dossiers, press notices and minutes as PDF."""

__version__ = "0.1.0"
