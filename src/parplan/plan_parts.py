"""The pieces of a plan as read, before they become a :class:`~parplan.model.Plan`.

:class:`PlanParts` holds the validated sections of one plan folder, each :class:`Located` in its
file, the files as read (:class:`parplan.source_file.SourceFile`) and the
:class:`parplan.findings.PendingFinding` s whose line and column are looked up once every finding
is known (:mod:`parplan.yaml_places`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from parplan.findings import PendingFinding, YamlPath
from parplan.model import (
    CalendarSettings,
    ImportMapping,
    IndexResult,
    Measurement,
    OfficeSettings,
    Plan,
    PlanDocument,
    PlanIndex,
    ReportingSettings,
    ReportSettings,
    Target,
    Task,
    Unit,
)
from parplan.source_file import SourceFile

__all__ = ["Located", "PlanParts"]

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Located(Generic[T]):
    """A validated item and where it stands: its file and its YAML path in that file."""

    value: T
    file: Path
    path: YamlPath


@dataclass
class PlanParts:
    """The validated pieces of one plan folder, each with its place, before they become a Plan."""

    folder: Path
    files: list[SourceFile] = field(default_factory=list)
    documents: list[Located[PlanDocument]] = field(default_factory=list)
    departments: list[Located[Unit]] = field(default_factory=list)
    indexes: list[Located[PlanIndex]] = field(default_factory=list)
    reporting: list[Located[ReportingSettings]] = field(default_factory=list)
    calendars: list[Located[CalendarSettings]] = field(default_factory=list)
    offices: list[Located[OfficeSettings]] = field(default_factory=list)
    reports: list[Located[ReportSettings]] = field(default_factory=list)
    targets: list[Located[Target]] = field(default_factory=list)
    results: list[Located[IndexResult]] = field(default_factory=list)
    measurements: list[Located[Measurement]] = field(default_factory=list)
    imports: list[Located[ImportMapping]] = field(default_factory=list)
    tasks: list[Located[Task]] = field(default_factory=list)
    # Codes written in registry entries that failed validation: referring to them is not a
    # second error.
    unvalidated_codes: dict[str, set[str]] = field(default_factory=dict)
    findings: list[PendingFinding] = field(default_factory=list)
    complete: bool = True
    """False when some file or section could not be read: cross-file rules then say less."""

    def problem(
        self, file: Path, rule: str, message: str, path: YamlPath = (), *, at_key: bool = False
    ) -> None:
        self.findings.append(PendingFinding(file, rule, message, path, at_key))

    def plan(self) -> Plan:
        return Plan(
            folder=self.folder,
            document=self.documents[0].value,
            departments=tuple(item.value for item in self.departments),
            indexes=tuple(item.value for item in self.indexes),
            reporting=self.reporting[0].value if self.reporting else ReportingSettings(),
            calendar=self.calendars[0].value if self.calendars else CalendarSettings(),
            office=self.offices[0].value if self.offices else OfficeSettings(),
            report=self.reports[0].value if self.reports else ReportSettings(),
            targets=tuple(item.value for item in self.targets),
            results=tuple(item.value for item in self.results),
            measurements=tuple(item.value for item in self.measurements),
            imports=tuple(item.value for item in self.imports),
            tasks=tuple(item.value for item in self.tasks),
        )
