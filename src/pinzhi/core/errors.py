"""Domain errors, mapped once at the edge to HTTP problems or exit codes."""

from __future__ import annotations


class PinzhiError(Exception):
    """Base of every error pinzhi raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class NotFound(PinzhiError):
    code = "not_found"


class Forbidden(PinzhiError):
    code = "forbidden"


class Unauthenticated(PinzhiError):
    code = "unauthenticated"


class InvalidTransition(PinzhiError):
    code = "invalid_transition"


class ValidationFailed(PinzhiError):
    code = "validation_failed"


class Conflict(PinzhiError):
    code = "conflict"
