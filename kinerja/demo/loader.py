"""Build the demo database from the hand-transcribed seed files in ``kinerja/demo/data``.

Everything is read and checked before anything is written, and the writing happens in one transaction: a
malformed file stops the load with its file, row and column, and the database stays as it was.
"""

from __future__ import annotations

import csv
import datetime as dt
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from kinerja.accounts.models import Membership
from kinerja.engine import (
    CodeFormatError,
    CodeScheme,
    NumberFormatError,
    NumberKind,
    parse_code,
    read_number,
    same_unit,
)
from kinerja.plan import models as m
from kinerja.spm.demo import plan_table_loaders
from kinerja.strategy.demo import remove_strategy, strategy_loaders

from .document_files import DocumentFiles
from .official import official_loaders, remove_official
from .unit_files import unit_loaders

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "kinerja-demo-2019"  # noqa: S105 — a published demo login for the local demo database only
EVALUATION_REPORT = "renja-evaluasi"
PLAN_REPORT = "renja-rencana"
LEVELS = {level.value for level in m.Level}


class DemoDataError(Exception):
    """A source file that cannot be loaded, with where and why."""

    def __init__(self, path: Path, message: str, row: int | None = None, column: str | None = None):
        self.path, self.row, self.column, self.message = path, row, column, message
        where = str(path)
        if row is not None:
            where += f", baris {row}"
        if column:
            where += f", kolom {column!r}"
        super().__init__(f"{where}: {message}")


