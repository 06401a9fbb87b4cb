"""Shared fixtures: the repository, the sample records, rendered PDFs and ways to read them."""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import docx
import pdfplumber
import pikepdf
import pytest
import yaml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as WordParagraph

from dossiergen.documents.kinds import build_document
from dossiergen.documents.tree import Contents, Document, Heading, Paragraph, Signatures, Span
from dossiergen.formats.pdf import render_document
from dossiergen.i18n.languages import parse_langs
from dossiergen.i18n.localized import Localized
from dossiergen.records.loading import load_record
from dossiergen.records.record import Record
from dossiergen.render.context import RenderContext, build_context

from .local_pki import LocalPki, serve_local_pki
from .softhsm import SoftToken, make_token

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SAMPLES = {
    "dossier": ROOT / "dossiers" / "kh-emoto" / "project.yaml",
    "press": ROOT / "dossiers" / "kh-emoto" / "press-2025-07-21.yaml",
    "minutes": ROOT / "dossiers" / "kh-emoto" / "minutes-wg-01.yaml",
}
BODY_TOP, BODY_BOTTOM = 24 * 72 / 25.4, 22 * 72 / 25.4
"""The page margins of print.css (24 mm top, 22 mm bottom), in points."""
ALL_SAMPLES = sorted((ROOT / "dossiers").glob("*/*.yaml"))
"""Every sample record, the Global Net Zero Connection notice included."""
ZERO_WIDTH = re.compile("[\u200b\u2060\u00ad]")


def as_on_a_terminal() -> None:
    """A child process's ``preexec_fn``: Ctrl-C (SIGINT) interrupts it, as on a terminal.

    A shell starts background jobs with SIGINT ignored, and the ignoring is inherited (Python then installs
    no KeyboardInterrupt handler): a suite run in the background would otherwise start commands that a
    test's SIGINT cannot stop."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def pdf_text(path: Path, *options: str) -> str:
    """Text as poppler extracts it (what search and copy-paste see), zero-width breaks removed."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", *options, str(path), "-"],
                         check=True, capture_output=True, text=True)
    return ZERO_WIDTH.sub("", out.stdout)


def pdf_column_texts(path: Path) -> list[str]:
    """Readings of the PDF in which a sentence of a parallel column reads through.

    A whole-page reading interleaves the lines of side-by-side columns; the content-stream
    order (``-raw``) is the order WeasyPrint drew the lines in. poppler's own block
    analysis (``-bbox-layout``) keeps each column's block together; the blocks of each
    half of the page, or starting at the same x, read page after page, follow a column or
    a table cell across line and page breaks.
    """
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox-layout", str(path), "-"],
                         check=True, capture_output=True, text=True).stdout
    namespace = {"x": "http://www.w3.org/1999/xhtml"}
    tree = ElementTree.fromstring(out)
    halves: dict[bool, list[str]] = {False: [], True: []}
    columns: dict[int, list[str]] = {}
    # the page area without the running header and footer, so a paragraph reads across pages
    body = ("-x", "0", "-y", str(round(BODY_TOP)), "-W", "595", "-H", str(round(842 - BODY_TOP - BODY_BOTTOM)))
    readings = [pdf_text(path), pdf_text(path, "-raw"), pdf_text(path, "-raw", *body)]
    for page in tree.iterfind(".//x:page", namespace):
        middle = float(page.get("width", "595")) / 2
        for block in page.iterfind(".//x:block", namespace):
            text = " ".join(word.text or "" for word in block.iterfind(".//x:word", namespace))
            readings.append(text)
            x_min = float(block.get("xMin", "0"))
            halves[x_min >= middle].append(text)
            columns.setdefault(round(x_min), []).append(text)  # the lines of one cell or column
    readings.extend(" ".join(blocks) for blocks in [*halves.values(), *columns.values()])
    return [ZERO_WIDTH.sub("", reading) for reading in readings]


def squeeze(text: str) -> str:
    """Drop white space and hyphens, so a phrase matches across line and column breaks.

    pdftotext joins a word hyphenated at a line end ("working-|group" -> "workinggroup").
    """
    return re.sub(r"[\s-]+", "", ZERO_WIDTH.sub("", text))


