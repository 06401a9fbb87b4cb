"""Output formats, one writer each: PDF (through HTML and WeasyPrint), DOCX, HWPX and the Markdown web post."""
