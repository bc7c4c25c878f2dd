"""The file kinds of the accountability documents: Renstra tujuan/sasaran, Perjanjian Kinerja, LKjIP, IKU.

A mixin of ``AgencyLoader`` (kinerja/demo/loader.py): the same reading (RULES.md §9 through ``kinerja`` and
``rupiah``), the same errors (file, row, column) and the same transaction. One small method per file kind; the
columns of each are described in ``data/README.md``.

Indicators are named by an ``ikey`` (``S1.I1``, ``P0605.I1``) unique in the Renstra period, so a later file (the PK,
the LKjIP) refers to an indicator without repeating its name, which the documents print differently from table to
table. Printed figures of the LKjIP, the PK and the IKU document are stored under the report's name with the column
as ``<part>:<column>`` (``3.2:6``), or ``<part>:<row>:<column>`` for a table's own rows (``3.2:avg:6``).
"""

from __future__ import annotations

import re
from decimal import Decimal

from kinerja.engine import NumberFormatError, NumberKind, ratio, read_number
from kinerja.plan import models as m

LKJIP_REPORT = "lkjip"
PK_REPORT = "pk"
IKU_REPORT = "iku"
# A value followed by a note in parentheses: a grade ("84,00 (A)"), a band ("B (60-70)"), a score ("BB (75,50)").
NOTED = re.compile(r"^(?P<value>.*?\S)\s*\((?P<note>[^()]*)\)$")

SASARAN_PRINTED = {
    "printed_3_2_target": "3.2:4", "printed_3_2_realisasi": "3.2:5", "printed_3_2_capaian": "3.2:6",
    "printed_3_2_kriteria": "3.2:7", "printed_3_3_realisasi_lalu": "3.3:5", "printed_3_3_capaian_lalu": "3.3:6",
    "printed_3_3_target": "3.3:7", "printed_3_3_realisasi": "3.3:8", "printed_3_3_capaian": "3.3:9",
    "printed_3_3_ket": "3.3:10", "printed_3_4_target": "3.4:2", "printed_3_4_realisasi": "3.4:3",
    "printed_3_4_capaian": "3.4:4", "printed_3_5_capaian": "3.5:3",
}
PROGRAM_PRINTED = {
    "printed_realisasi": "3.6:5", "printed_capaian": "3.6:6", "printed_3_11_target": "3.11:4",
    "printed_3_11_realisasi": "3.11:5", "printed_3_11_capaian": "3.11:6", "printed_3_11_analisis": "3.11:7",
    "printed_3_5_capaian": "3.5:3", "printed_3_5_serapan": "3.5:5", "printed_3_5_efisiensi": "3.5:6",
}
PK_PRINTED = {"printed_2_5_data_awal": "2.5:4", "printed_2_5_target": "2.5:5"}
BUDGET_PRINTED = {"printed_anggaran": "4", "printed_realisasi": "5", "printed_persen": "6", "printed_sisa": "7"}
IKU_PRINTED = {"printed_sasaran_daerah": "2", "printed_iku_daerah": "3", "printed_sasaran_opd": "4",
               "printed_program": "8", "printed_penanggung_jawab": "9"}
INDICATOR_TEXTS = ("formula", "data_source", "numerator_name", "denominator_name")


