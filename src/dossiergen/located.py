"""A validation failure that names the field it is about."""

from __future__ import annotations

from pydantic_core import ErrorDetails


class Located(ValueError):
    """Raised by cross-field validators so that the loader can point at the exact field.

    Pydantic reports a model validator's error at the model's own location; ``field`` is
    the dotted path below it (``authorization.transfer_t``) that the message is about.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def located(item: ErrorDetails, noun: str = "field") -> tuple[tuple[str | int, ...], str]:
    """Where one of pydantic's errors is and what it says, a :class:`Located` validator's sub-path included.

    ``noun`` names what the model's keys are to the reader ("field" of a record, "parameter" of
    a methodology). A value pydantic rejected is shown after the message, shortened.
    """
    loc: tuple[str | int, ...] = tuple(item["loc"])
    error = (item.get("ctx") or {}).get("error")
    if isinstance(error, Located):
        return loc + tuple(int(part) if part.isdigit() else part for part in error.field.split(".")), error.message
    if item["type"] == "extra_forbidden":
        return loc, f"unknown {noun}"
    if item["type"] == "missing":
        return loc, f"required {noun} is missing"
    message = item["msg"].removeprefix("Value error, ")
    if item["type"] not in ("value_error", "assertion_error") and "input" in item:
        shown = repr(item["input"])
        message += f" (got {shown[:60] + '...' if len(shown) > 60 else shown})"
    return loc, message
