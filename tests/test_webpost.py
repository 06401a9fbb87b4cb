"""The web post of a press notice: YAML front matter, Markdown body, inert record text, the CLI."""

from __future__ import annotations

import inspect
import re
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dossiergen.cli.main import main
from dossiergen.errors import UsageError
from dossiergen.formats import post
from dossiergen.models import LANGS, PressRecord
from dossiergen.records.loading import load_record
from dossiergen.render.context import build_context

from .conftest import ROOT, SAMPLES, copy_directory, unmarked

PRESS = SAMPLES["press"]
EVENT_PRESS = ROOT / "dossiers" / "gnzc-2024" / "press.yaml"
FIGURES = {"ko": ("68만", "40만"), "en": ("680,000", "400,000"), "km": ("៦៨០,០០០", "៤០០,០០០")}


def _split(text: str) -> tuple[dict, str]:
    """Front matter and body, split where a site generator splits them (``---`` lines)."""
    found = re.match(r"---\n(.*?\n)---\n(.*)", text, re.DOTALL)
    assert found, "no front matter"
    return yaml.safe_load(found[1]), found[2]


def _post(record: Path, lang: str) -> tuple[dict, str]:
    """The post of ``record`` without specimen marks: these tests are about its layout (test_provenance: marks)."""
    return _split(post.render_post(build_context(unmarked(load_record(record)), (lang,))))  # type: ignore[arg-type]


def _runner() -> CliRunner:
    if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    return CliRunner()


@pytest.mark.parametrize("lang", ["ko", "en", "km"])
def test_front_matter_parses_and_has_the_keys(lang: str) -> None:
    matter, _ = _post(PRESS, lang)
    ctx = build_context(load_record(PRESS), (lang,))  # type: ignore[arg-type]
    assert list(matter) == ["title", "categories", "excerpt", "image", "date", "lang"]
    data = ctx.record.data
    assert isinstance(data, PressRecord)
    assert matter["title"] == post.escape_block(ctx.text(data.headline)[lang])
    assert matter["categories"] == ["press-releases", "international-mitigation"]
    assert matter["image"] == "https://media.example.org/motie/2025-07-21-phnom-penh-ceremony.jpg"
    assert matter["date"] == datetime(2025, 7, 21, 12, tzinfo=timezone(timedelta(hours=9)))
    assert matter["lang"] == lang
    assert matter["excerpt"] == post.escape_block(ctx.text(data.body[0])[lang])


def test_the_korean_title_is_the_headline() -> None:
    matter, _ = _post(PRESS, "ko")
    assert matter["title"] == "한국 첫 국제탄소감축사업 승인, 캄보디아와 온실가스 감축협력 본격화"


@pytest.mark.parametrize("lang", ["ko", "en", "km"])
def test_the_body_carries_the_release_with_its_figures(lang: str) -> None:
    matter, body = _post(PRESS, lang)
    ctx = build_context(load_record(PRESS), (lang,))  # type: ignore[arg-type]
    for figure in FIGURES[lang]:
        assert figure in body
    assert "{" not in body and "}" not in body, "a placeholder was left unfilled"
    blocks = body.strip().split("\n\n")
    assert blocks[0].startswith("![") and matter["image"] in blocks[0]
    assert blocks[1].startswith("> - ")  # the sub-headlines
    data = ctx.record.data
    assert isinstance(data, PressRecord)
    levels = {item.level for item in data.body}
    assert levels == {"paragraph", "point", "subpoint", "note"}
    lines = body.splitlines()
    points = [ctx.text(item)[lang] for item in data.body if item.level == "point"]
    subpoints = [ctx.text(item)[lang] for item in data.body if item.level == "subpoint"]
    for text in points:
        assert f"- {post.escape_block(text)}" in lines
    for text in subpoints:
        assert f"  - {post.escape_block(text)}" in lines
    note = ctx.translate("Note:")[lang]
    assert any(line.startswith(note) for line in lines), "the note keeps its label"
    assert lines[-4].startswith("| ") and lines[-1].startswith("| ")  # the contact table closes it
    assert data.responsible.phone in lines[-2] and data.staff.phone in lines[-1]


