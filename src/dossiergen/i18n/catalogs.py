"""Languages: gettext catalogs for fixed wording, Babel for dates, numbers and names.

The catalogs are read from the ``.po`` files directly, so an edited translation shows in
the next render; ``compile`` writes ``.mo`` files for other gettext tools. A project's
catalogs are layered over the built-in ones: an entry it translates replaces the built-in
entry, the others come from the built-in catalog.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from dossiergen.config.resources import builtin
from dossiergen.disk_cache import derived
from dossiergen.errors import CatalogError, Problem
from dossiergen.models import LANGS, Lang
from dossiergen.reading import read_limited
from dossiergen.records.text_limits import text_problem

MAX_CATALOG_BYTES = 8_000_000
"""A catalog (``.po``) of fixed wording; the built-in ones are a few hundred kilobytes."""

DOMAIN = "messages"
KEYWORDS = {"L": None, "translate": None, "N_": None}
"""Fixed wording is marked ``L("...")`` (templates, and document builders where ``L = ctx.translate``)
or ``ctx.translate("...")``: one call, every language of the document; ``N_("...")`` marks a label a
methodology plug-in gives as data, which the document builder translates."""


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
    if not path.exists():  # a FIFO or folder in its place is refused as it is read
        raise CatalogError(Problem(path, None, None, f"no {lang} catalog; run `dossiergen i18n update`"))
    raw = read_limited(path, MAX_CATALOG_BYTES, "a catalog", CatalogError)
    try:
        return read_po(io.BytesIO(raw), locale=lang, abort_invalid=True)
    except Exception as error:  # Babel raises several types for a broken .po
        raise CatalogError(Problem(path, getattr(error, "lineno", None), None, f"malformed catalog: {error}")) from None


def refused_translations(catalog: Catalog, path: Path, lang: str) -> list[Problem]:
    """Translations a record's text could not hold either: a control character, a bidi override, no break."""
    return [Problem(path, message.lineno, None, f"{lang}: {refused} (the translation of {message.id!r})")
            for message in catalog if message.id and isinstance(message.string, str) and message.string
            if (refused := text_problem(message.string)) is not None]


@lru_cache(maxsize=16)
def _load(path: Path, lang: Lang, mtime_ns: int) -> Translations:
    # the strings of a catalog read once are kept on disk (disk_cache.py): Babel parses a .po in a few hundred
    # milliseconds on every start; a catalog with a problem is never kept, so its error is raised each time
    strings = derived(path, f"catalog-{lang}", lambda _path: _strings(path, lang), dict, _string_map)
    return Translations(lang, path, strings)


def _strings(path: Path, lang: Lang) -> dict[str, str]:
    catalog = read_catalog(path, lang)
    strings = {message.id: message.string for message in catalog
               if message.id and message.string and not message.fuzzy and isinstance(message.id, str)
               and isinstance(message.string, str)}
    problems = refused_translations(catalog, path, lang)
    if problems:
        raise CatalogError(problems)
    return strings


def _string_map(stored: Any) -> dict[str, str]:
    if not isinstance(stored, dict) or not all(isinstance(key, str) and isinstance(value, str)
                                               for key, value in stored.items()):
        raise TypeError("not a catalog's strings")  # a damaged entry: read the catalog again
    return stored


def _load_one(locales: Path, lang: Lang) -> Translations:
    path = po_path(locales, lang)
    mtime = path.stat().st_mtime_ns if path.exists() else 0
    return _load(path, lang, mtime)


def load_translations(locales: Path, lang: Lang) -> Translations:
    """The ``lang`` catalog of the project folder ``locales`` over the built-in one (the project's entries win).

    Without a catalog of its own the project gets the built-in one; the messages of a missing
    translation name the project's catalog where it has one, since that is where to add it.
    """
    base = builtin().locales
    if locales.resolve() == base.resolve():
        return _load_one(locales, lang)
    if not po_path(locales, lang).is_file():
        return _load_one(base, lang)
    own = _load_one(locales, lang)
    return Translations(lang, own.path, {**_load_one(base, lang).strings, **own.strings})


Source = tuple[Path, str]
"""A folder to extract from and the name its files are given in the catalog (``templates``)."""

