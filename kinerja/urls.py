from django.contrib.auth import views as auth_views
from django.urls import include, path

from kinerja.web import dashboard, entry, plan_views, region, views

urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("pd/<slug:agency>/evaluasi-renja/<int:year>/", views.evaluation, name="evaluation"),
    path("pd/<slug:agency>/evaluasi-renja/<int:year>.<str:fmt>", views.evaluation_download,
         name="evaluation-download"),
    path("pd/<slug:agency>/rencana-renja/<int:year>/", views.rencana, name="rencana"),
    path("pd/<slug:agency>/rencana-renja/<int:year>.<str:fmt>", views.rencana_download, name="rencana-download"),
    path("pd/<slug:agency>/realisasi/<int:year>/tw<int:quarter>/", entry.quarter_overview, name="quarter-overview"),
    path("pd/<slug:agency>/realisasi/<int:year>/tw<int:quarter>/<slug:unit>/", entry.quarter_entry,
         name="quarter-entry"),
    path("pd/<slug:agency>/realisasi/<int:year>/tw<int:quarter>/<slug:unit>/<slug:action>/",
         entry.quarter_transition, name="quarter-transition"),
    path("pd/<slug:agency>/realisasi/capaian/", entry.entry_capaian, name="entry-capaian"),
    path("pd/<slug:agency>/audit/", entry.audit_trail, name="audit-trail"),
    path("pd/<slug:agency>/bukti/<int:realisation>/", entry.evidence_download, name="evidence-download"),
    path("pd/<slug:agency>/dasbor/<int:year>/", dashboard.dashboard, name="dashboard"),
    path("pd/<slug:agency>/indikator/<int:indicator>/", dashboard.indicator_history, name="indicator-history"),
    path("pd/<slug:agency>/rencana/", plan_views.plan_browser, name="plan-browser"),
    path("pd/<slug:agency>/rencana/<int:element>/", plan_views.element_edit, name="element-edit"),
    path("pd/<slug:agency>/rencana/<int:element>/<int:year>/", plan_views.element_values, name="element-values"),
    path("pd/<slug:agency>/revisi/<int:year>/", plan_views.revision_create, name="revision-create"),
    path("pd/<slug:agency>/renstra/<int:plan>/tambah/", plan_views.element_create, name="element-create"),
    path("pd/<slug:agency>/indikator/<int:indicator>/ubah/", plan_views.indicator_edit, name="indicator-edit"),
    path("wilayah/<slug:region>/dasbor/<int:year>/", region.region_dashboard, name="region-dashboard"),
    path("wilayah/<slug:region>/pengguna/", region.region_users, name="region-users"),
    path("wilayah/<slug:region>/pengaturan/", region.region_settings, name="region-settings"),
    path("wilayah/<slug:region>/pengguna/<int:membership>/cabut/", region.region_membership_remove,
         name="region-membership-remove"),
]
