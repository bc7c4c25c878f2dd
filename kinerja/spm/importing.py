"""Importing the plan tables of issue 14 from CSV or XLSX: the code crosswalk (pemetaan kode pra-2020 →
Permendagri 90), Tabel 7's lokasi and sumber dana, the PSKS and the jenis pelayanan dasar SPM.

One path for every caller: the demo loader and ``kinerja manage impor_tabel`` both call ``import_table``. A file is
read and checked whole before anything is written, inside one transaction, and replaces the agency's lines of
that table for that year (or Renstra pair); a bad cell stops the import with the file, row and column named, in
Indonesian, and the database stays as it was.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from kinerja.engine import CodeFormatError, CodeScheme, NumberFormatError, NumberKind, parse_code, read_number
from kinerja.plan import models as m

from .models import BasicService, ServiceComponent, ServiceRecipient, WelfarePotential

__all__ = ["KINDS", "TableImportError", "import_table", "read_table"]


class TableImportError(Exception):
    """A file that cannot be imported, with where (file, row, column) and why, in Indonesian."""

    def __init__(self, path: Path | str, message: str, row: int | None = None, column: str | None = None):
        self.path, self.row, self.column, self.message = Path(path), row, column, message
        where = Path(path).name
        if row is not None:
            where += f", baris {row}"
        if column:
            where += f", kolom {column!r}"
        super().__init__(f"{where}: {message}")


@dataclass
class Row:
    path: Path
    number: int
    data: dict[str, str]

    def get(self, column: str) -> str:
        return " ".join((self.data.get(column) or "").split())

    def require(self, column: str) -> str:
        value = self.get(column)
        if not value:
            raise self.error(column, "wajib diisi")
        return value

    def error(self, column: str | None, message: str) -> TableImportError:
        return TableImportError(self.path, message, self.number, column)


def read_table(path: Path, required: list[str], content: bytes | None = None) -> list[Row]:
    """The data rows of a CSV (UTF-8) or XLSX file (first sheet), the first row being the column names."""
    path = Path(path)
    try:
        raw = content if content is not None else path.read_bytes()
    except OSError as exc:
        raise TableImportError(path, "tidak dapat dibaca: berkas tidak ada atau tidak boleh dibuka") from exc
    if raw.startswith(b"PK\x03\x04"):
        grid = _xlsx_grid(path, raw)
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise TableImportError(path, "bukan teks UTF-8 (simpan sebagai CSV UTF-8 atau XLSX)") from exc
        grid = list(csv.reader(io.StringIO(text, newline="")))
    if not grid:
        raise TableImportError(path, "berkas kosong")
    header = [h.strip() for h in grid[0]]
    missing = [c for c in required if c not in header]
    if missing:
        raise TableImportError(path, f"kolom tidak ada: {', '.join(missing)}", 1)
    rows = []
    for number, cells in enumerate(grid[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            raise TableImportError(path, "lebih banyak sel daripada judul kolom", number)
        rows.append(Row(path, number, dict(zip(header, cells, strict=False))))
    return rows


def _xlsx_grid(path: Path, raw: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(raw), read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # noqa: BLE001 — any damage to the workbook is one refusal
        raise TableImportError(path, f"buku kerja XLSX rusak atau tidak terbaca ({type(exc).__name__})") from exc
    grid = []
    for values in sheet.iter_rows(values_only=True):
        grid.append(["" if v is None else (format(v, "f") if isinstance(v, Decimal) else str(v)) for v in values])
    return grid


def _fits(row: Row, instance, columns: dict[str, str]):
    """Refuse a cell longer than its field (PostgreSQL would stop the import with a database error, SQLite would
    keep it): ``columns`` maps field name → file column."""
    for field_name, column in columns.items():
        limit = instance._meta.get_field(field_name).max_length
        value = getattr(instance, field_name)
        if value and len(value) > limit:
            raise row.error(column, f"terlalu panjang: {len(value)} karakter, paling banyak {limit}")
    return instance


# -- the four tables -----------------------------------------------------------------------------------------------

NOT_PRE_2020 = "%r bukan kode pra-2020 (program 0106.27, kegiatan 0106.27.001)"
NOT_P90 = "%r bukan kode program Permendagri 90 (1.06.04)"
CROSSWALK_COLUMNS = ["list", "number", "old_code_printed", "old_code", "old_name", "old_indicator",
                     "subactivity_name", "subactivity_indicator", "activity_name", "activity_indicator",
                     "program_name", "program_indicator", "program_code", "analysis"]


def _old_code(row: Row, program: str | None) -> tuple[str, str, str | None]:
    """(level, normalised code, program code) of a printed kode SIMRAL: ``0000.06`` and ``0:01`` are programs
    (the colon is the document's typing of a dot), ``06.001`` and ``30,009`` kegiatan of the program above, whose
    number they repeat."""
    printed = row.get("old_code_printed")
    given = row.get("old_code")
    if given:  # the transcriber read a code the cell does not print legibly (the remarks say why)
        try:
            code = parse_code(given, CodeScheme.PRE_2020)
        except CodeFormatError as exc:
            raise row.error("old_code", NOT_PRE_2020 % exc.text) from exc
        level = m.OfficialRowLevel.PROGRAM if code.level == "program" else m.OfficialRowLevel.ACTIVITY
        return level, code.text, code.text if level == m.OfficialRowLevel.PROGRAM else program
    if not printed:
        return "", "", program
    head, sep, tail = printed.replace(":", ".").replace(",", ".").partition(".")
    if not sep or not (head.isdigit() and tail.isdigit()):
        raise row.error("old_code_printed", f"{printed!r} bukan kode program (0106.30) atau kegiatan (30,009); "
                                            "isi kolom old_code dengan kode yang dimaksud")
    if len(tail) == 3:  # kegiatan: program number . kegiatan number
        if program is None:
            raise row.error("old_code_printed", f"kegiatan {printed!r} tidak berada di bawah program")
        if program.split(".")[-1] != head.zfill(2):
            raise row.error("old_code_printed", f"kegiatan {printed!r} tidak termasuk program {program} di atasnya")
        return m.OfficialRowLevel.ACTIVITY, f"{program}.{tail}", program
    try:
        code = parse_code(f"{head}.{tail}", CodeScheme.PRE_2020)
    except CodeFormatError as exc:
        raise row.error("old_code_printed", NOT_PRE_2020 % exc.text) from exc
    return m.OfficialRowLevel.PROGRAM, code.text, code.text


def _normalised(code: str, scheme: CodeScheme) -> str:
    try:
        return parse_code(code, scheme).text
    except CodeFormatError:
        return ""


def import_crosswalk(path: Path, agency: m.Agency, *, source_plan: m.StrategicPlan, target_plan: m.StrategicPlan,
                     source: str = "", content: bytes | None = None) -> int:
    rows = read_table(path, CROSSWALK_COLUMNS, content)
    old_elements = {_normalised(e.code, CodeScheme.PRE_2020): e
                    for e in m.PlanElement.objects.filter(strategic_plan=source_plan).exclude(code="")}
    new_programs = {_normalised(e.code, CodeScheme.PERMENDAGRI_90): e
                    for e in m.PlanElement.objects.filter(strategic_plan=target_plan, level=m.Level.PROGRAM)}
    lists = set(m.CodeCrosswalk.List.values)
    lines: list[m.CodeCrosswalk] = []
    group, program, old_element = "", None, None
    for position, row in enumerate(rows):
        kind = row.get("list") or m.CodeCrosswalk.List.MAPPED
        if kind not in lists:
            raise row.error("list", f"{kind!r} bukan salah satu dari {sorted(lists)}")
        printed = row.get("old_code_printed")
        level, old_code = "", ""
        if kind == m.CodeCrosswalk.List.MAPPED and printed.upper().startswith(("URUSAN", "SUB URUSAN")):
            # A heading line of the annex: the urusan or sub urusan the lines below it belong to.
            level = m.OfficialRowLevel.URUSAN if printed.upper().startswith("URUSAN") else m.OfficialRowLevel.BIDANG
            group, old_element = printed, None
        elif kind == m.CodeCrosswalk.List.MAPPED:
            level, old_code, program = _old_code(row, program)
            if level:
                old_element = old_elements.get(old_code)
            # A line without a code adds a sub kegiatan to the kegiatan above it: it joins the same old element.
        else:
            old_element = None
        program_code = row.get("program_code")
        new_program = None
        if program_code:
            try:
                program_code = parse_code(program_code, CodeScheme.PERMENDAGRI_90).text
            except CodeFormatError as exc:
                raise row.error("program_code", NOT_P90 % exc.text) from exc
            new_program = new_programs.get(program_code)
            if new_program is None:
                raise row.error("program_code", f"program {program_code} tidak ada di {target_plan.name}")
        lines.append(_fits(row, m.CodeCrosswalk(
            agency=agency, source_plan=source_plan, target_plan=target_plan, position=position, list=kind,
            group=group if level not in (m.OfficialRowLevel.URUSAN, m.OfficialRowLevel.BIDANG) else "",
            number=row.get("number"), old_level=level, old_code_printed=printed, old_code=old_code,
            old_name=row.get("old_name"), old_indicator=row.get("old_indicator"),
            subactivity_name=row.get("subactivity_name"), subactivity_indicator=row.get("subactivity_indicator"),
            activity_name=row.get("activity_name"), activity_indicator=row.get("activity_indicator"),
            program_name=row.get("program_name"), program_indicator=row.get("program_indicator"),
            program_code=program_code, analysis=row.get("analysis"),
            # A line without a code (level empty) joins the kegiatan above it; a heading joins nothing.
            old_element=old_element if kind == m.CodeCrosswalk.List.MAPPED else None,
            new_program=new_program, source=source,
        ), {"old_code_printed": "old_code_printed", "number": "number"}))
    with transaction.atomic():
        m.CodeCrosswalk.objects.filter(agency=agency, source_plan=source_plan).delete()
        m.CodeCrosswalk.objects.bulk_create(lines)
    return len(lines)


FUNDING_COLUMNS = ["level", "code", "code_printed", "name", "indicator", "lokasi", "sumber_dana", "printed_target"]
FUNDING_REPORT = "pendanaan"
FUNDING_LEVELS = {m.OfficialRowLevel.URUSAN, m.OfficialRowLevel.BIDANG, m.OfficialRowLevel.PROGRAM,
                  m.OfficialRowLevel.ACTIVITY, m.OfficialRowLevel.SUBACTIVITY}


def import_funding(path: Path, agency: m.Agency, *, revision: m.Revision, year: int, source: str = "",
                   content: bytes | None = None) -> int:
    rows = read_table(path, FUNDING_COLUMNS, content)
    plan = revision.strategic_plan
    scheme = CodeScheme(plan.code_scheme)
    elements = {e.code: e for e in m.PlanElement.objects.filter(strategic_plan=plan).exclude(code="")}
    lines: list[m.FundingLine] = []
    figures: list[m.PrintedFigure] = []
    for position, row in enumerate(rows):
        level = row.require("level")
        if level not in FUNDING_LEVELS:
            raise row.error("level", f"{level!r} bukan salah satu dari {sorted(FUNDING_LEVELS)}")
        printed = row.require("code")
        try:
            code = parse_code(printed, scheme)
        except CodeFormatError as exc:
            raise row.error("code", f"kode {exc.text!r} tidak terbaca menurut kodefikasi {scheme.value}") from exc
        if code.level != level:
            raise row.error("level", f"kode {code.text} adalah {code.level}, bukan {level}")
        element = None
        name = row.get("name")
        if level in (m.OfficialRowLevel.URUSAN, m.OfficialRowLevel.BIDANG):
            if not name:
                raise row.error("name", "baris urusan/bidang memerlukan namanya")
        else:
            element = elements.get(code.text)
            if element is None:
                raise row.error("code", f"{code.text} tidak ada di {plan.name}")
        if row.get("printed_target"):
            # The table prints another target than the Renja holds (seed 001 Tabel 7 against Tabel 8): kept as a
            # printed figure of this table, shown beside the stored target, never stored as the target.
            if element is None:
                raise row.error("printed_target", "target tercetak hanya untuk baris program/kegiatan/sub kegiatan")
            figures.append(m.PrintedFigure(agency=agency, report=FUNDING_REPORT, year=year, element=element,
                                           column="5", measure="K", text=row.get("printed_target"), source=source))
        lines.append(_fits(row, m.FundingLine(
            agency=agency, revision=revision, year=year, position=position, level=level, code=code.text,
            code_printed=row.get("code_printed"), element=element,
            name=name if element is None else "", printed_name=name, printed_indicator=row.get("indicator"),
            location=row.get("lokasi"), funding_source=row.get("sumber_dana"), source=source),
            {"code_printed": "code_printed", "location": "lokasi", "funding_source": "sumber_dana"}))
    with transaction.atomic():
        m.FundingLine.objects.filter(agency=agency, revision=revision, year=year).delete()
        m.FundingLine.objects.bulk_create(lines)
        m.PrintedFigure.objects.filter(agency=agency, report=FUNDING_REPORT, year=year).delete()
        m.PrintedFigure.objects.bulk_create(figures)
    return len(lines)


PSKS_COLUMNS = ["group", "name", "count", "unit"]


def import_psks(path: Path, agency: m.Agency, *, year: int, source: str = "", content: bytes | None = None) -> int:
    rows = read_table(path, PSKS_COLUMNS, content)
    groups = set(WelfarePotential.Group.values)
    lines = []
    for position, row in enumerate(rows):
        group = row.require("group")
        if group not in groups:
            raise row.error("group", f"{group!r} bukan salah satu dari {sorted(groups)}")
        try:
            reading = read_number(row.require("count"), NumberKind.COUNT)
        except NumberFormatError as exc:
            raise row.error("count", f"bukan bilangan: {exc.reason_in('id')}") from exc
        if reading.unit:
            raise row.error("count", f"satuan {reading.unit!r} ditulis di kolom unit, bukan di jumlah")
        count = reading.value
        if count < 0:
            raise row.error("count", "jumlah tidak boleh negatif")
        lines.append(_fits(row, WelfarePotential(agency=agency, year=year, position=position, group=group,
                                                 name=row.require("name"), count=count, unit=row.require("unit"),
                                                 source=row.get("source") or source), {"unit": "unit"}))
    with transaction.atomic():
        WelfarePotential.objects.filter(agency=agency, year=year).delete()
        WelfarePotential.objects.bulk_create(lines)
    return len(lines)


SPM_COLUMNS = ["service_no", "service", "target", "cara_hitung", "indicator", "sasaran_no", "sasaran", "kebutuhan",
               "komponen_biaya", "program", "program_code", "kegiatan"]


def import_spm(path: Path, agency: m.Agency, *, year: int, source: str = "", content: bytes | None = None) -> int:
    """One row per printed line: the first line of a service names it (``service``, ``target``, ``cara_hitung``,
    ``indicator`` — the stored indicator's name, optional); a line with ``sasaran`` adds a recipient, one with
    ``kebutuhan``, ``komponen_biaya`` or ``kegiatan`` a cost component (``program`` carries down to the lines
    below it within the service, as the merged cell prints it)."""
    rows = read_table(path, SPM_COLUMNS, content)
    # The indicator is looked for in the Renstra covering the year only: an older period may hold one of the same
    # name (seed 000 lists the disaster indicator too), which is another indicator.
    indicators = m.Indicator.objects.filter(element__strategic_plan__agency=agency,
                                            element__strategic_plan__first_year__lte=year,
                                            element__strategic_plan__last_year__gte=year)
    programs = {e.code: e for e in m.PlanElement.objects.filter(strategic_plan__agency=agency, level=m.Level.PROGRAM)
                .exclude(code="").select_related("strategic_plan") if e.strategic_plan.covers(year)}
    services: list[tuple[BasicService, list[ServiceRecipient], list[ServiceComponent]]] = []
    program_name, program = "", None
    for row in rows:
        number = row.get("service_no")
        if not services or (number and number != services[-1][0].number):
            name = row.require("service")
            indicator = None
            if row.get("indicator"):
                found = [i for i in indicators.filter(name=row.get("indicator"))]
                if len(found) != 1:
                    raise row.error("indicator", f"indikator {row.get('indicator')!r} "
                                                 f"{'tidak ada' if not found else 'tidak tunggal'} di data tersimpan")
                indicator = found[0]
            service = BasicService(agency=agency, year=year, position=len(services), number=number, name=name,
                                   target=row.get("target"), calculation=row.get("cara_hitung"), indicator=indicator,
                                   source=source)
            services.append((_fits(row, service, {"number": "service_no"}), [], []))
            program_name, program = "", None
        elif row.get("service") and row.get("service") != services[-1][0].name:
            raise row.error("service", "nomor layanan yang sama dengan nama lain")
        service, recipients, components = services[-1]
        if row.get("sasaran"):
            recipients.append(_fits(row, ServiceRecipient(position=len(recipients), number=row.get("sasaran_no"),
                                                          name=row.get("sasaran")), {"number": "sasaran_no"}))
        if row.get("program"):
            program_name = row.get("program")
            program = None
            if row.get("program_code"):
                try:
                    code = parse_code(row.get("program_code"), CodeScheme.PERMENDAGRI_90).text
                except CodeFormatError as exc:
                    raise row.error("program_code", NOT_P90 % exc.text) from exc
                program = programs.get(code)
                if program is None:
                    raise row.error("program_code", f"program {code} tidak ada di Renstra tahun {year}")
        if row.get("kebutuhan") or row.get("komponen_biaya") or row.get("kegiatan"):
            components.append(ServiceComponent(position=len(components), need=row.get("kebutuhan"),
                                               cost_components=row.get("komponen_biaya"), program_name=program_name,
                                               activity_name=row.get("kegiatan"), program=program))
    with transaction.atomic():
        BasicService.objects.filter(agency=agency, year=year).delete()
        for service, recipients, components in services:
            service.save()
            for line in (*recipients, *components):
                line.service = service
            ServiceRecipient.objects.bulk_create(recipients)
            ServiceComponent.objects.bulk_create(components)
    return len(services)


# kind → (importer, what it needs besides the agency)
KINDS: dict[str, tuple[Callable[..., int], tuple[str, ...]]] = {
    "kode-lama": (import_crosswalk, ("source_plan", "target_plan")),
    "pendanaan": (import_funding, ("revision", "year")),
    "psks": (import_psks, ("year",)),
    "spm-layanan": (import_spm, ("year",)),
}


def import_table(kind: str, path: Path, agency: m.Agency, **params) -> int:
    """Import one file of ``kind`` for ``agency``; returns the number of lines (services for SPM) written."""
    if kind not in KINDS:
        raise TableImportError(path, f"jenis tabel {kind!r} tidak dikenal: pilih {', '.join(KINDS)}")
    importer, _needs = KINDS[kind]
    return importer(path, agency, **params)
