from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    name = "relationships"
    verbose_name = "Relationships"

    def ready(self) -> None:
        from . import checks, esp_events  # noqa: F401 (connect signal receivers, register checks)