def test_the_english_post_opens_with_the_dateline_and_the_korean_post_does_not() -> None:
    _, english = _post(PRESS, "en")
    _, korean = _post(PRESS, "ko")
    assert "\n**Sejong, 21 July 2025 –** The Ministry of Trade, Industry and Energy" in english
    assert "세종" not in korean
    assert "\n산업통상자원부\\(장관" not in korean and "\n산업통상자원부(장관 김정관)는" in korean
    assert "유법민 투자정책관은 “이번 사업은" in korean
    assert "Yu Beop-min, the Director-General for Investment Policy, said, “" in english


def test_the_event_post_has_its_facts_and_no_image() -> None:
    matter, body = _post(EVENT_PRESS, "en")
    assert matter["image"] is None and matter["categories"] == ["press-releases", "news"]
    assert "from 24 June 2024 to 25 June 2024" in body and "7 countries" in body
    assert "### Memoranda of understanding" in body
    assert "| Ministry of Environment of Cambodia |" in body


# --- untrusted record text --------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "](javascript:alert(2))",
    "<img src=x onerror=alert(3)>",
    "&lt;b&gt;entity&lt;/b&gt;",
    "{{{{ site.secret }}}} {{% include secret.html %}}",  # doubled: a record's literal braces
    "**bold** _em_ `code` ~~gone~~ $$x$$ | cell |",
    "<https://evil.example/autolink>",
]


