"""The three export formats, produced a batch at a time so memory stays flat at any size.

- CSV: RFC 4180, UTF-8 with a byte-order mark (without it Excel shows accented industry names
  as mojibake; the importer and Python's `utf-8-sig` read it), one row per snapshot.
- JSON: the ExportDocument `{"format", "version", "exported_at", "snapshots": [...]}`; the
  streamed bytes equal `msgspec.json.encode(ExportDocument(...))` of the same snapshots.
- NDJSON: one Snapshot per line.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Final, Literal

import msgspec

from shared_schema import EXPORT_FORMAT_NAME, EXPORT_FORMAT_VERSION, Snapshot

ExportFormat = Literal["csv", "json", "ndjson"]
EXPORT_FORMATS: Final[tuple[ExportFormat, ...]] = ("csv", "json", "ndjson")

CSV_COLUMNS: Final = (
    "id",
    "captured_at",
    "profile",
    "overall",
    "professional_brand",
    "find_right_people",
    "engage_with_insights",
    "build_relationships",
    "industry_name",
    "industry_rank_top_percent",
    "industry_average",
    "network_rank_top_percent",
    "network_average",
    "locale",
)
UTF8_BOM: Final = "\ufeff"
CONTENT_TYPES: Final[dict[ExportFormat, str]] = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "ndjson": "application/x-ndjson",
}

_ENCODER = msgspec.json.Encoder()


def export_filename(fmt: ExportFormat, profile: str | None, now: datetime) -> str:
    # Header-safe: ASCII letters, digits, - and _ only.
    who = "".join(ch if (ch.isascii() and ch.isalnum()) or ch in "-_" else "_" for ch in profile) if profile else "all"
    return f"ssi-history-{who}-{now:%Y-%m-%d}.{fmt}"


class ExportEncoder:
    """Turns batches of snapshots into the bytes of one export file: `start()`, then
    `batch()` for each batch, then `end()`. Used by the HTTP download and the CLI alike."""

    def __init__(self, fmt: ExportFormat, exported_at: datetime) -> None:
        self.format = fmt
        self._exported_at = exported_at
        self._first_item = True

    def start(self) -> bytes:
        if self.format == "csv":
            return (UTF8_BOM + _csv_text([CSV_COLUMNS])).encode("utf-8")
        if self.format == "json":
            header = _ENCODER.encode(
                {
                    "format": EXPORT_FORMAT_NAME,
                    "version": EXPORT_FORMAT_VERSION,
                    "exported_at": self._exported_at,
                }
            )
            return header[:-1] + b',"snapshots":['
        return b""

    def batch(self, snapshots: list[Snapshot]) -> bytes:
        if not snapshots:
            return b""
        if self.format == "csv":
            return _csv_text(_csv_row(s) for s in snapshots).encode("utf-8")
        if self.format == "ndjson":
            return _ENCODER.encode_lines(snapshots)
        items = _ENCODER.encode(snapshots)[1:-1]  # the array's items without its brackets
        first, self._first_item = self._first_item, False
        return items if first else b"," + items

    def end(self) -> bytes:
        return b"]}" if self.format == "json" else b""


def encode_export(
    fmt: ExportFormat, batches: Iterable[list[Snapshot]], exported_at: datetime
) -> Iterator[bytes]:
    encoder = ExportEncoder(fmt, exported_at)
    yield encoder.start()
    for batch in batches:
        yield encoder.batch(batch)
    yield encoder.end()


def _csv_text(rows: Iterable[Iterable[object]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def _csv_row(snapshot: Snapshot) -> tuple[object, ...]:
    pillars, industry, network = snapshot.pillars, snapshot.industry, snapshot.network
    return (
        snapshot.id,
        _ENCODER.encode(snapshot.captured_at)[1:-1].decode("ascii"),
        snapshot.profile,
        snapshot.overall,
        pillars.professional_brand,
        pillars.find_right_people,
        pillars.engage_with_insights,
        pillars.build_relationships,
        _cell(industry.name),
        _cell(industry.rank_top_percent),
        _cell(industry.average),
        _cell(network.rank_top_percent),
        _cell(network.average),
        _cell(snapshot.locale),
    )


def _cell(value: object) -> object:
    return "" if value is None else value
