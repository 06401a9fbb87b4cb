"""A validation failure that names the field it is about."""

from __future__ import annotations


class Located(ValueError):
    """Raised by cross-field validators so that the loader can point at the exact field.

    Pydantic reports a model validator's error at the model's own location; ``field`` is
    the dotted path below it (``authorization.transfer_t``) that the message is about.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
