from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "kinerja.strategy"
    label = "strategy"
    verbose_name = "Konteks strategis"
