"""Domain errors. Services raise them; one middleware turns them into the JSON error body
`{"error": {"code", "message", "path"}}` with the status each class names."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar

from companion.storage.database import is_locked


class ApiError(Exception):
    status: ClassVar[int] = 500
    code: ClassVar[str] = "internal_error"

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        # Sent with the error body (e.g. Retry-After).
        self.headers: dict[str, str] = {}


class InvalidJson(ApiError):
    status = 400
    code = "invalid_json"


class InvalidParameter(ApiError):
    status = 400
    code = "invalid_parameter"


class Unauthorized(ApiError):
    status = 401
    code = "unauthorized"


class Forbidden(ApiError):
    status = 403
    code = "forbidden"


class NotFound(ApiError):
    status = 404
    code = "not_found"


class MethodNotAllowed(ApiError):
    status = 405
    code = "method_not_allowed"


class Conflict(ApiError):
    status = 409
    code = "conflict"


class PayloadTooLarge(ApiError):
    status = 413
    code = "payload_too_large"


class UnsupportedMediaType(ApiError):
    status = 415
    code = "unsupported_media_type"


class SchemaViolation(ApiError):
    status = 422
    code = "invalid"


class TooManyAttempts(ApiError):
    status = 429
    code = "too_many_attempts"


class ServiceUnavailable(ApiError):
    status = 503
    code = "unavailable"

    def __init__(self, message: str, path: str | None = None, *, retry_after_seconds: int | None = None) -> None:
        super().__init__(message, path)
        if retry_after_seconds is not None:
            self.headers["Retry-After"] = str(retry_after_seconds)


class InvalidPairingCode(Unauthorized):
    code = "invalid_pairing_code"


@contextmanager
def unavailable_while_locked(message: str, *, retry_after_seconds: int | None = None) -> Iterator[None]:
    """Another process (an import) kept the history's write lock past the busy timeout: a 503
    that says `message`, instead of SQLite's "database is locked"."""
    try:
        yield
    except sqlite3.OperationalError as error:
        if not is_locked(error):
            raise
        raise ServiceUnavailable(message, retry_after_seconds=retry_after_seconds) from None
