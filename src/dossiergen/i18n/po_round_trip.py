"""The translators' loop: how complete each language is, and record texts out to PO and back.

- ``translation_status``: per language, the gettext catalogs (translated, fuzzy, untranslated,
  missing against ``messages.pot``) and the ``LocalizedText`` fields of the records in a folder
  (how many carry the language, how many lack it).
- ``export_po``: one PO entry per text of a record, keyed by its field path (``msgctxt``), the
  English (else Korean) text as ``msgid`` and the text in the target language as ``msgstr``.
- ``import_po``: the translations written back into the record file with ruamel.yaml's
  round-trip mode, so that comments, key order, quoting and layout stay as they were and only
  the target language's lines change. Nothing is written unless every entry fits the record
  and the result loads and validates.
"""

from __future__ import annotations

import copy
import difflib
import io
import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError as RuamelYAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from dossiergen.article6.figures import record_figures
from dossiergen.errors import DossiergenError, Problem, TranslationError, display_path
from dossiergen.files import cannot_write, write_temporary
from dossiergen.i18n.catalogs import po_path, read_catalog
from dossiergen.models import LANGS, Lang, LocalizedText, ProseText
from dossiergen.reading import read_limited
from dossiergen.records.loading import load_record
from dossiergen.records.lookup import find_records
from dossiergen.records.record import Loc, Record, dotted
from dossiergen.records.text_limits import text_problem
from dossiergen.records.texts import localized_texts
from dossiergen.records.yaml_safety import read_record_bytes

LANGUAGE_NAMES: Mapping[Lang, str] = {"ko": "Korean", "km": "Khmer", "en": "English"}

SOURCE_ORDER: tuple[Lang, ...] = ("en", "ko", "km")
"""Which text a translator works from: English, else Korean (Khmer only when translating into them)."""

MAX_PO_BYTES = 8_000_000
"""A PO file to import: every text of a record (at most 1 MB) with its source text and a comment, several times over."""


# --- status -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogStatus:
    """One language's catalog against the template ``messages.pot``."""

    lang: Lang
    path: Path
    translated: int
    fuzzy: int
    untranslated: int
    """In the catalog with an empty ``msgstr``."""
    missing: int
    """In ``messages.pot`` but not in the catalog (``dossiergen i18n update`` adds them)."""

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated + self.missing


@dataclass(frozen=True)
class RecordTexts:
    """How many of one record's texts carry each language."""

    path: Path
    record_id: str
    texts: int
    present: Mapping[Lang, int]

    def lacking(self, lang: Lang) -> int:
        return self.texts - self.present[lang]


@dataclass(frozen=True)
class TranslationStatus:
    catalogs: tuple[CatalogStatus, ...]
    records: tuple[RecordTexts, ...]
    problems: tuple[Problem | str, ...] = ()
    """Problems of the record files that did not load (their texts are not counted)."""

    def texts(self) -> int:
        return sum(record.texts for record in self.records)

    def texts_with(self, lang: Lang) -> int:
        return sum(record.present[lang] for record in self.records)

    def texts_without(self, lang: Lang) -> int:
        return self.texts() - self.texts_with(lang)


def _translated(string: str | Sequence[str] | None) -> bool:
    if isinstance(string, (list, tuple)):  # a plural message: every form is needed
        return bool(string) and all(string)
    return bool(string)


def catalog_status(locales: Path, langs: Sequence[Lang] = LANGS) -> list[CatalogStatus]:
    """Translated, fuzzy, untranslated and missing messages of each language's catalog."""
    pot = locales / "messages.pot"
    template_ids = ({(m.id if isinstance(m.id, str) else m.id[0], m.context)
                     for m in read_catalog(pot, "template") if m.id} if pot.exists() else set())
    statuses = []
    for lang in langs:
        path = po_path(locales, lang)
        catalog = read_catalog(path, lang)
        translated = fuzzy = untranslated = 0
        present: set[tuple[str, str | None]] = set()
        for message in catalog:
            if not message.id:
                continue  # the header
            present.add((message.id if isinstance(message.id, str) else message.id[0], message.context))
            if message.fuzzy:
                fuzzy += 1
            elif _translated(message.string):
                translated += 1
            else:
                untranslated += 1
        statuses.append(CatalogStatus(lang, path, translated, fuzzy, untranslated, len(template_ids - present)))
    return statuses