def document_texts(document: Document) -> Iterator[Localized]:
    """Every text of a document tree that is written in its languages, as the document prints it."""
    for node in document.walk():
        if isinstance(node, Span) and node.layout in ("stack", "value"):
            yield node.text.localized()
        elif isinstance(node, Heading) or (isinstance(node, Paragraph) and node.layout != "single"):
            yield node.text.localized()
        elif isinstance(node, Signatures):
            for signer in node.signers:
                texts = (signer.heading, signer.name, signer.title, signer.organisation)
                yield from (text.localized() for text in texts if text is not None)
        elif isinstance(node, Contents):
            yield from (entry.title.localized() for entry in node.entries)


def docx_text(data: bytes) -> str:
    """Every paragraph of the Word file's body, table cells included, in order."""
    body = docx.Document(io.BytesIO(data)).element.body
    return "\n".join(WordParagraph(paragraph, None).text for paragraph in body.iter(qn("w:p")))


def hwpx_text(data: bytes) -> str:
    from hwpx import HwpxDocument

    with HwpxDocument.open(data) as document:
        text = str(document.text.plain())
    return text


_CHARACTER_REFERENCE = re.compile(r"&#([0-9]+);")
_BACKSLASHED = re.compile(r"\\(.)")


def post_text(post: str) -> str:
    """A web post's title and body as text: emphasis marks dropped, escaped characters as they were."""
    _, matter, body = post.split("---\n", 2)
    text = yaml.safe_load(matter)["title"] + "\n" + body
    text = re.sub(r"(?<!\\)\*\*", "", text)
    return _BACKSLASHED.sub(r"\1", _CHARACTER_REFERENCE.sub(lambda match: chr(int(match[1])), text))


def own_pages_text(pdf: Path) -> str:
    """The text of a document's own pages: its annexes (a notice's 붙임) follow them, labelled A1-1, A1-2, ..."""
    with pikepdf.open(pdf) as document:
        nums = list(document.Root.PageLabels.Nums) if "/PageLabels" in document.Root else []
    starts = [int(nums[index]) for index in range(0, len(nums), 2) if "/P" in nums[index + 1]]
    return pdf_text(pdf, "-l", str(starts[0])) if starts else pdf_text(pdf)


def copy_directory(folder: Path) -> None:
    """Put the samples' ``directory.yaml`` in ``folder``: sample records copied there find their people."""
    shutil.copy(ROOT / "dossiers" / "directory.yaml", folder / "directory.yaml")


def unmarked(record: Record) -> Record:
    """``record`` (and its project) with nothing listed as illustrative: texts print without the specimen mark,
    for tests about layout (tests/test_provenance.py tests the marks)."""
    def clear(data: Any) -> Any:
        return data.model_copy(update={"illustrative": []})

    project = replace(record.project, data=clear(record.project.data)) if record.project is not None else None
    return replace(record, data=clear(record.data), project=project)


def context_document(record: Path, lang_set: str) -> tuple[RenderContext, Document]:
    """The render context and the document tree of a record in a language set."""
    ctx = build_context(load_record(record), parse_langs(lang_set))
    return ctx, build_document(ctx)


def char_fonts(path: Path) -> list[tuple[str, str]]:
    """Every drawn character with the name of the font it is set in."""
    with pdfplumber.open(path) as pdf:
        return [(char["text"], char["fontname"]) for page in pdf.pages for char in page.chars]


def fonts_of(chars: list[tuple[str, str]], phrase: str) -> list[str]:
    """The fonts of the characters of the first place ``phrase`` is drawn (spaces aside)."""
    wanted = phrase.replace(" ", "")
    letters = [(letter, font) for text, font in chars for letter in text if letter.strip()]  # ligatures: "fi"
    start = "".join(letter for letter, _ in letters).index(wanted)
    return [font for _, font in letters[start:start + len(wanted)]]


