"""What a press document derives from its records.

- ``body``: the body items in order, each with its ``level`` (paragraph, point, subpoint, note),
  its text and whether it opens the body (the English and Khmer versions put the dateline there);
- ``quotes``: each quote's name, title and text; in Korean the title also carries the topic
  particle (은 or 는) that its last syllable takes, so that the catalog's sentence reads
  "유법민 투자정책관은 “…”라고 밝혔다";
- ``release``: the release time's date, weekday and time in each language (Korean releases
  write ``2025. 7. 21.(월) 12:00``), and whether it is an embargo;
- ``dateline``: the city and date that open the English and Khmer body (korea.kr style);
  a document in English or Khmer needs the record's ``dateline``;
- ``excerpt``: the web post's teaser, the body's opening paragraph (without the dateline).
"""

from __future__ import annotations

from typing import Any

from babel.dates import format_date

from dossiergen.models import PressRecord
from dossiergen.records.record import Record
from dossiergen.render.localize import LANG_NAMES, Localized, Localizer, View

WEEKDAY_PATTERN = {"ko": "E", "km": "EEEE", "en": "EEEE"}
"""월 in Korean (as in 2025. 7. 21.(월)), the full name in Khmer and English."""

DATELINE_LANGS = ("en", "km")
"""The versions whose body opens with a dateline; the Korean layout gives the time in its header box."""


def korean_topic_particle(word: str) -> str:
    """은 after a final consonant (투자정책관은), 는 after a vowel (대표는); 은(는) when unknown."""
    last = word.rstrip(" )]\u201d\"'")[-1:]
    if "\uac00" <= last <= "\ud7a3":
        return "은" if (ord(last) - 0xAC00) % 28 else "는"
    return "은(는)"


def derive(record: Record, localizer: Localizer) -> dict[str, Any]:
    data = record.data
    assert isinstance(data, PressRecord)
    langs = localizer.langs

    body = [View({"level": item.level, "text": localizer.text(item, ("body", index)), "first": index == 0})
            for index, item in enumerate(data.body)]

    quotes = []
    for index, quote in enumerate(data.quotes):
        title = localizer.text(quote.title, ("quotes", index, "title"))
        quotes.append(View({
            "name": localizer.text(quote.name, ("quotes", index, "name")),
            "title": title,
            "title_topic": Localized({lang: title[lang] + korean_topic_particle(title[lang])
                                      if lang == "ko" and title[lang]
                                      else title[lang] for lang in langs}),
            "text": localizer.text(quote.text, ("quotes", index, "text")),
        }))

    day = data.release.date()
    release = View({
        "date": localizer.per_lang("date", day),
        "weekday": Localized({lang: format_date(day, WEEKDAY_PATTERN[lang], locale=lang) for lang in langs}),
        "time": localizer.per_lang("time", data.release.timetz()),
        "embargo": data.embargo,
        "iso": data.release.isoformat(),
    })

    dateline = None
    if data.dateline is not None:
        dateline = View({"place": localizer.text(data.dateline, ("dateline",)), "date": localizer.per_lang("date", day),
                         "langs": tuple(lang for lang in langs if lang in DATELINE_LANGS)})
    else:
        for lang in langs:
            if lang in DATELINE_LANGS:
                localizer.problems.append(record.problem(
                    ("dateline",), f"required field is missing: the {LANG_NAMES[lang]} release opens with a "
                                   f"dateline (the city it is issued from); --lang {'+'.join(langs)} needs it"))
                break

    excerpt = body[0].text
    return {"body": body, "quotes": quotes, "release": release, "dateline": dateline, "excerpt": excerpt}
