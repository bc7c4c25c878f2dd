from django.apps import AppConfig


class RealisationConfig(AppConfig):
    name = "kinerja.realisation"
    verbose_name = "Realisasi, verifikasi dan jejak audit"
