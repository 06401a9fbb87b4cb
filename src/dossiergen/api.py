"""The library API: render one record to bytes, load a record, build a project; kinds and formats as registries.

    import dossiergen
    pdf = dossiergen.render("dossiers/kh-emoto/project.yaml", langs="ko+en")
    post = dossiergen.render(record, langs="ko", format="post")
    workbook = dossiergen.render("dossiers/kh-emoto/project.yaml", format="aef", party="KHM")
    results = dossiergen.build(project="path/to/project")

Document kinds (``dossiergen.kinds``) and output formats (``dossiergen.output_formats``) are
registries: a later kind or format is one ``register`` call; a project renders as its approval
dossier or, with ``kind="loa"``, as its Letter of Authorization, and its agreed electronic format
tables as ``format="aef"`` (a workbook) or ``"aef-json"``. Every input is checked: an unknown
language, kind or format, or a format that does not fit the record, is a ``UsageError`` saying
what there is to choose from. The modules that render are imported on first use, so importing
this one stays light.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dossiergen.config.paths import ProjectPaths, default_paths
from dossiergen.documents.kinds import kinds, resolve_kind
from dossiergen.errors import UsageError
from dossiergen.i18n.languages import LANGUAGE_SETS, parse_langs
from dossiergen.models import Lang
from dossiergen.registry import Registry

if TYPE_CHECKING:
    from dossiergen.batch.build import Result
    from dossiergen.records.record import Record
    from dossiergen.render.context import RenderContext


@dataclass(frozen=True)
class Request:
    """One document to write: the record, its languages and kind, the project whose templates it uses."""

    record: Record
    langs: tuple[Lang, ...]
    kind: str
    project: ProjectPaths
    party: str | None = None
    """The reporting Party (ISO alpha-3), for the formats that take one (the AEF)."""
    tagged: bool = True
    """A PDF tagged and declared PDF/UA-1 (``False``: the plain untagged PDF/A-3b)."""

    def context(self) -> RenderContext:
        from dossiergen.render.context import build_context

        return build_context(self.record, self.langs, kind=self.kind, paths=self.project)


@dataclass(frozen=True)
class OutputFormat:
    """An output format: the document kinds it writes, how many languages at most, and its writer."""

    name: str
    suffix: str
    kinds: frozenset[str]
    write: Callable[[Request], bytes]
    max_langs: int | None = None
    description: str = ""
    takes_party: bool = False
    """Written for one Party of the record (``party``): the agreed electronic format."""


output_formats: Registry[OutputFormat] = Registry("output format")


def _pdf(request: Request) -> bytes:
    from dossiergen.formats.pdf import render_document

    return render_document(request.record, request.langs, kind=request.kind, paths=request.project,
                           tagged=request.tagged)


def _post(request: Request) -> bytes:
    from dossiergen.formats.post import render_post

    return render_post(request.context()).encode("utf-8")


def _docx(request: Request) -> bytes:
    from dossiergen.formats.docx import render_docx

    return render_docx(request.context())


def _hwpx(request: Request) -> bytes:
    from dossiergen.formats.hwpx import render_hwpx

    return render_hwpx(request.context())


def _aef(request: Request) -> bytes:
    from dossiergen.formats.aef import render_aef

    return render_aef(request.record, request.party, "aef")


def _aef_json(request: Request) -> bytes:
    from dossiergen.formats.aef import render_aef

    return render_aef(request.record, request.party, "aef-json")


output_formats.register(OutputFormat("pdf", ".pdf", frozenset({"dossier", "loa", "press", "minutes"}), _pdf,
                                     description="PDF/A-3, typeset for Korean, Khmer and English"))
output_formats.register(OutputFormat("post", ".md", frozenset({"press"}), _post, max_langs=1,
                                     description="a press notice as a Markdown web post, one language"))
output_formats.register(OutputFormat("docx", ".docx", frozenset({"press", "minutes"}), _docx,
                                     description="a press notice or minutes to edit in Word"))
output_formats.register(OutputFormat("hwpx", ".hwpx", frozenset({"press", "minutes"}), _hwpx,
                                     description="a press notice or minutes to edit in Hangul"))
output_formats.register(OutputFormat("aef", ".xlsx", frozenset({"dossier"}), _aef, takes_party=True,
                                     description="one Party's agreed electronic format tables as a workbook"))
output_formats.register(OutputFormat("aef-json", ".json", frozenset({"dossier"}), _aef_json, takes_party=True,
                                     description="one Party's agreed electronic format tables as JSON"))


def parse_lang_set(langs: str | Sequence[str]) -> tuple[Lang, ...]:
    """``"ko+en"`` or ``("ko", "en")`` -> ``("ko", "en")``; anything else is a ``UsageError``."""
    if isinstance(langs, str):
        text = langs
    elif isinstance(langs, Sequence) and all(isinstance(lang, str) for lang in langs):
        text = "+".join(langs)
    else:
        raise UsageError(f"langs {langs!r}: give a language set such as 'ko+en' or ('ko', 'en')")
    if text not in LANGUAGE_SETS:
        raise UsageError(f"langs {langs!r}: choose one of {', '.join(LANGUAGE_SETS)}")
    return parse_langs(text)


def project_paths(project: ProjectPaths | Path | str | None) -> ProjectPaths:
    """The project a call works in: given, or the one of the working folder (``dossiergen.toml`` upwards)."""
    if project is None:
        return default_paths()
    if isinstance(project, ProjectPaths):
        return project
    if not isinstance(project, (str, Path)) or not Path(project).is_dir():
        raise UsageError(f"project {project!r}: give the folder of a dossiergen project")
    return ProjectPaths(Path(project).resolve())


def load_record(path: Path | str) -> Record:
    """Read, validate and cross-check one record file (a ``RecordError`` lists every problem, located)."""
    from dossiergen.records.loading import load_record as load

    if not isinstance(path, (str, Path)):
        raise UsageError(f"{path!r}: give the path of a record file")
    return load(path)


def render(record_or_path: Record | Path | str, langs: str | Sequence[str] = ("ko", "en"), kind: str | None = None,
           format: str = "pdf", project: ProjectPaths | Path | str | None = None, party: str | None = None,
           tagged: bool = True) -> bytes:
    """One document of a record, as the bytes of ``format`` (pdf, post, docx, hwpx, aef, aef-json: ``output_formats``).

    ``langs``: a language set, ``"ko+en"`` or ``("ko", "en")``, the first language leading.
    ``kind``: the document kind (``kinds``), by default the one its record kind makes; a project also
    renders as ``"loa"``, its Letter of Authorization.
    ``project``: the folder whose templates, catalogs and branding are used [default: the
    project of the working folder]. ``party``: the reporting Party (ISO alpha-3) of the agreed
    electronic format (``aef``, ``aef-json``): the host or the acquiring Party of a project record
    (the languages do not apply). ``tagged``: a PDF is tagged, each passage with its language, and declared
    PDF/UA-1 and PDF/A-3b; ``False`` gives the plain untagged PDF/A-3b. Errors are ``DossiergenError``s, located.
    """
    from dossiergen.records.record import Record

    output = output_formats[format]
    lang_set = parse_lang_set(langs)
    paths = project_paths(project)
    record = record_or_path if isinstance(record_or_path, Record) else load_record(record_or_path)
    where = record.path
    chosen = kinds[resolve_kind(record.kind, kind, where)]
    if chosen.name not in output.kinds:
        raise UsageError(f"{where}: format {output.name!r} is for {' and '.join(sorted(output.kinds))} documents,"
                         f" not for a {chosen.name}")
    if output.max_langs is not None and len(lang_set) > output.max_langs:
        raise UsageError(f"{where}: format {output.name!r} takes {output.max_langs} language, not {'+'.join(lang_set)}")
    if party is not None and not output.takes_party:
        raise UsageError(f"{where}: format {output.name!r} is not written for a Party: give no party")
    if not isinstance(tagged, bool):
        raise UsageError(f"tagged={tagged!r}: give True (the default) or False")
    if not tagged and output.name != "pdf":
        raise UsageError(f"{where}: tagged=False applies to a PDF, not to format {output.name!r}")
    return output.write(Request(record, lang_set, chosen.name, paths, party, tagged))


def build(project: ProjectPaths | Path | str | None = None, source: Path | str | None = None,
          output: Path | str | None = None, *, force: bool = False, jobs: int = 1, draft: bool = False,
          tagged: bool = True) -> list[Result]:
    """Render every record of a project as its ``dossiergen.toml`` says, skipping unchanged outputs.

    ``source`` and ``output`` default to the build file's; ``jobs`` > 1 renders in worker
    processes; ``tagged=False`` makes plain untagged PDFs (as ``render``). Failures are in the results, not
    raised (``Result.error``).
    """
    from dossiergen.batch.build import build as build_outputs
    from dossiergen.batch.workers import Workers
    from dossiergen.config.project_file import build_settings

    paths = project_paths(project)
    config, folder, out = build_settings(paths)
    return build_outputs([Path(source) if source is not None else folder],
                         Path(output) if output is not None else out, paths, force=force,
                         lang_sets=config.lang_sets(), conventions=config.document_conventions(), draft=draft,
                         tagged=tagged, workers=Workers(jobs))
