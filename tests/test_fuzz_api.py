"""Schemathesis against the running companion's own OpenAPI document, with a valid token:
generated requests (valid and invalid) never cause a 5xx, an undocumented status, or a response
that breaks the schema. Bounded so it fits the test budget."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CheckFunction
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from cli_helpers import run_cli, running_server
from companion.openapi import build_openapi

SCHEMA = schemathesis.openapi.from_dict(build_openapi())


@pytest.fixture(scope="module")
def live_companion(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    data_dir: Path = tmp_path_factory.mktemp("fuzz")
    token = run_cli(data_dir, "token").stdout.decode().strip()
    with running_server(data_dir) as (_, url):
        yield url, token


@SCHEMA.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_generated_requests_are_answered_per_the_schema(case: schemathesis.Case[Any], live_companion: tuple[str, str]) -> None:
    url, token = live_companion
    # A schema-valid Snapshot can still be refused with 422: its pillars must sum to `overall`
    # within 1, a cross-field rule JSON Schema cannot express (the Struct checks it).
    excluded: list[CheckFunction] = [positive_data_acceptance]
    if case.meta is not None and case.meta.is_negative_at(ParameterLocation.HEADER):
        # The valid token below replaces the Authorization header generated for the case, so a
        # case made invalid there (a wrong or missing header) is sent as a valid request, and
        # accepting it is no finding. Cases made invalid elsewhere are still held to being
        # refused, as is everything else checked.
        excluded.append(negative_data_rejection)
    case.call_and_validate(
        base_url=url,
        headers={"Authorization": f"Bearer {token}"},
        excluded_checks=excluded,
    )
