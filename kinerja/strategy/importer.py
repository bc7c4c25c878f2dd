"""Import one strategic-context table from CSV or XLSX (the first sheet): header row of column names, then one row
per printed line, text as printed.

Every kind replaces what its scope held (the agency's year, the Renstra period, or the region's RPJMD period), in
one transaction; a bad row stops the import with the file, row and column, and nothing is written. The demo
loader reads the transcribed seed tables through the same functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import models, transaction

from kinerja.engine import NumberFormatError, NumberKind, read_number
from kinerja.imports.reading import ImportReadError, load_grid
from kinerja.plan import models as m

from . import models as s
from .kinds import KIND_COLUMNS

IGNORED = {"remarks"}  # the transcriber's notes in the demo files: never stored
CODE_PREFIX = re.compile(r"^\s*(?P<code>[0-9]+(?:\.[0-9]+)*)\s+-\s+")


class StrategyImportError(Exception):
    """A file that cannot be imported: where (file, row, column) and why, in Indonesian."""

    def __init__(self, name: str, message: str, line: int | None = None, column: str | None = None):
        self.name, self.message, self.line, self.column = name, message, line, column
        where = name
        if line is not None:
            where += f", baris {line}"
        if column:
            where += f", kolom {column!r}"
        super().__init__(f"{where}: {message}")


@dataclass
class Line:
    """One data row, which reports its own place in errors."""

    name: str
    number: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return " ".join((self.values.get(column) or "").split())

    def require(self, column: str) -> str:
        value = self.get(column)
        if not value:
            raise self.error(column, "wajib diisi")
        return value

    def error(self, column: str | None, message: str) -> StrategyImportError:
        return StrategyImportError(self.name, message, self.number, column)

    def choice(self, column: str, allowed: dict[str, str]) -> str:
        value = self.get(column).lower()
        if value not in allowed:
            raise self.error(column, f"{self.get(column)!r} bukan salah satu dari: {', '.join(allowed)}")
        return allowed[value]


@dataclass
class Scope:
    """Where the rows go: the agency, the year the document is for, the Renstra period covering it, options."""

    agency: m.Agency
    year: int
    plan: m.StrategicPlan
    options: dict = field(default_factory=dict)
    source: str = ""


@dataclass(frozen=True)
class Kind:
    label: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    write: Callable[[Scope, list[Line], str], int]


def read_lines(data: bytes, name: str, kind: Kind) -> list[Line]:
    """The data rows of the file under its header; refuses missing or unknown columns."""
    try:
        grid = load_grid(data, name, max_bytes=settings.IMPORT_MAX_BYTES)
    except ImportReadError as exc:
        raise StrategyImportError(name, str(exc).removeprefix(f"{name}: ")) from None
    if not grid.rows:
        raise StrategyImportError(name, "berkas kosong")
    header_row = grid.rows[0]
    header = [" ".join(cell.text.split()).lower() for cell in header_row.cells]
    missing = [c for c in kind.required if c not in header]
    if missing:
        raise StrategyImportError(name, f"kolom tidak ada: {', '.join(missing)} (kolom {kind.label}: "
                                        f"{', '.join(kind.columns)})", header_row.line)
    unknown = [c for c in header if c and c not in kind.columns and c not in IGNORED]
    if unknown:
        raise StrategyImportError(name, f"kolom tidak dikenal: {', '.join(unknown)} (kolom {kind.label}: "
                                        f"{', '.join(kind.columns)})", header_row.line)
    lines = []
    for row in grid.rows[1:]:
        values: dict[str, str] = {}
        for cell in row.cells:
            label = header[cell.column - 1] if cell.column - 1 < len(header) else ""
            if not label:
                if cell.text.strip():
                    raise StrategyImportError(name, "sel di luar kolom yang berjudul", row.line, str(cell.column))
                continue
            values[label] = cell.text
        if any(v.strip() for k, v in values.items() if k not in IGNORED):
            lines.append(Line(name, row.line, values))
    if not lines:
        raise StrategyImportError(name, "tidak ada baris data di bawah judul kolom")
    return lines


# -- plan elements ---------------------------------------------------------------------------------------------


def element(scope: Scope, line: Line, column: str, levels: tuple[str, ...] = ()) -> m.PlanElement | None:
    """The element a cell names by its key or its code in the Renstra period; empty cell: none. A name that
    matches nothing, or an element of another level, is an error."""
    text = line.get(column)
    if not text:
        return None
    found = (m.PlanElement.objects.filter(strategic_plan=scope.plan, key=text).first()
             or m.PlanElement.objects.filter(strategic_plan=scope.plan, code=text).order_by("position", "pk").first())
    if found is None:
        raise line.error(column, f"unsur {text!r} tidak ada dalam {scope.plan}")
    if levels and found.level not in levels:
        raise line.error(column, f"unsur {text!r} adalah {found.get_level_display().lower()}, bukan "
                                 f"{' atau '.join(levels)}")
    return found


def coded_element(scope: Scope, text: str, level: str) -> m.PlanElement | None:
    """The element of ``level`` whose code opens a printed cell (``1.06.04 - PROGRAM …``); None where the cell
    has no code or the Renstra period holds none with it (the table may cite what the plan does not hold)."""
    match = CODE_PREFIX.match(text)
    if not match:
        return None
    return (m.PlanElement.objects.filter(strategic_plan=scope.plan, level=level, code=match.group("code"))
            .order_by("position", "pk").first())


def rupiah(line: Line, column: str) -> Decimal | None:
    text = line.get(column)
    if not text:
        return None
    if text == "-":
        return Decimal(0)
    try:
        reading = read_number(text, NumberKind.RUPIAH)
    except NumberFormatError as exc:
        raise line.error(column, f"bukan angka Rupiah: {exc}") from None
    if reading.value < 0:
        raise line.error(column, "pagu tidak boleh negatif")
    return reading.value


def inherit(lines: list[Line], key: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows with ``key`` empty continue the row above: they take its ``columns`` (a printed cell spanning rows)."""
    out, previous = [], None
    for line in lines:
        values = {c: line.get(c) for c in columns}
        if not values[key]:
            if previous is None:
                raise line.error(key, "wajib diisi pada baris pertama")
            values = dict(previous)
        previous = values
        out.append(values)
    return out


