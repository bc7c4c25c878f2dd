from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kinerja.accounts"
    verbose_name = "Pengguna dan peran"
