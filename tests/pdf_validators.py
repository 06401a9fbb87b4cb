"""Validators of the PDFs for the tests: Apache PDFBox Preflight, and pikepdf checks of what it cannot see.

Preflight (Debian's ``libpdfbox2-java``, installed by ``scripts/install-system-packages.sh``) checks
PDF/A-1b. dossiergen's files are PDF/A-3b, which allows what PDF/A-1 forbids in a few places; those
findings are waived here **by their exact message** (``WAIVERS``), each with the clause of ISO 19005-3
that allows it, so that any other finding, a CIDSet that is present but wrong included, fails.

One JVM validates a whole batch (Preflight's ``group`` mode reads a list of files): starting Java
costs seconds, a file a fraction of one.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf

JARS = ("preflight.jar", "pdfbox2.jar", "fontbox2.jar", "xmpbox.jar", "commons-logging.jar",
        "javax.activation.jar", "jaxb-api.jar")
CLASSPATH = ":".join(f"/usr/share/java/{jar}" for jar in JARS)
VALIDATOR = "org.apache.pdfbox.preflight.Validator_A1b"

FONT = r"[A-Z]{6}\+[^:]+"
"""A subset font's name, ``HTPBOL+DG-Sans-Latin``."""
PAGE = r"[0-9]+"
OBJECT = r"\[COSDictionary\{.*"
"""PDFBox prints the offending dictionary (cut short); what it is does not change the waiver."""


@dataclass(frozen=True)
class Waiver:
    """A PDF/A-1 finding that PDF/A-3 allows: Preflight's code and message (``{font}``, ``{page}`` and
    ``{object}`` stand for what varies), and the clause of ISO 19005-3 that allows it."""

    code: str
    message: str
    clause: str

    def matches(self, finding: Finding) -> bool:
        pattern = re.escape(self.message).replace(r"\{font\}", FONT).replace(r"\{page\}", PAGE)
        pattern = pattern.replace(r"\{object\}", OBJECT)
        return finding.code == self.code and re.fullmatch(pattern, finding.message) is not None


# The clause numbers are ISO 19005-3:2012's, as veraPDF's PDF/A-3B validation profile (PDF_A/PDFA-3B.xml in
# veraPDF/veraPDF-validation-profiles) quotes each rule with its clause: 6.8 (embedded files as associated
# files), 6.1.4 (only the layout of a classic cross-reference table), 6.2.10 (transparency), 6.2.11.4.2 (a
# CIDSet, if present, is complete), 6.6.4 (pdfaid:part is the part the file conforms to).
WAIVERS: tuple[Waiver, ...] = (
    # 19005-1 6.1.11 forbids embedded files; 19005-3 6.8 allows any embedded file that is an associated
    # file (/AF, /AFRelationship, MIME /Subtype, /Params /ModDate: checked by ``associated_file_problems``)
    Waiver("1.4.7", "Trailer Syntax error, EmbeddedFile entry is present in the Names dictionary",
           "19005-3 6.8"),
    Waiver("1.2.9", "Body Syntax error, EmbeddedFile entry is present in a FileSpecification dictionary",
           "19005-3 6.8"),
    # PDF/A-1 is based on PDF 1.4, which has no cross-reference streams (19005-1 6.1.4); PDF/A-2 and -3 are
    # based on ISO 32000-1, which has them, and 6.1.4 restricts only the layout of a classic table
    Waiver("1.4", "Trailer Syntax error, /XRef cross reference streams are not allowed", "19005-3 6.1.4"),
    # transparency is forbidden by 19005-1 6.4 and allowed by 19005-2/3 6.2.10 (a transparency group with
    # a colour space on each form that WeasyPrint draws with opacity; 6.2.10 constrains only its blending
    # colour space, which the sRGB output intent satisfies)
    Waiver("4.1.2", "Transparency error, ca entry in a ExtGState is invalid on page {page}", "19005-3 6.2.10"),
    Waiver("2.2.1", "Invalid graphics transparency, Group has a transparency S entry or the S entry is null"
                    " {object} on page {page}", "19005-3 6.2.10"),
    # a signature's seal image with an alpha channel: its /SMask, which 19005-1 6.4 forbids and 19005-2/3
    # allow (transparency, 6.2.10; the soft mask of an image XObject, as best known here without the text)
    Waiver("2.2.2", "Invalid graphics transparency, Soft Mask must be null or None {object}", "19005-3 6.2.10"),
    # 19005-1 6.3.5 requires a CIDSet for every subset CID font; 19005-2/3 6.2.11.4.2 requires only that a
    # CIDSet, if present, list every CID of the font program (a wrong CIDSet has another message and fails)
    Waiver("3.1.11", "Invalid Font definition, {font}: The CIDSet entry is missing for the Composite Subset",
           "19005-3 6.2.11.4.2"),
    # pdfaid:part is 3, as 19005-3 6.6.4 requires ("the part number of ISO 19005 to which the file conforms"):
    # Preflight accepts only 1
    Waiver("7.11.2", "Error on MetaData, part must be 1", "19005-3 6.6.4"),
)


