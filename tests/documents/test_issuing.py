"""Issuing freezes a document's figures; the comparison shows what changed since; who may issue."""

import hashlib
import io
import json

import pytest
from docx import Document

from kinerja.cli import main
from kinerja.documents.content import DocumentError, gather
from kinerja.documents.issue import compare, issue
from kinerja.plan import models as m
from kinerja.realisation.models import AuditEntry

pytestmark = pytest.mark.usefixtures("no_layout_pass")

SURAT = "Penyediaan jasa surat menyurat"


def _letters_realisation(kukar) -> m.Realisation:
    """The 2019 realisation of 'Jumlah surat' (seed 000 §2.1: 1 200 letters, reported as one annual figure)."""
    return m.Realisation.objects.get(indicator__name="Jumlah surat", indicator__element__name=SURAT,
                                     indicator__element__strategic_plan__agency=kukar, year=2019)


def test_perencana_issues_the_next_numbered_version_and_it_is_audited(kukar, users):
    first = issue(users["perencana.kukar"], kukar, "renja", 2021)
    second = issue(users["perencana.kukar"], kukar, "renja", 2021)
    assert (first.number, second.number) == (1, 2)
    assert first.docx_sha256 == hashlib.sha256(bytes(first.docx)).hexdigest()
    reports = {t["report"]: t for t in first.content["tables"]}
    assert reports["renja-evaluasi"]["year"] == 2019 and reports["renja-evaluasi"]["data"]["report"] == "renja-evaluasi"
    assert reports["renja-rencana"]["year"] == 2021
    entry = AuditEntry.objects.get(object_type="plan.issueddocument", object_id=first.pk)
    assert entry.action == "terbitkan dokumen" and entry.user == users["perencana.kukar"]
    assert "renja 2021 terbit 1" in entry.new


def test_kepala_may_issue_operator_and_pemeriksa_may_not(kukar, users):
    assert issue(users["kepala.kukar"], kukar, "renja", 2021).number == 1
    for name in ("operator.rehsos.kukar", "pemeriksa.kukar", "perencana.tarakan"):
        with pytest.raises(PermissionError):
            issue(users[name], kukar, "renja", 2021)
    assert not m.IssuedDocument.objects.filter(issued_by__username__in=["operator.rehsos.kukar"]).exists()


def test_a_document_none_of_whose_tables_can_be_built_is_not_issued(kukar, users):
    with pytest.raises(DocumentError, match="tidak satu pun tabelnya"):
        issue(users["perencana.kukar"], kukar, "renja", 2010)


def test_an_issued_version_is_never_rewritten(kukar, users):
    document = issue(users["perencana.kukar"], kukar, "renja", 2021)
    with pytest.raises(PermissionError):
        document.save()
    with pytest.raises(PermissionError):
        document.delete()


def test_a_later_change_of_data_leaves_the_issued_figures_and_the_diff_shows_that_cell(kukar, users):
    document = issue(users["perencana.kukar"], kukar, "renja", 2021)
    frozen_json = json.dumps(document.content, sort_keys=True)
    frozen_docx = bytes(document.docx)

    realisation = _letters_realisation(kukar)
    realisation.value = 1300
    realisation.save()

    document = m.IssuedDocument.objects.get(pk=document.pk)
    assert json.dumps(document.content, sort_keys=True) == frozen_json
    assert bytes(document.docx) == frozen_docx
    issued_row = next(r for r in next(t for t in document.content["tables"] if t["report"] == "renja-evaluasi")
                      ["data"]["rows"] if r["name"] == SURAT)
    assert issued_row["cells"]["12"]["K"] == "1200"

    diff = compare(document)
    by_table = {t.report: t for t in diff.tables}
    assert not by_table["renja-rencana"].differs
    evaluation = by_table["renja-evaluasi"]
    assert evaluation.added == [] and evaluation.removed == []
    row_changes = {(c.column, c.issued, c.now) for c in evaluation.changes if SURAT in c.row}
    # The realisation of 2019 (col 12), its capaian (13), the Renstra realisation so far (14) and its capaian (15).
    assert row_changes == {("12 K", "1200", "1300"), ("13 K", "100.00", "108.33"), ("14 K", "3600", "3700"),
                           ("15 K", "60.00", "61.67")}
    # Elsewhere only the averages that take that capaian in: the program's and the table's.
    others = {(c.row, c.column) for c in evaluation.changes if SURAT not in c.row}
    assert {column for _row, column in others} <= {"average K", "predikat K"}
    assert ("seluruh tabel", "average K") in others


