"""Under /pd/<agency>/impor/ (kinerja/urls.py): one set of pages per kind of import, each with its capability."""

from django.urls import path

from . import views

urlpatterns = [
    path("rencana/", views.import_plan, name="import-plan"),
    path("rencana/tugas/", views.import_plan_job, name="import-plan-job"),
    path("rencana/status/", views.import_plan_status, name="import-plan-status"),
    path("realisasi/", views.import_realisation, name="import-realisation"),
    path("realisasi/tugas/", views.import_realisation_job, name="import-realisation-job"),
    path("realisasi/status/", views.import_realisation_status, name="import-realisation-status"),
]
