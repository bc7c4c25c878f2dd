from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "kinerja.plan"
    verbose_name = "Rencana dan realisasi"
