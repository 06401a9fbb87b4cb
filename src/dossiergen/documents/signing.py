"""The wording of a visible electronic signature (``archive/stamp.py`` draws it): fixed wording of the
documents, so it lives here, where the catalogs are extracted from."""

from __future__ import annotations

from dossiergen.i18n.localized import Localized
from dossiergen.render.context import RenderContext


def signature_heading(ctx: RenderContext) -> Localized:
    """The first line of a visible signature, in each language of the document."""
    # TRANSLATORS: the first line of a visible electronic signature, drawn over a signature line
    return ctx.translate("Digitally signed")


def certificate_holder_label(ctx: RenderContext) -> Localized:
    """What a visible signature calls the certificate's holder, when one signs for the person on the line."""
    # TRANSLATORS: on a visible signature, before the signing certificate's name (one who signs for another)
    return ctx.translate("Certificate holder")


def signature_reason(ctx: RenderContext, kind: str) -> Localized:
    """What a signature on a document of ``kind`` is for (the stamp's last line and the signature's /Reason)."""
    L = ctx.translate
    if kind == "minutes":
        return L("Adoption of the minutes")
    if kind == "loa":
        return L("Authorization of the project")
    if kind == "press":
        return L("Release of the press notice")
    return L("Approval of the project")