def record_texts(record: Record) -> RecordTexts:
    texts = [text for _, text in localized_texts(record.data, ())]
    present = {lang: sum(1 for text in texts if text.get(lang) is not None) for lang in LANGS}
    return RecordTexts(record.path, record.id, len(texts), present)


def translation_status(locales: Path, folder: Path) -> TranslationStatus:
    """The catalogs of ``locales`` and the texts of every record below ``folder``.

    A record that does not load is left out of the counts and its problems returned, so that
    one broken file does not hide the state of the others.
    """
    records: list[RecordTexts] = []
    problems: list[Problem | str] = []
    for path in find_records([folder]):
        try:
            records.append(record_texts(load_record(path)))
        except DossiergenError as error:
            problems.extend(error.problems)
    return TranslationStatus(tuple(catalog_status(locales)), tuple(records), tuple(problems))


# --- export -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextField:
    """One ``LocalizedText`` of a record and where it is."""

    loc: Loc
    context: str
    """The field path as the loader writes it (``authorization.letter.signatory.title``)."""
    line: int | None
    text: LocalizedText


def text_fields(record: Record) -> list[TextField]:
    # the loader's own walk, so that contexts are the field paths its problems name
    return [TextField(loc, dotted(loc), record.line_of(loc), text) for loc, text in localized_texts(record.data, ())]


def source_lang(text: LocalizedText, target: Lang) -> Lang | None:
    """The language a translation into ``target`` starts from: English, else Korean, else Khmer."""
    return next((lang for lang in SOURCE_ORDER if lang != target and text.get(lang) is not None), None)


@dataclass(frozen=True)
class Export:
    po: bytes
    entries: int
    left_out: tuple[str, ...]
    """Field paths of texts that exist only in the target language: nothing to translate from."""


def export_catalog(record: Record, target: Lang) -> tuple[Catalog, list[str]]:
    """A catalog with one message per text of ``record`` that has a language to translate from."""
    catalog = Catalog(
        locale=target, project=record.id, version=record.kind, fuzzy=False,
        header_comment=(f"# {LANGUAGE_NAMES[target]} texts of record {record.id} ({display_path(record.path)}).\n"
                        "# Translate each msgstr; msgctxt is the field. Import with\n"
                        f"# dossiergen i18n import THIS.po {display_path(record.path)}"),
    )
    left_out = []
    where = display_path(record.path)
    for item in text_fields(record):
        source = source_lang(item.text, target)
        if source is None:
            left_out.append(item.context)
            continue
        comments = []
        if source == "en" and target != "ko" and item.text.ko is not None:
            comments.append(f"ko: {item.text.ko}")
        if isinstance(item.text, ProseText):
            comments.append("Markdown: **strong**, *emphasis*, [link](https://...)")
        try:
            braces = bool(item.text.placeholders())
        except ValueError:  # a malformed placeholder: the loader reports it; flag nothing here
            braces = False
        msgid = item.text.get(source)
        assert msgid is not None  # source_lang picks a language the text has
        catalog.add(msgid, item.text.get(target) or "", context=item.context,
                    locations=[(where, item.line)] if item.line is not None else [],
                    auto_comments=comments, flags=["python-brace-format"] if braces else [])
    return catalog, left_out


def export_po(record: Record, target: Lang) -> Export:
    catalog, left_out = export_catalog(record, target)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=False, include_lineno=True)
    return Export(buffer.getvalue(), len(catalog), tuple(left_out))


# --- import -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Imported:
    """What an import changed, and what it left alone."""

    target: Path
    lang: Lang
    changed: tuple[str, ...]
    """Field paths whose text in ``lang`` was added or replaced."""
    unchanged: int
    untranslated: tuple[str, ...] = ()
    """Entries with an empty ``msgstr``: the record keeps what it had."""
    fuzzy: tuple[Problem, ...] = ()
    """Fuzzy entries, located in the PO file; not imported."""


def _read_po(path: Path) -> Catalog:
    raw = read_limited(path, MAX_PO_BYTES, "a PO file", TranslationError)
    try:
        return read_po(io.BytesIO(raw), abort_invalid=True)
    except PoFileError as error:
        raise TranslationError(Problem(path, getattr(error, "lineno", None), None,
                                       f"malformed PO file: {error}")) from None
    except (ValueError, UnicodeDecodeError) as error:  # Babel raises these for a bad header or encoding
        raise TranslationError(Problem(path, None, None, f"malformed PO file: {error}")) from None


