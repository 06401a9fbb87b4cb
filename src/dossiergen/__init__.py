"""dossiergen: bilingual Article 6.2 approval dossiers, press notices and minutes as PDF.

The pipeline, one stage per module::

    record = load_record("dossiers/kh-emoto/project.yaml")
    ctx = build_context(record, ("ko", "en"))
    html = typeset_html(render_html(ctx))
    pdf = write_pdf(html, base_url=..., allowed_roots=...)

or all of it at once with ``render_document(record, ("ko", "en"))``.
"""

__version__ = "0.1.0"

from .build import Result, build  # noqa: E402
from .context import RenderContext, build_context  # noqa: E402
from .errors import (  # noqa: E402
    CatalogError,
    ContextError,
    DossiergenError,
    ExtractError,
    FontError,
    InputError,
    OutputError,
    PdfError,
    Problem,
    RecordError,
    RefusedResource,
    SignatureError,
    TemplateError,
    TimedOut,
    TypesetError,
    UsageError,
)
from .extract import read_inputs  # noqa: E402
from .loader import Record, load_record  # noqa: E402
from .outputs import write_output  # noqa: E402
from .pdf import write_pdf  # noqa: E402
from .pipeline import render_document  # noqa: E402
from .signing import sign_pdf, verify_signatures  # noqa: E402
from .templating import render_html  # noqa: E402
from .typeset import typeset_html  # noqa: E402

__all__ = [
    "CatalogError",
    "ContextError",
    "DossiergenError",
    "ExtractError",
    "FontError",
    "InputError",
    "OutputError",
    "PdfError",
    "Problem",
    "Record",
    "RecordError",
    "RefusedResource",
    "RenderContext",
    "Result",
    "SignatureError",
    "TemplateError",
    "TimedOut",
    "TypesetError",
    "UsageError",
    "__version__",
    "build",
    "build_context",
    "load_record",
    "read_inputs",
    "render_document",
    "render_html",
    "sign_pdf",
    "typeset_html",
    "verify_signatures",
    "write_output",
    "write_pdf",
]
