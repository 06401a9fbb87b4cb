"""One document end to end, and a folder of records as a batch of jobs.

``render_document`` chains the stages; ``write_output`` writes atomically; ``build``
renders every record of a folder in its default kinds and language sets, collecting
failures instead of stopping at the first.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .context import KIND_OF_RECORD, DocumentKind, build_context
from .errors import DossiergenError, OutputError, Problem
from .i18n import Conventions, parse_langs
from .loader import Record, find_records, load_record
from .models import Lang
from .paths import ProjectPaths, default_paths
from .pdf import write_pdf
from .templating import render_html
from .typeset import load_compounds, typeset_html

DEFAULT_LANG_SETS: Mapping[str, tuple[str, ...]] = {
    "project": ("ko+en", "km+en"),
    "press": ("ko", "ko+en", "km+en"),
    "minutes": ("ko+en", "km+en"),
}
"""What ``dossiergen build`` makes of each record kind: Korean first for Seoul, Khmer for Phnom Penh."""


def render_document(
    record: Record,
    langs: tuple[Lang, ...],
    *,
    kind: DocumentKind | None = None,
    paths: ProjectPaths | None = None,
    tagged: bool = False,
    conventions: Conventions | None = None,
) -> bytes:
    """Context, HTML, script fixes, PDF: the bytes of one document."""
    paths = paths or default_paths()
    ctx = build_context(record, langs, kind=kind, paths=paths, conventions=conventions)
    html = typeset_html(render_html(ctx, paths), load_compounds(paths.khmer_compounds))
    return write_pdf(html, base_url=paths.templates, allowed_roots=(paths.templates, record.path.parent.resolve()),
                     source=record.path, tagged=tagged)


def write_output(data: bytes, target: Path) -> None:
    """Write ``data`` to ``target`` so that a reader sees the old file or the new one, never a part."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, target)
    except OSError as error:
        Path(temp_name).unlink(missing_ok=True)
        raise OutputError(Problem(target, None, None, f"cannot write: {error.strerror}")) from None


def output_name(record: Record, langs: tuple[Lang, ...]) -> str:
    """``kh-emoto.ko-en.pdf``: ids are validated slugs, so names stay inside the output folder."""
    return f"{record.id}.{'-'.join(langs)}.pdf"


@dataclass(frozen=True)
class Result:
    """What became of one record file or one of its documents."""

    source: Path
    output: Path | None
    langs: tuple[Lang, ...] | None
    error: DossiergenError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def build(inputs: list[Path], out_dir: Path, paths: ProjectPaths | None = None) -> list[Result]:
    """Render every record under ``inputs`` in its default language sets into ``out_dir``."""
    paths = paths or default_paths()
    results: list[Result] = []
    for path in find_records(inputs):
        try:
            record = load_record(path)
        except DossiergenError as error:
            results.append(Result(path, None, None, error))
            continue
        for lang_set in DEFAULT_LANG_SETS[record.kind]:
            langs = parse_langs(lang_set)
            target = out_dir / output_name(record, langs)
            try:
                write_output(render_document(record, langs, kind=KIND_OF_RECORD[record.kind], paths=paths), target)
            except DossiergenError as error:
                results.append(Result(path, target, langs, error))
            else:
                results.append(Result(path, target, langs))
    return results
