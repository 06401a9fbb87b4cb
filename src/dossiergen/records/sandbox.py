"""The record's folder as a sandbox: illustrations, annexes and a signed letter's scan are files of its own folder.

A file a record points to is given as a path relative to the record's folder: no address, no
absolute path, no way out (symlinks followed), and of a kind the document can use. Annexes
that name a document kind instead are checked against the registry of kinds.
"""

from __future__ import annotations

import re
import struct
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden

from dossiergen.documents.kinds import kinds
from dossiergen.errors import DossiergenError, Problem, RecordError, display_path
from dossiergen.models import PressRecord, ProjectRecord
from dossiergen.models.common import ANNEX_FILE_TYPES
from dossiergen.reading import Locate, open_regular, reason_of, sha256_limited
from dossiergen.records.record import Loc, Record

if TYPE_CHECKING:
    from PIL import ImageFile

ILLUSTRATION_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
FileKind = Literal["pdf", "png", "jpeg"]
MAGIC: dict[bytes, FileKind] = {b"%PDF-": "pdf", b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}
"""The first bytes of each kind of annex file: the content decides, not the name."""
MAX_ANNEX_BYTES = 64 * 1024 * 1024
"""The largest annex file read at all (checked when the record loads, and as it is read to be appended)."""
MAX_ILLUSTRATION_BYTES = 16 * 1024 * 1024
"""The largest illustration file read at all (a photograph at print resolution is a few megabytes)."""
MAX_IMAGE_PIXELS = 30_000_000
"""Pixels of one illustration or image annex, or of one rasterized page (three bytes each once decoded).
Checked from the image's header, before anything is decoded: a decompression bomb is refused unopened."""
SVG = "{http://www.w3.org/2000/svg}svg"
ADDRESS = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def record_file_path(record: Record, file: str) -> Path:
    """Where a file the record names is, symlinks followed (it must then lie in the record's folder)."""
    return (record.path.parent / file).resolve()


illustration_path = record_file_path


def refusal(record: Record, loc: Loc, name: str) -> Locate:
    """Where a refusal of the file ``name`` goes: the record's line and field that name it."""
    return lambda reason: record.problem(loc, f"{name!r} is refused: {reason}")


def record_file_sha256(record: Record, loc: Loc, name: str, limit: int, what: str,
                       error: type[DossiergenError] = RecordError) -> bytes:
    """The SHA-256 of the file ``name`` the record names at ``loc``, read as every file from outside is."""
    return sha256_limited(record_file_path(record, name), limit, what, error, refusal(record, loc, name))


def illustration_sha256(record: Record, index: int) -> bytes:
    """The SHA-256 of the record's ``index``-th illustration (part of the fingerprint and of the build's key)."""
    assert isinstance(record.data, ProjectRecord)  # only projects have illustrations
    return record_file_sha256(record, ("illustrations", index, "file"), record.data.illustrations[index].file,
                              MAX_ILLUSTRATION_BYTES, "an illustration")


def file_kind(content: bytes) -> FileKind | None:
    """``pdf``, ``png`` or ``jpeg`` by the first bytes of ``content``; ``None`` for anything else."""
    return next((kind for magic, kind in MAGIC.items() if content.startswith(magic)), None)


_IMAGE_NAMES: dict[FileKind, str] = {"png": "a PNG image", "jpeg": "a JPEG image"}


def open_image(handle: BinaryIO, kind: FileKind) -> ImageFile.ImageFile:
    """The PNG or JPEG in ``handle``, its header read, nothing decoded.

    The plug-ins' own classes read the header only, without Pillow's global bomb check (89 megapixels, then
    a warning): ours, ``MAX_IMAGE_PIXELS``, comes first and is lower. Pillow is imported here, not with the
    module: ``dossiergen validate`` of a record without images never needs it.
    """
    from PIL import JpegImagePlugin, PngImagePlugin

    image_files: dict[FileKind, Callable[[BinaryIO], ImageFile.ImageFile]] = {
        "png": PngImagePlugin.PngImageFile, "jpeg": JpegImagePlugin.JpegImageFile}
    return image_files[kind](handle)  # a PDF is no image: a KeyError, as before


def image_problem(handle: BinaryIO, kind: FileKind, what: str) -> str | None:
    """Why the PNG or JPEG in ``handle`` is not one that may be used (after the file's name), or ``None``.

    Pillow reads its header and checks its pixel count against ``MAX_IMAGE_PIXELS``, then ``verify()``
    reads the rest without decoding it (a PNG's chunks and their checksums).
    """
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)  # never only a warning
            image = open_image(handle, kind)
            with image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    return (f"is {width:,} × {height:,} pixels; {what} may have {MAX_IMAGE_PIXELS:,}"
                            " pixels at most")
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        return f"is too large an image ({error})"
    except (OSError, SyntaxError, ValueError, struct.error, EOFError) as error:
        return f"is not {_IMAGE_NAMES[kind]} that can be read ({error or type(error).__name__})"
    return None


