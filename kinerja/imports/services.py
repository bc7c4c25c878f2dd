"""Importing a file: read it, compare it with what is stored (the preview), and apply the preview — all of it in
one transaction, with one audit entry (action ``impor``) per changed value, or nothing.

The web app and ``kinerja import`` both call ``read_file``, then ``preview`` and ``apply``. ``apply`` compares the
file again inside its transaction and refuses when the result is not the preview that was confirmed (somebody
changed the data in between), so what is written is exactly what was shown. Every update is also checked against
the record's version (optimistic locking), like every other write in Kinerja.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from kinerja.accounts.permissions import Capability, can, units_for
from kinerja.plan import models as m
from kinerja.realisation.models import AuditEntry
from kinerja.verify.reading import Grid

from .matching import KINDS, PLAN, REALISATION, Change, Options, Preview, match
from .reading import (
    PLAN_VALUE_ROLES,
    REALISATION_ROLES,
    ROLE_LABELS,
    Layout,
    Problem,
    Role,
    SourceRow,
    Where,
    load_grid,
    read_rows,
    recognise_layout,
)
from .state import ImportSetupError, load_state

ACTION = "impor"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
Progress = Callable[[int, int, str], None]


class ImportRefused(Exception):
    """Nothing was written: the file has errors, the data changed since the preview, or the user may not."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


class StalePreview(ImportRefused):
    """The stored data changed since the preview was made."""


def max_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


@dataclass
class FileReading:
    """A file read and its table recognised: ready to be compared with the store."""

    name: str
    grid: Grid
    layout: Layout
    rows: list[SourceRow]
    problems: list[Problem]
    kind: str
    year: int
    ignored: list[str] = field(default_factory=list)

    @property
    def needs_mapping(self) -> bool:
        return bool(self.layout.unsure) or bool(self.missing())

    def missing(self) -> list[str]:
        """The roles this kind of import cannot do without."""
        layout = self.layout
        missing = []
        if not layout.has(Role.CODE, Role.CODE_PROGRAM, Role.NAME):
            missing.append("kolom kode atau nama program/kegiatan")
        # Names and indicators alone identify nothing (Kinerja's own keselarasan table has just those): a plan file
        # brings its targets or pagu, or the codes that say which element each row is.
        if self.kind == PLAN and not (layout.has(*PLAN_VALUE_ROLES)
                                      or (layout.has(Role.INDICATOR) and layout.has(Role.CODE, Role.CODE_PROGRAM))):
            missing.append(f"kolom target atau pagu tahun {self.year} (atau kolom kode dan indikator)")
        if self.kind == REALISATION:
            if not layout.has(*REALISATION_ROLES):
                missing.append(f"kolom realisasi tahun {self.year} (TW I–IV atau realisasi setahun)")
            if not layout.has(Role.INDICATOR) and layout.has(Role.TW1, Role.TW2, Role.TW3, Role.TW4, Role.YEAR):
                missing.append("kolom indikator (realisasi kinerja dicocokkan dengan nama indikator)")
        return missing

    def sample(self, count: int = 8) -> list[list[str]]:
        """The first rows of the file as printed, for the mapping screen."""
        width = max((c.index for c in self.layout.columns), default=0)
        rows = []
        for row in self.grid.rows[:count + len(self.layout.header_lines)]:
            texts = [""] * width
            for cell in row.cells:
                if cell.column <= width:
                    texts[cell.column - 1] = cell.text
            rows.append([str(row.line), *texts])
        return rows

    def recognition_problems(self) -> list[Problem]:
        where = Where(self.grid.sheet)
        return [Problem("error", reason, where) for reason in [*self.layout.unsure,
                                                                 *(f"tidak ada {m_}" for m_ in self.missing())]]