class DocumentFiles:
    """File kinds ``renstra``, ``pk``, ``lkjip-sasaran``, ``lkjip-program``, ``anggaran``, ``angka-tercetak``,
    ``narasi`` and ``iku``."""

    def document_loaders(self) -> dict:
        return {
            "renstra": self.load_renstra,
            "pk": self.load_pk,
            "lkjip-sasaran": self.load_lkjip_sasaran,
            "lkjip-program": self.load_lkjip_program,
            "anggaran": self.load_budget,
            "angka-tercetak": self.load_printed_figures,
            "narasi": self.load_narratives,
            "iku": self.load_iku,
        }

    # -- shared ------------------------------------------------------------------------------------------------
    @property
    def indicator_keys(self) -> dict[tuple[str, str], m.Indicator]:
        if not hasattr(self, "_indicator_keys"):
            self._indicator_keys = {}
        return self._indicator_keys

    def existing(self, row, column: str = "key") -> m.PlanElement:
        key = row.require(column)
        element = self.known(key)
        if element is None:
            raise row.error(column, f"unsur {key!r} belum ada di periode {self.plan.key}")
        return element

    def keyed_indicator(self, row, element: m.PlanElement, *, create: bool = True) -> m.Indicator:
        """The indicator a row's ``ikey`` names: defined by the first row that gives it a name."""
        ikey = row.require("ikey")
        known = self.indicator_keys.get((self.plan.key, ikey))
        if known is not None:
            if known.element_id != element.pk:
                raise row.error("ikey", f"indikator {ikey!r} milik unsur lain")
            return known
        if not create or not row.get("indicator"):
            raise row.error("ikey", f"indikator {ikey!r} belum didefinisikan")
        indicator = self.indicator(row, element)
        self.describe_indicator(row, indicator)
        self.indicator_keys[(self.plan.key, ikey)] = indicator
        return indicator

    def describe_indicator(self, row, indicator: m.Indicator) -> None:
        """Formula, data source, numerator and denominator names, factor: the IKU document's columns."""
        fields = []
        for name in INDICATOR_TEXTS:
            if row.get(name):
                setattr(indicator, name, row.get(name))
                fields.append(name)
        if row.get("factor"):
            try:
                indicator.factor = read_number(row.get("factor"), NumberKind.COUNT).value
            except NumberFormatError as exc:
                raise row.error("factor", str(exc)) from exc
            fields.append("factor")
        if (indicator.value_kind == m.Indicator.ValueKind.RATIO
                and not (indicator.numerator_name and indicator.denominator_name)):
            raise row.error("numerator_name", "indikator rasio memerlukan nama pembilang dan penyebut")
        if fields:
            indicator.save(update_fields=fields)

    def noted(self, row, column: str, indicator: m.Indicator):
        """A K cell that may carry a note in parentheses: the value before it is read, the whole text kept."""
        text = row.get(column)
        match = NOTED.match(text)
        if not match or indicator is None:
            return self.kinerja(row, column, indicator)
        stripped = type(row)(row.path, row.number, {**row.data, column: match["value"]})
        value = self.kinerja(stripped, column, indicator)
        value.text = text
        return value

    def count(self, row, column: str) -> Decimal | None:
        text = row.get(column)
        if not text:
            return None
        try:
            return read_number(text, NumberKind.COUNT).value
        except NumberFormatError as exc:
            raise row.error(column, str(exc)) from exc

    def realised(self, row, indicator: m.Indicator, year: int, column: str, numerator: str = "",
                 denominator: str = "") -> None:
        """A year's realisation: the value as printed, or for a ratio its numerator and denominator (RULES §7),
        the value then computed from them (what the document printed goes in a printed_* column)."""
        top = self.count(row, numerator) if numerator else None
        bottom = self.count(row, denominator) if denominator else None
        if top is None and bottom is None:
            self.realisation(indicator, year, self.noted(row, column, indicator))
            return
        if top is None or bottom is None:
            raise row.error(numerator if top is None else denominator, "pembilang dan penyebut diisi berdua")
        if row.get(column):
            raise row.error(column, "isi realisasi atau pembilang/penyebut, tidak keduanya")
        computed = ratio(top, bottom, indicator.factor)
        if not computed.defined:
            raise row.error(denominator, computed.explanation())
        m.Realisation.objects.create(indicator=indicator, year=year, period=m.Period.YEAR, value=computed.value,
                                     numerator=top, denominator=bottom,
                                     text=f"{row.get(numerator)} / {row.get(denominator)}")
        self.summary.add("realisasi")

    def printed_in(self, report: str, year: int, element, indicator, column: str, text: str) -> None:
        if text:
            m.PrintedFigure.objects.create(agency=self.agency, report=report, year=year, element=element,
                                           indicator=indicator, column=column, measure="", text=text,
                                           source=self.source)
            self.summary.add("angka tercetak")

    def printed_columns(self, row, columns: dict[str, str], report: str, year: int, element, indicator,
                        prefix: str = "") -> None:
        for name, column in columns.items():
            self.printed_in(report, year, element, indicator, f"{prefix}{column}", row.get(name))

    # -- the file kinds -----------------------------------------------------------------------------------------
    def load_renstra(self, path, cfg: dict) -> None:
        """Tujuan, sasaran and programs of a Renstra period, their indicators, and the Renstra targets per year
        (``target_<year>``) and at the end of the period (``target_end``)."""
        rows = self.rows(path, ["key", "parent", "level", "name", "ikey", "indicator"])
        revision = self.lookup(self.revisions, cfg, "renstra_revision")
        for row in rows:
            element = self.element(row)
            if not row.get("ikey"):
                continue
            indicator = self.keyed_indicator(row, element)
            for year in range(self.plan.first_year, self.plan.last_year + 1):
                self.target(indicator, revision, m.PlanKind.RENSTRA, year,
                            self.noted(row, f"target_{year}", indicator))
            self.target(indicator, revision, m.PlanKind.RENSTRA_END, self.plan.last_year,
                        self.noted(row, "target_end", indicator))

    def load_pk(self, path, cfg: dict) -> None:
        """Perjanjian Kinerja (Tabel 2.4): sasaran, indicator, satuan, target; ``iku`` marks the IKU (Tabel 2.5)."""
        rows = self.rows(path, ["key", "ikey", "indicator", "satuan", "target"])
        revision = self.lookup(self.revisions, cfg, "pk_revision")
        for row in rows:
            element = self.element(row)
            indicator = self.keyed_indicator(row, element)
            self.target(indicator, revision, m.PlanKind.PK, self.year, self.noted(row, "target", indicator))
            if row.choice("iku", {"", "1"}, default="") == "1" and not indicator.is_iku:
                indicator.is_iku = True
                indicator.save(update_fields=["is_iku"])
            self.printed_columns(row, PK_PRINTED, PK_REPORT, self.year, element, indicator)

    def load_lkjip_sasaran(self, path, cfg: dict) -> None:
        """LKjIP Tabel 3.2-3.4: the realisations of year N and N-1 of the PK indicators, the PK target of N-1,
        and what the tables printed."""
        rows = self.rows(path, ["key", "ikey", "realisasi", "realisasi_lalu", "target_lalu"])
        previous = self.lookup(self.revisions, cfg, "previous_pk_revision")
        for row in rows:
            element = self.existing(row)
            indicator = self.keyed_indicator(row, element, create=False)
            self.realised(row, indicator, self.year, "realisasi", "pembilang", "penyebut")
            self.realisation(indicator, self.year - 1, self.noted(row, "realisasi_lalu", indicator))
            self.target(indicator, previous, m.PlanKind.PK, self.year - 1, self.noted(row, "target_lalu", indicator))
            self.printed_columns(row, SASARAN_PRINTED, LKJIP_REPORT, self.year, element, indicator)

    def load_lkjip_program(self, path, cfg: dict) -> None:
        """LKjIP Tabel 3.6-3.11: each program's indicator, its Renja target and realisation of year N; what
        Tabel 3.5 and the summary Tabel 3.11 printed for it."""
        rows = self.rows(path, ["key", "ikey", "indicator", "target", "realisasi"])
        revision = self.lookup(self.revisions, cfg, "renja_revision")
        for row in rows:
            element = self.existing(row)
            indicator = self.keyed_indicator(row, element)
            self.target(indicator, revision, m.PlanKind.RENJA, self.year, self.noted(row, "target", indicator))
            self.realised(row, indicator, self.year, "realisasi", "pembilang", "penyebut")
            self.printed_columns(row, PROGRAM_PRINTED, LKJIP_REPORT, self.year, element, indicator)

    def load_budget(self, path, cfg: dict) -> None:
        """Anggaran and realisasi anggaran per program (LKjIP Tabel 3.12, 3.13); the printed total row."""
        rows = self.rows(path, ["key", "level", "anggaran", "realisasi"])
        revision = self.lookup(self.revisions, cfg, "renja_revision")
        part = self.field(cfg, "part", f"[[files]] {path.name}")
        report_year = int(cfg.get("report_year", self.year))
        for row in rows:
            if row.get("level") == "total":
                self.printed_columns(row, BUDGET_PRINTED, LKJIP_REPORT, report_year, None, None, f"{part}:total:")
                continue
            element = self.existing(row)
            amount, spent = self.rupiah(row, "anggaran"), self.rupiah(row, "realisasi")
            if amount is not None:
                m.Budget.objects.create(element=element, revision=revision, kind=m.PlanKind.RENJA, year=self.year,
                                        amount=amount)
                self.summary.add("pagu")
            if spent is not None:
                m.BudgetRealisation.objects.create(element=element, year=self.year, period=m.Period.YEAR, amount=spent)
                self.summary.add("realisasi anggaran")
            self.printed_columns(row, BUDGET_PRINTED, LKJIP_REPORT, report_year, element, None, f"{part}:")

    def load_printed_figures(self, path, cfg: dict) -> None:
        """Figures a document prints for a whole table (an average, a conclusion): part, row, column, text."""
        report = self.field(cfg, "report", f"[[files]] {path.name}")
        for row in self.rows(path, ["part", "row", "column", "text"]):
            column = f"{row.require('part')}:{row.require('row')}:{row.require('column')}"
            if len(column) > 20:
                raise row.error("column", f"{column!r} lebih dari 20 karakter")
            self.printed_in(report, self.year, None, None, column, row.require("text"))

    def load_narratives(self, path, cfg: dict) -> None:
        """Analysis texts: per indicator (``ikey``: analisis, penghambat, pendorong, solusi) or per document."""
        sections = set(m.Narrative.Section.values)
        for row in self.rows(path, ["key", "ikey", "document", "section", "text"]):
            indicator, document = None, row.get("document")
            section = row.choice("section", sections)
            if row.get("ikey"):
                indicator = self.keyed_indicator(row, self.existing(row), create=False)
                if section not in m.Narrative.INDICATOR_SECTIONS:
                    raise row.error("section", f"bagian indikator: {list(m.Narrative.INDICATOR_SECTIONS)}")
            elif document not in m.Narrative.Document.values:
                raise row.error("document", f"dokumen {document!r} bukan salah satu dari {m.Narrative.Document.values}")
            number = m.Narrative.objects.filter(agency=self.agency, indicator=indicator, document=document,
                                                year=self.year, section=section).count() + 1
            m.Narrative.objects.create(agency=self.agency, indicator=indicator, document=document, year=self.year,
                                       section=section, number=number, text=self.paragraphs(row, "text"))
            self.summary.add("narasi")

    @staticmethod
    def paragraphs(row, column: str) -> str:
        """A narrative cell with its line breaks kept (each line a paragraph of the document), spaces within a
        line collapsed as in every other cell."""
        lines = [" ".join(line.split()) for line in (row.data.get(column) or "").splitlines()]
        text = "\n".join(line for line in lines if line)
        if not text:
            raise row.error(column, "wajib diisi")
        return text

    def load_iku(self, path, cfg: dict) -> None:
        """The IKU document (seed 004): marks the indicators it names as IKU and gives each its formula, data
        source, numerator and denominator and penanggung jawab; ``indicator_ref`` names the stored indicator where
        the document words it differently."""
        rows = self.rows(path, ["key", "indicator", "indicator_ref", "formula", "data_source", "unit"])
        for row in rows:
            element = self.existing(row)
            reference = row.get("indicator_ref")
            indicator = self.indicators.get((element.pk, (reference or row.require("indicator")).casefold()))
            if indicator is None:
                if reference:
                    raise row.error("indicator_ref", f"indikator {reference!r} tidak ada pada {element.key}")
                indicator = self.indicator(row, element)
            indicator.is_iku = True
            fields = ["is_iku"]
            if unit_key := row.get("unit"):
                if unit_key not in self.units:
                    raise row.error("unit", f"unit {unit_key!r} tidak ada di agency.toml ({sorted(self.units)})")
                indicator.unit = self.units[unit_key]
                fields.append("unit")
            indicator.save(update_fields=fields)
            self.describe_indicator(row, indicator)
            self.summary.add("indikator IKU")
            if reference:
                self.printed_in(IKU_REPORT, self.year, element, indicator, "5", row.get("indicator"))
            self.printed_columns(row, IKU_PRINTED, IKU_REPORT, self.year, element, indicator)