def _hostile_record(tmp_path: Path) -> Path:
    """The sample press record beside its project, with hostile texts in every language."""
    folder = tmp_path / "records"
    folder.mkdir()
    for sibling in PRESS.parent.glob("*.yaml"):
        shutil.copy(sibling, folder / sibling.name)
    copy_directory(folder)
    data = yaml.safe_load(PRESS.read_text(encoding="utf-8"))
    attack = " ".join(HOSTILE)
    for lang in ("ko", "km", "en"):
        data["headline"][lang] += " " + attack
        data["body"][0][lang] = "# 1. " + attack + "\n\n    indented\n---\n" + data["body"][0][lang]
        data["body"][2][lang] = "1) " + attack
        data["subheadlines"][0][lang] = "- " + attack
        data["attachments"][0]["title"][lang] = "2. " + attack
        # a quotation takes no braces at all (models/press.py: it is printed as the source gives it)
        data["quotes"][0]["text"][lang] = attack.replace("{", "(").replace("}", ")")
        data["web"]["image"]["caption"][lang] = "](javascript:alert(4)) " + attack
        data["responsible"] = {"name": dict.fromkeys(LANGS, "| x | <b>y</b>"), "title": {"ko": "과장", "km": "ប្រធាន",
                               "en": "Director"}, "phone": "044-203-4071"}
    target = folder / PRESS.name
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def _tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every start tag of ``html`` with its attributes, as a browser would read them."""
    from html.parser import HTMLParser

    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

    Collect().feed(html)
    return found


ALLOWED_TAGS = {"p", "ul", "ol", "li", "blockquote", "img", "strong", "table", "thead", "tbody", "tr", "th", "td"}
"""What the post itself makes: paragraphs, lists, the sub-headline quote, the image, bold labels, the contact table."""


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_record_text_cannot_inject_markup(lang: str, tmp_path: Path) -> None:
    record = _hostile_record(tmp_path)
    text = post.render_post(build_context(load_record(record), (lang,)))  # type: ignore[arg-type]
    matter, body = _split(text)
    assert list(matter) == list(post.FRONT_MATTER_KEYS)
    # the post's own quote blocks: the sub-headlines (> - ) and the specimen band (> **)
    shown = text.replace("\n> - ", "\n").replace("\n> **", "\n")
    assert "<" not in text and ">" not in shown, "an angle bracket reached the post"
    assert "{{" not in text and "{%" not in text, "template code reached the post"
    assert not re.search(r"(?<!\\)\]\(javascript", text), "a link to javascript: reached the post"
    assert not re.search(r"(?m)^(#|---|    )", body), "record text opened a heading, a rule or a code block"
    assert matter["excerpt"].startswith("\\# 1. "), "the excerpt is Markdown too"
    assert "\n1. 2\\. " in body and "\n- 1\\) " in body, "record text opened a list"
    assert "&lt;b&gt;" not in text, "the record's own entity would be decoded"

    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark").enable("table").enable("strikethrough").render(body)
    tags = _tags(html)
    names = {name for name, _ in tags}
    assert names <= ALLOWED_TAGS, f"markup from a record: {names - ALLOWED_TAGS}"
    attributes = {(name, attribute) for name, attrs in tags for attribute, _ in attrs}
    assert attributes == {("img", "src"), ("img", "alt")}, "an attribute from a record (a link, an event handler)"
    assert [dict(attrs)["src"] for name, attrs in tags if name == "img"] == [
        "https://media.example.org/motie/2025-07-21-phnom-penh-ceremony.jpg"]
    assert "<strong>bold</strong>" not in html and "**bold**" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, "the record's text is shown as text"
    assert "{{ site.secret }}" in html.replace("&#123;", "{").replace("&#125;", "}")
    assert html.count("<table>") == 1, "a record's pipes made a table"


def test_the_front_matter_is_yaml_whatever_the_text(tmp_path: Path) -> None:
    record = _hostile_record(tmp_path)
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    data["headline"]["ko"] = "---\nkey: value\n'quoted' \"double\" : colon # hash ---"
    record.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    text = post.render_post(build_context(load_record(record), ("ko",)))
    assert text.count("\n---\n") == 1, "a value ended the front matter"
    matter, _ = _split(text)
    assert list(matter) == list(post.FRONT_MATTER_KEYS)
    assert matter["title"] == "\\--- key: value 'quoted' \"double\" : colon # hash ---"


# --- the command line -------------------------------------------------------------------

def test_render_writes_a_post(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "post.md"
    result = _runner().invoke(main, ["render", str(PRESS), "--format", "post", "--lang", "km", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert f"wrote {out}" in result.output
    matter = yaml.safe_load(out.read_text(encoding="utf-8").split("---\n")[1])
    assert matter["lang"] == "km" and "៦៨០,០០០" in out.read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".*part"))


@pytest.mark.parametrize("args,message", [
    (["--format", "post", "--lang", "ko+en"], "--format post takes one language (--lang ko, km or en), not ko+en"),
    (["--format", "post"], "--format post takes one language (--lang ko, km or en), not ko+en"),
    (["--format", "post", "--lang", "ko", "--tagged"], "--tagged applies to a PDF, not to --format post"),
    (["--format", "post", "--lang", "ko", "--untagged"], "--untagged applies to a PDF, not to --format post"),
    (["--format", "odt", "--lang", "ko"], "--format 'odt': choose pdf, post, docx, hwpx, aef or aef-json"),
])
def test_render_refuses_a_bad_format_or_language_set_in_one_line(
        args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "post.md"
    result = _runner().invoke(main, ["render", str(PRESS.relative_to(ROOT)), *args, "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == message + "\n"
    assert not out.exists()


def test_only_a_press_record_makes_a_post(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "post.md"
    project = SAMPLES["dossier"].relative_to(ROOT)
    result = _runner().invoke(main, ["render", str(project), "--format", "post", "--lang", "ko", "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == f"{project}: --format post makes a web post of a press record, not of a project record\n"
    assert not out.exists()
    with pytest.raises(UsageError, match="one language"):
        post.render_post(build_context(load_record(PRESS), ("ko", "en")))


def test_the_default_format_is_still_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "press.pdf"
    result = _runner().invoke(main, ["render", str(PRESS), "--lang", "ko", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
