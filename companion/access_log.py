"""The access log: refusals and failures always, successful requests only when asked for.

A companion on a user's machine answers one extension a few times a day; a line per
successful request tells them nothing they can act on, while a refused one (a bad token, a
foreign origin, an invalid snapshot) is what they look for when something does not arrive. It
also keeps the log line — the logging module's record, formatting and a flush to stderr, a
fifth of the event loop's time per request under load — off the success path.
"""

from typing import Final

from aiohttp import web
from aiohttp.web_log import AccessLogger

ACCESS_LOG_FORMAT: Final = '%a "%r" %s %b %Tfs'
# Below this status a request is logged only with `serve --access-log`.
FIRST_LOGGED_STATUS: Final = 400


class RefusalsAccessLogger(AccessLogger):
    """aiohttp's access logger, skipping responses below FIRST_LOGGED_STATUS."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        if response.status >= FIRST_LOGGED_STATUS:
            super().log(request, response, time)


def access_logger_class(log_every_request: bool) -> type[AccessLogger]:
    return AccessLogger if log_every_request else RefusalsAccessLogger
