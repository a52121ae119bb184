"""GET /v1/openapi.json describes every route the app serves, from the shared Structs."""

from aiohttp import web

from conftest import Client


async def test_the_openapi_document_needs_a_token_like_other_data(client: Client) -> None:
    response = await client.get("/v1/openapi.json")
    assert response.status == 401, "only health and pair are public"


async def test_every_served_route_is_documented_and_vice_versa(
    client: Client, auth: dict[str, str], app: web.Application
) -> None:
    document = await (await client.get("/v1/openapi.json", headers=auth)).json()
    assert document["openapi"].startswith("3.1")
    documented = {(method.upper(), path) for path, ops in document["paths"].items() for method in ops}
    served = {
        (route.method, route.resource.canonical)
        for route in app.router.routes()
        if route.method != "HEAD" and route.resource is not None
    }
    assert documented == served


async def test_request_and_response_schemas_come_from_the_shared_structs(client: Client, auth: dict[str, str]) -> None:
    document = await (await client.get("/v1/openapi.json", headers=auth)).json()
    schemas = document["components"]["schemas"]
    for name in ("Snapshot", "IngestResponse", "Summary", "Advice", "Goals", "GoalsResponse", "ErrorResponse"):
        assert name in schemas
    post = document["paths"]["/v1/snapshots"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Snapshot"}
    assert {"201", "200", "422", "401", "415", "413"} <= set(post["responses"])
    assert document["paths"]["/v1/health"]["get"]["security"] == []
    assert "security" not in document["paths"]["/v1/snapshots"]["get"]
