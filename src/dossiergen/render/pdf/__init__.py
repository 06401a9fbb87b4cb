"""HTML -> PDF bytes: WeasyPrint with the project's fonts, a fenced fetcher and two adapters.

- ``writer.py``: ``write_pdf``, warnings that count;
- ``fetcher.py``: the URL fetcher that serves only the project's folders;
- ``actual_text.py``: searchable Khmer (/ActualText around each drawn line);
- ``tag_languages.py``: /Lang on the structure elements of tagged PDFs, and the tree mended for PDF/UA;
- ``to_unicode.py``: every glyph code mapped in /ToUnicode (WeasyPrint leaves some of Khmer's unmapped);
- ``continued.py``: one structure element for what a page break splits, one /Table per table;
- ``artifacts.py``: running heads, footers and fixed bands of tagged PDFs drawn as artifacts;
- ``running_start.py``: ``string(section, start)`` names the section in effect at the top of the page;
- ``archival.py``: PDF/A-3 metadata in each language, the records as associated files;
- ``pinned.py``: the WeasyPrint versions those adapters were tested with;
- ``quiet_import.py``: WeasyPrint imported without the compiler runs of a library search.
"""

# first, before any module below imports WeasyPrint: without a compiler run at every start
from dossiergen.render.pdf.quiet_import import weasyprint  # isort: split

from dossiergen.render.pdf.fetcher import FencedFetcher, RefusedURL
from dossiergen.render.pdf.writer import write_pdf

__all__ = ["FencedFetcher", "RefusedURL", "weasyprint", "write_pdf"]