@dataclass
class LoadSummary:
    agencies: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    users: list[str] = field(default_factory=list)

    def add(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n


@dataclass
class Value:
    """One cell read by the rules of RULES.md §9."""

    value: Decimal | None = None
    category: str = ""
    unit: str = ""
    text: str = ""

    @property
    def present(self) -> bool:
        return self.value is not None or bool(self.category)


class _Row:
    """A CSV row that reports its own position in errors."""

    def __init__(self, path: Path, number: int, data: dict[str, str]):
        self.path, self.number, self.data = path, number, data

    def get(self, column: str) -> str:
        return " ".join((self.data.get(column) or "").split())

    def require(self, column: str) -> str:
        value = self.get(column)
        if not value:
            raise self.error(column, "wajib diisi")
        return value

    def error(self, column: str | None, message: str) -> DemoDataError:
        return DemoDataError(self.path, message, self.number, column)

    def choice(self, column: str, allowed: set[str], default: str | None = None) -> str:
        value = self.get(column) or default
        if value not in allowed:
            raise self.error(column, f"{value!r} bukan salah satu dari {sorted(allowed)}")
        return value


def read_rows(path: Path, required: list[str]) -> Iterator[_Row]:
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise DemoDataError(path, f"tidak dapat dibaca: {exc.strerror}") from exc
    with handle:
        try:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [c for c in required if c not in header]
            if missing:
                raise DemoDataError(path, f"kolom tidak ada: {', '.join(missing)}", 1)
            for row in reader:
                if None in row:
                    raise DemoDataError(path, "lebih banyak sel daripada judul kolom", reader.line_num)
                yield _Row(path, reader.line_num, row)
        except UnicodeDecodeError as exc:
            raise DemoDataError(path, f"bukan UTF-8 ({exc.reason})") from exc
        except csv.Error as exc:
            raise DemoDataError(path, f"CSV rusak: {exc}") from exc


def read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DemoDataError(path, f"tidak dapat dibaca: {exc.strerror}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DemoDataError(path, f"TOML rusak: {exc}") from exc


class AgencyLoader(DocumentFiles):
    """Loads one agency's folder: ``agency.toml`` and the files it lists."""

    def __init__(self, folder: Path, summary: LoadSummary):
        self.folder = folder
        self.summary = summary
        self.config_path = folder / "agency.toml"
        self.config = read_toml(self.config_path)
        self.elements: dict[tuple[str, str], m.PlanElement] = {}
        self.indicators: dict[tuple[int, str], m.Indicator] = {}
        self.scales: dict[str, m.CategoryScale] = {}

    # -- the agency and its frame -------------------------------------------------------------------
    def section(self, name: str):
        try:
            return self.config[name]
        except KeyError:
            raise DemoDataError(self.config_path, f"bagian [{name}] tidak ada") from None

    def field(self, table: dict, name: str, where: str):
        try:
            return table[name]
        except KeyError:
            raise DemoDataError(self.config_path, f"{where}: '{name}' tidak ada") from None

    def load(self) -> None:
        region_cfg, agency_cfg = self.section("region"), self.section("agency")
        region, _ = m.Region.objects.get_or_create(
            slug=self.field(region_cfg, "slug", "[region]"),
            defaults={"name": self.field(region_cfg, "name", "[region]"),
                      "kind": self.field(region_cfg, "kind", "[region]")},
        )
        self.agency = m.Agency.objects.create(
            region=region,
            slug=self.field(agency_cfg, "slug", "[agency]"),
            name=self.field(agency_cfg, "name", "[agency]"),
            short_name=agency_cfg.get("short_name", ""),
            address=agency_cfg.get("address", ""),
            head_name=agency_cfg.get("head_name", ""),
            head_rank=agency_cfg.get("head_rank", ""),
            head_nip=agency_cfg.get("head_nip", ""),
            signature_place=agency_cfg.get("signature_place", ""),
            evaluation_layout=int(agency_cfg.get("evaluation_layout", 1)),
        )
        self.summary.agencies.append(self.agency.slug)
        self.units = {
            u["key"]: m.Unit.objects.create(agency=self.agency, key=u["key"], name=u["name"], kind=u["kind"])
            for u in self.section("units")
        }
        self.plans = {
            p["key"]: m.StrategicPlan.objects.create(
                agency=self.agency, key=p["key"], name=p["name"], first_year=p["first_year"],
                last_year=p["last_year"], code_scheme=p["code_scheme"],
            )
            for p in self.section("renstra")
        }
        self.revisions = {}
        for number, r in enumerate(self.section("revisions")):
            plan_key = r.get("renstra") or next(iter(self.plans))
            self.revisions[r["key"]] = m.Revision.objects.create(
                agency=self.agency, strategic_plan=self.plans[plan_key], key=r["key"], document=r["document"],
                year=r.get("year"), label=r.get("label", "murni"), number=number,
                date=dt.date.fromisoformat(r["date"]) if r.get("date") else None, source=r.get("source", ""),
            )
        for s in self.config.get("scales", []):
            self.scales[s["key"]] = m.CategoryScale.objects.create(
                agency=self.agency, key=s["key"], name=s["name"], categories=list(s["categories"])
            )
        for file_cfg in self.section("files"):
            self.load_file(file_cfg)

    def load_file(self, cfg: dict) -> None:
        path = self.folder / self.field(cfg, "path", "[[files]]")
        kind = cfg.get("kind")
        loaders = {
            "evaluasi-layout-1": self.load_evaluation_layout_1,
            "evaluasi-layout-2": self.load_evaluation_layout_2,
            "rencana": self.load_plan,
            **official_loaders(self),
            **self.document_loaders(),
            **strategy_loaders(self),
            **plan_table_loaders(self),
            **unit_loaders(self),
        }
        if kind not in loaders:
            raise DemoDataError(self.config_path, f"jenis berkas {kind!r} tidak dikenal: {sorted(loaders)}")
        self.plan = self.lookup(self.plans, cfg, "renstra")
        self.year = int(self.field(cfg, "year", str(path.name)))
        if not self.plan.covers(self.year):
            raise DemoDataError(self.config_path, f"{path.name}: tahun {self.year} di luar periode {self.plan}")
        self.source = cfg.get("source", path.name)
        self.file_elements: dict[str, m.PlanElement] = {}
        loaders[kind](path, cfg)

    def lookup(self, table: dict, cfg: dict, name: str):
        key = self.field(cfg, name, f"[[files]] {cfg.get('path')}")
        try:
            return table[key]
        except KeyError:
            raise DemoDataError(self.config_path, f"{name} {key!r} tidak didefinisikan") from None

    # -- elements and indicators -----------------------------------------------------------------------
    def known(self, key: str) -> m.PlanElement | None:
        """The element a key names in the file being loaded: this file's version of it, else the period's."""
        return self.file_elements.get(key) or self.elements.get((self.plan.key, key))

    def element(self, row: _Row, *, create: bool = True) -> m.PlanElement:
        key = row.require("key")
        existing = self.known(key)
        parent_key = row.get("parent")
        moved = (existing is not None and parent_key and existing.parent is not None
                 and existing.parent.pk != getattr(self.known(parent_key), "pk", None))
        if moved:
            # The same activity placed under another program in a later year: the earlier year keeps its
            # structure, the later year gets its own element, linked by maps_to (never a rewrite of history).
            successor = self.new_element(row, f"{key}@{self.year}")
            existing.maps_to = successor
            existing.save(update_fields=["maps_to"])
            self.file_elements[key] = successor
            return successor
        if existing is not None or not create:
            if existing is None:
                raise row.error("key", f"unsur {key!r} belum ada")
            code = self.code(row)
            if code and not existing.code:
                existing.code = code
                existing.save(update_fields=["code"])
            return existing
        return self.new_element(row, key)

    def new_element(self, row: _Row, key: str) -> m.PlanElement:
        level = row.choice("level", LEVELS)
        parent = None
        if parent_key := row.get("parent"):
            parent = self.known(parent_key)
            if parent is None:
                raise row.error("parent", f"induk {parent_key!r} belum didefinisikan di atas baris ini")
        unit = None
        if unit_key := row.get("unit"):
            unit = self.units.get(unit_key)
            if unit is None:
                raise row.error("unit", f"unit {unit_key!r} tidak ada di agency.toml ({sorted(self.units)})")
        element = m.PlanElement.objects.create(
            strategic_plan=self.plan, parent=parent, level=level, key=key, code=self.code(row),
            name=row.require("name"), unit=unit, position=len(self.elements),
        )
        self.elements[(self.plan.key, key)] = element
        self.file_elements[row.require("key")] = element
        self.summary.add("unsur rencana")
        return element

    def code(self, row: _Row) -> str:
        text = row.get("code")
        if not text:
            return ""
        try:
            return parse_code(text, CodeScheme(self.plan.code_scheme)).text
        except CodeFormatError as exc:
            raise row.error("code", str(exc)) from exc

    def indicator(self, row: _Row, element: m.PlanElement) -> m.Indicator | None:
        name = row.get("indicator")
        if not name:
            return None
        known = self.indicators.get((element.pk, name.casefold()))
        if known is not None:
            return known
        value_kind = row.choice("value_kind", set(m.Indicator.ValueKind.values), default="number")
        scale = None
        if value_kind == m.Indicator.ValueKind.CATEGORY:
            scale_key = row.require("scale")
            scale = self.scales.get(scale_key)
            if scale is None:
                raise row.error("scale", f"skala {scale_key!r} tidak ada di agency.toml")
        indicator = m.Indicator.objects.create(
            element=element,
            position=element.indicators.count(),
            name=name,
            satuan=row.get("satuan"),
            polarity=row.choice("polarity", {"positive", "negative"}, default="positive"),
            aggregation=row.choice("aggregation", {"SUM", "LAST", "MAX", "MIN"}),
            value_kind=value_kind,
            scale=scale,
            unit=element.unit,
        )
        self.indicators[(element.pk, name.casefold())] = indicator
        self.summary.add("indikator")
        return indicator

    # -- values ----------------------------------------------------------------------------------------
    def kinerja(self, row: _Row, column: str, indicator: m.Indicator | None) -> Value:
        """A K (kinerja) cell: '-' and empty mean the document gives no value."""
        text = row.get(column)
        if text in ("", "-"):
            return Value()
        if indicator is None:
            raise row.error(column, "nilai kinerja tanpa indikator")
        if indicator.value_kind == m.Indicator.ValueKind.CATEGORY:
            scale = indicator.scale.as_ordinal()
            if scale.rank(text) is None:
                raise row.error(column, f"{text!r} bukan kategori pada skala {scale.name}: {list(scale.categories)}")
            return Value(category=text, text=text)
        kind = NumberKind.PERCENT if indicator.value_kind == m.Indicator.ValueKind.PERCENT else NumberKind.COUNT
        try:
            reading = read_number(text, kind)
        except NumberFormatError as exc:
            raise row.error(column, str(exc)) from exc
        unit = reading.unit or ""
        if unit and (same_unit(unit, indicator.satuan) or (unit == "%" and kind == NumberKind.PERCENT)):
            unit = ""
        return Value(value=reading.value, unit=unit, text=text)

    def rupiah(self, row: _Row, column: str) -> Decimal | None:
        """An Rp cell: '-' is nil (Rp 0) as accountants print it; empty means no value."""
        text = row.get(column)
        if text == "":
            return None
        if text == "-":
            return Decimal(0)
        try:
            reading = read_number(text, NumberKind.RUPIAH)
        except NumberFormatError as exc:
            raise row.error(column, str(exc)) from exc
        if reading.unit:
            raise row.error(column, f"Rupiah tidak bersatuan: {reading.unit!r}")
        return reading.value

    def target(self, indicator, revision, kind, year, value: Value) -> None:
        if value.present:
            m.Target.objects.create(
                indicator=indicator, revision=revision, kind=kind, year=year, value=value.value,
                category=value.category, unit=value.unit, text=value.text,
            )
            self.summary.add("target")

    def realisation(self, indicator, year, value: Value) -> None:
        if value.present:
            m.Realisation.objects.create(
                indicator=indicator, year=year, period=m.Period.YEAR, value=value.value,
                category=value.category, unit=value.unit, text=value.text,
            )
            self.summary.add("realisasi")

    def carried(self, indicator, through_year, value: Value) -> None:
        if value.present:
            m.CarriedRealisation.objects.create(
                indicator=indicator, through_year=through_year, value=value.value, category=value.category,
                unit=value.unit, text=value.text, source=self.source,
            )
            self.summary.add("realisasi s/d tahun lalu")

    def printed(self, report: str, element, indicator, column: str, measure: str, text: str) -> None:
        if text:
            m.PrintedFigure.objects.create(
                agency=self.agency, report=report, year=self.year, element=element, indicator=indicator,
                column=column, measure=measure, text=text, source=self.source,
            )
            self.summary.add("angka tercetak")

    def plan_end_year(self) -> int:
        return self.plan.last_year

    # -- the three file kinds ----------------------------------------------------------------------------
    def rows(self, path: Path, required: list[str]) -> list[_Row]:
        return list(read_rows(path, required))

    def load_evaluation_layout_1(self, path: Path, cfg: dict) -> None:
        rows = self.rows(path, ["key", "parent", "level", "name", "indicator", "target_k", "realisasi_k"])
        renstra_rev = self.lookup(self.revisions, cfg, "renstra_revision")
        renja_rev = self.lookup(self.revisions, cfg, "renja_revision")
        parents = {row.get("parent") for row in rows if row.get("parent")}
        for row in rows:
            if row.get("level") == "total":
                self.printed(EVALUATION_REPORT, None, None, "average", "K", row.get("printed_avg_k"))
                self.printed(EVALUATION_REPORT, None, None, "average", "Rp", row.get("printed_avg_rp"))
                continue
            element = self.element(row)
            indicator = self.indicator(row, element)
            if indicator is not None:
                self.target(indicator, renstra_rev, m.PlanKind.RENSTRA_END, self.plan_end_year(),
                            self.kinerja(row, "target_renstra_k", indicator))
                self.carried(indicator, self.year - 1, self.kinerja(row, "realisasi_lalu_k", indicator))
                self.target(indicator, renja_rev, m.PlanKind.RENJA, self.year,
                            self.kinerja(row, "target_k", indicator))
                self.realisation(indicator, self.year, self.kinerja(row, "realisasi_k", indicator))
                for col in ("13", "14", "15"):
                    for measure in ("k", "rp"):
                        self.printed(EVALUATION_REPORT, element, indicator, col, measure.capitalize()
                                     if measure == "rp" else "K", row.get(f"printed_{col}_{measure}"))
            rupiah = {c: self.rupiah(row, c) for c in
                      ("target_renstra_rp", "realisasi_lalu_rp", "target_rp", "realisasi_rp")}
            if row.get("key") in parents:
                # A parent's Rupiah is the sum of its children's (RULES §5); what the document prints on the
                # parent row is kept as printed, to be compared.
                for column, number in (("target_renstra_rp", "5"), ("realisasi_lalu_rp", "6"),
                                       ("target_rp", "7"), ("realisasi_rp", "12")):
                    self.printed(EVALUATION_REPORT, element, None, number, "Rp", row.get(column))
            else:
                self.budget_values(element, renstra_rev, renja_rev, rupiah)
            for measure in ("K", "Rp"):
                self.printed(EVALUATION_REPORT, element, None, "average", measure,
                             row.get(f"printed_avg_{measure.lower()}"))
                self.printed(EVALUATION_REPORT, element, None, "predikat", measure,
                             row.get(f"printed_predikat_{measure.lower()}"))

    def budget_values(self, element, renstra_rev, renja_rev, rupiah: dict[str, Decimal | None]) -> None:
        if rupiah["target_renstra_rp"] is not None:
            m.Budget.objects.create(element=element, revision=renstra_rev, kind=m.PlanKind.RENSTRA_END,
                                    year=self.plan_end_year(), amount=rupiah["target_renstra_rp"])
            self.summary.add("pagu")
        if rupiah["realisasi_lalu_rp"] is not None:
            m.CarriedBudgetRealisation.objects.create(element=element, through_year=self.year - 1,
                                                      amount=rupiah["realisasi_lalu_rp"], source=self.source)
        if rupiah["target_rp"] is not None:
            m.Budget.objects.create(element=element, revision=renja_rev, kind=m.PlanKind.RENJA, year=self.year,
                                    amount=rupiah["target_rp"])
            self.summary.add("pagu")
        if rupiah["realisasi_rp"] is not None:
            m.BudgetRealisation.objects.create(element=element, year=self.year, period=m.Period.YEAR,
                                               amount=rupiah["realisasi_rp"])
            self.summary.add("realisasi anggaran")

    def load_evaluation_layout_2(self, path: Path, cfg: dict) -> None:
        rows = self.rows(path, ["key", "parent", "level", "code", "name", "indicator", "target", "realisasi"])
        renstra_rev = self.lookup(self.revisions, cfg, "renstra_revision")
        renja_rev = self.lookup(self.revisions, cfg, "renja_revision")
        next_rev = self.lookup(self.revisions, cfg, "next_revision")
        for row in rows:
            if row.get("level") == "total":
                continue
            element = self.element(row)
            self.printed(EVALUATION_REPORT, element, None, "1", "", row.get("code_printed"))
            indicator = self.indicator(row, element)
            if indicator is None:
                continue
            self.target(indicator, renstra_rev, m.PlanKind.RENSTRA_END, self.plan_end_year(),
                        self.kinerja(row, "target_renstra", indicator))
            self.carried(indicator, self.year - 1, self.kinerja(row, "realisasi_lalu", indicator))
            self.target(indicator, renja_rev, m.PlanKind.RENJA, self.year, self.kinerja(row, "target", indicator))
            self.realisation(indicator, self.year, self.kinerja(row, "realisasi", indicator))
            self.target(indicator, next_rev, m.PlanKind.RENJA, self.year + 1,
                        self.kinerja(row, "target_next", indicator))
            for col in ("8", "10", "11"):
                self.printed(EVALUATION_REPORT, element, indicator, col, "K", row.get(f"printed_{col}"))

    def load_plan(self, path: Path, cfg: dict) -> None:
        rows = self.rows(path, ["key", "parent", "level", "code", "name", "indicator", "target", "pagu"])
        renja_rev = self.lookup(self.revisions, cfg, "renja_revision")
        for row in rows:
            if row.get("level") == "total":
                self.printed(PLAN_REPORT, None, None, "pagu", "Rp", row.get("printed_pagu"))
                continue
            element = self.element(row)
            if row.get("code_printed"):
                self.printed(PLAN_REPORT, element, None, "code", "", row.get("code_printed"))
            self.printed(PLAN_REPORT, element, None, "pagu", "Rp", row.get("printed_pagu"))
            indicator = self.indicator(row, element)
            if indicator is not None:
                self.target(indicator, renja_rev, m.PlanKind.RENJA, self.year, self.kinerja(row, "target", indicator))
                self.target(indicator, renja_rev, m.PlanKind.FORWARD, self.year + 1,
                            self.kinerja(row, "target_next", indicator))
            for column, kind, year in (("pagu", m.PlanKind.RENJA, self.year),
                                       ("pagu_next", m.PlanKind.FORWARD, self.year + 1)):
                amount = self.rupiah(row, column)
                if amount is None:
                    continue
                # A document prints a pagu per indicator line; an element's pagu is the sum of its lines.
                budget, created = m.Budget.objects.get_or_create(
                    element=element, revision=renja_rev, kind=kind, year=year,
                    defaults={"amount": amount, "location": row.get("lokasi"), "note": row.get("catatan")},
                )
                if not created:
                    budget.amount += amount
                    budget.note = "; ".join(filter(None, [budget.note, row.get("catatan")]))
                    budget.save(update_fields=["amount", "note"])
                self.summary.add("pagu", int(created))


def agency_folders(data_dir: Path) -> list[Path]:
    if not data_dir.is_dir():
        raise DemoDataError(data_dir, "folder data demo tidak ada")
    folders = sorted(p for p in data_dir.iterdir() if (p / "agency.toml").is_file())
    if not folders:
        raise DemoDataError(data_dir, "tidak ada agency.toml di folder data demo")
    return folders


def remove_agency(agency: m.Agency) -> None:
    """Delete one agency and everything under it, children before parents (all FKs are PROTECT)."""
    elements = m.PlanElement.objects.filter(strategic_plan__agency=agency)
    indicators = m.Indicator.objects.filter(element__in=elements)
    from kinerja.realisation.models import AuditEntry, QuarterReport

    # Rebuilding the demo replaces the demo agency wholesale, its trail included; the application itself never
    # deletes audit entries (AuditEntry.delete refuses).
    AuditEntry.objects.filter(agency=agency)._raw_delete(AuditEntry.objects.db)
    QuarterReport.objects.filter(agency=agency).delete()
    m.IssuedDocument.objects.filter(agency=agency)._raw_delete(m.IssuedDocument.objects.db)  # likewise
    m.Narrative.objects.filter(agency=agency).delete()
    remove_official(agency)
    remove_strategy(agency)
    m.PrintedFigure.objects.filter(agency=agency).delete()
    for model in (m.Target, m.Realisation, m.CarriedRealisation):
        model.objects.filter(indicator__in=indicators).delete()
    for model in (m.Budget, m.BudgetRealisation, m.CarriedBudgetRealisation):
        model.objects.filter(element__in=elements).delete()
    indicators.delete()
    elements.update(parent=None, maps_to=None)
    elements.delete()
    m.CategoryScale.objects.filter(agency=agency).delete()
    m.Revision.objects.filter(agency=agency).delete()
    m.StrategicPlan.objects.filter(agency=agency).delete()
    Membership.objects.filter(agency=agency).delete()
    Membership.objects.filter(unit__agency=agency).delete()
    m.Unit.objects.filter(agency=agency).delete()
    m.MeasureUnitEquivalence.objects.filter(agency=agency).delete()
    region = agency.region
    agency.delete()
    if not region.agencies.exists():
        Membership.objects.filter(region=region).delete()
        m.MeasureUnitEquivalence.objects.filter(region=region).delete()
        region.delete()


def create_demo_users(path: Path) -> list[str]:
    """One account per role, from ``users.toml``; every account gets the demo password."""
    from kinerja.accounts.models import Role

    config = read_toml(path)
    user_model = get_user_model()
    created = []
    for entry in config.get("users", []):
        user, _ = user_model.objects.get_or_create(username=entry["username"])
        user.first_name = entry.get("name", "")
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.memberships.all().delete()
        for scope in entry.get("memberships", []):
            try:
                role = Role(scope["role"])
                region = m.Region.objects.get(slug=scope["region"]) if "region" in scope else None
                agency = m.Agency.objects.get(slug=scope["agency"]) if "agency" in scope else None
                unit = agency.units.get(key=scope["unit"]) if "unit" in scope else None
            except (KeyError, ValueError, m.Region.DoesNotExist, m.Agency.DoesNotExist, m.Unit.DoesNotExist) as exc:
                raise DemoDataError(path, f"pengguna {entry['username']!r}: keanggotaan {scope} tidak valid ({exc})"
                                    ) from None
            Membership.objects.create(user=user, role=role, region=region, agency=agency, unit=unit)
        created.append(user.username)
    return created


def load_demo(data_dir: Path = DATA_DIR, progress=None) -> LoadSummary:
    """Rebuild the demo agencies from the source files: all of it, or nothing. ``progress`` (optional) is told
    the name of each folder as its loading starts, inside the transaction."""
    summary = LoadSummary()
    folders = agency_folders(data_dir)
    with transaction.atomic():
        for folder in folders:
            slug = read_toml(folder / "agency.toml").get("agency", {}).get("slug")
            for agency in m.Agency.objects.filter(slug=slug):
                remove_agency(agency)
        for folder in folders:
            if progress is not None:
                progress(folder.name)
            AgencyLoader(folder, summary).load()
        summary.users = create_demo_users(data_dir / "users.toml") if (data_dir / "users.toml").is_file() else []
    return summary
