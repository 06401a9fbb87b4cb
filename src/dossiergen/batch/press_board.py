"""Press notices -> a news-board page and an Atom feed beside the PDFs a build wrote.

``build`` calls ``write_press_index`` after the PDFs. ``press/index.html`` lists every press
notice of the build, newest first: a number, the headline in Korean with English beneath,
the department, the release time, links to the notice's PDFs. ``press/atom.xml`` carries the
same notices as an Atom 1.0 feed (RFC 4287). Both are made of the same ``RenderContext`` as
the PDFs, so headlines, dates and times read exactly as they do there.

Reproducible: nothing depends on the clock or on where the output folder is (links are
relative, the feed's ``updated`` is its newest entry's), and a file whose bytes would not
change is not rewritten, so a build that changes nothing leaves both files' mtimes alone.

Record texts are untrusted: the page is rendered with autoescape on; the feed is built with
lxml, which escapes text and attributes, after dropping characters XML 1.0 cannot carry.

A notice whose PDFs all failed is still listed, without links; a record that does not load
cannot be known to be a press notice and is left out (the build reports it either way).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from babel import Locale
from lxml import etree

from dossiergen.archive.embed import SEOUL
from dossiergen.batch.outputs import write_output
from dossiergen.config.paths import ProjectPaths
from dossiergen.documents import press
from dossiergen.errors import ContextError
from dossiergen.files import PART_SUFFIX, check_output_target
from dossiergen.i18n.catalogs import load_translations
from dossiergen.i18n.formatting import Conventions
from dossiergen.i18n.localized import Localized
from dossiergen.models import Lang, PressRecord
from dossiergen.records.record import Record
from dossiergen.render.context import RenderContext, build_context
from dossiergen.render.templating import render_template
from dossiergen.version import __version__

if TYPE_CHECKING:  # build imports this module
    from dossiergen.batch.build import Result

FOLDER = "press"
INDEX = "index.html"
FEED = "atom.xml"
TEMPLATE = "press/index.html"

PAGE_LANGS: tuple[Lang, ...] = ("ko", "en")
"""The page's fixed wording: Korean, with English beneath."""
NOTICE_LANGS: tuple[tuple[Lang, ...], ...] = (("ko", "en"), ("ko",), ("en",), ("km",))
"""What each notice is shown in: the first set its record has every text for."""

TAG = "tag:dossiergen,2025:"
"""RFC 4151 tag URIs: an entry's id is its record id, stable however often the notice is rebuilt."""
ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class PdfLink:
    """One PDF of a notice, as a link relative to the index and the feed."""

    href: str
    langs: tuple[Lang, ...]
    names: tuple[tuple[Lang, str], ...]
    """Each language in its own name (한국어, ខ្មែរ, English): readable by those who need that PDF."""


@dataclass(frozen=True)
class Notice:
    """One row of the board and one entry of the feed."""

    id: str
    number: int
    """Counted from the oldest notice up, as Korean boards do, so a notice keeps its number."""
    release: datetime
    """Aware: a naive release time is Seoul time."""
    langs: tuple[Lang, ...]
    headline: Localized
    department: Localized
    ministry: Localized
    when: Localized
    """The release time as the PDF writes it, or the embargo line."""
    excerpt: Localized
    categories: tuple[str, ...]
    pdfs: tuple[PdfLink, ...]


def press_files(out_dir: Path) -> tuple[Path, Path]:
    """Where ``write_press_index`` writes the page and the feed."""
    return out_dir / FOLDER / INDEX, out_dir / FOLDER / FEED


def write_press_index(records: Sequence[Record], results: Sequence[Result], out_dir: Path, paths: ProjectPaths, *,
                      conventions: Conventions | None = None, force: bool = False) -> list[Path]:
    """Write ``press/index.html`` and ``press/atom.xml`` for the press ``records``; return the files rewritten.

    A page or feed at their paths that dossiergen did not write is replaced only with ``force``.

    ``results`` are the build's: each notice links the PDFs written or unchanged for it.
    Without press records nothing is written (and an earlier index is left as it is).
    """
    notices = collect_notices(records, results, out_dir / FOLDER, paths, conventions)
    if not notices:
        return []
    index, feed = press_files(out_dir)
    _remove_leftovers(index.parent)
    page = _translator(paths, PAGE_LANGS)
    files = ((index, render_index(notices, page, paths)), (feed, render_feed(notices, page("List of press releases"))))
    return [target for target, data in files if _write_if_changed(data, target, force)]


