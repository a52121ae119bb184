"""POST /v1/pair: the extension trades a pairing code for its token; DELETE /v1/pair: it forgets
the pairing, and its token stops working."""

import asyncio

import msgspec
from aiohttp import hdrs, web

from companion.app_keys import CLIENTS, PAIRING
from companion.errors import Forbidden, unavailable_while_locked
from companion.http_json import decode, json_response
from companion.route_names import PAIR, UNPAIR
from companion.security import CLIENT_KEY, EXTENSION_ORIGIN
from shared_schema import PairRequest, PairResponse

routes = web.RouteTableDef()
_DECODER = msgspec.json.Decoder(PairRequest)


@routes.post("/v1/pair", name=PAIR)
async def pair(request: web.Request) -> web.Response:
    origin = request.headers.get(hdrs.ORIGIN, "")
    if not EXTENSION_ORIGIN.match(origin):
        raise Forbidden(
            "pairing is only for the browser extension's options page; "
            "scripts get a token with `ssi-companion token`"
        )
    body = decode(await request.read(), _DECODER)
    # Blocking: the keychain and a database commit.
    token = await asyncio.to_thread(request.app[PAIRING].pair, body.code, origin, body.client)
    return json_response(PairResponse(token=token))


@routes.delete("/v1/pair", name=UNPAIR)
async def unpair(request: web.Request) -> web.Response:
    """Revokes the calling extension's own token (what its "Forget this pairing" does)."""
    client = request[CLIENT_KEY]
    if client.kind != "extension":
        raise Forbidden(
            "only a paired extension can forget its pairing; "
            "scripts replace their token with `ssi-companion token --rotate`"
        )
    with unavailable_while_locked(
        "the companion's database is locked by another process (an `ssi-companion import` "
        "running?); nothing was changed, try again when it is done"
    ):
        # Blocking: a database commit.
        await asyncio.to_thread(request.app[CLIENTS].revoke, client)
    return web.Response(status=204)
