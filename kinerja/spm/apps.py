from django.apps import AppConfig


class SpmConfig(AppConfig):
    name = "kinerja.spm"
    verbose_name = "Standar pelayanan minimal dan PSKS"