def collect_notices(records: Sequence[Record], results: Sequence[Result], folder: Path, paths: ProjectPaths,
                    conventions: Conventions | None = None) -> list[Notice]:
    """The notices, newest first, with links from ``folder`` to their PDFs."""
    prepared: list[tuple[datetime, RenderContext, tuple[PdfLink, ...]]] = []
    seen: set[str] = set()
    for record in records:
        # two records with one id: the build wrote the first one's PDFs and failed the second
        if not isinstance(record.data, PressRecord) or record.id in seen:
            continue
        seen.add(record.id)
        ctx = _context(record, paths, conventions)
        if ctx is None:
            continue
        release = record.data.release
        release = release if release.tzinfo is not None else release.replace(tzinfo=SEOUL)
        prepared.append((release, ctx, _links(record, results, folder)))
    prepared.sort(key=lambda item: (-item[0].timestamp(), item[1].record.id))
    return [_notice(ctx, release, len(prepared) - index, links)
            for index, (release, ctx, links) in enumerate(prepared)]


def render_index(notices: Sequence[Notice], translate: Callable[..., Localized], paths: ProjectPaths) -> bytes:
    """The board page, from ``templates/press/index.html``."""
    html = render_template(paths, TEMPLATE, notices=notices, L=translate, feed=FEED, version=__version__)
    return html.encode("utf-8")


def render_feed(notices: Sequence[Notice], title: Localized) -> bytes:
    """The Atom feed: one entry per notice, newest first, dated by the newest notice."""
    feed = etree.Element(_atom("feed"), {XML_LANG: PAGE_LANGS[0]}, nsmap={None: ATOM})
    _add(feed, "id", TAG + FOLDER)
    _add(feed, "title", title[PAGE_LANGS[0]], type="text")
    _add(feed, "updated", max(notice.release for notice in notices).isoformat())
    _add(feed, "link", rel="self", type="application/atom+xml", href=FEED)
    _add(feed, "link", rel="alternate", type="text/html", href=INDEX)
    _add(feed, "generator", "dossiergen", version=__version__)
    for notice in notices:
        lang = notice.langs[0]
        entry = _add(feed, "entry")
        _add(entry, "id", TAG + notice.id)
        _add(entry, "title", notice.headline[lang], type="text", **{XML_LANG: lang})
        _add(entry, "updated", notice.release.isoformat())
        _add(entry, "published", notice.release.isoformat())
        author = _add(entry, "author", **{XML_LANG: lang})
        # 산업통상자원부 투자정책관실, but "Office ..., Ministry of ..." in English and Khmer
        name = (f"{notice.ministry[lang]} {notice.department[lang]}" if lang == "ko"
                else f"{notice.department[lang]}, {notice.ministry[lang]}")
        _add(author, "name", name)
        # the board's row: every entry has an alternate link even when none of its PDFs was made
        _add(entry, "link", rel="alternate", type="text/html", href=f"{INDEX}#{notice.id}")
        linked: set[Lang] = set()
        for pdf in notice.pdfs:
            # RFC 4287 allows one alternate link per type and language; a bilingual PDF
            # whose first language already has one is related instead
            rel = "related" if pdf.langs[0] in linked else "alternate"
            linked.add(pdf.langs[0])
            _add(entry, "link", rel=rel, type="application/pdf", hreflang=pdf.langs[0], href=pdf.href,
                 title=" · ".join(name for _, name in pdf.names))
        for term in notice.categories:
            _add(entry, "category", term=term)
        _add(entry, "summary", notice.excerpt[lang], type="text", **{XML_LANG: lang})
    return etree.tostring(feed, encoding="utf-8", xml_declaration=True, pretty_print=True)


def _atom(tag: str) -> str:
    return f"{{{ATOM}}}{tag}"


