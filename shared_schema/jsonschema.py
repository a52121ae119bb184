"""Generate `ssi-companion.schema.json` from the Structs: `python -m shared_schema.jsonschema`.

The file is committed so the extension's tests can validate against it without Python; a test
fails when it no longer matches what this module generates.
"""

import sys
from pathlib import Path
from typing import Any

import msgspec

from shared_schema import (
    Advice,
    ErrorResponse,
    ExportDocument,
    Goals,
    GoalsResponse,
    Health,
    IngestResponse,
    PageReading,
    PairRequest,
    PairResponse,
    Series,
    Snapshot,
    SnapshotList,
    Summary,
)

SCHEMA_PATH = Path(__file__).with_name("ssi-companion.schema.json")
SCHEMA_ID = "https://ssi-companion.invalid/schema/ssi-companion.schema.json"

# Every message that crosses a process boundary, in a stable order.
MESSAGE_TYPES: tuple[type, ...] = (
    Snapshot,
    PageReading,
    Summary,
    Advice,
    Goals,
    GoalsResponse,
    IngestResponse,
    SnapshotList,
    Series,
    ExportDocument,
    Health,
    PairRequest,
    PairResponse,
    ErrorResponse,
)


def build_schema() -> dict[str, Any]:
    """One JSON Schema (2020-12) document whose `$defs` hold every message type."""
    _, components = msgspec.json.schema_components(MESSAGE_TYPES)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "SSI Companion wire messages",
        "$defs": dict(sorted(components.items())),
    }


def render_schema() -> bytes:
    return msgspec.json.format(msgspec.json.encode(build_schema()), indent=2) + b"\n"


def main() -> int:
    SCHEMA_PATH.write_bytes(render_schema())
    print(f"wrote {SCHEMA_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