def read_file(data: bytes, name: str, *, year: int, kind: str | None = None, mapping: dict[int, str] | None = None,
              header_end: int | None = None) -> FileReading:
    """Read and recognise ``data``; ImportReadError (kinerja.imports.reading) when it is not a readable table.
    ``kind`` None: a file with realisation columns is a realisation import, else a plan import."""
    grid = load_grid(data, name, max_bytes=max_bytes())
    layout = recognise_layout(grid, year, mapping=mapping, header_end=header_end)
    if kind is None:
        kind = REALISATION if layout.has(*REALISATION_ROLES) else PLAN
    if kind not in KINDS:
        raise ValueError(f"jenis impor {kind!r}: {KINDS}")
    rows, problems = read_rows(grid, layout)
    by_number = [c.index for c in layout.columns if c.note.startswith("menurut nomor kolom resmi")]
    if by_number:
        problems.append(Problem("warning", "kolom tanpa judul dikenali dari nomor kolom resminya: kolom "
                                + ", ".join(map(str, by_number)) + "; periksa pratinjau", Where(grid.sheet)))
    reading = FileReading(name=name, grid=grid, layout=layout, rows=rows, problems=problems, kind=kind, year=year)
    other = REALISATION_ROLES if kind == PLAN else PLAN_VALUE_ROLES
    reading.ignored = [f"{c.label or c.index} ({ROLE_LABELS[c.role]})" for c in layout.columns if c.role in other]
    return reading


def _check_permission(user, agency: m.Agency, kind: str) -> None:
    if user is None:
        return  # the command line: whoever runs it holds the database
    if kind == PLAN and not can(user, Capability.EDIT_PLAN, agency):
        raise PermissionError("Hanya perencana yang dapat mengimpor rencana, target dan pagu")
    if kind == REALISATION and not units_for(user, Capability.ENTER_REALISATION, agency):
        raise PermissionError("Hanya operator unit yang dapat mengimpor realisasi, untuk indikator unitnya")


def _options(reading: FileReading, quarter: int | None, code_prefix: str) -> Options:
    return Options(kind=reading.kind, year=reading.year, quarter=quarter, code_prefix=code_prefix)


def preview(agency: m.Agency, reading: FileReading, *, user=None, quarter: int | None = None,
            code_prefix: str = "", progress: Progress | None = None) -> Preview:
    """What importing the file would change (nothing is written). A file whose columns are not recognised gives a
    preview with the recognition problems as errors."""
    _check_permission(user, agency, reading.kind)
    options = _options(reading, quarter, code_prefix)
    if reading.needs_mapping:
        result = Preview(options=options)
        result.problems = reading.recognition_problems()
        return result
    try:
        state = load_state(agency, reading.year, user=user, realisation=reading.kind == REALISATION)
    except ImportSetupError as exc:
        raise ImportRefused(str(exc)) from exc
    if progress:
        progress(0, len(reading.rows), "mencocokkan baris dengan data tersimpan")
    result = match(reading.rows, state, options, reading.grid.sheet, progress)
    result.problems.extend(reading.problems)  # after the matcher's own: rows refer to those by index
    if progress:
        progress(len(reading.rows), len(reading.rows), "pratinjau selesai")
    return result


def apply(agency: m.Agency, reading: FileReading, *, user=None, quarter: int | None = None, code_prefix: str = "",
          fingerprint: str | None = None, reason: str = "", progress: Progress | None = None) -> Preview:
    """Write the preview of ``reading``: all of it, in one transaction, or nothing (ImportRefused, StalePreview,
    PermissionError). ``fingerprint``: the preview the user confirmed; refused if the data now gives another."""
    _check_permission(user, agency, reading.kind)
    if reading.needs_mapping:
        raise ImportRefused("kolom berkas belum dikenali", reading.recognition_problems())
    options = _options(reading, quarter, code_prefix)
    reason = reason.strip() or f"impor {reading.name}"
    with transaction.atomic():
        # One import of an agency at a time: the comparison and the writes see the same data.
        m.Agency.objects.select_for_update().filter(pk=agency.pk).first()
        try:
            state = load_state(agency, reading.year, user=user, realisation=reading.kind == REALISATION)
        except ImportSetupError as exc:
            raise ImportRefused(str(exc)) from exc
        result = match(reading.rows, state, options, reading.grid.sheet)
        result.problems.extend(reading.problems)  # after the matcher's own: rows refer to those by index
        if result.errors:
            raise ImportRefused(f"{len(result.errors)} galat dalam berkas: tidak ada yang disimpan", result.errors)
        if fingerprint is not None and result.fingerprint() != fingerprint:
            raise StalePreview("data tersimpan berubah sejak pratinjau dibuat: tidak ada yang disimpan; buat "
                               "pratinjau baru")
        try:
            with transaction.atomic():
                _Writer(agency, state, user, reason, progress).write(result.changes)
        except IntegrityError:
            # Somebody entered one of these values on the entry screen since the comparison: one row per value.
            raise StalePreview("data tersimpan berubah sejak pratinjau dibuat: tidak ada yang disimpan; buat "
                               "pratinjau baru") from None
    return result


