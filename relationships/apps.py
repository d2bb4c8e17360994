from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    name = "relationships"
    verbose_name = "Relationships"

    def ready(self) -> None:
        # Connect the ESP webhook receivers and a leaving user's hand-over; register the checks.
        from relationships import checks  # noqa: F401
        from relationships.accounts import departure  # noqa: F401
        from relationships.nurture import esp_events  # noqa: F401
