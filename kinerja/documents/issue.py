"""Issuing a document, and comparing an issued document with today's data.

Issuing freezes what the document shows: every table's JSON as the catalog wrote it, the narrative texts with
their version numbers, and the DOCX itself (with its SHA-256). An issued version is never rewritten: the issued
DOCX and the PDF made from it show the issued figures whatever the data says later. The perencana issues (it is
the one who prepares the document); the kepala dinas may too (it signs it): both hold ``ISSUE_DOCUMENT``. Every
issue is in the audit trail.

The comparison rebuilds the same tables from today's data, in the issued language, and lists per table every row
and column whose value differs, rows added or gone, and narrative sections changed since.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.permissions import Capability, can
from kinerja.plan import models as m

from .content import OK, DocumentError, gather, spec_of
from .narrative_check import check_content, excerpt
from .pdf import document_docx
from .writer import Stamp, blocks, row_label


def issue(user, agency: m.Agency, kind: str, year: int, *, lang: str = "id", appendix: bool = False
          ) -> m.IssuedDocument:
    """Freeze the document as it stands today as the next issued version."""
    from kinerja.realisation.services import audit

    if not can(user, Capability.ISSUE_DOCUMENT, agency):
        raise PermissionError("Peran Anda tidak mengizinkan menerbitkan dokumen")
    spec_of(kind)
    content = gather(agency, kind, year, lang=lang, appendix=appendix)
    if not any(table.status == OK for table in content.tables):
        raise DocumentError(f"{kind} {year} tidak diterbitkan: tidak satu pun tabelnya dapat disusun dari data")
    with transaction.atomic():
        m.Agency.objects.select_for_update().filter(pk=agency.pk).first()  # one issuer of an agency at a time
        number = (m.IssuedDocument.objects.filter(agency=agency, kind=kind, year=year)
                  .aggregate(n=Max("number"))["n"] or 0) + 1
        content.made_at = timezone.now()
        docx = document_docx(content, Stamp(content.made_at, number))
        document = m.IssuedDocument.objects.create(
            agency=agency, kind=kind, year=year, number=number, issued_at=content.made_at, issued_by=user,
            lang=lang, appendix=appendix, content=content.snapshot(), docx=docx,
            docx_sha256=hashlib.sha256(docx).hexdigest())
        audit(user, agency, "terbitkan dokumen", document, "nomor", "",
              f"{kind} {year} terbit {number} (SHA-256 {document.docx_sha256[:12]}…)")
    return document


def narrative_appendix(writer) -> None:
    """In the appendix (``--appendix``, ``?lampiran=1``): every figure the document's narrative quotes that differs
    from the figure its own tables compute, with the sentence and where the computed figure stands. Run on the
    content being written, so an issued version lists the findings of the figures it was issued with."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from .grid import Grid, GridCell

    writer._heading(_("Angka dalam naskah yang berbeda dengan hasil hitung tabel"), 1)
    writer._paragraph(_("Setiap angka yang dikutip naskah dokumen ini di samping nama indikator, program atau "
                        "sasaran, atau kata rata-rata, dibandingkan dengan angka hasil hitung tabel dokumen ini. "
                        "Angka yang tidak jelas rujukannya tidak diperiksa."), align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    findings = check_content(writer.content)
    if not findings:
        writer._note(_("Tidak ada angka dalam naskah yang berbeda dengan hasil hitung tabel dokumen."))
        return
    header = [GridCell(text, True, "center") for text in (
        _("Bagian naskah"), _("Kalimat"), _("Tertulis"), _("Hasil hitung"), _("Sumber hasil hitung"))]
    body = []
    for f in findings:
        where = f.section_label[:1].upper() + f.section_label[1:] + (f" — {f.indicator}" if f.indicator else "")
        source = "; ".join([f.table, _("Baris") + ": " + f.row, _("Kolom") + ": " + f.column]
                           + ([f.note[:1].upper() + f.note[1:]] if f.note else []))
        body.append([GridCell(where), GridCell(excerpt(f)), GridCell(f.quoted, align="right", number=True),
                     GridCell(f.computed, align="right", number=True), GridCell(source)])
    writer.grid(Grid("", [], [header, *body], 1, [], [18, 45, 10, 10, 45]), "")


def issued_versions(agency: m.Agency, kind: str, year: int):
    return (m.IssuedDocument.objects.filter(agency=agency, kind=kind, year=year).defer("docx", "content")
            .select_related("issued_by").order_by("-number"))


def issued(agency: m.Agency, kind: str, year: int, number: int | None = None) -> m.IssuedDocument:
    """The issued version ``number``, or the latest."""
    versions = m.IssuedDocument.objects.filter(agency=agency, kind=kind, year=year)
    found = versions.filter(number=number).first() if number else versions.order_by("-number").first()
    if found is None:
        which = f"versi terbit {number}" if number else "versi terbit"
        raise DocumentError(f"{kind} {year} {agency.slug}: belum ada {which}")
    return found


# -- comparison ------------------------------------------------------------------------------------------------


@dataclass
class CellChange:
    row: str
    column: str
    label: str
    issued: str | None
    now: str | None


@dataclass
class TableDiff:
    section: str
    report: str
    year: int
    issued_status: str
    now_status: str
    changes: list[CellChange] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def differs(self) -> bool:
        return bool(self.changes or self.added or self.removed or self.issued_status != self.now_status)


@dataclass
class NarrativeChange:
    section: str
    issued_number: int | None
    now_number: int | None


@dataclass
class DocumentDiff:
    kind: str
    year: int
    number: int
    tables: list[TableDiff]
    narratives: list[NarrativeChange]

    @property
    def empty(self) -> bool:
        return not self.narratives and not any(t.differs for t in self.tables)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "year": self.year, "number": self.number, "same": self.empty,
                "tables": [{**asdict(t), "differs": t.differs} for t in self.tables],
                "narratives": [asdict(n) for n in self.narratives]}


