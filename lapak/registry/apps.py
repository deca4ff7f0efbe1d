from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "lapak.registry"
    label = "registry"
