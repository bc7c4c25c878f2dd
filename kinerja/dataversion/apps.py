from django.apps import AppConfig


class DataVersionConfig(AppConfig):
    name = "kinerja.dataversion"
    label = "dataversion"
    verbose_name = "Versi data"
    default_auto_field = "django.db.models.BigAutoField"