_PACKAGE = Path(__file__).resolve().parents[1]
WORDING_SOURCES: tuple[Source, ...] = (
    (_PACKAGE / "documents", "src/dossiergen/documents"),
    (_PACKAGE / "article6" / "methodologies", "src/dossiergen/article6/methodologies"),
)
"""The package's own Python that writes fixed wording (the document builders call ``L("...")``, the
methodology plug-ins mark their labels ``N_("...")``): the built-in catalogs are extracted from it and
from the built-in templates."""


def extract(sources: Sequence[Source], pot: Path) -> int:
    """Collect ``L("...")`` strings from the ``.html`` and ``.py`` files of ``sources`` into ``messages.pot``;
    return how many.

    Each source is a folder and the prefix its files' locations get (``templates/press/document.html``).
    """
    catalog = Catalog(project="dossiergen", domain=DOMAIN, charset="utf-8")
    method_map = [("**.html", "jinja2"), ("**.py", "python")]
    options_map = {"**.html": {"extensions": "jinja2.ext.do"}}
    for folder, prefix in sources:
        if not folder.is_dir():
            continue
        for filename, lineno, message, comments, context in extract_from_dir(
                folder, method_map, options_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)):
            catalog.add(message, None, [(f"{prefix}/{filename}", lineno)], auto_comments=comments, context=context)
    pot.parent.mkdir(parents=True, exist_ok=True)
    with pot.open("wb") as handle:
        write_po(handle, catalog, omit_header=False, sort_output=True, include_lineno=True, width=100)
    return len(catalog)


def _template_for(template: Catalog, catalog: Catalog, overridable: Catalog | None) -> Catalog:
    """``template`` plus the messages of ``overridable`` that ``catalog`` already has (a project's overrides)."""
    if overridable is None:
        return template
    merged = Catalog(domain=DOMAIN, charset="utf-8")
    for message in template:
        if message.id:
            merged[message.id] = message
    for message in overridable:
        if message.id and message.id not in merged and catalog.get(message.id, context=message.context) is not None:
            merged[message.id] = message
    return merged


def update(pot: Path, locales: Path, langs: Iterable[str] = LANGS, *, overridable: Path | None = None) -> list[Path]:
    """Merge ``messages.pot`` into each language's catalog, keeping translations.

    ``overridable`` (the built-in ``messages.pot``, for a project's catalogs): the entries a
    catalog already has for those messages are its overrides and stay, though the project's own
    ``messages.pot`` does not list them.
    """
    template = read_catalog(pot, "template")
    extra = read_catalog(overridable, "template") if overridable is not None else None
    written = []
    for lang in langs:
        path = po_path(locales, lang)
        catalog = read_catalog(path, lang) if path.exists() else Catalog(locale=lang, domain=DOMAIN)
        catalog.update(_template_for(template, catalog, extra), no_fuzzy_matching=True)
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


def check(pot: Path, locales: Path, langs: Iterable[str] = LANGS, *, over: Path | None = None) -> list[Problem]:
    """Every message of the template, translated and not fuzzy, in every catalog.

    ``over`` (the built-in locales folder, for a project's catalogs): the catalogs are checked
    as they are used, layered over the built-in ones: the built-in messages count too, and a
    message the project does not translate may be translated by the built-in catalog.
    """
    template = list(read_catalog(pot, "template"))
    if over is not None:
        template += list(read_catalog(over / "messages.pot", "template"))
    problems = []
    for lang in langs:
        path = po_path(locales, lang)
        catalog = read_catalog(path, lang)
        below = read_catalog(po_path(over, lang), lang) if over is not None else Catalog()
        for message in {(m.id, m.context): m for m in template if m.id}.values():
            found = catalog.get(message.id, context=message.context)
            if found is None or not found.string:
                fallback = below.get(message.id, context=message.context)
                if fallback is None or not fallback.string or fallback.fuzzy:
                    problems.append(Problem(path, None, None, f"{lang}: missing translation for {message.id!r}"))
            elif found.fuzzy:
                problems.append(Problem(path, found.lineno, None, f"{lang}: fuzzy translation for {message.id!r}"))
        problems += refused_translations(catalog, path, lang)
        for error_message, errors in catalog.check():
            for error in errors:
                problems.append(Problem(path, error_message.lineno, None, f"{lang}: {error} in {error_message.id!r}"))
    return problems
