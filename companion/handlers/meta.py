"""Health and the OpenAPI document: public facts about the running companion."""

from aiohttp import web

from companion import __version__
from companion.http_json import json_response
from companion.openapi import openapi_document
from companion.route_names import HEALTH
from shared_schema import Health

routes = web.RouteTableDef()


@routes.get("/v1/health", name=HEALTH)
async def health(request: web.Request) -> web.Response:
    return json_response(Health(status="ok", version=__version__))


@routes.get("/v1/openapi.json", name="openapi")
async def openapi(request: web.Request) -> web.Response:
    return web.Response(body=openapi_document(), content_type="application/json")