# -- the kinds -------------------------------------------------------------------------------------------------


def write_problems(scope: Scope, lines: list[Line], source: str) -> int:
    s.ServiceProblem.objects.filter(agency=scope.agency, year=scope.year).delete()
    groups = inherit(lines, "aspek", ("aspek", "masalah"))
    for position, (line, group) in enumerate(zip(lines, groups, strict=True)):
        s.ServiceProblem.objects.create(
            agency=scope.agency, year=scope.year, position=position, number=line.get("nomor"),
            aspect=group["aspek"], problem=group["masalah"], detail=line.require("permasalahan"), source=source)
    return len(lines)


FACTOR_KINDS = {"visi": s.DeterminingFactor.Kind.VISION, "misi": s.DeterminingFactor.Kind.MISSION,
                "program": s.DeterminingFactor.Kind.PROGRAM}


def write_factors(scope: Scope, lines: list[Line], source: str) -> int:
    s.DeterminingFactor.objects.filter(agency=scope.agency, year=scope.year).delete()
    for position, line in enumerate(lines):
        s.DeterminingFactor.objects.create(
            agency=scope.agency, year=scope.year, position=position, number=line.get("no"),
            kind=line.choice("jenis", FACTOR_KINDS), subject=line.require("misi_program"),
            element=element(scope, line, "unsur", (m.Level.PROGRAM,)), problem=line.get("permasalahan"),
            inhibiting=line.get("penghambat"), driving=line.get("pendorong"), source=source)
    return len(lines)


REVIEW_LEVELS = {"kementerian": s.PolicyReview.Level.MINISTRY, "provinsi": s.PolicyReview.Level.PROVINCE}


def write_reviews(scope: Scope, lines: list[Line], source: str) -> int:
    s.PolicyReview.objects.filter(agency=scope.agency, year=scope.year).delete()
    documents = inherit(lines, "dokumen", ("dokumen", "telaahan"))
    for position, (line, doc) in enumerate(zip(lines, documents, strict=True)):
        level = Line(line.name, line.number, {"telaahan": doc["telaahan"]}).choice("telaahan", REVIEW_LEVELS)
        s.PolicyReview.objects.create(
            agency=scope.agency, year=scope.year, position=position, number=line.get("no"), level=level,
            document=doc["dokumen"], target=line.require("sasaran"), problem=line.get("permasalahan"),
            inhibiting=line.get("penghambat"), driving=line.get("pendorong"), source=source)
    return len(lines)


