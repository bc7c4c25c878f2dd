"""The deploy check of the static files' manifest (kinerja/checks.py), under production's storage."""

import json

import pytest
from django.core.checks.registry import registry
from django.core.management import call_command
from django.test import override_settings

from kinerja.checks import static_manifest

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture
def static_root(tmp_path):
    with override_settings(STORAGES=PRODUCTION_STORAGES, STATIC_ROOT=tmp_path):
        yield tmp_path


def ids(errors) -> list[str]:
    return [error.id for error in errors]


def test_the_check_runs_with_check_deploy_only():
    assert static_manifest in registry.get_checks(include_deployment_checks=True)
    assert static_manifest not in registry.get_checks()  # migrate runs before collectstatic


def test_no_manifest_fails_the_deploy_check(static_root):
    assert ids(static_manifest(None)) == ["kinerja.E001"]


def test_collectstatic_succeeds_and_satisfies_the_check(static_root):
    call_command("collectstatic", interactive=False, verbosity=0)  # aborts on a file naming a missing one
    assert static_manifest(None) == []


def test_a_manifest_lacking_a_file_of_this_release_fails_the_deploy_check(static_root):
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    del manifest["paths"]["web/kinerja.css"]
    (static_root / "staticfiles.json").write_text(json.dumps(manifest))
    errors = static_manifest(None)
    assert ids(errors) == ["kinerja.E002"] and "web/kinerja.css" in errors[0].msg


def test_an_unreadable_manifest_fails_the_deploy_check(static_root):
    (static_root / "staticfiles.json").write_text("{not json")
    assert ids(static_manifest(None)) == ["kinerja.E001"]


def test_development_needs_no_manifest():
    assert static_manifest(None) == []
