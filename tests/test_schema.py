"""The shared schema: the committed JSON Schema matches the Structs, and the Snapshot's
constraints hold for generated documents."""

import json
from typing import Any

import msgspec
from hypothesis import given
from hypothesis import strategies as st

from shared_schema import PILLAR_KEYS, Snapshot
from shared_schema.jsonschema import SCHEMA_PATH, render_schema
from snapshot_factory import snapshot_doc

DECODER = msgspec.json.Decoder(Snapshot)


def test_the_committed_json_schema_is_up_to_date() -> None:
    assert SCHEMA_PATH.read_bytes() == render_schema(), (
        "shared_schema/ssi-companion.schema.json is stale: run `python -m shared_schema.jsonschema`"
    )


def test_the_json_schema_describes_the_snapshot_constraints() -> None:
    defs = json.loads(SCHEMA_PATH.read_text())["$defs"]
    snapshot = defs["Snapshot"]
    assert snapshot["additionalProperties"] is False
    assert snapshot["properties"]["overall"] == {"type": "integer", "minimum": 0, "maximum": 100, "description": "Points out of 100."}
    assert defs["Pillars"]["properties"]["professional_brand"]["maximum"] == 25
    assert set(defs["Pillars"]["required"]) == set(PILLAR_KEYS)


pillar_values = st.floats(min_value=0, max_value=25, allow_nan=False).map(lambda v: round(v, 3))


@given(pillars=st.tuples(pillar_values, pillar_values, pillar_values, pillar_values), offset=st.floats(-1, 1))
def test_pillars_that_agree_with_the_total_are_accepted(pillars: tuple[float, ...], offset: float) -> None:
    overall = round(sum(pillars))
    doc = snapshot_doc(overall=overall, pillars=pillars)  # type: ignore[arg-type]
    decoded = DECODER.decode(msgspec.json.encode(doc))
    assert decoded.overall == overall
    assert msgspec.json.decode(msgspec.json.encode(decoded), type=Snapshot) == decoded


@given(pillars=st.tuples(pillar_values, pillar_values, pillar_values, pillar_values), miss=st.integers(2, 40))
def test_pillars_that_miss_the_total_by_more_than_one_are_refused(pillars: tuple[float, ...], miss: int) -> None:
    overall = round(sum(pillars)) + miss
    if overall > 100:
        overall = round(sum(pillars)) - miss
    if overall < 0:
        return
    doc = snapshot_doc(overall=overall, pillars=pillars)  # type: ignore[arg-type]
    try:
        DECODER.decode(msgspec.json.encode(doc))
    except msgspec.ValidationError as error:
        assert "`$.pillars`" in str(error)
    else:
        raise AssertionError(f"accepted pillars {pillars} for overall {overall}")


@given(st.dictionaries(st.text(min_size=1, max_size=12), st.integers() | st.text() | st.none(), min_size=1, max_size=3))
def test_unknown_top_level_fields_are_always_refused(extra: dict[str, Any]) -> None:
    doc = snapshot_doc()
    known = set(doc)
    extra = {k: v for k, v in extra.items() if k not in known}
    if not extra:
        return
    try:
        DECODER.decode(msgspec.json.encode({**doc, **extra}))
    except msgspec.ValidationError as error:
        assert "unknown field" in str(error)
    else:
        raise AssertionError("an unknown field was accepted")
