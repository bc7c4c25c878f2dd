"""The plan tables of issue 14 on the web (``kode-lama``, ``riwayat-program``, ``pendanaan``, ``psks``,
``spm-layanan``): pd/<agency>/tabel/<name>/<year>/ and its downloads, the same page and writers as the official
tables (``kinerja.web.tables``)."""

from __future__ import annotations

from django.urls import path

from kinerja.reports.catalog import PLAN_TABLES
from kinerja.web.tables import download_view, table_view

urlpatterns = [
    pattern
    for name, _stem, _build in PLAN_TABLES
    for pattern in (
        path(f"pd/<slug:agency>/tabel/{name}/<year:year>/", table_view(name), name=f"table-{name}"),
        path(f"pd/<slug:agency>/tabel/{name}/<year:year>.<str:fmt>", download_view(name),
             name=f"table-{name}-download"),
    )
]
