"""The access log: refusals and failures always, successful requests only when asked for.

A companion on a user's machine answers one extension a few times a day; a line per
successful request tells them nothing they can act on, while a refused one (a bad token, a
foreign origin, an invalid snapshot) is what they look for when something does not arrive. It
also keeps the log line — the logging module's record, formatting and a flush to stderr, a
fifth of the event loop's time per request under load — off the success path.

No line holds a query value: a token put in the URL is refused, and a refusal is always logged,
so logging the request line as sent would write the token to the log. The line keeps the path
and the parameter names, which is what a user needs to see which request went wrong.
"""

from collections.abc import Iterable
from typing import Final

from aiohttp import web
from aiohttp.web_log import AccessLogger

ACCESS_LOG_FORMAT: Final = '%a "%r" %s %b %Tfs'
# Below this status a request is logged only with `serve --access-log`.
FIRST_LOGGED_STATUS: Final = 400
# What stands for every query value in the log.
REDACTED: Final = "..."
# aiohttp's key for the `%r` atom, in the formatted values and in the log record's `extra`.
REQUEST_LINE_KEY: Final = AccessLogger.LOG_FORMAT_MAP["r"]


def redacted_request_line(request: web.BaseRequest) -> str:
    """`%r` with every query value replaced: `GET /v1/export?format=...&key=... HTTP/1.1`.

    Built from the raw (still percent-encoded) path and names, as aiohttp's `%r` is: decoded,
    a `%0A` could start a fake log line.
    """
    target = request.rel_url.raw_path
    query = request.rel_url.raw_query_string
    if query:
        names = (part.partition("=")[0] for part in query.split("&") if part)
        target += "?" + "&".join(f"{name}={REDACTED}" for name in names)
    return f"{request.method} {target} HTTP/{request.version.major}.{request.version.minor}"


class RedactingAccessLogger(AccessLogger):
    """aiohttp's access logger with query values taken out of the request line."""

    # Replacing the formatted value, not the `_format_r` atom: aiohttp binds atoms to
    # AccessLogger's own methods and caches compiled formats by format string for every
    # subclass, so an override of either would be ignored or leak into other loggers.
    def _format_line(
        self, request: web.BaseRequest, response: web.StreamResponse, time: float
    ) -> Iterable[tuple[str | tuple[str, str], str]]:
        return [
            (key, redacted_request_line(request) if key == REQUEST_LINE_KEY else value)
            for key, value in super()._format_line(request, response, time)
        ]


class RefusalsAccessLogger(RedactingAccessLogger):
    """The redacting logger, skipping responses below FIRST_LOGGED_STATUS."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        if response.status >= FIRST_LOGGED_STATUS:
            super().log(request, response, time)


def access_logger_class(log_every_request: bool) -> type[AccessLogger]:
    return RedactingAccessLogger if log_every_request else RefusalsAccessLogger
