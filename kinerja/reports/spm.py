"""The SPM bidang sosial tables of the LKjIP (seed 003): ``psks`` — potensi dan sumber kesejahteraan sosial by kind
(Tabel 1.2) — and ``spm-layanan`` — jenis pelayanan dasar with their sasaran, target, cara hitung, kebutuhan,
komponen biaya, program and kegiatan (Tabel 1.3).

Tabel 1.2 and 1.3 print no column numbers; the columns are numbered in their printed order. ``psks`` sums each
group (perorangan counts people, kelembagaan institutions: the two are never added together).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kinerja.plan import models as m
from kinerja.spm.models import BasicService, WelfarePotential

from .data import ReportError, plan_covering
from .official import SATUAN, K, OfficialTable, TableColumn, TableRow
from .renja_evaluation import Cell

PSKS_REPORT = "psks"
SPM_REPORT = "spm-layanan"


def psks_columns() -> list[TableColumn]:
    return [
        TableColumn("1", str(pgettext_lazy("nomor urut", "No")), "no"),
        TableColumn("2", str(_("Jenis PSKS")), "name"),
        TableColumn("3", str(_("Jumlah")), "count", (K, SATUAN)),
    ]


def build_psks(agency: m.Agency, year: int) -> OfficialTable:
    lines = list(WelfarePotential.objects.filter(agency=agency, year=year).order_by("position"))
    if not lines:
        years = sorted(set(WelfarePotential.objects.filter(agency=agency).values_list("year", flat=True)))
        raise ReportError(f"Belum ada data PSKS {year} untuk {agency.name}. "
                          f"Yang ada: {', '.join(map(str, years)) or '(belum ada)'}")
    labels = dict(WelfarePotential.Group.choices)
    rows: list[TableRow] = []
    totals: dict[str, Decimal] = defaultdict(Decimal)
    group, number = None, 0
    for line in lines:
        if line.group != group:
            group, number = line.group, 0
            heading = TableRow(kind="program", key=line.group, info={"group": line.group})
            heading.text("name", str(labels[line.group]))
            rows.append(heading)
        number += 1
        totals[line.group] += line.count
        row = TableRow(kind="kegiatan", key=f"{line.group}-{number}", depth=1,
                       info={"group": line.group, "name": line.name})
        row.text("no", str(number))
        row.text("name", line.name)
        row.cells[("count", K)] = Cell(value=line.count)
        row.cells[("count", SATUAN)] = Cell(value=line.unit)
        rows.append(row)
    return OfficialTable(
        report=PSKS_REPORT,
        title=str(_("Data potensi sumber kesejahteraan sosial (PSKS) perorangan dan kelembagaan %(y)s")
                  % {"y": year}),
        agency=agency, plan=(plan := plan_covering(agency, year)), year=year, columns=psks_columns(), rows=rows,
        source=plan.name,
        summary={"by_group": {g: f"{v.normalize():f}" for g, v in totals.items()}, "lines": len(lines)},
    )


def spm_columns() -> list[TableColumn]:
    plan = str(_("Data rencana pelaksanaan"))
    return [
        TableColumn("1", str(pgettext_lazy("nomor urut", "No")), "no"),
        TableColumn("2", str(_("Jenis pelayanan")), "service"),
        TableColumn("3", str(_("Sasaran/indikator kinerja")), "recipient"),
        TableColumn("4", str(_("Target")), "target", group=plan),
        TableColumn("5", str(_("Cara hitung outcome")), "calculation", group=plan),
        TableColumn("6", str(_("Kebutuhan")), "need", group=plan),
        TableColumn("7", str(_("Komponen biaya")), "cost", group=plan),
        TableColumn("8", str(_("Program")), "program", group=plan),
        TableColumn("9", str(_("Kegiatan")), "activity", group=plan),
    ]


def build_spm_layanan(agency: m.Agency, year: int) -> OfficialTable:
    services = list(BasicService.objects.filter(agency=agency, year=year).select_related("indicator")
                    .prefetch_related("recipients", "components__program").order_by("position"))
    if not services:
        years = sorted(set(BasicService.objects.filter(agency=agency).values_list("year", flat=True)))
        raise ReportError(f"Belum ada jenis pelayanan dasar SPM {year} untuk {agency.name}. "
                          f"Yang ada: {', '.join(map(str, years)) or '(belum ada)'}")
    rows: list[TableRow] = []
    for service in services:
        recipients = list(service.recipients.all())
        components = list(service.components.all())
        for index in range(max(1, len(recipients), len(components))):
            recipient = recipients[index] if index < len(recipients) else None
            component = components[index] if index < len(components) else None
            first = index == 0
            previous = components[index - 1] if 0 < index <= len(components) else None
            show_program = component is not None and (previous is None or component.program_name
                                                      != previous.program_name)
            row = TableRow(kind="program" if first else "kegiatan", key=f"{service.position}-{index}",
                           depth=0 if first else 1, info={
                               "service": service.name if first else None,
                               "indicator": service.indicator.name if first and service.indicator else None,
                               "program_code": component.program.code if component and component.program else None,
                           })
            row.text("no", service.number if first else "")
            row.text("service", service.name if first else "")
            row.text("recipient", f"{recipient.number}. {recipient.name}" if recipient and recipient.number
                     else (recipient.name if recipient else ""))
            row.text("target", service.target if first else "")
            row.text("calculation", service.calculation if first else "")
            row.text("need", component.need if component else "")
            row.text("cost", component.cost_components if component else "")
            row.text("program", component.program_name if show_program else "")
            row.text("activity", component.activity_name if component else "")
            rows.append(row)
    return OfficialTable(
        report=SPM_REPORT,
        title=str(_("Jenis pelayanan dasar dan indikator SPM urusan wajib bidang sosial %(y)s") % {"y": year}),
        agency=agency, plan=(plan := plan_covering(agency, year)), year=year, columns=spm_columns(), rows=rows,
        source=plan.name,
        summary={"services": len(services),
                 "recipients": sum(len(s.recipients.all()) for s in services),
                 "components": sum(len(s.components.all()) for s in services),
                 "with_indicator": sum(1 for s in services if s.indicator_id)},
    )
