"""PDF/A-3 metadata and the records inside: what WeasyPrint writes, completed for an archive.

WeasyPrint writes the document information and an XMP packet from the HTML head (``<title>``,
``author``, ``description``, ``keywords``, ``generator``, ``dcterms.created``/``modified``,
and other ``<meta>`` names as custom information entries). Its XMP gives the title in one
language only and leaves out the document's languages and identifiers, so ``ArchivalMetadata``
adds, from ``<meta name="dc.title.LANG">`` and the custom entries:

- ``dc:title`` with one entry per language besides ``x-default`` (the first language's title);
- ``dc:language``, ``dc:identifier`` (the record id), ``xmpMM:DocumentID`` (from the fingerprint)
  and ``xmpMM:VersionID`` (the dossier's version);
- when tagged (the default), ``pdfuaid:part`` 1 and the PDF/A extension schema that declares it.

Only properties of the schemas PDF/A predefines (dc, xmp, xmpMM, pdf, pdfaid) are used otherwise,
so no further extension schema is needed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.resources import files
from typing import Any
from xml.etree.ElementTree import Element, SubElement, fromstring, register_namespace, tostring

from weasyprint import Attachment
from weasyprint.css import ColorProfile
from weasyprint.pdf.metadata import NS, DocumentMetadata

PDF_A = "pdf/a-3b"
"""The one PDF/A conformance every PDF declares, tagged or not: level B, which PDFBox Preflight and the pikepdf
checks of tests/pdf_validators.py test. Not level A (3a), which no validator here checks; level U ("pdf/a-3u")
once every glyph maps to Unicode."""
OUTPUT_INTENT = "dossiergen-srgb"
"""The output intent's color profile, WeasyPrint's sRGB read by us (see ``srgb_profile``)."""
TITLE_PREFIX = "dc.title."
INFO_KEYS = {"dossier.id": "DossierID", "dossier.version": "DossierVersion", "dossiergen.record": "DossiergenRecord",
             "dossiergen.options": "DossiergenOptions", "dossiergen.fingerprint": "DossiergenFingerprint"}
"""``<meta name>`` -> document information key (WeasyPrint reads names in lower case and keeps letters only)."""
# the PDF/A extension schema container's own prefixes: without registering them ElementTree writes ns1, ns2, ns3,
# which PDF/A's prefix rules (ISO 19005-1 6.7.8, 19005-2/3 6.6.2.3) and validators' XMP readers do not expect
for _prefix, _uri in (("pdfaExtension", "http://www.aiim.org/pdfa/ns/extension/"),
                      ("pdfaSchema", "http://www.aiim.org/pdfa/ns/schema#"),
                      ("pdfaProperty", "http://www.aiim.org/pdfa/ns/property#")):
    NS.setdefault(_prefix, _uri)
    register_namespace(_prefix, _uri)


@dataclass(frozen=True)
class EmbeddedRecord:
    """A record carried in the PDF as an associated file (relationship ``Source``)."""

    name: str
    content: bytes
    description: str
    created: datetime
    """The document's date, not the clock's, so that the bytes do not vary."""


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


class ArchivalMetadata(DocumentMetadata):  # type: ignore[misc]  # WeasyPrint has no type information
    """WeasyPrint's metadata with titles per language, identifiers and (for a tagged PDF) pdfuaid."""

    def __init__(self, base: DocumentMetadata, *, pdf_ua: bool) -> None:
        custom = {INFO_KEYS.get(name, name): value for name, value in base.custom.items()}
        self.titles = {name.removeprefix(TITLE_PREFIX): custom.pop(name)
                       for name in list(custom) if name.startswith(TITLE_PREFIX)}
        super().__init__(title=base.title, authors=base.authors, description=base.description,
                         keywords=base.keywords, generator=base.generator, created=base.created,
                         modified=base.modified, attachments=base.attachments, lang=base.lang, custom=custom,
                         xmp_metadata=base.xmp_metadata)
        self.pdf_ua = pdf_ua

    def generate_rdf_metadata(self, variant: str, version: int, conformance: str | None) -> bytes:
        rdf = fromstring(super().generate_rdf_metadata(variant, version, conformance))
        for alt in rdf.iterfind(f".//{_q('dc', 'title')}/{_q('rdf', 'Alt')}"):
            for lang, title in self.titles.items():
                item = SubElement(alt, _q("rdf", "li"))
                item.attrib["xml:lang"] = lang
                item.text = title
        about = SubElement(rdf, _q("rdf", "Description"))
        about.attrib[_q("rdf", "about")] = ""
        languages = SubElement(SubElement(about, _q("dc", "language")), _q("rdf", "Bag"))
        for lang in self.titles or ([self.lang] if self.lang else []):
            SubElement(languages, _q("rdf", "li")).text = lang
        if "DossierID" in self.custom:
            identifier = SubElement(about, _q("dc", "identifier"))
            identifier.text = self.custom["DossierID"]
        if "DossiergenFingerprint" in self.custom:
            document_id = SubElement(about, _q("xmpMM", "DocumentID"))
            document_id.text = f"urn:sha256:{self.custom['DossiergenFingerprint']}"
        if "DossierVersion" in self.custom:
            version_id = SubElement(about, _q("xmpMM", "VersionID"))
            version_id.text = self.custom["DossierVersion"]
        if self.pdf_ua:
            ua = SubElement(rdf, _q("rdf", "Description"))
            ua.attrib[_q("rdf", "about")] = ""
            ua.attrib[_q("pdfuaid", "part")] = "1"
            rdf.append(_pdfuaid_extension_schema())
        return _declared_in_each_description(rdf)


