"""What makes a PDF an archival record of its inputs: the records inside it, their fingerprint, its date.

A PDF carries the canonical JSON of the record it was made from (and of the project record a
press notice or minutes record refers to) as embedded files, the render options as JSON in its
document information, and a fingerprint: the SHA-256 of both. ``dossiergen verify`` recomputes
the fingerprint from what the PDF carries; ``dossiergen extract`` writes the records back out,
and they render to the same bytes.

Nothing here depends on the clock or the machine: the PDF's dates come from the record (or
``SOURCE_DATE_EPOCH``, the reproducible-builds convention), so the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

from dossiergen.errors import AnnexError, UsageError
from dossiergen.i18n.formatting import Conventions
from dossiergen.models import MinutesRecord, PressRecord, ProjectRecord
from dossiergen.records.record import Record
from dossiergen.records.sandbox import MAX_ANNEX_BYTES, illustration_sha256, record_file_sha256
from dossiergen.version import __version__

SEOUL = timezone(timedelta(hours=9), "KST")
"""Dates without a time are the ministry's: midnight in Seoul."""

FINGERPRINT_VERSION = "dossiergen-fingerprint-1"


@dataclass(frozen=True)
class Archive:
    """The inputs a PDF carries and the values derived from them."""

    records: tuple[tuple[str, bytes], ...]
    """Embedded file name and canonical JSON of each record, the rendered record first."""
    options: str
    """The render options (kind, languages, conventions, draft, illustrations' hashes) as canonical JSON."""
    fingerprint: str
    """SHA-256 (hex) of the options and the records."""
    created: datetime
    """The PDF's creation and modification date."""
    version: str | None
    """The dossier's own version, where the record gives one (not for its Letter of Authorization)."""

    @property
    def short_fingerprint(self) -> str:
        """``SHA-256 82a6 b4e5 b6cc``: the first 12 hex digits, as the footer prints them."""
        return "SHA-256 " + " ".join(self.fingerprint[index:index + 4] for index in range(0, 12, 4))

    @property
    def main_record(self) -> str:
        return self.records[0][0]


def canonical_json(value: object) -> bytes:
    """One spelling of ``value``: sorted keys, two-space indent, UTF-8, a final newline."""
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def record_json(record: Record) -> bytes:
    """The record as validated, in canonical JSON: what the user gave, dates in ISO form."""
    return canonical_json(record.data.model_dump(mode="json", exclude_unset=True, by_alias=True))


ATTACHMENT_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.(?:project|press|minutes)\.json$")
"""What an embedded record's name may be (``attachment_name``): an id and a kind. Anything else is not written
out (``extract.py``), and a PDF that carries none is not dossiergen's to replace (``files.py``)."""


def attachment_name(record: Record) -> str:
    """``kh-emoto.project.json``: the id and the kind, so that a record and its project never collide."""
    return f"{record.id}.{record.kind}.json"


def fingerprint(options: str, records: Mapping[str, bytes]) -> str:
    """The SHA-256 of the options and of each embedded record, by name: what ``verify`` recomputes."""
    digest = hashlib.sha256(FINGERPRINT_VERSION.encode() + b"\n" + options.encode("utf-8") + b"\n")
    for name in sorted(records):
        digest.update(name.encode("utf-8") + b"\n" + hashlib.sha256(records[name]).digest())
    return digest.hexdigest()


def document_date(record: Record, environ: Mapping[str, str] = os.environ, kind: str | None = None) -> datetime:
    """``SOURCE_DATE_EPOCH`` where set, else the record's own date (the dossier's, the release, the meeting;
    for a Letter of Authorization, the letter's)."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r}: expected whole seconds since 1970-01-01 UTC") from None
    data = record.data
    when: date | datetime
    if isinstance(data, PressRecord):
        when = data.release
    elif isinstance(data, MinutesRecord):
        when = data.date
    else:
        assert isinstance(data, ProjectRecord)
        if kind == "loa":
            when = data.authorization.letter.date
        else:
            when = data.dossier.date if data.dossier is not None else data.authorization.korean_approval.date
    if not isinstance(when, datetime):
        when = datetime.combine(when, time())
    return when if when.tzinfo is not None else when.replace(tzinfo=SEOUL)


def build_archive(record: Record, kind: str, langs: tuple[str, ...], conventions: Conventions,
                  draft: bool) -> Archive:
    """The records, options, fingerprint and date of one document."""
    records = [record] + ([record.project] if record.project is not None and record.project is not record else [])
    embedded = tuple((attachment_name(each), record_json(each)) for each in records)
    illustrations = {}
    if isinstance(record.data, ProjectRecord):
        illustrations = {item.file: illustration_sha256(record, index).hex()
                         for index, item in enumerate(record.data.illustrations)}
    facts: dict[str, object] = {"dossiergen": __version__, "kind": kind, "langs": list(langs),
                                "conventions": asdict(conventions), "draft": draft, "illustrations": illustrations}
    data = record.data
    annexes = (data.annexes if isinstance(data, ProjectRecord) and kind == "dossier" else
               data.attachments if isinstance(data, PressRecord) and kind == "press" else [])
    if annexes:
        # an annex file's bytes are part of the document as much as an illustration's; only when there
        # are annexes, so that the fingerprint of a document without them stays what it was
        field = "annexes" if isinstance(data, ProjectRecord) else "attachments"
        facts["annexes"] = [{"document": annex.document} if annex.file is None else
                            {"file": annex.file, "sha256": record_file_sha256(
                                record, (field, index, "file"), annex.file, MAX_ANNEX_BYTES, "an annex file",
                                AnnexError).hex()}
                            for index, annex in enumerate(annexes)]
    # one line: it travels through an HTML attribute into the document information
    options = json.dumps(facts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    data = record.data
    # the dossier's version is not its Letter of Authorization's: a letter carries none
    dossier = data.dossier if isinstance(data, ProjectRecord) and kind != "loa" else None
    version = dossier.version if dossier is not None else None
    return Archive(records=embedded, options=options, fingerprint=fingerprint(options, dict(embedded)),
                   created=document_date(record, kind=kind), version=version)
