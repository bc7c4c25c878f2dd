from django.apps import AppConfig
from django.core import checks


class WebConfig(AppConfig):
    name = "kinerja.web"
    verbose_name = "Aplikasi web"

    def ready(self):
        from kinerja.checks import static_manifest

        checks.register(static_manifest, checks.Tags.staticfiles, deploy=True)
