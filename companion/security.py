"""The security model of ENGINEERING.md, enforced before any handler runs.

Localhost is not a trust boundary: web pages and other extensions in the same browser can send
requests to 127.0.0.1. In order, every request must pass:
1. Host is 127.0.0.1, localhost or [::1] on our port (defeats DNS rebinding);
2. Origin, when sent, is a paired extension origin (any extension origin may only pair);
3. a cross-site request without an Origin (navigation, <img>, form) is refused;
4. bodies are `application/json` (no CSRF through "simple" requests) and under the size cap;
5. a Bearer token from the Authorization header, checked in constant time, unless the MATCHED
   route is public. Deciding on the route, not the raw path, means `%73napshots` or `//v1/...`
   tricks either reach the same protected route or no route at all.
CORS headers go only to paired origins and only on success (`on_response_prepare`), with
`Vary: Origin`.
"""

import re
from functools import lru_cache
from typing import Final

from aiohttp import hdrs, web
from aiohttp.typedefs import Handler

from companion.app_keys import CLIENTS, SETTINGS
from companion.auth.client_store import Client
from companion.errors import (
    Forbidden,
    InvalidParameter,
    PayloadTooLarge,
    Unauthorized,
    UnsupportedMediaType,
)
from companion.openapi import query_parameters
from companion.route_names import PAIR, PUBLIC_ROUTES

EXTENSION_ORIGIN: Final = re.compile(
    r"^(?:chrome-extension://[a-p]{32}|moz-extension://[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}"
    r"-[0-9a-f]{4}-[0-9a-f]{12}|safari-web-extension://[0-9A-Fa-f-]{36})$"
)
LOOPBACK_NAMES: Final = ("127.0.0.1", "localhost", "[::1]")
BODY_METHODS: Final = frozenset({"POST", "PUT", "PATCH", "DELETE"})
TOKEN_QUERY_KEYS: Final = frozenset({"token", "access_token", "api_key", "apikey", "authorization"})
CLIENT_KEY: Final = web.RequestKey("client", Client)
PREFLIGHT_MAX_AGE: Final = "600"


@lru_cache(maxsize=8)
def allowed_hosts(bound_host: str, port: int) -> frozenset[str]:
    names = set(LOOPBACK_NAMES)
    if bound_host not in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "::"):
        names.add(f"[{bound_host}]" if ":" in bound_host else bound_host)
    return frozenset(f"{name}:{port}" for name in names)


def _local_port(request: web.Request) -> int | None:
    sockname = request.transport.get_extra_info("sockname") if request.transport else None
    return int(sockname[1]) if sockname else None


def _route_name(request: web.Request) -> str | None:
    if getattr(request.match_info, "http_exception", None) is not None:
        return None  # no route matched: the router answers 404/405 and reveals nothing
    return request.match_info.route.name


def _origin_allowed(request: web.Request, origin: str, route: str | None) -> bool:
    if request.app[CLIENTS].is_paired_origin(origin):
        return True
    # Pairing is how an extension origin becomes known, so any extension may try (rate-limited).
    return route == PAIR and EXTENSION_ORIGIN.match(origin) is not None


