"""Languages: gettext catalogs for fixed wording, Babel for dates, numbers and names.

The catalogs are read from the ``.po`` files directly, so an edited translation shows in
the next render; ``compile`` writes ``.mo`` files for other gettext tools.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from dossiergen.errors import CatalogError, Problem
from dossiergen.models import LANGS, Lang

DOMAIN = "messages"
KEYWORDS = {"L": None, "translate": None}
"""Fixed wording is marked ``L("...")`` (templates, and document builders where ``L = ctx.translate``)
or ``ctx.translate("...")``: one call, every language of the document."""

def po_path(locales: Path, lang: str) -> Path:
    return locales / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass(frozen=True)
class Translations:
    """The translated strings of one language, strict: a missing one is an error."""

    lang: Lang
    path: Path
    strings: Mapping[str, str]

    def gettext(self, msgid: str) -> str:
        try:
            return self.strings[msgid]
        except KeyError:
            raise CatalogError(Problem(
                self.path, None, None,
                f"no {self.lang} translation for {msgid!r}; run `dossiergen i18n update` and translate it",
            )) from None


def read_catalog(path: Path, lang: str) -> Catalog:
    if not path.is_file():
        raise CatalogError(Problem(path, None, None, f"no {lang} catalog; run `dossiergen i18n update`"))
    try:
        with path.open("rb") as handle:
            return read_po(handle, locale=lang, abort_invalid=True)
    except Exception as error:  # Babel raises several types for a broken .po
        raise CatalogError(Problem(path, getattr(error, "lineno", None), None, f"malformed catalog: {error}")) from None


@lru_cache(maxsize=16)
def _load(path: Path, lang: Lang, mtime_ns: int) -> Translations:
    catalog = read_catalog(path, lang)
    strings = {message.id: message.string for message in catalog
               if message.id and message.string and not message.fuzzy and isinstance(message.id, str)}
    return Translations(lang, path, strings)


def load_translations(locales: Path, lang: Lang) -> Translations:
    path = po_path(locales, lang)
    mtime = path.stat().st_mtime_ns if path.exists() else 0
    return _load(path, lang, mtime)


WORDING_SOURCES: tuple[Path, ...] = (Path(__file__).resolve().parents[1] / "documents",)
"""The package's own Python that writes fixed wording (the document builders call ``L("...")``)."""


def extract(sources: Sequence[Path], pot: Path, base: Path | None = None) -> int:
    """Collect ``L("...")`` strings from templates (``*.html``) and Python (``*.py``) below ``sources``
    into ``messages.pot``; return how many. Locations are written relative to ``base`` where they lie below it."""
    catalog = Catalog(project="dossiergen", domain=DOMAIN, charset="utf-8")
    method_map = [("**.html", "jinja2"), ("**.py", "python")]
    options_map = {"**.html": {"extensions": "jinja2.ext.do"}}
    for source in sources:
        for filename, lineno, message, comments, context in extract_from_dir(
                source, method_map, options_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)):
            where = source / filename
            shown = where.relative_to(base) if base is not None and where.is_relative_to(base) else where
            catalog.add(message, None, [(shown.as_posix(), lineno)], auto_comments=comments, context=context)
    pot.parent.mkdir(parents=True, exist_ok=True)
    with pot.open("wb") as handle:
        write_po(handle, catalog, omit_header=False, sort_output=True, include_lineno=True, width=100)
    return len(catalog)


def update(pot: Path, locales: Path, langs: Iterable[str] = LANGS) -> list[Path]:
    """Merge ``messages.pot`` into each language's catalog, keeping translations."""
    template = read_catalog(pot, "template")
    written = []
    for lang in langs:
        path = po_path(locales, lang)
        catalog = read_catalog(path, lang) if path.exists() else Catalog(locale=lang, domain=DOMAIN)
        catalog.update(template, no_fuzzy_matching=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, sort_output=True, include_lineno=True, width=100,
                     include_previous=False, ignore_obsolete=True)
        written.append(path)
    return written


def compile_catalogs(locales: Path, langs: Iterable[str] = LANGS) -> list[Path]:
    """Write a ``.mo`` beside each ``.po``."""
    written = []
    for lang in langs:
        path = po_path(locales, lang)
        catalog = read_catalog(path, lang)
        with path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        written.append(path.with_suffix(".mo"))
    return written


def check(pot: Path, locales: Path, langs: Iterable[str] = LANGS) -> list[Problem]:
    """Every message of the template, translated and not fuzzy, in every catalog."""
    template = read_catalog(pot, "template")
    problems = []
    for lang in langs:
        path = po_path(locales, lang)
        catalog = read_catalog(path, lang)
        for message in template:
            if not message.id:
                continue
            found = catalog.get(message.id, context=message.context)
            if found is None or not found.string:
                problems.append(Problem(path, None, None, f"{lang}: missing translation for {message.id!r}"))
            elif found.fuzzy:
                problems.append(Problem(path, found.lineno, None, f"{lang}: fuzzy translation for {message.id!r}"))
        for error_message, errors in catalog.check():
            for error in errors:
                problems.append(Problem(path, error_message.lineno, None, f"{lang}: {error} in {error_message.id!r}"))
    return problems
