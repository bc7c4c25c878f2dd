from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "kinerja.reports"
    verbose_name = "Laporan"
