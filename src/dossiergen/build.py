"""One document end to end, and a folder of records as a batch of jobs.

``render_document`` chains the stages; ``write_output`` writes atomically; ``build``
renders every record of a folder in its default kinds and language sets, collecting
failures instead of stopping at the first.
"""

from __future__ import annotations

import io
import os
import tempfile
import time
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from .build_cache import MANIFEST, Manifest, output_key, shared_key
from .context import KIND_OF_RECORD, DocumentKind, build_context
from .errors import DossiergenError, OutputError, Problem, RenderFailed, display_path
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
    status: str = "written"
    """``written``, ``skipped`` (unchanged since the last build) or ``failed``."""
    seconds: float = 0.0
    pages: int | None = None
    size: int | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def report(self) -> dict[str, object]:
        """One entry of ``--report FILE.json``."""
        return {"source": str(self.source), "output": str(self.output) if self.output else None,
                "langs": "+".join(self.langs) if self.langs else None, "status": self.status,
                "seconds": round(self.seconds, 3), "pages": self.pages, "bytes": self.size,
                "error": str(self.error) if self.error else None}


def _pages(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


@dataclass(frozen=True)
class _Job:
    source: Path
    record: Record
    langs: tuple[Lang, ...]
    target: Path
    key: str


def _render_to(record: Record, langs: tuple[Lang, ...], target: Path, paths: ProjectPaths) -> tuple[int, int]:
    pdf = render_document(record, langs, kind=KIND_OF_RECORD[record.kind], paths=paths)
    write_output(pdf, target)
    return _pages(pdf), len(pdf)


def _render_in_worker(source: str, lang_set: str, target: str, root: str) -> tuple[int, int] | list[str]:
    """One output in a worker process; errors come back as their located lines (picklable)."""
    try:
        return _render_to(load_record(source), parse_langs(lang_set), Path(target), ProjectPaths(Path(root)))
    except DossiergenError as error:
        return [str(problem) for problem in error.problems]


def build(inputs: list[Path], out_dir: Path, paths: ProjectPaths | None = None, *, force: bool = False,
          lang_sets: Mapping[str, tuple[str, ...]] = DEFAULT_LANG_SETS, jobs: int = 1,
          recycle_after: int = 40) -> list[Result]:
    """Render every record under ``inputs`` in its language sets into ``out_dir``.

    An output whose inputs have not changed since the last build (``build_cache``) is
    skipped unless ``force``; a failing record does not stop the others. With ``jobs`` > 1
    the outputs are rendered by that many worker processes, each of which keeps its fonts,
    templates and catalogs loaded and is replaced after ``recycle_after`` documents so that
    memory stays flat.
    """
    paths = paths or default_paths()
    manifest = Manifest.load(out_dir)
    shared = shared_key(paths)
    results: list[Result] = []
    planned: list[_Job] = []
    for path in find_records(inputs):
        try:
            record = load_record(path)
        except DossiergenError as error:
            results.append(Result(path, None, None, error, status="failed"))
            continue
        for lang_set in lang_sets[record.kind]:
            langs = parse_langs(lang_set)
            target = out_dir / output_name(record, langs)
            key = output_key(record, f"{KIND_OF_RECORD[record.kind]}:{lang_set}", shared)
            if not force and manifest.fresh(target, key):
                results.append(Result(path, target, langs, status="skipped"))
            else:
                planned.append(_Job(path, record, langs, target, key))
    if jobs > 1 and len(planned) > 1:
        done = _render_in_pool(planned, paths, jobs, recycle_after)
    else:
        done = [_render_here(job, paths) for job in planned]
    for job, result in zip(planned, done, strict=True):
        if result.ok:
            manifest.record(job.target, job.key)
        else:
            manifest.forget(job.target)
        results.append(result)
    if manifest.keys or (out_dir / MANIFEST).exists():
        write_output(manifest.to_bytes(), out_dir / MANIFEST)
    return results


def _render_here(job: _Job, paths: ProjectPaths) -> Result:
    started = time.perf_counter()
    try:
        pages, size = _render_to(job.record, job.langs, job.target, paths)
    except DossiergenError as error:
        return Result(job.source, job.target, job.langs, error, status="failed", seconds=time.perf_counter() - started)
    return Result(job.source, job.target, job.langs, seconds=time.perf_counter() - started, pages=pages, size=size)


def _render_in_pool(planned: list[_Job], paths: ProjectPaths, jobs: int, recycle_after: int) -> list[Result]:
    results: list[Result] = []
    with ProcessPoolExecutor(max_workers=jobs, max_tasks_per_child=recycle_after) as pool:
        started = time.perf_counter()
        futures = [pool.submit(_render_in_worker, str(job.source), "+".join(job.langs), str(job.target),
                               str(paths.root)) for job in planned]
        for job, future in zip(planned, futures, strict=True):
            try:
                outcome = future.result()
            except BrokenProcessPool:
                outcome = [f"{display_path(job.source)}: the worker rendering {job.target.name} died"]
            seconds = time.perf_counter() - started  # wall time until this output was ready
            if isinstance(outcome, list):
                results.append(Result(job.source, job.target, job.langs, RenderFailed(outcome),
                                      status="failed", seconds=seconds))
            else:
                results.append(Result(job.source, job.target, job.langs, seconds=seconds,
                                      pages=outcome[0], size=outcome[1]))
    return results