@dataclass(frozen=True)
class Finding:
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.code} : {self.message}"


def preflight(paths: Sequence[Path]) -> dict[Path, list[Finding]]:
    """Every finding of PDFBox Preflight (PDF/A-1b) on each file, in one JVM."""
    with tempfile.TemporaryDirectory() as folder:
        # Preflight names each file by its base name only: give each a name of its own
        links = {}
        for index, path in enumerate(paths):
            link = Path(folder) / f"{index:04d}.pdf"
            link.symlink_to(path.resolve())
            links[link.name] = path
        listing = Path(folder) / "files.txt"
        listing.write_text("".join(f"{folder}/{name}\n" for name in links), encoding="utf-8")
        run = subprocess.run(["java", "-cp", CLASSPATH, VALIDATOR, "group", str(listing)],
                             capture_output=True, text=True, timeout=600)
    findings = dict(_parse(run.stdout))
    missing = [str(links[name]) for name in links if name not in findings]
    assert not missing, f"Preflight reported nothing on {missing}: {run.stderr[-2000:]}"
    return {links[name]: found for name, found in findings.items()}


HEAD = re.compile(r"^The file (\S+) is (?:a valid PDF/A-1b file|not valid, error\(s\) :|not a valid PDF/A-1b file,"
                  r" error\(s\) :)$")
LINE = re.compile(r"^([0-9]+(?:\.[0-9]+)*) : (.*)$")


def _parse(out: str) -> Iterator[tuple[str, list[Finding]]]:
    """(file name, findings) per file of Preflight's text output; a message may run over lines."""
    name: str | None = None
    found: list[Finding] = []
    for line in out.splitlines():
        head = HEAD.match(line)
        if head:
            if name is not None:
                yield name, found
            name, found = head.group(1), []
        elif (finding := LINE.match(line)) and name is not None:
            found.append(Finding(finding.group(1), finding.group(2)))
        elif line.strip() and found:
            found[-1] = Finding(found[-1].code, f"{found[-1].message}\n{line}")
    if name is not None:
        yield name, found


def unwaived(findings: Sequence[Finding]) -> list[Finding]:
    """The findings no waiver allows."""
    return [finding for finding in findings if not any(waiver.matches(finding) for waiver in WAIVERS)]


# --- what Preflight does not check for PDF/A-3 ---------------------------------------------------------


def associated_file_problems(pdf: pikepdf.Pdf) -> list[str]:
    """ISO 19005-3 6.8: each embedded file is an associated file of the catalog, with its relationship,
    MIME type and modification date; and the output intent PDF/A needs (6.2.2)."""
    problems = []
    listed = {spec.objgen for spec in pdf.Root.get("/AF", pikepdf.Array())}
    if not listed:
        problems.append("the catalog has no /AF")
    for name, spec in pdf.attachments.items():
        obj = spec.obj
        if obj.objgen not in listed:
            problems.append(f"{name}: not in the catalog's /AF")
        if "/AFRelationship" not in obj:
            problems.append(f"{name}: no /AFRelationship")
        if "/F" not in obj or "/UF" not in obj:
            problems.append(f"{name}: its file specification lacks /F or /UF")
        stream = obj.EF.F
        if not re.fullmatch(r"/[a-z]+#2F[A-Za-z0-9.+-]+|/[a-z]+/[A-Za-z0-9.+-]+", str(stream.get("/Subtype", ""))):
            problems.append(f"{name}: no MIME type (/Subtype) on its embedded file stream")
        if "/ModDate" not in stream.get("/Params", pikepdf.Dictionary()):
            problems.append(f"{name}: no /Params /ModDate on its embedded file stream")
    intents = [intent for intent in pdf.Root.get("/OutputIntents", pikepdf.Array())
               if intent.get("/S") == "/GTS_PDFA1"]
    if len(intents) != 1 or "/DestOutputProfile" not in intents[0]:
        problems.append("not exactly one /GTS_PDFA1 output intent with an ICC profile")
    elif int(intents[0].DestOutputProfile.get("/N", 0)) != 3:
        problems.append("the output intent's ICC profile is not an RGB one (/N 3)")
    return problems
