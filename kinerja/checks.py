"""System checks of a deployment (``kinerja manage check --deploy``).

In production every page names its static files by their hashed names from the manifest that ``collectstatic``
writes (ManifestStaticFilesStorage, strict). A manifest that is missing, unreadable or older than the code's static
files makes every page that names such a file answer 500; these checks make that a failed deploy check instead.
"""

from django.apps import apps
from django.conf import STATICFILES_STORAGE_ALIAS, settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.checks import Error
from django.utils.module_loading import import_string

HINT = "Run `kinerja manage collectstatic --noinput` with the production environment (README, Deployment)."


def static_files() -> set[str]:
    """The paths collectstatic would collect, as the manifest keys them."""
    ignore = apps.get_app_config("staticfiles").ignore_patterns
    found = set()
    for finder in finders.get_finders():
        for path, storage in finder.list(ignore):
            found.add(f"{storage.prefix}/{path}" if getattr(storage, "prefix", None) else path)
    return found


def static_manifest(app_configs, **kwargs) -> list[Error]:
    if not issubclass(import_string(settings.STORAGES[STATICFILES_STORAGE_ALIAS]["BACKEND"]), ManifestFilesMixin):
        return []  # development: files served as they are, no manifest
    try:  # the storage reads its manifest when it is made
        manifest = staticfiles_storage.load_manifest()[0]
    except ValueError as exc:
        return [Error(f"The static files manifest is unreadable: {exc}.", hint=HINT, id="kinerja.E001")]
    if not manifest:
        root = staticfiles_storage.location
        return [Error(f"STATIC_ROOT ({root}) holds no static files manifest: collectstatic has not run there, or "
                      "failed; every page would answer 500.", hint=HINT, id="kinerja.E001")]
    missing = sorted(static_files() - manifest.keys())
    if missing:
        return [Error(f"{len(missing)} static files are not in the manifest (first: {missing[0]}): it predates this "
                      "release; pages naming them would answer 500.", hint=HINT, id="kinerja.E002")]
    return []
