"""Reading a file written by `export` (CSV, JSON or NDJSON) back into the history.

The format is recognised from the content. Every record is validated like a snapshot posted
by the extension; the first bad record stops the import with its line number and field, and
nothing is written (one transaction). Importing the same file again changes nothing.
"""

import csv
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import msgspec

from companion.export_formats import CSV_COLUMNS, UTF8_BOM
from companion.storage.snapshot_writes import WriteOutcome, store_snapshots
from shared_schema import EXPORT_FORMAT_NAME, Snapshot

BATCH_SIZE: Final = 2000
_SNAPSHOT = msgspec.json.Decoder(Snapshot)


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
    conn.execute("BEGIN IMMEDIATE")
    try:
        batch: list[tuple[int, Snapshot]] = []
        for line, snapshot in records:
            batch.append((line, snapshot))
            if len(batch) >= BATCH_SIZE:
                c, a = _store(conn, batch)
                created, already, batch = created + c, already + a, []
        c, a = _store(conn, batch)
        created, already = created + c, already + a
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
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
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as error:
        raise ImportFileError(f"cannot read {path}: {error.strerror}") from None
    text_head = head.decode("utf-8", errors="replace").lstrip(UTF8_BOM).lstrip()
    if text_head.startswith("{") and _looks_like_document(path):
        return "json", _json_records(path)
    if text_head.startswith("{"):
        return "ndjson", _ndjson_records(path)
    if text_head.startswith("id,"):
        return "csv", _csv_records(path)
    raise ImportFileError(
        f"{path} is not an ssi-companion export (expected CSV with an 'id,captured_at,...' "
        "header, a JSON export document, or NDJSON)"
    )


def _looks_like_document(path: Path) -> bool:
    """A JSON export is one object with a "format" key, usually over many lines; NDJSON has
    one complete snapshot per line."""
    with path.open("rb") as handle:
        first_line = handle.readline()
    try:
        first = msgspec.json.decode(first_line)
    except msgspec.DecodeError:
        return True
    return isinstance(first, dict) and "format" in first


def _json_records(path: Path) -> Iterator[tuple[int, Snapshot]]:
    try:
        document = msgspec.json.decode(path.read_bytes())
    except msgspec.DecodeError as error:
        raise ImportFileError(f"{path} is not valid JSON: {error}") from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT_NAME:
        raise ImportFileError(f"{path} is not an ssi-companion export (no \"format\": \"{EXPORT_FORMAT_NAME}\")")
    if document.get("version") != 1:
        raise ImportFileError(f"{path} has export version {document.get('version')!r}; this release reads version 1")
    items = document.get("snapshots")
    if not isinstance(items, list):
        raise ImportFileError(f"{path}: \"snapshots\" must be a list")
    for index, item in enumerate(items):
        yield index + 1, _convert(item, f"snapshot {index + 1}", strict=True)


def _ndjson_records(path: Path) -> Iterator[tuple[int, Snapshot]]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                yield number, _SNAPSHOT.decode(raw)
            except msgspec.ValidationError as error:
                raise ImportFileError(f"line {number}: {error}") from None
            except msgspec.DecodeError as error:
                raise ImportFileError(f"line {number}: not valid JSON ({error})") from None


def _csv_records(path: Path) -> Iterator[tuple[int, Snapshot]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or tuple(header[: len(CSV_COLUMNS)]) != CSV_COLUMNS:
            raise ImportFileError(f"line 1: the CSV header must start with {','.join(CSV_COLUMNS)}")
        for row in reader:
            if not row:
                continue
            number = reader.line_num
            if len(row) < len(CSV_COLUMNS):
                raise ImportFileError(f"line {number}: expected {len(CSV_COLUMNS)} cells, found {len(row)}")
            yield number, _convert(_csv_object(dict(zip(CSV_COLUMNS, row))), f"line {number}", strict=False)


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