def _add(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, _atom(tag), {name: _xml_text(value) for name, value in attributes.items()})
    if text is not None:
        element.text = _xml_text(text)
    return element


def _xml_text(text: str) -> str:
    # a control character (a YAML escape can make one) has no place in XML 1.0: lxml refuses it
    return _NOT_XML.sub("", text)


def _context(record: Record, paths: ProjectPaths, conventions: Conventions | None) -> RenderContext | None:
    """The notice in the first language set its record has every text for; None when it has none."""
    for langs in NOTICE_LANGS:
        try:
            return build_context(record, langs, paths=paths, conventions=conventions)
        except ContextError:
            continue
    return None


def _links(record: Record, results: Sequence[Result], folder: Path) -> tuple[PdfLink, ...]:
    links = []
    for result in results:
        if result.source != record.path or not result.ok or result.output is None or not result.langs:
            continue
        href = quote(Path(os.path.relpath(result.output, folder)).as_posix())
        links.append(PdfLink(href, result.langs, tuple((lang, _autonym(lang)) for lang in result.langs)))
    return tuple(links)


def _notice(ctx: RenderContext, release: datetime, number: int, pdfs: tuple[PdfLink, ...]) -> Notice:
    data = ctx.record.data
    assert isinstance(data, PressRecord)
    facts = press.release(ctx)
    when = ctx.translate("Embargoed: not to be published before %(time)s", time=facts.when) if facts.embargo \
        else facts.when
    return Notice(id=ctx.record.id, number=number, release=release, langs=ctx.langs, headline=ctx.text(data.headline),
                  department=ctx.text(data.department), ministry=ctx.text(data.ministry), when=when,
                  excerpt=facts.excerpt, categories=tuple(data.web.categories), pdfs=pdfs)


def _autonym(lang: Lang) -> str:
    name: str = Locale.parse(lang).languages[lang]
    return name


def _translator(paths: ProjectPaths, langs: tuple[Lang, ...]) -> Callable[..., Localized]:
    """``L`` for the page's own wording, strict like a document's: a missing translation is a ``CatalogError``."""
    translations = {lang: load_translations(paths.locales, lang) for lang in langs}

    def translate(msgid: str, **values: Any) -> Localized:
        out: dict[str, str] = {}
        for lang in langs:
            text = translations[lang].gettext(msgid)
            if values:
                text = text % {key: (value[lang] if isinstance(value, Localized) else value)
                               for key, value in values.items()}
            out[lang] = text
        return Localized(out)

    return translate


def _write_if_changed(data: bytes, target: Path, force: bool) -> bool:
    check_output_target(target, force=force)  # before reading it: a FIFO there would never answer
    try:
        if target.read_bytes() == data:
            return False
    except OSError:
        pass  # missing or unreadable: write_output says what is wrong if it cannot replace it
    write_output(data, target, force=force)
    return True


def _remove_leftovers(folder: Path) -> None:
    """Temporary files of a build killed while writing the page or the feed (``write_output`` names them)."""
    for name in (INDEX, FEED):
        for leftover in folder.glob(f".{name}.*{PART_SUFFIX}"):
            leftover.unlink(missing_ok=True)


@dataclass(frozen=True)
class Snapshot:
    """The page and the feed before a build, to tell afterwards which ones it replaced."""

    out_dir: Path
    states: tuple[tuple[int, int, int] | None, ...]

    @classmethod
    def take(cls, out_dir: Path) -> Snapshot:
        return cls(out_dir, tuple(_state(path) for path in press_files(out_dir)))

    def replaced(self) -> list[Path]:
        """The files written since: ``write_output`` renames a new file into place, so its inode differs."""
        return [path for path, state in zip(press_files(self.out_dir), self.states, strict=True)
                if _state(path) not in (state, None)]


def _state(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def notice_count(out_dir: Path) -> int:
    """How many notices the feed in ``out_dir`` lists (0 when there is none to read)."""
    try:
        return len(etree.parse(press_files(out_dir)[1]).getroot().findall(_atom("entry")))
    except (OSError, etree.XMLSyntaxError):
        return 0
