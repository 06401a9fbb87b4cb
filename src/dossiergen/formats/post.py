"""Press notice -> web post: Markdown with YAML front matter for the ministry's website.

One language per post, made from the same ``RenderContext`` as the PDF: the figures are filled
in as that language writes them (68만 in Korean, ៦៨០,០០០ in Khmer), the body keeps its levels
(points and sub-points become list items, a note its label), the quote, the dateline and the
fixed wording read as in the PDF, from the same catalog entries.

The front matter (``title``, ``categories``, ``excerpt``, ``image``, ``date``, ``lang``) is
written by PyYAML's ``safe_dump``, never by string formatting.

Record texts are untrusted. Nothing in them may become Markdown structure, raw HTML, or
template code for the site generator:

- white space is folded into single spaces and control characters dropped, so a text is one
  line and cannot open a block of its own (an indented code block, a heading, a table);
- ``& < > { }`` become numeric character references: no HTML tag, no autolink, no entity of
  the record's own, no Liquid ``{{ }}`` / ``{% %}`` or kramdown ``{: }`` / ``{::}`` markup;
- the inline Markdown characters ``\\ ` * _ [ ] | ~ $`` are backslash-escaped: no emphasis,
  code, link, image (``](javascript:...)`` stays text), table cell or math;
- at the start of a block, what would open or end one (``#``, ``-``, ``+``, ``=``, ``:``, ``^``, ``1.``,
  ``1)``) is escaped too.

Title, excerpt and image description are Markdown as well (themes such as Minimal Mistakes
pass them through ``markdownify``), so they are escaped the same way; categories are slugs,
checked when the record is loaded.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import yaml

from dossiergen.errors import UsageError
from dossiergen.models import Lang
from dossiergen.records.record import Record
from dossiergen.render.context import RenderContext

FRONT_MATTER_KEYS = ("title", "categories", "excerpt", "image", "date", "lang")

QUOTE = "%(name)s, the %(title)s, said, “%(quote)s”"
DATELINE = "%(place)s, %(date)s –"
NOTE = "Note:"
PERSON = "%(name)s, %(title)s"
RANGE = "%(start)s to %(end)s"
CATALOG_MSGIDS = (QUOTE, DATELINE, NOTE, PERSON, RANGE, "Attachments", "Department", "Responsible",
                  "Contact person", "Event", "Dates", "Place", "Memoranda of understanding", "Counterpart", "Subject")
"""The fixed wording a post uses: the press templates use each too, so extraction keeps them in the catalogs."""

_REFERENCES = {ch: f"&#{ord(ch)};" for ch in "&<>{}"}
_BACKSLASHED = set("\\`*_[]|~$")
_BLOCK_OPENERS = set("#-+=:^")
_ORDERED = re.compile(r"^([0-9]+)([.)])")


def _one_line(text: str) -> str:
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cc" or ch in "\t\n\r")
    return " ".join(text.split())


def escape_inline(text: str) -> str:
    """``text`` as literal Markdown text on one line: nothing in it is markup."""
    out = []
    for ch in _one_line(text):
        if ch in _REFERENCES:
            out.append(_REFERENCES[ch])
        elif ch in _BACKSLASHED:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def escape_block(text: str) -> str:
    """``text`` as literal Markdown text that begins a block (a paragraph, a list item)."""
    text = escape_inline(text)
    ordered = _ORDERED.match(text)
    if ordered:
        return f"{ordered[1]}\\{ordered[2]}{text[ordered.end():]}"
    if text[:1] in _BLOCK_OPENERS:
        return "\\" + text
    return text


def post_name(record: Record, lang: Lang) -> str:
    """``kh-emoto-press-2025-07-21.ko.md``: ids are validated slugs."""
    return f"{record.id}.{lang}.md"


def front_matter(ctx: RenderContext) -> dict[str, Any]:
    lang = _lang(ctx)
    doc, derived = ctx.doc, ctx.derived
    image = doc.web.image
    return {
        "title": escape_block(doc.headline[lang]),
        "categories": list(doc.web.categories),
        "excerpt": escape_block(derived.excerpt[lang]),
        "image": image.url if image is not None else None,
        "date": ctx.record.data.release,  # type: ignore[union-attr]
        "lang": lang,
    }


def render_post(ctx: RenderContext) -> str:
    """The post: YAML front matter between ``---`` lines, then the Markdown body."""
    matter = yaml.safe_dump(front_matter(ctx), allow_unicode=True, sort_keys=False,
                            default_flow_style=False, width=1_000_000)
    return f"---\n{matter}---\n\n" + "\n\n".join(_body(ctx)) + "\n"


def _lang(ctx: RenderContext) -> Lang:
    if ctx.kind != "press":
        raise UsageError(f"{ctx.record.path}: a web post is made of a press record, not a {ctx.record.kind} record")
    if len(ctx.langs) != 1:
        raise UsageError(f"--format post takes one language (--lang ko, km or en), not {ctx.lang_set}")
    return ctx.langs[0]


def _body(ctx: RenderContext) -> list[str]:
    """The blocks of the post, in the order of the PDF."""
    lang = _lang(ctx)
    doc, derived = ctx.doc, ctx.derived

    def say(msgid: str, **values: Any) -> str:
        return ctx.translate(msgid, **values)[lang]

    blocks: list[str] = []
    image = doc.web.image
    if image is not None:
        blocks.append(f"![{escape_inline(image.caption[lang])}]({image.url})")

    if doc.subheadlines:
        blocks.append("\n".join(f"> - {escape_block(line[lang])}" for line in doc.subheadlines))

    dateline = derived.dateline
    in_list = False
    for item in derived.body:
        text = item.text[lang]
        if item.level in ("point", "subpoint"):
            line = ("  " if item.level == "subpoint" else "") + "- " + escape_block(text)
            if in_list:
                blocks[-1] += "\n" + line  # the next item of the same list
            else:
                blocks.append(line)
            in_list = True
            continue
        in_list = False
        if item.level == "note":
            blocks.append(f"{escape_block(say(NOTE))} {escape_inline(text)}")
        elif item.first and dateline is not None and lang in dateline.langs:
            opening = say(DATELINE, place=dateline.place, date=dateline.date)
            blocks.append(f"**{escape_inline(opening)}** {escape_inline(text)}")
        else:
            blocks.append(escape_block(text))

    for quote in derived.quotes:
        blocks.append(escape_block(say(QUOTE, name=quote.name, title=quote.title_topic, quote=quote.text)))

    event = doc.event
    if event is not None:
        blocks.append(f"### {escape_inline(say('Event'))}")
        blocks.append("\n".join([
            f"- {escape_block(say('Event'))}: {escape_inline(event.name[lang])}",
            f"- {escape_block(say('Dates'))}: {escape_inline(say(RANGE, start=event.start, end=event.end))}",
            f"- {escape_block(say('Place'))}: {escape_inline(event.place[lang])}",
        ]))
        if event.agreements:
            blocks.append(f"### {escape_inline(say('Memoranda of understanding'))}")
            blocks.append(_table([say("Counterpart"), say("Subject")],
                                 [[agreement.counterpart[lang], agreement.subject[lang]]
                                  for agreement in event.agreements]))

    if doc.attachments:
        blocks.append(f"**{escape_inline(say('Attachments'))}**")
        blocks.append("\n".join(f"{number}. {escape_block(item[lang])}"
                                for number, item in enumerate(doc.attachments, 1)))

    people = [f"{say(PERSON, name=person.name, title=person.title)} ({person.phone})"
              + (f", {person.email}" if person.email else "") for person in (doc.responsible, doc.staff)]
    blocks.append(_table([say("Department"), say("Responsible"), say("Contact person")],
                         [[doc.department[lang], *people]]))
    return blocks


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(escape_inline(cell) for cell in header) + " |",
             "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(escape_inline(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)