@pytest.fixture(scope="session", autouse=True)
def own_user_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The suite's own user cache folder (disk_cache.py, the compiled templates), inherited by the processes it
    starts: no test takes an entry of the developer's cache made by other code, and the suite leaves none there."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
        yield


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(params=[0o022, 0o077, 0o002], ids=["umask-022", "umask-077", "umask-002"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """The process's umask for one test, restored after it: a new file should get ``0o666 & ~umask``."""
    previous = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(previous)


@pytest.fixture
def sample_records(tmp_path: Path) -> Path:
    """A copy of every sample record (``dossiers/``), free to change."""
    shutil.copytree(ROOT / "dossiers", tmp_path / "dossiers")
    return tmp_path / "dossiers"


def renderer(out: Path, kind: str | None = None) -> Callable[[Path, str], Path]:
    """Render each record at most once per language set, as ``kind`` (default: its own), into ``out``."""
    cache: dict[tuple[Path, str], Path] = {}

    def render(record: Path, lang_set: str) -> Path:
        if (record, lang_set) not in cache:
            middle = f".{kind}" if kind is not None else ""
            target = out / f"{record.parent.name}-{record.stem}{middle}.{lang_set}.pdf"
            target.write_bytes(render_document(load_record(record), parse_langs(lang_set), kind=kind))
            cache[(record, lang_set)] = target
        return cache[(record, lang_set)]

    return render


@pytest.fixture(scope="session")
def render_record(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path, str], Path]:
    """Render a record once per session: ``render_record(path, "km+en")`` -> the PDF's path."""
    return renderer(tmp_path_factory.mktemp("rendered"))


@pytest.fixture(scope="session")
def render_loa(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path, str], Path]:
    """Render a project's Letter of Authorization once per session: ``render_loa(path, "km+en")``."""
    return renderer(tmp_path_factory.mktemp("loa"), "loa")


@pytest.fixture(scope="session")
def render_sample(render_record: Callable[[Path, str], Path]) -> Callable[[str, str], Path]:
    """Render a sample document once per session: ``render_sample("press", "ko+en")``."""
    return lambda kind, lang_set: render_record(SAMPLES[kind], lang_set)


@pytest.fixture(scope="session")
def signing_identity(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A throwaway key and self-signed certificate (PEM): (key, cert), of "Test Signatory", who is no document's
    signer (the stamp names the certificate's holder beside the person on the line)."""
    return make_identity(tmp_path_factory.mktemp("identity"), "Test Signatory")


def make_identity(folder: Path, common_name: str) -> tuple[Path, Path]:
    """A throwaway key and self-signed certificate of ``common_name`` in ``folder``: (key, cert)."""
    from datetime import datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test Ministry")])
    now = datetime.now(UTC)
    usage = x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                          encipher_only=False, decipher_only=False)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(usage, critical=True).sign(key, hashes.SHA256()))
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return folder / "key.pem", folder / "cert.pem"


def signed_twice(data: bytes, identity: tuple[Path, Path], folder: Path, stem: str) -> dict[str, Path]:
    """``data`` signed on its first signature line, then on its second: ``STEM.signed-1`` and ``STEM.signed-2``."""
    from dossiergen.archive.sign import sign_pdf

    out = {}
    for times in (1, 2):
        data = sign_pdf(data, *identity, draft=True)
        out[f"{stem}.signed-{times}"] = folder / f"{stem}.signed-{times}.pdf"
        out[f"{stem}.signed-{times}"].write_bytes(data)
    return out


@pytest.fixture
def user_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user project outside the checkout with the Cambodia records; the working folder is its root."""
    root = tmp_path / "ministry"
    shutil.copytree(SAMPLES["dossier"].parent, root / "dossiers" / "kh-emoto")
    copy_directory(root / "dossiers")
    (root / "dossiergen.toml").write_text('[build]\nsource = "dossiers"\n', encoding="utf-8")
    monkeypatch.delenv("DOSSIERGEN_ROOT", raising=False)
    monkeypatch.chdir(root)
    return root


@pytest.fixture(scope="session")
def local_pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalPki]:
    """A test PKI (root, signer, time-stamping authority, OCSP, CRL) served on 127.0.0.1 for the session."""
    with serve_local_pki(tmp_path_factory.mktemp("pki")) as pki:
        yield pki


@pytest.fixture(scope="session")
def softhsm_token(tmp_path_factory: pytest.TempPathFactory, local_pki: LocalPki) -> SoftToken:
    """A SoftHSM2 token in a folder of the session holding the test PKI's signer key and certificate."""
    return make_token(tmp_path_factory.mktemp("softhsm"), local_pki)


SIGN = ("sign", "--draft")
"""The command that signs a sample: every sample record is a draft, signed for review only."""