PERIOD = re.compile(r"^(?P<first>[0-9]{4})\s*[-–]\s*(?P<last>[0-9]{4})$")


def rpjmd_period(scope: Scope, name: str) -> tuple[int, int]:
    text = str(scope.options.get("periode") or "")
    match = PERIOD.match(text.strip())
    if not match:
        raise StrategyImportError(name, f"periode RPJMD {text!r} tidak terbaca: tulis mis. 2021-2026")
    first, last = int(match.group("first")), int(match.group("last"))
    if not first <= scope.year <= last or first > last:
        raise StrategyImportError(name, f"tahun {scope.year} di luar periode RPJMD {first}–{last}")
    return first, last


def write_vision(scope: Scope, lines: list[Line], source: str) -> int:
    """The Kepala Daerah's visi and misi: held by the region (Pemda), for the RPJMD period. A re-import updates
    them in place, misi by number, so the tujuan of every agency that cite a misi keep citing it; a misi that
    disappears while a tujuan cites it is refused."""
    first, last = rpjmd_period(scope, lines[0].name)
    region = scope.agency.region
    visions = [line for line in lines if line.choice("jenis", {"visi": "visi", "misi": "misi"}) == "visi"]
    if len(visions) != 1:
        where = visions[1] if visions else lines[0]
        raise where.error("jenis", f"harus ada tepat satu baris visi, ada {len(visions)}")
    missions: dict[str, tuple[Line, str]] = {}
    for line in lines:
        if line is not visions[0]:
            number = line.require("no")
            if number.rstrip(".") in missions:
                raise line.error("no", f"misi nomor {number} sudah ada di atasnya")
            missions[number.rstrip(".")] = (line, number)
    vision, created = s.RegionalVision.objects.get_or_create(
        region=region, first_year=first, last_year=last,
        defaults={"text": visions[0].require("uraian"), "source": source})
    if not created:
        vision.text, vision.source = visions[0].require("uraian"), source
        vision.save(update_fields=["text", "source"])
    existing = {mission.number.rstrip("."): mission for mission in vision.missions.all()}
    for key, mission in existing.items():
        if key not in missions:
            cited = mission.goals.first()
            if cited is not None:
                raise StrategyImportError(lines[0].name, f"misi nomor {mission.number} tidak ada lagi di berkas, "
                                                         f"padahal dirujuk tujuan {cited.goal}")
            mission.delete()
    vision.missions.update(position=models.F("position") + 10_000)  # free the positions before renumbering
    for position, (key, (line, number)) in enumerate(missions.items()):
        mission = existing.get(key) or s.RegionalMission(vision=vision)
        mission.position, mission.number, mission.source = position, number, source
        mission.text = line.require("uraian")
        mission.save()
    return len(lines)


def vision_for(agency: m.Agency, year: int) -> s.RegionalVision | None:
    return (s.RegionalVision.objects.filter(region=agency.region, first_year__lte=year, last_year__gte=year)
            .order_by("-first_year").first())


def write_mission_goals(scope: Scope, lines: list[Line], source: str) -> int:
    vision = vision_for(scope.agency, scope.year)
    if vision is None:
        raise StrategyImportError(lines[0].name, f"visi dan misi RPJMD {scope.agency.region} untuk tahun "
                                                 f"{scope.year} belum ada: impor visi-misi lebih dulu")
    s.MissionGoal.objects.filter(strategic_plan=scope.plan).delete()
    missions = {mission.number.rstrip("."): mission for mission in vision.missions.all()}
    for position, line in enumerate(lines):
        number = line.require("misi").rstrip(".")
        if number not in missions:
            raise line.error("misi", f"misi nomor {number} tidak ada pada RPJMD {vision.first_year}–"
                                     f"{vision.last_year} (ada: {', '.join(missions)})")
        s.MissionGoal.objects.create(
            strategic_plan=scope.plan, position=position, number=number, mission=missions[number],
            label=line.get("misi_tercetak") or number, goal=element(scope, line, "tujuan", (m.Level.GOAL,))
            or _missing(line, "tujuan"), source=source)
    return len(lines)


def _missing(line: Line, column: str):
    raise line.error(column, "wajib diisi")


