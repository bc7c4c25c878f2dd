from django.contrib.auth import views as auth_views
from django.urls import include, path

from kinerja.spm import urls as plan_table_urls
from kinerja.web import account, consistency, dashboard, entry, plan_views, region, verifier, views
from kinerja.web import accountability as accountability_documents
from kinerja.web import audit as audit_views
from kinerja.web import converters as path_converters  # noqa: F401  (registers <year:…>: 2000–2100, else 404)
from kinerja.web import documents as document_views
from kinerja.web import tables as official_tables
from kinerja.web import units as unit_views
from kinerja.web.forms import LoginForm

# A request Django cannot read (a form body in a charset other than UTF-8, too many fields, a forged host) answers
# 400 with a page in the reader's language, never 500.
handler400 = "kinerja.web.views.bad_request"
# 403, 404 and 500 in the site's layout and the reader's language, each with a way back (kinerja/web/error_pages.py).
handler403 = "kinerja.web.error_pages.permission_denied"
handler404 = "kinerja.web.error_pages.page_not_found"
handler500 = "kinerja.web.error_pages.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", auth_views.LoginView.as_view(template_name="web/login.html", authentication_form=LoginForm),
         name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("masuk/kode/", account.otp_verify, name="otp-verify"),
    path("akun/keamanan/", account.account_security, name="account-security"),
    path("akun/kata-sandi/", auth_views.PasswordChangeView.as_view(template_name="web/password_change.html"),
         name="password_change"),
    path("akun/kata-sandi/selesai/",
         auth_views.PasswordChangeDoneView.as_view(template_name="web/password_change_done.html"),
         name="password_change_done"),
    path("lupa-sandi/", auth_views.PasswordResetView.as_view(
        template_name="web/password_reset.html", email_template_name="web/password_reset_email.txt",
        subject_template_name="web/password_reset_subject.txt"), name="password_reset"),
    path("lupa-sandi/terkirim/", auth_views.PasswordResetDoneView.as_view(template_name="web/password_reset_done.html"),
         name="password_reset_done"),
    path("lupa-sandi/<uidb64>/<token>/",
         auth_views.PasswordResetConfirmView.as_view(template_name="web/password_reset_confirm.html"),
         name="password_reset_confirm"),
    path("lupa-sandi/selesai/",
         auth_views.PasswordResetCompleteView.as_view(template_name="web/password_reset_complete.html"),
         name="password_reset_complete"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("verifikasi/", verifier.verify_table, name="verify-table"),
    path("pd/<slug:agency>/evaluasi-renja/<year:year>/", views.evaluation, name="evaluation"),
    path("pd/<slug:agency>/evaluasi-renja/<year:year>.<str:fmt>", views.evaluation_download,
         name="evaluation-download"),
    path("pd/<slug:agency>/rencana-renja/<year:year>/", views.rencana, name="rencana"),
    path("pd/<slug:agency>/rencana-renja/<year:year>.<str:fmt>", views.rencana_download, name="rencana-download"),
    path("pd/<slug:agency>/realisasi/<year:year>/tw<int:quarter>/", entry.quarter_overview, name="quarter-overview"),
    path("pd/<slug:agency>/realisasi/<year:year>/tw<int:quarter>/<slug:unit>/", entry.quarter_entry,
         name="quarter-entry"),
    path("pd/<slug:agency>/realisasi/<year:year>/tw<int:quarter>/<slug:unit>/tinjau/", entry.quarter_review,
         name="quarter-review"),
    path("pd/<slug:agency>/realisasi/<year:year>/tw<int:quarter>/<slug:unit>/<slug:action>/",
         entry.quarter_transition, name="quarter-transition"),
    path("pd/<slug:agency>/realisasi/<year:year>/serentak/tw<int:quarter>/<slug:action>/", entry.quarter_batch,
         name="quarter-batch"),
    path("pd/<slug:agency>/realisasi/capaian/", entry.entry_capaian, name="entry-capaian"),
    path("pd/<slug:agency>/audit/", audit_views.audit_trail, name="audit-trail"),
    path("pd/<slug:agency>/impor/", include("kinerja.imports.urls")),
    path("pd/<slug:agency>/bukti/<int:realisation>/", entry.evidence_download, name="evidence-download"),
    path("pd/<slug:agency>/dasbor/<year:year>/", dashboard.dashboard, name="dashboard"),
    path("pd/<slug:agency>/periksa/<year:year>/", consistency.consistency, name="consistency"),
    path("pd/<slug:agency>/satuan/", unit_views.unit_equivalences, name="unit-equivalences"),
    path("pd/<slug:agency>/satuan/nyatakan/", unit_views.unit_declare, name="unit-declare"),
    path("pd/<slug:agency>/satuan/<int:declaration>/tarik/", unit_views.unit_withdraw, name="unit-withdraw"),
    path("pd/<slug:agency>/indikator/<int:indicator>/", dashboard.indicator_history, name="indicator-history"),
    path("pd/<slug:agency>/rencana/", plan_views.plan_browser, name="plan-browser"),
    path("pd/<slug:agency>/rencana/<int:element>/", plan_views.element_edit, name="element-edit"),
    path("pd/<slug:agency>/rencana/<int:element>/<year:year>/", plan_views.element_values, name="element-values"),
    path("pd/<slug:agency>/revisi/<year:year>/", plan_views.revision_create, name="revision-create"),
    path("pd/<slug:agency>/renstra/<int:plan>/tambah/", plan_views.element_create, name="element-create"),
    path("pd/<slug:agency>/naskah/<slug:document>/<year:year>/", plan_views.narrative, name="document-narrative"),
    path("pd/<slug:agency>/dokumen/<slug:kind>/<year:year>/", document_views.document_page, name="document"),
    path("pd/<slug:agency>/dokumen/<slug:kind>/<year:year>.<str:fmt>", document_views.document_download,
         name="document-download"),
    path("pd/<slug:agency>/dokumen/<slug:kind>/<year:year>/terbitkan/", document_views.document_issue,
         name="document-issue"),
    path("pd/<slug:agency>/dokumen/<slug:kind>/<year:year>/terbit/<int:number>/", document_views.document_issued,
         name="document-issued"),
    path("pd/<slug:agency>/dokumen/<slug:kind>/<year:year>/terbit/<int:number>.<str:fmt>",
         document_views.document_issued_download, name="document-issued-download"),
    path("pd/<slug:agency>/indikator/<int:indicator>/analisis/<year:year>/", plan_views.narrative,
         name="indicator-narrative"),
    path("pd/<slug:agency>/indikator/<int:indicator>/ubah/", plan_views.indicator_edit, name="indicator-edit"),
    path("wilayah/<slug:region>/dasbor/<year:year>/", region.region_dashboard, name="region-dashboard"),
    path("wilayah/<slug:region>/pengguna/", region.region_users, name="region-users"),
    path("wilayah/<slug:region>/pengaturan/", region.region_settings, name="region-settings"),
    path("wilayah/<slug:region>/pengguna/<int:membership>/cabut/", region.region_membership_remove,
         name="region-membership-remove"),
]

# The official tables of REPORTS.md §C–§F: pd/<agency>/tabel/<report>/<year>/ and its downloads.
urlpatterns += official_tables.urlpatterns
# The plan tables of issue 14 (kode lama, riwayat program, pendanaan, PSKS, SPM), the same way.
urlpatterns += plan_table_urls.urlpatterns
# The accountability documents of REPORTS.md §G–§I: pd/<agency>/lkjip|perjanjian-kinerja|iku/<year>/.
urlpatterns += accountability_documents.urlpatterns
