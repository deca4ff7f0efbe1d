from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lapak.core"
    label = "core"
