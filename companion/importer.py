"""Reading a file written by `export` (CSV, JSON or NDJSON) back into the history.

The format is recognised from the content; the file is UTF-8, with or without a byte-order
mark. Every record is validated like a snapshot posted by the extension; the first bad record
stops the import with its line number and field, and nothing is written (one transaction).
Importing the same file again changes nothing.
"""

import csv
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import msgspec

from companion.export_formats import CSV_COLUMNS, UTF8_BOM
from companion.storage.snapshot_writes import WriteOutcome, store_snapshots
from companion.storage.transactions import write_transaction
from shared_schema import EXPORT_FORMAT_NAME, Snapshot
from shared_schema.snapshot import capture_time_error

BATCH_SIZE: Final = 2000
_SNAPSHOT = msgspec.json.Decoder(Snapshot)
_BOM: Final = UTF8_BOM.encode("utf-8")
# How an export document's first line starts: `{"format": ...` as exported, or `{` alone when
# reformatted. No NDJSON record starts either way (a snapshot has no "format").
_DOCUMENT_START: Final = re.compile(rb'\s*\{\s*("format"\s*:|$)')


class ImportFileError(Exception):
    """The file cannot be imported; the message says where and why."""


@dataclass(frozen=True, slots=True)
class ImportReport:
    format: str
    created: int
    already_present: int


def import_file(conn: sqlite3.Connection, path: Path) -> ImportReport:
    fmt, records = _records(path)
    created = already = 0
    with write_transaction(conn):
        batch: list[tuple[int, Snapshot]] = []
        for line, snapshot in records:
            batch.append((line, snapshot))
            if len(batch) >= BATCH_SIZE:
                c, a = _store(conn, batch)
                created, already, batch = created + c, already + a, []
        c, a = _store(conn, batch)
        created, already = created + c, already + a
    return ImportReport(fmt, created, already)


def _store(conn: sqlite3.Connection, batch: list[tuple[int, Snapshot]]) -> tuple[int, int]:
    results = store_snapshots(conn, (snapshot for _, snapshot in batch))
    for (line, snapshot), result in zip(batch, results, strict=True):
        if result.outcome is WriteOutcome.CONFLICT:
            raise ImportFileError(
                f"line {line}: snapshot {snapshot.id} is already stored with different values"
            )
    created = sum(r.outcome is WriteOutcome.CREATED for r in results)
    return created, len(results) - created


def _records(path: Path) -> tuple[str, Iterator[tuple[int, Snapshot]]]:
    now = datetime.now(UTC)
    try:
        with path.open("rb") as handle:
            # Skipped once here, so every format reads the same bytes after it.
            start = len(_BOM) if handle.read(len(_BOM)) == _BOM else 0
            handle.seek(start)
            first_line = next((line for line in handle if line.strip()), b"")
    except OSError as error:
        raise ImportFileError(f"cannot read {path}: {error.strerror}") from None
    if not first_line:
        # What `export --format ndjson` writes for no snapshots: an NDJSON file without lines.
        return "ndjson", iter(())
    if first_line.lstrip().startswith(b"{"):
        return _json_or_ndjson(path, start, first_line, now)
    if first_line.lstrip().startswith(b"id,"):
        return "csv", _csv_records(path, now)
    raise ImportFileError(
        f"{path} is not an ssi-companion export (expected CSV with an 'id,captured_at,...' "
        "header, a JSON export document, or NDJSON)"
    )


def _json_or_ndjson(
    path: Path, start: int, first_line: bytes, now: datetime
) -> tuple[str, Iterator[tuple[int, Snapshot]]]:
    """NDJSON has one complete snapshot per line. A JSON export is one object with a "format"
    key: on one line as exported, over many if reformatted. A first line that is no complete
    object is a reformatted document, a broken one (a download cut short) or a broken first
    NDJSON record: the whole text and how the line starts tell them apart, and NDJSON reports
    the broken line by its number."""
    looks_like_document = _DOCUMENT_START.match(first_line) is not None
    first = None
    # An export document's first line (the whole document, as `export` writes it) is decoded
    # once, below, not also here: no NDJSON record starts that way.
    if not looks_like_document:
        try:
            first = msgspec.json.decode(first_line)
        except (msgspec.DecodeError, UnicodeDecodeError):
            pass
    if isinstance(first, dict) and "format" not in first:
        return "ndjson", _ndjson_records(path, start, now)
    data = path.read_bytes()[start:]
    try:
        document = msgspec.json.decode(data)
    except msgspec.DecodeError as error:
        if first is None and not looks_like_document:
            return "ndjson", _ndjson_records(path, start, now)
        raise ImportFileError(f"{path} is not valid JSON: {error}") from None
    except UnicodeDecodeError:
        raise _not_utf8(data.split(b"\n")) from None
    return "json", _document_records(path, document, now)


