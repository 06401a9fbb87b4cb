"""What a rendering is made from, as one key: a save that changes none of it renders nothing.

The key is a hash of the HTML WeasyPrint would be handed for the document's first pass (which
carries the fingerprint of the records as validated, of the options and of the illustrations' and
annex files' bytes), of the stylesheets, templates, catalogs, fonts and logo (``batch/cache.py``'s
shared key, by their sizes and times), of the ``directory.yaml`` the records named people and
organisations from, and of the size and time of a signed Letter of Authorization (the scan that
stands in for the rendered letter among the annexes is hashed nowhere else). Every later pass,
each annex and the rebalancing follow from these. A YAML comment changes none of them: the records enter as
their canonical JSON.
"""

from __future__ import annotations

import hashlib

from dossiergen.batch.cache import shared_key
from dossiergen.config.paths import ProjectPaths
from dossiergen.formats.pdf import document_html
from dossiergen.models import Lang, ProjectRecord
from dossiergen.records.record import Record
from dossiergen.records.sandbox import record_file_path
from dossiergen.render.context import build_context


def typeset_key(record: Record, langs: tuple[Lang, ...], paths: ProjectPaths, *, draft: bool) -> str:
    """The key of ``record``'s document in ``langs`` as the preview renders it (tagged, the kind's own options)."""
    ctx = build_context(record, langs, paths=paths, draft=draft)
    digest = hashlib.sha256(f"{shared_key(paths)}\0{draft}\0".encode())
    records = [record] + ([record.project] if record.project is not None else [])
    for each in records:
        digest.update(f"{each.directory}\0".encode())
        data = each.data
        scan = data.authorization.letter.signed_scan if isinstance(data, ProjectRecord) else None
        if scan is not None:
            path = record_file_path(each, scan)
            stat = path.stat() if path.is_file() else None  # a missing scan is the render's error to report
            digest.update(f"{path}\0{stat and (stat.st_size, stat.st_mtime_ns)}\0".encode())
    digest.update(document_html(ctx, paths).encode("utf-8"))
    return digest.hexdigest()
