from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "kinerja.imports"
    label = "imports"
    verbose_name = "Impor"
    default_auto_field = "django.db.models.BigAutoField"