def _entry_problem(po: Path, line: int | None, context: str | None, message: str) -> Problem:
    return Problem(po, line, f"msgctxt {context}" if context is not None else "msgid", message)


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def read_translations(po: Path, record: Record) -> tuple[Lang, dict[Loc, str], Imported]:
    """The translations of ``po`` that fit ``record``, by field location.

    Every entry that does not fit is a located problem, all at once: a context that names no
    text of the record, a msgid that is no longer the record's source text (it changed since
    the export), a translation that quotes an unknown figure.
    """
    catalog = _read_po(po)
    lang = str(catalog.locale) if catalog.locale is not None else ""
    if lang not in LANGS:
        raise TranslationError(Problem(po, None, "Language", f"{lang or 'no language'} in the header: a PO file for"
                                       f" ko, km or en (dossiergen i18n export --lang)"))
    target: Lang = lang
    if catalog.project not in (record.id, "PROJECT"):  # "PROJECT": Babel's default, no header
        raise TranslationError(Problem(po, None, "Project-Id-Version",
                                       f"exported from record {catalog.project!r}, not {record.id!r}"
                                       f" ({display_path(record.path)})"))
    fields = {item.context: item for item in text_fields(record)}
    figures = record_figures(record.data, record.project_data).keys()
    problems: list[Problem] = []
    edits: dict[Loc, str] = {}
    seen: dict[str, int | None] = {}
    changed, untranslated, fuzzy = [], [], []
    unchanged = 0
    for message in catalog:
        if not message.id:
            continue  # the header
        context, line = message.context, message.lineno
        if context is None:
            problems.append(_entry_problem(po, line, None, f"{_short(str(message.id))} has no msgctxt naming its field"
                                                           " (not written by dossiergen i18n export?)"))
            continue
        if context in seen:
            problems.append(_entry_problem(po, line, context, f"given twice (first on line {seen[context]})"))
            continue
        seen[context] = line
        item = fields.get(context)
        if item is None:
            close = difflib.get_close_matches(context, list(fields), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            problems.append(_entry_problem(po, line, context,
                                           f"no text field {context} in {display_path(record.path)}{hint}"))
            continue
        if not isinstance(message.id, str):
            problems.append(_entry_problem(po, line, context, "a plural entry; record texts have one form"))
            continue
        source = source_lang(item.text, target)
        current_source = item.text.get(source) if source is not None else None
        if message.id != current_source:
            now = (f"the {source} text is now {_short(current_source)}" if current_source
                   else "it has no text to translate from")
            problems.append(_entry_problem(po, line, context, f"msgid {_short(message.id)} is no longer the record's"
                                                              f" source text ({now}); export again"))
            continue
        if message.fuzzy:
            fuzzy.append(_entry_problem(po, line, context, "fuzzy, not imported"))
            continue
        string = message.string if isinstance(message.string, str) else ""
        if not string:
            untranslated.append(context)
            continue
        if not string.strip():
            problems.append(_entry_problem(po, line, context, "the translation is only blanks"))
            continue
        refused = text_problem(string)
        if refused is not None:
            problems.append(_entry_problem(po, line, context, refused))
            continue
        try:
            names = LocalizedText.model_validate({target: string}).placeholders()
        except ValueError as error:
            problems.append(_entry_problem(po, line, context, str(error)))
            continue
        unknown = sorted(names - figures)
        if unknown:
            problems.append(_entry_problem(po, line, context, f"unknown figure {{{unknown[0]}}} in the translation;"
                                                              f" known: {', '.join(sorted(figures))}"))
            continue
        if string == item.text.get(target):
            unchanged += 1
            continue
        edits[item.loc] = string
        changed.append(context)
    if problems:
        raise TranslationError(problems)
    return target, edits, Imported(record.path, target, tuple(changed), unchanged, tuple(untranslated), tuple(fuzzy))


# round-trip editing ------------------------------------------------------------------------

_KEY_LINE = re.compile(r"^( *)[^\s#-][^#]*:\s*(?:#.*)?$")
_CONTENT = re.compile(r"^( *)(\S)")


def _indentation(text: str) -> tuple[int, int]:
    """(mapping indent, sequence dash offset) of the first block mapping and sequence nested under a key.

    ruamel.yaml writes one indentation for the whole file; these are the file's own, so that
    lines the import does not touch come out as they went in.
    """
    mapping: int | None = None
    offset: int | None = None
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    for above, below in pairwise(lines):
        key, content = _KEY_LINE.match(above), _CONTENT.match(below)
        if key is None or content is None or len(content[1]) < len(key[1]):
            continue
        step = len(content[1]) - len(key[1])
        if content[2] == "-" and below[len(content[1]):].startswith("- "):
            offset = step if offset is None else offset
        elif step > 0:
            mapping = step if mapping is None else mapping
        if mapping is not None and offset is not None:
            break
    return mapping or 2, offset or 0


def _explicit_start(text: str) -> bool:
    """Whether the document opens with ``---`` (after any comments), which ruamel does not keep by itself."""
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            return line.rstrip() == "---" or line.startswith("--- ")
    return False


def _round_trip(text: str) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 30  # never fold a long line: each text stays on the line it was on
    mapping, offset = _indentation(text)
    yaml.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    yaml.explicit_start = _explicit_start(text)
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _text_mapping(data: Any, loc: Loc) -> dict[str, Any]:
    """The mapping that holds the languages of the text at ``loc`` (ruamel's maps are dicts)."""
    node = data
    for index, part in enumerate(loc):
        if isinstance(part, int) and isinstance(node, list):
            node = node[part]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        elif index == len(loc) - 1 and isinstance(node, dict) and set(node) <= set(LANGS):
            break  # a decision written as a bare text: the model's ``text`` is the mapping itself
        else:
            raise KeyError(dotted(loc))
    if not isinstance(node, dict):
        raise KeyError(dotted(loc))
    return node


def _styled(value: str, like: Any) -> str:
    """``value`` in the quoting style of ``like`` (double, single, plain or block)."""
    style = type(like)
    if isinstance(like, str) and style is not str:
        styled: str = style(value)  # a block scalar without a final break is written |-
        return styled
    return value


def _set_json_text(mapping: dict[str, Any], lang: Lang, value: str) -> None:
    if lang not in mapping:  # after the languages there are, as in YAML
        last = [key for key in mapping if key in LANGS][-1]
        items = list(mapping.items())
        at = [key for key, _ in items].index(last) + 1
        mapping.clear()
        mapping.update(items[:at] + [(lang, value)] + items[at:])
    mapping[lang] = value


def _json_layout(data: Any, text: str) -> dict[str, Any] | None:
    """The ``json.dumps`` options that write ``data`` back as ``text`` exactly, if there are any."""
    for indent in (2, 4, 1, "\t", None):
        for sort_keys in (False, True):
            for ensure_ascii in (False, True):
                options = {"indent": indent, "sort_keys": sort_keys, "ensure_ascii": ensure_ascii}
                if json.dumps(data, **options) == text.removesuffix("\n"):  # type: ignore[arg-type]
                    return options
    return None


def _set_text(mapping: CommentedMap, lang: Lang, value: str) -> None:
    if lang in mapping:
        mapping[lang] = _styled(value, mapping[lang])
        return
    present = [key for key in mapping if key in LANGS]
    last = present[-1]
    mapping.insert(list(mapping).index(last) + 1, lang, _styled(value, mapping[last]))
    # Blank lines and comments after the last language belong to what follows the text;
    # ruamel keeps them on that key, so they move to the new key to stay after it.
    comments = mapping.ca.items.get(last)
    if not comments or comments[2] is None or mapping.fa.flow_style():
        return
    token = comments[2]
    if isinstance(mapping[last], (LiteralScalarString, FoldedScalarString)):
        own, after = None, token.value  # a block scalar's own line break is part of its value
    else:
        end = token.value.find("\n")
        own, after = token.value[: end + 1], token.value[end + 1:]
    if not after:
        return
    moved = copy.copy(token)
    # a plain or quoted value's comment token starts with the end of its own line; a block scalar's does not
    block = isinstance(mapping[lang], (LiteralScalarString, FoldedScalarString))
    moved.value = after if block else "\n" + after
    if own is None:
        comments[2] = None
    else:
        token.value = own
    mapping.ca.items[lang] = [None, None, moved, None]


def _first_difference(before: str, after: str) -> int:
    for number, (one, other) in enumerate(zip(before.splitlines(), after.splitlines(), strict=False), start=1):
        if one != other:
            return number
    return min(len(before.splitlines()), len(after.splitlines())) + 1


def apply_translations(path: Path, text: str, lang: Lang, edits: Mapping[Loc, str]) -> str:
    """``text`` of the record file ``path`` with the ``lang`` value of each text at ``edits`` set."""
    if path.suffix == ".json":
        return _apply_json(path, text, lang, edits)
    yaml = _round_trip(text)
    try:
        data = yaml.load(text)
    except RuamelYAMLError as error:
        raise TranslationError(Problem(path, None, None, f"ruamel.yaml cannot read it: {error}")) from None
    untouched = _dump(yaml, data)
    if untouched != text:
        # the file is laid out in a way ruamel does not reproduce (mixed indentation, say):
        # writing it would change lines the import has no business with
        raise TranslationError(Problem(path, _first_difference(text, untouched), None,
                                       "its layout cannot be kept when rewriting it (mixed indentation?);"
                                       " nothing written. Make the indentation uniform, or copy the"
                                       " translations by hand"))
    _edit(path, data, lang, edits, _set_text)
    return _dump(yaml, data)


def _apply_json(path: Path, text: str, lang: Lang, edits: Mapping[Loc, str]) -> str:
    try:
        data = json.loads(text)
    except ValueError:  # YAML in a .json file: the loader reads it, but its layout is not JSON's
        raise TranslationError(Problem(path, None, None, "not JSON as json.dumps writes it; nothing written")) from None
    options = _json_layout(data, text)
    if options is None:
        raise TranslationError(Problem(path, None, None, "its JSON layout is not one json.dumps writes"
                                       " (indent 1, 2, 4 or a tab); nothing written"))
    _edit(path, data, lang, edits, _set_json_text)
    return json.dumps(data, **options) + ("\n" if text.endswith("\n") else "")


def _edit(path: Path, data: Any, lang: Lang, edits: Mapping[Loc, str],
          setter: Callable[[Any, Lang, str], None]) -> None:
    for loc, value in edits.items():
        try:
            setter(_text_mapping(data, loc), lang, value)
        except KeyError:
            raise TranslationError(Problem(path, None, dotted(loc), "not found in the file (an alias?)")) from None


def _patched(data: dict[str, Any], loc: Loc, lang: Lang, value: str) -> None:
    node: Any = data
    for part in loc:
        node = node[part]
    node[lang] = value


def import_po(po: Path, record_path: Path, output: Path | None = None) -> Imported:
    """Write the translations of ``po`` into ``record_path`` (or into ``output``).

    Nothing is written unless every entry fits, the file keeps its layout and the result loads,
    validates and holds the same data as before apart from the imported texts.
    """
    record = load_record(record_path)
    lang, edits, result = read_translations(po, record)
    target = output or record_path
    result = replace(result, target=target)
    if not edits:
        return result
    raw = read_record_bytes(record_path)
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    crlf = "\r\n" in text
    text = text.replace("\r\n", "\n")
    new_text = apply_translations(record_path, text, lang, edits)
    encoded = ("\ufeff" if bom else "") + (new_text.replace("\n", "\r\n") if crlf else new_text)
    # a record rewritten keeps its mode; a new file gets the umask's, as every file dossiergen writes
    mode = target.stat().st_mode & 0o7777 if target.exists() else None
    # validated beside the record, where its project and illustrations are
    temp = write_temporary(encoded.encode("utf-8"), record_path, record_path.parent, mode)
    try:
        try:
            again = load_record(temp)
        except DossiergenError as error:
            raise TranslationError([replace(p, path=record_path, message=f"after the import: {p.message}")
                                    if isinstance(p, Problem) and p.path == temp else p
                                    for p in error.problems]) from None
        expected = record.data.model_dump(mode="json")  # by field name, as the locations are
        for loc, value in edits.items():
            _patched(expected, loc, lang, value)
        if again.data.model_dump(mode="json") != expected:  # a guard on the rewriting, not on the user
            raise TranslationError(Problem(record_path, None, None, "rewriting it would change more than the"
                                           f" {lang} texts; nothing written"))
        if target.resolve().parent != record_path.resolve().parent:
            target.parent.mkdir(parents=True, exist_ok=True)
            temp.unlink()
            temp = write_temporary(encoded.encode("utf-8"), target, target.parent, mode)
        os.replace(temp, target)
    except OSError as error:
        raise cannot_write(target, error) from None
    finally:
        temp.unlink(missing_ok=True)
    return result