def test_the_issued_docx_still_prints_the_issued_figure(kukar, users):
    document = issue(users["perencana.kukar"], kukar, "renja", 2021)
    realisation = _letters_realisation(kukar)
    realisation.value = 1300
    realisation.save()

    def letters_row(docx: bytes) -> list[str]:
        for table in Document(io.BytesIO(docx)).tables:
            for row in table.rows:
                texts = [c.text for c in row.cells]
                if SURAT in texts:
                    return texts
        raise AssertionError("row not found")

    assert "1.200" in letters_row(bytes(document.docx)) and "1.300" not in letters_row(bytes(document.docx))
    from kinerja.documents.pdf import document_docx

    today = letters_row(document_docx(gather(kukar, "renja", 2021)))
    assert "1.300" in today


def test_cli_prints_the_issued_version_and_the_diff(kukar, users, tmp_path, capsys):
    document = issue(users["perencana.kukar"], kukar, "renja", 2021)
    realisation = _letters_realisation(kukar)
    realisation.value = 1300
    realisation.save()

    target = tmp_path / "renja-terbit.docx"
    assert main(["document", "renja", "--agency", "dinsos-kukar", "--year", "2021", "--issued", "-o",
                 str(target)]) == 0
    assert target.read_bytes() == bytes(document.docx)

    capsys.readouterr()
    assert main(["document", "diff", "--kind", "renja", "--agency", "dinsos-kukar", "--year", "2021"]) == 0
    out = capsys.readouterr().out
    assert f"{SURAT} — Jumlah surat | 12 K" in out and "terbit 1.200 → kini 1.300" in out

    assert main(["document", "diff", "--kind", "renja", "--agency", "dinsos-kukar", "--year", "2021",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["same"] is False and data["number"] == 1


def test_cli_issue_names_the_user_and_refuses_a_role_that_may_not(kukar, users, capsys):
    assert main(["document", "issue", "--kind", "renja", "--agency", "dinsos-kukar", "--year", "2021",
                 "--user", "perencana.kukar"]) == 0
    assert "Diterbitkan: Renja 2021 terbit 1 oleh perencana.kukar" in capsys.readouterr().out
    assert main(["document", "issue", "--kind", "renja", "--agency", "dinsos-kukar", "--year", "2021",
                 "--user", "operator.rehsos.kukar"]) == 2
    assert "tidak mengizinkan" in capsys.readouterr().err
    assert main(["document", "diff", "--agency", "dinsos-kukar", "--year", "2021"]) == 2  # --kind is needed


def test_unchanged_data_gives_an_empty_diff(kukar, users):
    document = issue(users["perencana.kukar"], kukar, "renja", 2021)
    assert compare(document).empty


def test_an_lkjip_is_compared_part_by_part(kukar, users):
    from kinerja.reports.catalog import REPORTS

    if "lkjip" not in REPORTS:
        pytest.skip("the lkjip table is not in the catalog")
    document = issue(users["kepala.kukar"], kukar, "lkjip", 2023)
    realisation = m.Realisation.objects.get(indicator__name="Nilai SAKIP", year=2023,
                                            indicator__element__strategic_plan__agency=kukar)
    realisation.value = 90
    realisation.save()
    lkjip = next(t for t in compare(document).tables if t.report == "lkjip")
    realised = {(c.row, c.column): (c.issued, c.now) for c in lkjip.changes}
    assert realised[("3.2: S1 — Nilai SAKIP", "5")] == ("92.45", "90")  # Tabel 3.2, realisasi