def svg_problem(content: bytes) -> str | None:
    """Why ``content`` is not an SVG image that may be drawn (after the file's name), or ``None``.

    Parsed by defusedxml: an entity declaration (an entity bomb, or an external entity that reads a
    file) or an external reference is refused before anything is expanded or fetched.
    """
    try:
        root = ElementTree.fromstring(content, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except EntitiesForbidden as error:
        return (f"declares the XML entity {error.name!r}: an SVG may not (an entity can read a file or"
                " multiply without end)")
    except ExternalReferenceForbidden as error:
        return f"refers to the external XML resource {error.sysid!r}: an SVG may not"
    except DefusedXmlException as error:
        return f"is refused as XML: {error}"
    except ElementTree.ParseError as error:
        return f"is not an SVG image (malformed XML: {error})"
    if root.tag != SVG:
        return f"is not an SVG image (its root element is <{root.tag}>)"
    return None


def illustration_file_problem(path: Path) -> str | None:
    """Why the illustration file ``path`` may not be drawn (after its name), or ``None``: it must be what its
    name says it is, of a size that may be drawn."""
    try:
        with open_regular(path, MAX_ILLUSTRATION_BYTES, "an illustration", RecordError) as handle:
            suffix = path.suffix.lower()
            if suffix == ".svg":
                return svg_problem(handle.read(MAX_ILLUSTRATION_BYTES + 1))
            return image_problem(handle, "png" if suffix == ".png" else "jpeg", "an illustration")
    except RecordError as error:
        return _refused(error)


def _refused(error: RecordError) -> str:
    """The reason ``open_regular`` gave, after the file's name."""
    return "is refused: " + reason_of(error)


def record_file_problem(record: Record, loc: Loc, name: str, *, suffixes: tuple[str, ...] = (),
                        content: Callable[[Path], str | None] | None = None) -> Problem | None:
    """What is wrong with the file ``name`` at ``loc``, if anything.

    It must be a path into the record's folder (no address, no absolute path, no way out) to an
    existing file; ``suffixes`` checks its name, ``content`` its bytes (a reason, or ``None``).
    """
    folder = record.path.parent.resolve()
    if "://" in name or name.startswith(("/", "~")) or ADDRESS.match(name):
        return record.problem(loc, f"{name!r}: give a path inside the record's folder, not an address"
                                   " or an absolute path")
    target = record_file_path(record, name)
    if not target.is_relative_to(folder):
        return record.problem(loc, f"{name!r} leads out of the record's folder ({display_path(folder)}/)")
    if suffixes and target.suffix.lower() not in suffixes:
        return record.problem(loc, f"{name!r} is not a PNG, JPEG or SVG image")
    if not target.exists():  # a FIFO, device or folder exists, and is refused by ``content`` or as it is read
        return record.problem(loc, f"{name!r}: no such file in {display_path(folder)}/")
    reason = content(target) if content is not None else None
    return record.problem(loc, f"{name!r} {reason}") if reason else None


def _annex_content(path: Path) -> str | None:
    try:
        with open_regular(path, MAX_ANNEX_BYTES, "an annex file", RecordError) as handle:
            kind = file_kind(handle.read(8))
            if kind is None:
                return f"is not {ANNEX_FILE_TYPES} (judged by its first bytes)"
            if kind == "pdf":
                return None  # opened and checked against its caps as it is appended (render/pdf/annexes.py)
            handle.seek(0)
            return image_problem(handle, kind, "an annex image")
    except RecordError as error:
        return _refused(error)


def annex_documents(of: str = "project") -> list[str]:
    """The document kinds an annex may name: those made from project records; a dossier's cannot be the dossier."""
    return [kind.name for kind in kinds.values()
            if kind.record_kind == "project" and not (of == "project" and kind.name == "dossier")]


def illustration_problems(record: Record) -> list[Problem]:
    """An illustration is an image file of the record's own folder."""
    if not isinstance(record.data, ProjectRecord):
        return []
    found = (record_file_problem(record, ("illustrations", index, "file"), illustration.file,
                                 suffixes=ILLUSTRATION_SUFFIXES, content=illustration_file_problem)
             for index, illustration in enumerate(record.data.illustrations))
    return [problem for problem in found if problem is not None]


def annex_problems(record: Record) -> list[Problem]:
    """An annex (a press notice's 붙임) is a PDF, PNG or JPEG file of the record's folder, or a document kind made
    from the project record."""
    data = record.data
    if isinstance(data, ProjectRecord):
        field, annexes = "annexes", data.annexes
    elif isinstance(data, PressRecord):
        field, annexes = "attachments", data.attachments
    else:
        return []
    known = annex_documents(record.kind)
    problems = []
    for index, annex in enumerate(annexes):
        if annex.file is not None:
            problem = record_file_problem(record, (field, index, "file"), annex.file, content=_annex_content)
            if problem is not None:
                problems.append(problem)
        elif annex.document is not None and isinstance(data, PressRecord) and data.project is None:
            problems.append(record.problem((field, index, "document"), "a notice about an event has no project"
                                           " record to make a document from: attach a file"))
        elif annex.document is not None and annex.document not in known:
            if annex.document == "dossier":
                why = "a dossier cannot contain itself"
            else:
                why = f"no document kind {annex.document!r} is made from a project record"
                why += "" if known else " (none but the dossier yet)"
            choose = f"; choose {', '.join(known)}" if known else ""
            problems.append(record.problem((field, index, "document"), why + choose))
    return problems


def signed_scan_problems(record: Record) -> list[Problem]:
    """The scan of the signed Letter of Authorization is a PDF, PNG or JPEG file of the record's own folder."""
    if not isinstance(record.data, ProjectRecord) or record.data.authorization.letter.signed_scan is None:
        return []
    problem = record_file_problem(record, ("authorization", "letter", "signed_scan"),
                                  record.data.authorization.letter.signed_scan, content=_annex_content)
    return [problem] if problem is not None else []