def write_strategies(scope: Scope, lines: list[Line], source: str) -> int:
    old = s.Strategy.objects.filter(strategic_plan=scope.plan)
    s.PolicyDirection.objects.filter(strategy__in=old).delete()
    old.delete()
    strategy = None
    positions = {"strategy": 0, "direction": 0}
    for line in lines:
        if line.get("strategi"):
            strategy = s.Strategy.objects.create(
                strategic_plan=scope.plan, position=positions["strategy"], number=line.get("no_strategi"),
                text=line.get("strategi"), source=source,
                element=element(scope, line, "unsur", (m.Level.GOAL, m.Level.OBJECTIVE)))
            positions["strategy"] += 1
        elif strategy is None:
            raise line.error("strategi", "wajib diisi pada baris pertama")
        if line.get("arah_kebijakan"):
            s.PolicyDirection.objects.create(strategy=strategy, position=positions["direction"],
                                             number=line.get("no_arah"), text=line.get("arah_kebijakan"),
                                             source=source)
            positions["direction"] += 1
    return len(lines)


def write_alignments(scope: Scope, lines: list[Line], source: str) -> int:
    s.ProgramAlignment.objects.filter(agency=scope.agency, year=scope.year).delete()
    objectives = inherit(lines, "sasaran", ("sasaran", "sasaran_unsur", "indikator"))
    for position, (line, objective) in enumerate(zip(lines, objectives, strict=True)):
        linked = Line(line.name, line.number, objective)
        s.ProgramAlignment.objects.create(
            agency=scope.agency, year=scope.year, position=position, objective_text=objective["sasaran"],
            objective=element(scope, linked, "sasaran_unsur", (m.Level.OBJECTIVE,)),
            indicator_text=objective["indikator"], program_text=line.require("program"),
            program=element(scope, line, "program_unsur", (m.Level.PROGRAM,)), source=source)
    return len(lines)


def write_priorities(scope: Scope, lines: list[Line], source: str) -> int:
    s.PriorityLink.objects.filter(agency=scope.agency, year=scope.year).delete()
    for position, line in enumerate(lines):
        program, sub = line.get("program"), line.get("subkegiatan")
        s.PriorityLink.objects.create(
            agency=scope.agency, year=scope.year, position=position, number=line.get("no"),
            priority_code=line.get("kode"), national_priority=line.get("prioritas_nasional"),
            provincial_priority=line.get("prioritas_provinsi"), affair_text=line.get("bidang_urusan"),
            program_text=program, activity_text=line.get("kegiatan"), subactivity_text=sub,
            program=coded_element(scope, program, m.Level.PROGRAM),
            subactivity=coded_element(scope, sub, m.Level.SUBACTIVITY),
            pagu=rupiah(line, "pagu"), printed_pagu=line.get("pagu"), note=line.get("ket"), source=source)
    return len(lines)


def write_team(scope: Scope, lines: list[Line], source: str) -> int:
    old = s.DraftingTeam.objects.filter(agency=scope.agency, year=scope.year)
    s.DraftingTeamMember.objects.filter(team__in=old).delete()
    old.delete()
    options = scope.options
    team = s.DraftingTeam.objects.create(
        agency=scope.agency, year=scope.year, decree_number=str(options.get("sk_nomor") or ""),
        decree_date=str(options.get("sk_tanggal") or ""), decree_place=str(options.get("sk_tempat") or ""),
        source=source)
    for position, line in enumerate(lines):
        s.DraftingTeamMember.objects.create(team=team, position=position, number=line.get("no"),
                                            name=line.require("nama"), role=line.get("jabatan"), source=source)
    return len(lines)


WRITERS = {
    "permasalahan": write_problems, "faktor-penentu": write_factors, "telaahan-kebijakan": write_reviews,
    "visi-misi": write_vision, "misi-tujuan": write_mission_goals, "strategi-kebijakan": write_strategies,
    "keselarasan-program": write_alignments, "keterkaitan-prioritas": write_priorities, "tim-penyusun": write_team,
}
KINDS: dict[str, Kind] = {name: Kind(label, columns, required, WRITERS[name])
                          for name, (label, columns, required) in KIND_COLUMNS.items()}


def import_table(kind: str, data: bytes, name: str, scope: Scope) -> int:
    """Read and store one table; returns the number of rows. All or nothing."""
    if kind not in KINDS:
        raise StrategyImportError(name, f"jenis tabel {kind!r} tidak dikenal: {', '.join(KINDS)}")
    spec = KINDS[kind]
    lines = read_lines(data, name, spec)
    with transaction.atomic():
        return spec.write(scope, lines, scope.source or name)
