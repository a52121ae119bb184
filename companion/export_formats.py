"""The three export formats, produced a batch at a time so memory stays flat at any size.

- CSV: RFC 4180, UTF-8 with a byte-order mark (without it Excel shows accented industry names
  as mojibake; the importer and Python's `utf-8-sig` read it), one row per snapshot.
- JSON: the ExportDocument `{"format", "version", "exported_at", "snapshots": [...]}`; the
  streamed bytes equal `msgspec.json.encode(ExportDocument(...))` of the same snapshots.
- NDJSON: one Snapshot per line.
"""

import csv
import io
from collections.abc import Generator, Iterable, Sequence
from datetime import datetime
from typing import Final, Literal

import msgspec

from companion.storage.snapshot_records import SnapshotRecord
from shared_schema import EXPORT_FORMAT_NAME, EXPORT_FORMAT_VERSION, Snapshot

ExportFormat = Literal["csv", "json", "ndjson"]
# Snapshots, or the SnapshotRecords storage reads for exports: same attributes, same encoding.
Exported = Snapshot | SnapshotRecord
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

    def batch(self, snapshots: Sequence[Exported]) -> bytes:
        if not snapshots:
            return b""
        if self.format == "csv":
            return "".join([_csv_line(s) for s in snapshots]).encode("utf-8")
        if self.format == "ndjson":
            return _ENCODER.encode_lines(snapshots)
        items = _ENCODER.encode(snapshots)[1:-1]  # the array's items without its brackets
        first, self._first_item = self._first_item, False
        return items if first else b"," + items

    def end(self) -> bytes:
        return b"]}" if self.format == "json" else b""


def encode_export(
    fmt: ExportFormat, batches: Iterable[Sequence[Exported]], exported_at: datetime
) -> Generator[bytes, None, None]:
    encoder = ExportEncoder(fmt, exported_at)
    yield encoder.start()
    for batch in batches:
        yield encoder.batch(batch)
    yield encoder.end()


def _csv_text(rows: Iterable[Iterable[object]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def _csv_line(snapshot: Exported) -> str:
    """One row, byte for byte what csv.writer (QUOTE_MINIMAL, CRLF) writes for it, built with
    one f-string: the csv module's per-field work was half the cost of a large CSV export.
    Numbers are written with repr, as csv.writer does; the tests compare the two."""
    pillars, industry, network = snapshot.pillars, snapshot.industry, snapshot.network
    captured_at = _ENCODER.encode(snapshot.captured_at)[1:-1].decode("ascii")
    return (
        f"{snapshot.id},{captured_at},{_text(snapshot.profile)},{snapshot.overall!r},"
        f"{pillars.professional_brand!r},{pillars.find_right_people!r},"
        f"{pillars.engage_with_insights!r},{pillars.build_relationships!r},"
        f"{_text(industry.name)},{_number(industry.rank_top_percent)},{_number(industry.average)},"
        f"{_number(network.rank_top_percent)},{_number(network.average)},{_text(snapshot.locale)}\r\n"
    )


def _text(value: str | None) -> str:
    """An empty cell for null; quoted (quotes doubled) when it holds a delimiter, a quote or a
    line break, as QUOTE_MINIMAL does."""
    if value is None:
        return ""
    if "," in value or '"' in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def _number(value: float | None) -> str:
    return "" if value is None else repr(value)