def _declared_in_each_description(rdf: Element) -> bytes:
    """``rdf`` serialized with each ``rdf:Description`` declaring the namespaces it uses.

    Declarations on ``rdf:RDF`` alone are valid XML, but PDFBox's XMP reader (Preflight) looks only
    at a description's own declarations, stops at the first property it cannot place ("Schema is not
    set in this document") and then checks none of the metadata: pdfaid, the agreement with the
    document information. Serializing each description apart makes ElementTree declare there what it uses.
    """
    head = f'<rdf:RDF xmlns:rdf="{NS["rdf"]}">'.encode()
    return head + b"".join(tostring(description, encoding="utf-8") for description in rdf) + b"</rdf:RDF>"


def srgb_profile() -> ColorProfile:
    """WeasyPrint's sRGB profile for the PDF/A output intent, its file closed once read.

    Asked for ``output_intent="srgb"``, WeasyPrint 70 opens the profile and never closes it: a
    ResourceWarning for every document. Given a profile of ours by name, it uses that instead.
    """
    with (files("weasyprint.pdf") / "sRGB2014.icc").open("rb") as icc:
        return ColorProfile(icc, "sRGB2014.icc", "relative-colorimetric", (["r"], ["g"], ["b"]))


def _pdfuaid_extension_schema() -> Element:
    """The PDF/A extension schema description of ``pdfuaid:part``, which PDF/A does not predefine."""
    description = Element(_q("rdf", "Description"))
    description.attrib[_q("rdf", "about")] = ""
    schemas = SubElement(SubElement(description, _q("pdfaExtension", "schemas")), _q("rdf", "Bag"))
    schema = SubElement(schemas, _q("rdf", "li"))
    schema.attrib[_q("rdf", "parseType")] = "Resource"
    SubElement(schema, _q("pdfaSchema", "schema")).text = "PDF/UA Universal Accessibility Schema"
    SubElement(schema, _q("pdfaSchema", "namespaceURI")).text = NS["pdfuaid"]
    SubElement(schema, _q("pdfaSchema", "prefix")).text = "pdfuaid"
    properties = SubElement(SubElement(schema, _q("pdfaSchema", "property")), _q("rdf", "Seq"))
    part = SubElement(properties, _q("rdf", "li"))
    part.attrib[_q("rdf", "parseType")] = "Resource"
    SubElement(part, _q("pdfaProperty", "name")).text = "part"
    SubElement(part, _q("pdfaProperty", "valueType")).text = "Integer"
    SubElement(part, _q("pdfaProperty", "category")).text = "internal"
    SubElement(part, _q("pdfaProperty", "description")).text = "Indicates, which part of ISO 14289 standard is followed"
    return description


def identifier(html: str, variant: str, *, tagged: bool) -> bytes:
    """The first half of the PDF's /ID: a hash of what was typeset (records, options, dates) and how (the PDF/A
    variant, tagged or not: two different files), not of the clock."""
    how = f"{variant}+ua" if tagged else variant  # untagged: the hash it always had
    return hashlib.sha256(f"{how}\n{html}".encode()).hexdigest()[:32].encode("ascii")


def attachments(records: tuple[EmbeddedRecord, ...]) -> list[Attachment]:
    """The records as associated files (relationship ``Source``, as e-invoices carry their XML)."""
    # WeasyPrint writes an attachment's dates as UTC without converting them
    when = [record.created.astimezone(UTC) for record in records]
    return [Attachment(string=record.content, name=record.name, description=record.description,
                       relationship="Source", created=created, modified=created)
            for record, created in zip(records, when, strict=True)]


def finish(document: Any, pdf: Any) -> None:
    """WeasyPrint lists each associated file twice in the catalog's /AF: keep each once. The XMP packet is
    left uncompressed, as XMP means it to be (a packet any tool can find by scanning the file)."""
    files = pdf.catalog.get("AF")
    if files:
        unique = list(dict.fromkeys(files))
        files.clear()
        files.extend(unique)
    # PDF/A-2 and -3 allow a filter on it, but PDFBox Preflight then checks none of the metadata (1.2.7)
    metadata = pdf.catalog.get("Metadata")
    if metadata:
        pdf.objects[int(metadata.split()[0])].compress = False
