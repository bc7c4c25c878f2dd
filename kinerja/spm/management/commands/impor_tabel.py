"""``kinerja manage impor_tabel <jenis> <berkas> --agency <slug> …``: import one plan table from CSV or XLSX.

Kinds: ``kode-lama`` (needs --renstra and --renstra-baru), ``pendanaan`` (--revisi and --tahun), ``psks`` and
``spm-layanan`` (--tahun). The file replaces the agency's lines of that table; a bad cell refuses the whole file
with its row and column, and nothing is written.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kinerja.plan import models as m
from kinerja.spm.importing import KINDS, TableImportError, import_table


class Command(BaseCommand):
    help = "Impor tabel rencana (kode-lama, pendanaan, psks, spm-layanan) dari CSV atau XLSX."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("path")
        parser.add_argument("--agency", required=True, help="slug perangkat daerah")
        parser.add_argument("--tahun", type=int, help="tahun tabel (pendanaan, psks, spm-layanan)")
        parser.add_argument("--renstra", help="kunci Renstra periode lama (kode-lama)")
        parser.add_argument("--renstra-baru", help="kunci Renstra periode baru (kode-lama)")
        parser.add_argument("--revisi", help="kunci revisi Renja (pendanaan)")

    def handle(self, *args, **options):
        try:
            agency = m.Agency.objects.get(slug=options["agency"])
        except m.Agency.DoesNotExist:
            raise CommandError(f"perangkat daerah {options['agency']!r} tidak ada") from None
        kind = options["kind"]
        params = {}
        try:
            if kind == "kode-lama":
                params["source_plan"] = agency.strategic_plans.get(key=self._need(options, "renstra"))
                params["target_plan"] = agency.strategic_plans.get(key=self._need(options, "renstra_baru"))
            elif kind == "pendanaan":
                params["revision"] = m.Revision.objects.get(agency=agency, key=self._need(options, "revisi"))
                params["year"] = self._need(options, "tahun")
            else:
                params["year"] = self._need(options, "tahun")
        except (m.StrategicPlan.DoesNotExist, m.Revision.DoesNotExist):
            raise CommandError("Renstra atau revisi yang disebut tidak ada untuk perangkat daerah ini") from None
        path = Path(options["path"])
        try:
            count = import_table(kind, path, agency, source=path.name, **params)
        except TableImportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{kind}: {count} baris diimpor dari {path.name} untuk {agency.slug}")

    @staticmethod
    def _need(options, name):
        if options.get(name) in (None, ""):
            raise CommandError(f"--{name.replace('_', '-')} wajib untuk jenis ini")
        return options[name]
