from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "lapak.regions"
    label = "regions"
