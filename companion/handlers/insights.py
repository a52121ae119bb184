"""How am I doing and what next: the summary, the advice, and the goals behind them."""

import msgspec
from aiohttp import web

from companion.app_keys import GOALS, INSIGHTS
from companion.errors import ApiError
from companion.http_json import decode, json_response
from companion.query_params import lang, profile
from shared_schema import Goals, GoalsResponse

routes = web.RouteTableDef()
_GOALS_DECODER = msgspec.json.Decoder(Goals)


@routes.get("/v1/summary", name="summary")
async def get_summary(request: web.Request) -> web.Response:
    return json_response(await request.app[INSIGHTS].summary(profile(request.query)))


@routes.get("/v1/advice", name="advice")
async def get_advice(request: web.Request) -> web.Response:
    query = request.query
    return json_response(await request.app[INSIGHTS].advice(profile(query), lang(query)))


@routes.get("/v1/goals", name="goals_get")
async def get_goals(request: web.Request) -> web.Response:
    state = request.app[GOALS]
    return json_response(GoalsResponse(goals=state.goals, error=state.error))


@routes.put("/v1/goals", name="goals_put")
async def put_goals(request: web.Request) -> web.Response:
    goals = decode(await request.read(), _GOALS_DECODER)
    state = request.app[GOALS]
    try:
        await state.save(goals)
    except OSError as error:
        raise ApiError(f"could not write {state.path}: {error.strerror}; check the data directory") from None
    return json_response(GoalsResponse(goals=state.goals, error=state.error))