class _Writer:
    """Writes the changes: every update checked against its version, creations in bulk (an import may create tens
    of thousands of rows), one audit entry per changed field."""

    def __init__(self, agency: m.Agency, state, user, reason: str, progress: Progress | None):
        self.agency, self.state, self.user, self.reason, self.progress = agency, state, user, reason, progress
        self.created: dict[str, object] = {}
        self.audits: list[AuditEntry] = []
        self.done = 0
        self.total = 0

    def write(self, changes: list[Change]) -> None:
        self.total = len(changes)
        by_op: dict[str, list[Change]] = {}
        for change in changes:
            by_op.setdefault(change.op, []).append(change)
        try:
            for change in by_op.get("create-revision", []):
                self.create_revision(change)
            self.create_elements(by_op.get("create-element", []))
            for change in by_op.get("update-element", []):
                self.audit(self.updated(m.PlanElement, change, name=change.data["name"]), change)
            for change in by_op.get("update-indicator", []):
                self.audit(self.updated(m.Indicator, change, satuan=change.data["satuan"][:80]), change)
            self.bulk(m.Indicator, by_op.get("create-indicator", []), self.new_indicator)
            self.values(m.Target, by_op.get("set-target", []), self.target_values, self.new_target)
            self.values(m.Budget, by_op.get("set-budget", []), self.budget_values, self.new_budget)
            self.values(m.Realisation, by_op.get("set-realisation", []), self.realisation_values,
                        self.new_realisation)
            self.values(m.BudgetRealisation, by_op.get("set-budget-realisation", []), self.budget_realisation_values,
                        self.new_budget_realisation)
        except IntegrityError as exc:
            raise StalePreview("data telah diisi pengguna lain sejak pratinjau dibuat") from exc
        AuditEntry.objects.bulk_create(self.audits, batch_size=1000)

    def step(self, count: int = 1) -> None:
        self.done += count
        if self.progress:
            self.progress(self.done, self.total, "menyimpan")

    def audit(self, obj, change: Change) -> None:
        for name, old, new in change.fields:
            self.audits.append(AuditEntry(
                agency=self.agency, user=self.user, action=ACTION, object_type=obj._meta.label_lower,
                object_id=obj.pk, field=name, old=old, new=new, reason=self.reason))

    def pk(self, ref: str | None) -> int | None:
        if ref is None:
            return None
        if ref in self.created:
            return self.created[ref].pk
        if ref[0] in "eir" and ref[1:].isdigit():
            return int(ref[1:])
        raise KeyError(ref)

    def updated(self, model, change: Change, **values) -> object:
        data = change.data
        count = model.objects.filter(pk=data["pk"], version=data["version"]).update(**values,
                                                                                    version=F("version") + 1)
        if not count:
            raise StalePreview(f"{change.label}: telah diubah pengguna lain sejak pratinjau dibuat")
        self.step()
        return model(pk=data["pk"])

    def bulk(self, model, changes: list[Change], build) -> None:
        """Create one object per change in bulk, remember it under the change's ref and audit it."""
        objects = [build(change) for change in changes]
        if connection.features.can_return_rows_from_bulk_insert:
            model.objects.bulk_create(objects, batch_size=500)
        else:
            for obj in objects:
                obj.save(force_insert=True)
        for change, obj in zip(changes, objects, strict=True):
            self.created[change.ref] = obj
            self.audit(obj, change)
        self.step(len(changes))

    def values(self, model, changes: list[Change], fields, build) -> None:
        for change in changes:
            if change.data["pk"]:
                self.audit(self.updated(model, change, **fields(change.data)), change)
        self.bulk(model, [c for c in changes if not c.data["pk"]], build)

    def create_revision(self, change: Change) -> None:
        year = change.data["year"]
        key, suffix = f"renja-{year}-murni", 1
        while m.Revision.objects.filter(agency=self.agency, key=key).exists():
            suffix += 1
            key = f"renja-{year}-murni-{suffix}"
        number = (m.Revision.objects.filter(agency=self.agency).order_by("-number")
                  .values_list("number", flat=True).first() or 0) + 1
        revision = m.Revision.objects.create(
            agency=self.agency, strategic_plan_id=self.state.plan_pk, key=key, document=m.Revision.Document.RENJA,
            year=year, label=m.Revision.Label.MURNI, number=number, date=dt.date.today(), source=self.reason)
        self.created["r-new"] = revision
        self.audit(revision, change)
        self.step()

    def create_elements(self, changes: list[Change]) -> None:
        """Parents before children: each round creates the elements whose parent exists by then."""
        pending = changes
        while pending:
            ready = [c for c in pending if c.data["parent"] is None or not c.data["parent"].startswith("n")
                     or c.data["parent"] in self.created]
            self.bulk(m.PlanElement, ready, lambda c: m.PlanElement(
                strategic_plan_id=self.state.plan_pk, parent_id=self.pk(c.data["parent"]), level=c.data["level"],
                key=c.data["key"], code=c.data["code"], name=c.data["name"], unit_id=c.data["unit"],
                position=c.data["position"]))
            pending = [c for c in pending if c.ref not in self.created]

    def new_indicator(self, change: Change) -> m.Indicator:
        d = change.data
        return m.Indicator(element_id=self.pk(d["element"]), position=d["position"], name=d["name"],
                           satuan=d["satuan"][:80], value_kind=d["value_kind"], scale_id=d["scale"])

    @staticmethod
    def target_values(d: dict) -> dict:
        return {"value": _decimal(d["value"]), "category": d["category"], "unit": d["unit"][:80], "text": d["text"]}

    def new_target(self, change: Change) -> m.Target:
        d = change.data
        return m.Target(indicator_id=self.pk(d["indicator"]), revision_id=self.pk(d["revision"]), kind=d["kind"],
                        year=d["year"], **self.target_values(d))

    @staticmethod
    def budget_values(d: dict) -> dict:
        return {"amount": Decimal(d["amount"]), "location": d["location"][:200], "note": d["note"]}

    def new_budget(self, change: Change) -> m.Budget:
        d = change.data
        return m.Budget(element_id=self.pk(d["element"]), revision_id=self.pk(d["revision"]), kind=d["kind"],
                        year=d["year"], **self.budget_values(d))

    @staticmethod
    def realisation_values(d: dict) -> dict:
        return {"value": _decimal(d["value"]), "category": d["category"], "unit": d["unit"][:80], "text": d["text"],
                "warnings": d.get("warnings", []), "updated_at": timezone.now()}

    def new_realisation(self, change: Change) -> m.Realisation:
        d = change.data
        return m.Realisation(indicator_id=self.pk(d["indicator"]), year=d["year"], period=d["period"],
                             **self.realisation_values(d))

    @staticmethod
    def budget_realisation_values(d: dict) -> dict:
        return {"amount": Decimal(d["amount"]), "warnings": d.get("warnings", []), "updated_at": timezone.now()}

    def new_budget_realisation(self, change: Change) -> m.BudgetRealisation:
        d = change.data
        return m.BudgetRealisation(element_id=self.pk(d["element"]), year=d["year"], period=d["period"],
                                   **self.budget_realisation_values(d))


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None