def _document_records(path: Path, document: object, now: datetime) -> Iterator[tuple[int, Snapshot]]:
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT_NAME:
        raise ImportFileError(f"{path} is not an ssi-companion export (no \"format\": \"{EXPORT_FORMAT_NAME}\")")
    if document.get("version") != 1:
        raise ImportFileError(f"{path} has export version {document.get('version')!r}; this release reads version 1")
    items = document.get("snapshots")
    if not isinstance(items, list):
        raise ImportFileError(f"{path}: \"snapshots\" must be a list")
    for index, item in enumerate(items):
        where = f"snapshot {index + 1}"
        yield index + 1, _checked(_convert(item, where, strict=True), where, now)


def _ndjson_records(path: Path, start: int, now: datetime) -> Iterator[tuple[int, Snapshot]]:
    with path.open("rb") as handle:
        handle.seek(start)
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                snapshot = _SNAPSHOT.decode(raw)
            except msgspec.ValidationError as error:
                raise ImportFileError(f"line {number}: {error}") from None
            except msgspec.DecodeError as error:
                raise ImportFileError(f"line {number}: not valid JSON ({error})") from None
            except UnicodeDecodeError:
                raise _not_utf8([raw], first_number=number) from None
            yield number, _checked(snapshot, f"line {number}", now)


def _csv_records(path: Path, now: datetime) -> Iterator[tuple[int, Snapshot]]:
    try:
        yield from _csv_rows(path, now)
    except UnicodeDecodeError:
        # The text layer decodes ahead of the CSV reader, so its error cannot say which line.
        with path.open("rb") as handle:
            raise _not_utf8(handle) from None


def _csv_rows(path: Path, now: datetime) -> Iterator[tuple[int, Snapshot]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None or tuple(header[: len(CSV_COLUMNS)]) != CSV_COLUMNS:
                raise ImportFileError(f"line 1: the CSV header must start with {','.join(CSV_COLUMNS)}")
            for row in reader:
                # Empty lines, and rows a spreadsheet blanked out (",,,,"): nothing to import.
                if not any(cell.strip() for cell in row):
                    continue
                number = reader.line_num
                if len(row) < len(CSV_COLUMNS):
                    raise ImportFileError(f"line {number}: expected {len(CSV_COLUMNS)} cells, found {len(row)}")
                where = f"line {number}"
                snapshot = _convert(_csv_object(dict(zip(CSV_COLUMNS, row))), where, strict=False)
                yield number, _checked(snapshot, where, now)
        except csv.Error as error:
            # An unbalanced quote makes the rest of the file one cell, up to the field limit.
            raise ImportFileError(f"line {reader.line_num}: not valid CSV ({error}); check its quotes") from None


def _csv_object(cells: dict[str, str]) -> dict[str, Any]:
    def value(name: str) -> str | None:
        cell = cells[name]
        return None if cell == "" else cell

    return {
        "id": cells["id"],
        "captured_at": cells["captured_at"],
        "profile": cells["profile"],
        "overall": value("overall"),
        "pillars": {key: value(key) for key in (
            "professional_brand", "find_right_people", "engage_with_insights", "build_relationships")},
        "industry": {
            "name": value("industry_name"),
            "rank_top_percent": value("industry_rank_top_percent"),
            "average": value("industry_average"),
        },
        "network": {
            "rank_top_percent": value("network_rank_top_percent"),
            "average": value("network_average"),
        },
        "locale": value("locale"),
    }  # fmt: skip


def _convert(item: object, where: str, strict: bool) -> Snapshot:
    try:
        # CSV cells are strings: strict=False lets them become numbers (ranges still apply).
        return msgspec.convert(item, Snapshot, strict=strict)
    except msgspec.ValidationError as error:
        raise ImportFileError(f"{where}: {error}") from None


def _checked(snapshot: Snapshot, where: str, now: datetime) -> Snapshot:
    """The checks POST /v1/snapshots makes beyond the Struct's own."""
    problem = capture_time_error(snapshot.captured_at, now)
    if problem is not None:
        raise ImportFileError(f"{where}: {problem}")
    return snapshot


def _not_utf8(lines: Iterable[bytes], first_number: int = 1) -> ImportFileError:
    """The error for a file that is not UTF-8, naming the first line that is not."""
    for number, line in enumerate(lines, start=first_number):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            return ImportFileError(
                f"line {number}: not UTF-8 text (byte 0x{line[error.start]:02x}); "
                "save the file as UTF-8 and import it again"
            )
    return ImportFileError("the file is not UTF-8 text; save it as UTF-8 and import it again")
