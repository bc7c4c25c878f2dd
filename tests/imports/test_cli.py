"""``kinerja import``: progress on standard error, the preview on standard output, --dry-run writes nothing."""

import pytest

from kinerja.cli import main
from kinerja.plan import models as m
from kinerja.realisation.models import AuditEntry

from .conftest import FIXTURES, stored


def test_import_has_help(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["import", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "--dry-run" in out and "--quarter" in out and "--kind" in out


def test_dry_run_prints_the_preview_and_writes_nothing(fresh, capsys):
    before = stored()
    path = FIXTURES / "seed001_tabel8.txt"
    assert main(["import", str(path), "--agency", "uji-impor", "--year", "2024", "--dry-run"]) == 0
    out, err = capsys.readouterr()
    assert stored() == before
    assert "impor: membaca" in err and "impor: mencocokkan baris dengan data tersimpan 58/58 baris" in err
    assert "impor rencana tahun 2024" in out
    assert "Ringkasan: 58 baris; 58 unsur baru, 53 indikator baru, 53 target baru, 34 pagu baru, 1 revisi baru" in out
    assert "baris 19: baru Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD · nama:" in out
    assert "--dry-run: tidak ada yang disimpan." in out


def test_import_applies_and_a_second_run_changes_nothing(fresh, capsys):
    path = FIXTURES / "seed001_tabel8.txt"
    assert main(["import", str(path), "--agency", "uji-impor", "--year", "2024", "--kind", "plan"]) == 0
    out = capsys.readouterr().out
    assert "199 perubahan disimpan dalam satu transaksi" in out
    assert AuditEntry.objects.filter(agency=fresh, action="impor", user=None).count() == 199
    assert m.PlanElement.objects.filter(strategic_plan__agency=fresh).count() == 58
    assert main(["import", str(path), "--agency", "uji-impor", "--year", "2024"]) == 0
    assert "Tidak ada perubahan" in capsys.readouterr().out


def test_columns_named_on_the_command_line(fresh, tmp_path, capsys):
    path = tmp_path / "tanpa-judul.txt"
    path.write_text("1.06.01\tProgram Penunjang\tPersentase layanan\t100 %\n"
                    "1.06.01.2.01\tPerencanaan\tJumlah dokumen\t5 Dokumen\n", encoding="utf-8")
    assert main(["import", str(path), "--agency", "uji-impor", "--year", "2024"]) == 2
    assert "--map" in capsys.readouterr().err
    assert main(["import", str(path), "--agency", "uji-impor", "--year", "2024", "--kind", "plan",
                 "--map", "1=kode", "--map", "2=nama", "--map", "3=indikator", "--map", "4=target",
                 "--header-end", "0"]) == 0
    assert m.PlanElement.objects.get(strategic_plan__agency=fresh, code="1.06.01.2.01").parent.code == "1.06.01"
    assert main(["import", str(path), "--agency", "uji-impor", "--year", "2024", "--map", "1=kodee"]) == 2
    assert "--map '1=kodee'" in capsys.readouterr().err
