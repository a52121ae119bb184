"""One place where failures become the JSON error body of CONTRACT.md."""

import asyncio
import logging
from http import HTTPStatus
from typing import Final

from aiohttp import web
from aiohttp.typedefs import Handler

from companion.errors import ApiError
from companion.http_json import json_response
from shared_schema import ErrorDetail, ErrorResponse

log = logging.getLogger("companion.http")

_CODES_BY_STATUS: Final = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


def error_response(
    status: int, code: str, message: str, path: str | None = None, headers: dict[str, str] | None = None
) -> web.Response:
    body = ErrorResponse(error=ErrorDetail(code=code, message=message, path=path))
    return json_response(body, status=status, headers=headers)


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError as error:
        return error_response(error.status, error.code, error.message, error.path, error.headers or None)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        code = _CODES_BY_STATUS.get(error.status, HTTPStatus(error.status).name.lower())
        message = error.text if error.text and not error.text.startswith(str(error.status)) else error.reason
        headers = {"Allow": error.headers["Allow"]} if "Allow" in error.headers else None
        return error_response(error.status, code, message, headers=headers)
    except (asyncio.CancelledError, ConnectionResetError):
        raise
    except Exception:
        if request.writer.output_size > 0:
            # The answer has begun (a streamed export): a second one cannot follow it. aiohttp
            # logs this and closes the connection, so the client sees the download cut short
            # (no last chunk), never an error page spliced into a file that looks complete.
            raise
        log.exception("unexpected error in %s %s", request.method, request.path)
        return error_response(
            500, "internal_error", "the companion hit an unexpected error; its log has the details"
        )
