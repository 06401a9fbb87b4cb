"""A fuzzer of valid records: whatever the lengths, scripts, numbers and dates, each one renders
without an error, an overflow, an overlap or a missing glyph (``dossiergen check``).

Each example is the reference project with random texts (words drawn from the samples' Korean,
Khmer and English, in random numbers, with figures and long numbers among them), a random
crediting period with a random fleet a year (the AMS-III.C estimate), random mitigation outcomes
within the estimate, a random quantity authorized and random agreement terms, rendered in a
random language set. A render takes a second or two, so CI runs ``RANDOM_RECORDS`` examples (12); a longer run
is ``DOSSIERGEN_RANDOM_RECORDS=200 .venv/bin/python -m pytest tests/test_random_records.py``.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossiergen.formats.pdf import render_document
from dossiergen.i18n.languages import parse_langs
from dossiergen.records.loading import load_record
from dossiergen.render.layout_check import check_pdf

from .conftest import ALL_SAMPLES, DATA

RANDOM_RECORDS = int(os.environ.get("DOSSIERGEN_RANDOM_RECORDS", "12"))
REFERENCE = yaml.safe_load((DATA / "invalid" / "ref-project.yaml").read_text(encoding="utf-8"))


def _words() -> dict[str, list[str]]:
    """The words of the samples, per language: text the fonts are known to cover."""
    words: dict[str, set[str]] = {"ko": set(), "km": set(), "en": set()}

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in words and isinstance(item, str):
                    words[key].update(w for w in item.split() if not re.search(r"[{}]", w))
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in ALL_SAMPLES:
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return {lang: sorted(found) for lang, found in words.items()}


WORDS = _words()


def text(lang: str, most: int) -> st.SearchStrategy[str]:
    word = st.one_of(st.sampled_from(WORDS[lang]), st.integers(0, 10**12).map(str),
                     st.sampled_from(["680,000", "2025-2034", "(LoA)", "—", "%", "tCO2e"]))
    return st.lists(word, min_size=1, max_size=most).map(" ".join)


def localized(most: int) -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({lang: text(lang, most) for lang in ("ko", "km", "en")})


@st.composite
def projects(draw: st.DrawFn) -> dict[str, Any]:
    record = yaml.safe_load(yaml.safe_dump(REFERENCE))  # a deep copy
    record["title"] = draw(localized(25))
    record["technology"] = draw(localized(12))
    record["location"] = draw(localized(12))
    record["description"] = draw(st.lists(localized(150), min_size=1, max_size=4))
    start = draw(st.integers(2025, 2030))
    end = start + draw(st.integers(0, 14))
    record["crediting_period"] = {"start": date(start, 1, 1), "end": date(end, 12, 31)}
    # a fleet a year that the AMS-III.C parameters turn into an estimate, and outcomes within it
    fleet = [{"year": year, "vehicles": draw(st.integers(2, 2_000_000))} for year in range(start, end + 1)]
    record["methodology"]["parameters"]["fleet"] = fleet
    estimate = int(sum(row["vehicles"] for row in fleet) * 0.76)  # 0.7615 t a vehicle-year, rounded down
    outcomes = draw(st.integers(1, estimate))
    authorization = record["authorization"]
    authorization["mitigation_outcomes_t"] = outcomes
    authorization["uses"] = [{"purpose": "ndc", "acquiring_party": "KOR", "quantity_t": draw(st.integers(1, outcomes))}]
    record["agreement"] = {
        "share_of_proceeds": {"percent": draw(st.integers(0, 10)), "form": draw(st.sampled_from(["units", "money"])),
                              "rounding": draw(st.sampled_from(["up", "down", "nearest"]))},
        "omge": {"percent": draw(st.integers(0, 5)), "rounding": draw(st.sampled_from(["up", "down", "nearest"]))}}
    for role in ("host", "acquiring"):  # vintages after 2035 need a rule
        record["ndc"][role]["outside"] = draw(st.sampled_from(["next_ndc", "not_counted"]))
    return record


@settings(max_examples=RANDOM_RECORDS, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                               HealthCheck.too_slow])
@given(record=projects(), lang_set=st.sampled_from(["ko+en", "km+en", "ko+km", "ko+km+en"]))
def test_a_random_valid_record_renders_cleanly(record: dict[str, Any], lang_set: str, tmp_path_factory) -> None:
    folder = tmp_path_factory.mktemp("random")
    path = folder / "project.yaml"
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    pdf = folder / "project.pdf"
    pdf.write_bytes(render_document(load_record(path), parse_langs(lang_set)))
    findings = check_pdf(pdf)  # a nearly empty page included: the render stage rebalances (render/pdf/rebalance.py)
    assert not findings, [str(finding.problem(Path(pdf.name))) for finding in findings[:5]]