def _text(value) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _flatten(row: dict) -> dict[tuple[str, str], str | None]:
    """A JSON row's values by (official column, measure)."""
    values: dict[tuple[str, str], str | None] = {}
    cells = row.get("cells")
    if isinstance(cells, dict):
        for column, cell in cells.items():
            if isinstance(cell, dict):
                values.update({(str(column), str(measure)): _text(v) for measure, v in cell.items()})
            else:
                values[(str(column), "")] = _text(cell)
    else:
        values.update({(str(k), ""): _text(v) for k, v in row.items()
                       if not isinstance(v, dict | list) and k not in IDENTITY})
    for extra in ("average", "predikat"):
        if isinstance(row.get(extra), dict):
            values.update({(extra, str(measure)): _text(v) for measure, v in row[extra].items()})
    return values


IDENTITY = {"code", "level", "key", "name", "indicator", "unit", "sasaran"}


def _keyed(rows: list) -> dict[tuple, dict]:
    keyed: dict[tuple, dict] = {}
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            continue
        base = (row.get("key") or row.get("code") or "", row.get("indicator") or "", row.get("level") or "")
        if not any(base):
            base = ("#", str(index), "")
        key, seen = base, 1
        while key in keyed:
            seen += 1
            key = (*base, seen)
        keyed[key] = row
    return keyed


def _table_values(data: dict) -> dict[tuple[str, str], str | None]:
    values: dict[tuple[str, str], str | None] = {}
    for extra in ("average", "predikat", "total"):
        block = data.get(extra)
        if isinstance(block, dict):
            for k, v in block.items():
                if isinstance(v, dict):
                    values.update({(f"{extra} {k}", str(measure)): _text(x) for measure, x in v.items()})
                else:
                    values[(extra, str(k))] = _text(v)
    return values


def _labels(data: dict) -> dict[str, str]:
    return {str(c.get("number")): str(c.get("label", "")) for c in data.get("columns", []) if isinstance(c, dict)}


def _same(a: str | None, b: str | None) -> bool:
    if a == b:
        return True
    try:
        return a is not None and b is not None and Decimal(a) == Decimal(b)
    except (InvalidOperation, TypeError):
        return False


