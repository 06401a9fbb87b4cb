"""One exception root, one subclass per pipeline stage.

Every message says where: ``file:line: field: reason`` for a record, ``file: reason`` for a
template, catalog or font. Only the command line turns these into output and exit codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


def display_path(path: Path | str) -> str:
    """``path`` relative to the working directory when it lies below it, as users typed it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, and where it is."""

    path: Path
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = display_path(self.path)
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class DossiergenError(Exception):
    """Root of every error dossiergen raises on purpose."""

    exit_code = 1

    def __init__(self, problems: Sequence[Problem | str] | Problem | str) -> None:
        if isinstance(problems, (Problem, str)):
            problems = [problems]
        self.problems: list[Problem | str] = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


class InputError(DossiergenError):
    """Something the user gave is wrong: a record, an option. Exit code 2."""

    exit_code = 2


class RecordError(InputError):
    """A record file cannot be read, parsed, validated or cross-checked (load stage)."""


class ContextError(InputError):
    """A record does not carry what the requested document needs (context stage)."""


class UsageError(InputError):
    """An option or argument is not one dossiergen accepts."""


class CatalogError(DossiergenError):
    """A gettext catalog is missing, malformed or lacks a translation (i18n stage)."""


class TemplateError(DossiergenError):
    """A template fails to compile or render (templating stage)."""


class TypesetError(DossiergenError):
    """Script preparation failed (typeset stage)."""


class FontError(DossiergenError):
    """A font the project chose is not installed (pdf stage)."""


class PdfError(DossiergenError):
    """WeasyPrint refused or warned while making the PDF (pdf stage)."""


class RefusedResource(InputError):
    """A document reached for a file outside the folders it may read (an SVG's external image, say)."""


class AnnexError(InputError):
    """An annex cannot be appended: too many pages or pixels, a PDF that does not open (annex stage)."""


class LayoutError(DossiergenError):
    """A rendered PDF has text out of its box, over other text, or without its glyphs (check)."""


class RenderFailed(InputError):
    """A document failed in a worker process; its located lines came back as text."""


class TimedOut(InputError):
    """A document took longer than its time limit to render (``--timeout``) and was stopped."""


class SignatureError(InputError):
    """A PDF cannot be signed as asked: no such signature line, a key that does not load (sign stage)."""


class ExtractError(InputError):
    """A PDF does not carry the records dossiergen embeds, or carries them damaged (extract and verify)."""


class TranslationError(InputError):
    """A PO file does not fit its record: a field it names is gone, the text it was translated
    from has changed, or the record cannot be rewritten as it is laid out (i18n import)."""


class OutputError(DossiergenError):
    """The PDF could not be written (write stage)."""


class OutputRefused(InputError):
    """An output path the user gave is not one dossiergen writes to: the input, a folder, a device, a
    symbolic link, a system folder, a path through a file, a read-only folder, or a file it did not write."""
