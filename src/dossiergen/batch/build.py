"""A folder of records as a batch of outputs: planned, skipped when unchanged, rendered, written.

``build`` renders every record of a folder in its kinds and language sets, collecting
failures instead of stopping at the first; ``build_cache`` says what is unchanged and
``build_workers`` where documents render.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from dossiergen.batch.cache import Manifest, board_key, output_key, shared_key
from dossiergen.batch.lock import build_lock
from dossiergen.batch.outputs import output_name, remove_leftovers, write_output
from dossiergen.batch.press_board import TEMPLATE, press_files, write_press_index
from dossiergen.batch.workers import IN_THIS_PROCESS, Job, Rendered, Workers, run_jobs
from dossiergen.config.paths import ProjectPaths, default_paths
from dossiergen.documents.kinds import RECORD_KINDS, default_kind
from dossiergen.errors import DossiergenError, Problem, RecordError, RenderFailed, display_path
from dossiergen.files import check_output_target
from dossiergen.i18n.formatting import DEFAULT_CONVENTIONS, Conventions
from dossiergen.i18n.languages import parse_langs
from dossiergen.models import Lang
from dossiergen.records.loading import RecordLoader
from dossiergen.records.lookup import find_records
from dossiergen.records.provenance import final_problems
from dossiergen.records.record import Record

DEFAULT_LANG_SETS: Mapping[str, tuple[str, ...]] = {
    "project": ("ko+en", "km+en"),
    "press": ("ko", "ko+en", "km+en"),
    "minutes": ("ko+en", "km+en"),
}
"""What ``dossiergen build`` makes of each record kind: Korean first for Seoul, Khmer for Phnom Penh."""


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
    placeholders: tuple[str, ...] = ()
    """In a draft build, the texts missing in a language and printed as placeholders, located."""

    @property
    def ok(self) -> bool:
        return self.error is None

    def report(self) -> dict[str, object]:
        """One entry of ``--report FILE.json``."""
        return {"source": str(self.source), "output": str(self.output) if self.output else None,
                "langs": "+".join(self.langs) if self.langs else None, "status": self.status,
                "seconds": round(self.seconds, 3), "pages": self.pages, "bytes": self.size,
                "error": str(self.error) if self.error else None, "placeholders": list(self.placeholders)}


class BuildProgress(Protocol):
    """What a build tells whoever shows its progress (the CLI); the library itself prints nothing."""

    def planned(self, total: int) -> None:
        """The number of results the build will report, skipped and failed ones included."""

    def finished(self, result: Result) -> None:
        """One output written, skipped or failed, in the order they finish."""


def build(inputs: list[Path], out_dir: Path, paths: ProjectPaths | None = None, *, force: bool = False,
          lang_sets: Mapping[str, tuple[str, ...]] = DEFAULT_LANG_SETS,
          conventions: Mapping[str, Conventions] | None = None, tagged: bool = True,
          draft: bool = False, final: bool = False, time_limit: float | None = None,
          workers: Workers = IN_THIS_PROCESS, progress: BuildProgress | None = None, wait: bool = True,
          waiting: Callable[[int | None], None] | None = None) -> list[Result]:
    """Render every record under ``inputs`` in its language sets into ``out_dir``.

    The build holds ``out_dir``'s lock (``batch/lock.py``) throughout: another build into it is
    waited for (``waiting(pid)`` is told once), or with ``wait=False`` refused (``BuildLocked``).
    An output whose inputs have not changed since the last build (``build_cache``) is
    skipped unless ``force``; ``force`` also replaces a file at an output path that dossiergen
    did not write (``files.check_output_target``). A failing record does not stop the others. With ``draft``, texts
    missing in a language become visible placeholders (each result lists them) instead of errors; with
    ``final``, a record that still lists illustrative values fails, naming them. Every PDF is tagged and declared
    PDF/UA-1 unless ``tagged=False`` (the plain PDF/A-3b; part of each output's key).
    A document that takes longer than ``time_limit`` seconds to render is stopped and fails. ``workers`` says
    how many documents render at once and where (``build_workers``). The manifest of keys
    is written after every output, so a build that is interrupted loses at most the
    documents that were being rendered, and the next build renders only what is left.
    """
    paths = paths or default_paths()
    conventions = conventions or {kind: DEFAULT_CONVENTIONS[default_kind(kind)] for kind in RECORD_KINDS}
    with build_lock(out_dir, wait=wait, waiting=waiting):
        # under the lock only: another build's temporary files are not leftovers while it runs
        remove_leftovers(out_dir)
        return _build_locked(inputs, out_dir, paths, force=force, lang_sets=lang_sets, conventions=conventions,
                             tagged=tagged, draft=draft, final=final, time_limit=time_limit,
                             workers=workers, progress=progress)


def _build_locked(inputs: list[Path], out_dir: Path, paths: ProjectPaths, *, force: bool,
                  lang_sets: Mapping[str, tuple[str, ...]], conventions: Mapping[str, Conventions], tagged: bool,
                  draft: bool, final: bool, time_limit: float | None, workers: Workers,
                  progress: BuildProgress | None) -> list[Result]:
    manifest = Manifest.load(out_dir)
    shared = shared_key(paths)
    early: list[Result] = []
    planned: list[Job] = []
    claimed: dict[Path, Path] = {}  # output -> the record that makes it
    press: list[Record] = []  # for the press board and feed, failed or not
    loader = RecordLoader()  # each file read once, each project validated once; the jobs carry the records
    for path in find_records(inputs):
        try:
            record = loader.load(path)
            if final and (problems := final_problems(record, final=True)):
                raise RecordError(problems)
        except DossiergenError as error:
            early.append(Result(path, None, None, error, status="failed"))
            continue
        if record.kind == "press":
            press.append(record)
        for lang_set in lang_sets[record.kind]:
            langs = parse_langs(lang_set)
            target = out_dir / output_name(record, langs)
            if claimed.setdefault(target, path) != path:
                early.append(Result(path, target, langs, RecordError(Problem(
                    path, record.line_of(("id",)), "id",
                    f"{record.id!r} is also the id of {display_path(claimed[target])};"
                    f" both would write {target.name}")), status="failed"))
                continue
            try:  # refused before it is rendered: a folder, a link, a file dossiergen did not write
                check_output_target(target, inputs=_record_files(record), force=force)
            except DossiergenError as error:
                early.append(Result(path, target, langs, error, status="failed"))
                continue
            options = f"{default_kind(record.kind)}:{lang_set}:{conventions[record.kind]}:tagged={tagged}:draft={draft}"
            key = output_key(record, options, shared)
            if not force and manifest.fresh(target, key):
                early.append(Result(path, target, langs, status="skipped"))
            else:
                planned.append(Job(record, lang_set, target, key, paths.root, conventions[record.kind],
                                   tagged, draft, time_limit))
    if progress is not None:
        progress.planned(len(early) + len(planned))
        for result in early:
            progress.finished(result)
    done: dict[Path, Result] = {}
    # closed however the loop ends: Ctrl-C while an output is written stops the workers now, not at exit
    with closing(run_jobs(planned, workers)) as rendering:
        for job, rendered in rendering:
            done[job.target] = result = _finish(job, rendered, manifest, force)
            if progress is not None:
                progress.finished(result)
    results = early + [done[job.target] for job in planned]
    board = _press_board(press, results, out_dir, paths, manifest, shared, conventions.get("press"), force)
    return results + ([board] if board is not None else [])


def _press_board(press: list[Record], results: list[Result], out_dir: Path, paths: ProjectPaths, manifest: Manifest,
                 shared: str, conventions: Conventions | None, force: bool) -> Result | None:
    """The press board and feed, unless nothing they are made of changed; a failure as one more result."""
    if not press:
        return None  # nothing to list: an earlier board is left as it is
    index, feed = press_files(out_dir)
    sources = {record.path for record in press}
    links = [(str(result.source), result.output.name) for result in results
             if result.source in sources and result.ok and result.output is not None]
    key = board_key(press, links, f"board:{conventions}", shared)
    if not force and manifest.fresh(index, key) and feed.is_file():
        return None  # a no-op build does not make the notices' contexts again to find the same bytes
    manifest.forget(index)
    try:
        write_press_index(press, results, out_dir, paths, conventions=conventions, force=force)
    except DossiergenError as error:  # every PDF is in place; the board fails like one more output
        # the old board is still whole and the manifest on disk still holds its key; a full disk would refuse
        # the manifest too (and end the build on it, not on the outputs' lines)
        return Result(paths.templates / TEMPLATE, index, None, error, status="failed")
    if index.is_file() and feed.is_file():
        manifest.record(index, key)
    manifest.save()
    return None


def _record_files(record: Record) -> list[Path]:
    return [record.path, *([record.project.path] if record.project is not None else [])]


def _finish(job: Job, rendered: Rendered, manifest: Manifest, force: bool) -> Result:
    """Write one rendered output, then its key: a kill between the two only costs a re-render."""
    langs = parse_langs(job.lang_set)
    if rendered.pdf is None:
        manifest.forget(job.target)
        manifest.save()
        return Result(job.source, job.target, langs, RenderFailed(list(rendered.errors)), status="failed",
                      seconds=rendered.seconds)
    try:
        write_output(rendered.pdf, job.target, inputs=_record_files(job.record), force=force)
    except DossiergenError as error:
        # the old file is still whole and the manifest on disk still holds its key; a full disk
        # would refuse the manifest too
        manifest.forget(job.target)
        return Result(job.source, job.target, langs, error, status="failed", seconds=rendered.seconds)
    manifest.record(job.target, job.key)
    manifest.save()
    return Result(job.source, job.target, langs, seconds=rendered.seconds, pages=rendered.pages,
                  size=len(rendered.pdf), placeholders=rendered.placeholders)