@web.middleware
async def guard_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    host = request.headers.get(hdrs.HOST, "").lower()
    port = _local_port(request)
    bound = request.app[SETTINGS].host
    if port is None or host not in allowed_hosts(bound, port):
        raise Forbidden(f"requests for host {host!r} are refused; use http://127.0.0.1:{port}")

    route = _route_name(request)
    origin = request.headers.get(hdrs.ORIGIN)
    if origin is not None and not _origin_allowed(request, origin, route):
        raise Forbidden(
            f"requests from origin {origin!r} are refused; only the paired SSI Companion "
            "extension may call the companion"
        )
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if origin is None and fetch_site in ("cross-site", "same-site"):
        raise Forbidden("cross-site requests are refused")

    if request.method == hdrs.METH_OPTIONS and hdrs.ACCESS_CONTROL_REQUEST_METHOD in request.headers:
        if origin is None:
            raise Forbidden("a CORS preflight needs an Origin")
        return web.Response(status=204, headers=_preflight_headers())

    if request.method in BODY_METHODS and (request.body_exists or request.content_length):
        if request.content_type != "application/json":
            raise UnsupportedMediaType(
                f"the body must be sent as Content-Type: application/json, not {request.content_type!r}"
            )
        limit = request.app[SETTINGS].max_body_bytes
        if request.content_length is not None and request.content_length > limit:
            raise PayloadTooLarge(f"the body is {request.content_length} bytes; the limit is {limit}")

    if any(key.lower() in TOKEN_QUERY_KEYS for key in request.query):
        raise Unauthorized("tokens are accepted only in the Authorization header, never in the URL")
    if route is not None and route not in PUBLIC_ROUTES:
        request[CLIENT_KEY] = _authenticate(request, origin)
    if route is not None:
        _check_query(request)
    return await handler(request)


def _check_query(request: web.Request) -> None:
    """Unknown or repeated parameters are refused, like unknown fields: a typo must not
    silently widen an export or a listing, and `limit=5&limit=0` has no single meaning."""
    method = hdrs.METH_GET if request.method == hdrs.METH_HEAD else request.method
    allowed = query_parameters().get((method, request.match_info.route.resource.canonical))  # type: ignore[union-attr]
    if allowed is None:
        return
    for name in request.query:
        if name not in allowed:
            expected = ", ".join(sorted(allowed)) or "none"
            raise InvalidParameter(f"unknown query parameter {name!r} (accepted: {expected})", path=name)
        if len(request.query.getall(name)) > 1:
            raise InvalidParameter(f"query parameter {name!r} is given more than once", path=name)


def _authenticate(request: web.Request, origin: str | None) -> Client:
    scheme, _, token = request.headers.get(hdrs.AUTHORIZATION, "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized(
            "this needs an 'Authorization: Bearer <token>' header: pair the extension "
            "(ssi-companion pair) or get a script token (ssi-companion token)"
        )
    client = request.app[CLIENTS].authenticate(token)
    if client is None:
        raise Unauthorized("the token is not valid (revoked or from another installation); pair again")
    if origin is not None and client.kind == "extension" and client.origin != origin:
        raise Forbidden("this token belongs to another extension")
    return client


def _preflight_headers() -> dict[str, str]:
    return {
        hdrs.ACCESS_CONTROL_ALLOW_METHODS: "GET, POST, PUT, DELETE, OPTIONS",
        hdrs.ACCESS_CONTROL_ALLOW_HEADERS: "Authorization, Content-Type",
        hdrs.ACCESS_CONTROL_MAX_AGE: PREFLIGHT_MAX_AGE,
    }


async def add_cors_headers(request: web.Request, response: web.StreamResponse) -> None:
    """on_response_prepare: runs for every response, streamed downloads and errors included."""
    vary = response.headers.get(hdrs.VARY)
    if vary is None:
        response.headers[hdrs.VARY] = "Origin"
    elif "origin" not in vary.lower():
        response.headers[hdrs.VARY] = f"{vary}, Origin"
    origin = request.headers.get(hdrs.ORIGIN)
    # Never on a refusal, not even to the paired origin: the extension reads error bodies
    # through its host permission, and a refusal is then uniformly opaque to everyone else.
    if origin is not None and response.status < 400 and request.app[CLIENTS].is_paired_origin(origin):
        response.headers[hdrs.ACCESS_CONTROL_ALLOW_ORIGIN] = origin
        response.headers[hdrs.ACCESS_CONTROL_EXPOSE_HEADERS] = "Content-Disposition"
    else:
        response.headers.popall(hdrs.ACCESS_CONTROL_ALLOW_ORIGIN, None)
