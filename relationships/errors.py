"""Domain errors: each carries a message a coach can read, and the field it is about."""


class BridgeError(Exception):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class StageRuleError(BridgeError):
    """A stage move the rules refuse (no diagnosis, no revisit date, wrong workspace)."""


class ProspectError(BridgeError):
    """Prospect data that cannot be saved (duplicate email, unknown timezone)."""
