"""POST /v1/pair: the extension trades a pairing code for its token."""

import asyncio

import msgspec
from aiohttp import hdrs, web

from companion.app_keys import PAIRING
from companion.errors import Forbidden
from companion.http_json import decode, json_response
from companion.route_names import PAIR
from companion.security import EXTENSION_ORIGIN
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
