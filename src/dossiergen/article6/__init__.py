"""Article 6.2 substance: figures, methodologies, the split over vintages."""
