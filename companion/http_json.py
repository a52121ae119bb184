"""JSON in and out of aiohttp with msgspec: one encoder, clear errors that name the field."""

from typing import Any, TypeVar

import msgspec
from aiohttp import web

from companion.errors import InvalidJson, SchemaViolation
from companion.validation_errors import split_validation_error

T = TypeVar("T")

_ENCODER = msgspec.json.Encoder()


def encode(value: Any) -> bytes:
    return _ENCODER.encode(value)


def json_response(value: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(
        body=_ENCODER.encode(value), status=status, content_type="application/json", headers=headers
    )


def decode(body: bytes, decoder: msgspec.json.Decoder[T]) -> T:
    """Decode and validate; 400 when the body is not JSON at all, 422 naming the field otherwise."""
    try:
        return decoder.decode(body)
    except msgspec.ValidationError as error:
        # msgspec checks the top-level type before reading the whole document, so a truncated
        # '[1' reports "expected object": make sure it really is JSON before saying 422.
        try:
            msgspec.json.decode(body)
        except msgspec.DecodeError as not_json:
            raise InvalidJson(f"the body is not valid JSON: {not_json}") from None
        raise schema_violation(error) from None
    except msgspec.DecodeError as error:
        raise InvalidJson(f"the body is not valid JSON: {error}") from None


def schema_violation(error: msgspec.ValidationError) -> SchemaViolation:
    message, path = split_validation_error(error)
    return SchemaViolation(message, path=path)
