"""dossiergen: bilingual Article 6.2 approval dossiers, press notices and minutes as PDF.

The library API (``api.py``)::

    pdf = dossiergen.render("dossiers/kh-emoto/project.yaml", langs="ko+en")
    docx = dossiergen.render("dossiers/kh-emoto/press-2025-07-21.yaml", langs="ko", format="docx")
    results = dossiergen.build(project="my-project")
    dossiergen.kinds, dossiergen.output_formats   # the registries of document kinds and formats

The pipeline, one stage per subpackage::

    record = load_record("dossiers/kh-emoto/project.yaml")
    ctx = build_context(record, ("ko", "en"))
    html = typeset_html(render_html(ctx))
    pdf = write_pdf(html, base_url=..., allowed_roots=...)

or all of it at once with ``render_document(record, ("ko", "en"))``.

Importing the package is light: each name below is imported from its module the first time
it is used, so ``import dossiergen`` loads neither WeasyPrint nor pyHanko.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from dossiergen.errors import (
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
from dossiergen.version import __version__

if TYPE_CHECKING:
    from dossiergen.api import OutputFormat, build, load_record, output_formats, render
    from dossiergen.archive.extract import read_inputs
    from dossiergen.archive.sign import sign_pdf
    from dossiergen.archive.verify import verify_signatures
    from dossiergen.batch.build import Result
    from dossiergen.batch.outputs import write_output
    from dossiergen.documents.kinds import DocumentKind, kinds
    from dossiergen.formats.html import render_html
    from dossiergen.formats.pdf import render_document
    from dossiergen.records.record import Record
    from dossiergen.registry import Registry
    from dossiergen.render.context import RenderContext, build_context
    from dossiergen.render.pdf import write_pdf
    from dossiergen.render.typeset import typeset_html

_LAZY = {
    "DocumentKind": "dossiergen.documents.kinds",
    "OutputFormat": "dossiergen.api",
    "Record": "dossiergen.records.record",
    "Registry": "dossiergen.registry",
    "RenderContext": "dossiergen.render.context",
    "Result": "dossiergen.batch.build",
    "build": "dossiergen.api",
    "build_context": "dossiergen.render.context",
    "kinds": "dossiergen.documents.kinds",
    "load_record": "dossiergen.api",
    "output_formats": "dossiergen.api",
    "read_inputs": "dossiergen.archive.extract",
    "render": "dossiergen.api",
    "render_document": "dossiergen.formats.pdf",
    "render_html": "dossiergen.formats.html",
    "sign_pdf": "dossiergen.archive.sign",
    "typeset_html": "dossiergen.render.typeset",
    "verify_signatures": "dossiergen.archive.verify",
    "write_output": "dossiergen.batch.outputs",
    "write_pdf": "dossiergen.render.pdf",
}
"""Public name -> the module that defines it, imported on first use."""


class _Package(types.ModuleType):
    """This package's module object: ``dossiergen.render`` stays the API function.

    Importing a subpackage sets the parent package's attribute of that name to it, and
    ``dossiergen/render/`` (the pipeline's stages) shares its name with ``api.render``; the
    subpackage stays reachable by import (``from dossiergen.render.fonts import ...``).
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if _LAZY.get(name) == "dossiergen.api" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'dossiergen' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "CatalogError",
    "ContextError",
    "DossiergenError",
    "ExtractError",
    "FontError",
    "InputError",
    "DocumentKind",
    "OutputError",
    "OutputFormat",
    "PdfError",
    "Problem",
    "Record",
    "RecordError",
    "Registry",
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
    "kinds",
    "load_record",
    "output_formats",
    "read_inputs",
    "render",
    "render_document",
    "render_html",
    "sign_pdf",
    "typeset_html",
    "verify_signatures",
    "write_output",
    "write_pdf",
]
