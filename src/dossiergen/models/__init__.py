"""Record schemas: what a valid project, press notice or minutes record holds."""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field, TypeAdapter

from .common import LANGS, Lang, LocalizedText, Organisation, Party, Person
from .minutes import MinutesRecord
from .press import PressRecord
from .project import ProjectRecord

RecordData = Annotated[Union[ProjectRecord, PressRecord, MinutesRecord], Field(discriminator="kind")]
RECORD_ADAPTER: TypeAdapter[ProjectRecord | PressRecord | MinutesRecord] = TypeAdapter(RecordData)

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
    "RECORD_ADAPTER",
    "RecordData",
]