def compare_tables(issued_data: dict, now_data: dict, whole_table: str = "seluruh tabel"
                   ) -> tuple[list[CellChange], list[str], list[str]]:
    """Per row (matched by element key, indicator and level) and column: every value that differs; the rows only
    one side has. A table of parts (the LKjIP's) is compared part by part."""
    changes: list[CellChange] = []
    added: list[str] = []
    removed: list[str] = []
    old_blocks, new_blocks = dict(blocks(issued_data)), dict(blocks(now_data))
    for part in [*old_blocks, *(p for p in new_blocks if p not in old_blocks)]:
        old, new = old_blocks.get(part, {}), new_blocks.get(part, {})
        prefix = f"{part}: " if part else ""
        labels = {**_labels(old), **_labels(new)}
        old_rows, new_rows = _keyed(old.get("rows", [])), _keyed(new.get("rows", []))

        def changed(where: str, a_values: dict, b_values: dict, labels=labels) -> None:
            for column, measure in sorted(set(a_values) | set(b_values), key=_column_order):
                a, b = a_values.get((column, measure)), b_values.get((column, measure))
                if not _same(a, b):
                    name = " ".join(x for x in (column, measure) if x)
                    changes.append(CellChange(where, name, labels.get(column, ""), a, b))

        for key, row in old_rows.items():
            if key in new_rows:
                changed(prefix + (row_label(row) or key[0]), _flatten(row), _flatten(new_rows[key]))
        changed(prefix + whole_table, _table_values(old), _table_values(new))
        added += [prefix + (row_label(row) or key[0]) for key, row in new_rows.items() if key not in old_rows]
        removed += [prefix + (row_label(row) or key[0]) for key, row in old_rows.items() if key not in new_rows]
    return changes, added, removed


def _column_order(item: tuple[str, str]):
    column, measure = item
    return (0, int(column), measure) if column.isdigit() else (1, column, measure)


def compare(document: m.IssuedDocument) -> DocumentDiff:
    """The issued version against today's data, table by table and cell by cell."""
    snapshot = document.content
    now = gather(document.agency, document.kind, document.year, lang=document.lang, grids=False)
    whole = "seluruh tabel" if document.lang == "id" else "whole table"
    tables = []
    for old in snapshot.get("tables", []):
        current = now.table(old["section"], old["report"])
        diff = TableDiff(old["section"], old["report"], old["year"], old["status"],
                         current.status if current else "missing")
        if old.get("data") and current is not None and current.data:
            diff.changes, diff.added, diff.removed = compare_tables(old["data"], current.data, whole)
        tables.append(diff)
    narratives = []
    issued_narratives = snapshot.get("narratives", {})
    for section in sorted(set(issued_narratives) | set(now.narratives)):
        a, b = issued_narratives.get(section), now.narratives.get(section)
        if (a or {}).get("text") != (b or {}).get("text"):
            narratives.append(NarrativeChange(section, (a or {}).get("number"), (b or {}).get("number")))
    return DocumentDiff(document.kind, document.year, document.number, tables, narratives)


def diff_text(document: m.IssuedDocument, diff: DocumentDiff) -> str:
    from .writer import indonesian_text

    issued_at = timezone.localtime(document.issued_at).strftime("%Y-%m-%d %H:%M")
    lines = [f"{document.get_kind_display()} {document.year} {document.agency.slug}: versi terbit {document.number} "
             f"({issued_at}) dibanding data kini"]
    if diff.empty:
        lines.append("Sama: tidak ada angka atau narasi yang berubah sejak terbit.")
    for table in diff.tables:
        if not table.differs:
            continue
        lines.append(f"\n{table.section} {table.report} {table.year}:")
        if table.issued_status != table.now_status:
            lines.append(f"  status: terbit {table.issued_status} → kini {table.now_status}")
        for change in table.changes:
            label = f" ({change.label})" if change.label else ""
            lines.append(f"  {change.row} | {change.column}{label}: terbit {indonesian_text(change.issued)} → kini "
                         f"{indonesian_text(change.now)}")
        lines.extend(f"  + baris baru: {row}" for row in table.added)
        lines.extend(f"  − baris hilang: {row}" for row in table.removed)
    for change in diff.narratives:
        lines.append(f"\nnarasi {change.section}: versi {change.issued_number or '—'} (terbit) → "
                     f"{change.now_number or '—'} (kini)")
    return "\n".join(lines) + "\n"
