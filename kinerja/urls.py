from django.contrib.auth import views as auth_views
from django.urls import include, path

from kinerja.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("pd/<slug:agency>/evaluasi-renja/<int:year>/", views.evaluation, name="evaluation"),
    path("pd/<slug:agency>/evaluasi-renja/<int:year>.<str:fmt>", views.evaluation_download,
         name="evaluation-download"),
]
