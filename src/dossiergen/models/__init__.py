"""Record schemas: what a valid project, press notice or minutes record holds."""

from __future__ import annotations

from dossiergen.models.common import LANGS, Lang, LocalizedText, Organisation, Party, Person, ProseText
from dossiergen.models.minutes import MinutesRecord
from dossiergen.models.press import PressRecord
from dossiergen.models.project import ProjectRecord

RecordData = ProjectRecord | PressRecord | MinutesRecord
RECORD_MODELS: dict[str, type[RecordData]] = {"project": ProjectRecord, "press": PressRecord, "minutes": MinutesRecord}
"""The model of each record kind, by the record's ``kind:``."""

__all__ = [
    "LANGS",
    "Lang",
    "LocalizedText",
    "MinutesRecord",
    "Organisation",
    "Party",
    "Person",
    "PressRecord",
    "ProjectRecord",
    "ProseText",
    "RECORD_MODELS",
    "RecordData",
]
