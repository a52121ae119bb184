"""`ssi-companion import` of files that are almost exports: a byte-order mark, a reformatted
or cut-short document, bytes that are not UTF-8, capture times no clock can have given. Each is
imported as it should be, or refused with one line naming the line, and nothing imported."""

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec
import pytest

from cli_helpers import run_cli
from companion.storage.database import database_path
from snapshot_factory import daily_history

BOM = "\ufeff".encode()
FORMATS = ("csv", "json", "ndjson")


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The three exports of a small history, as `export` writes them."""
    root = tmp_path_factory.mktemp("exports")
    docs = daily_history(5)
    docs[1]["industry"]["name"] = "Tecnología, información e internet"
    seed = root / "seed.ndjson"
    seed.write_bytes(b"".join(msgspec.json.encode(doc) + b"\n" for doc in docs))
    assert run_cli(root / "data", "import", str(seed)).returncode == 0
    return {fmt: run_cli(root / "data", "export", "--format", fmt).stdout for fmt in FORMATS}


def import_bytes(tmp_path: Path, name: str, content: bytes) -> tuple[int, str]:
    """Import `content` into a fresh data directory: the exit status and stderr."""
    path = tmp_path / name
    path.write_bytes(content)
    result = run_cli(tmp_path / "data", "import", str(path))
    return result.returncode, result.stderr.decode()


def assert_refused(tmp_path: Path, status: int, stderr: str, *expected: str) -> None:
    assert status == 1
    assert len(stderr.strip().splitlines()) == 1, stderr  # one line, never a traceback
    assert "nothing was imported" in stderr
    for text in expected:
        assert text in stderr
    with sqlite3.connect(database_path(tmp_path / "data")) as conn:
        assert conn.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_with_a_byte_order_mark_imports_like_one_without(
    exports: dict[str, bytes], tmp_path: Path, fmt: str
) -> None:
    # Editors on Windows add one when they save; the CSV export has one already.
    content = exports[fmt] if exports[fmt].startswith(BOM) else BOM + exports[fmt]
    status, stderr = import_bytes(tmp_path, f"bom.{fmt}", content)
    assert status == 0, stderr
    # Compared as NDJSON (JSON has the time of export in it), or as CSV (it has no `source`).
    again = "csv" if fmt == "csv" else "ndjson"
    assert run_cli(tmp_path / "data", "export", "--format", again).stdout == exports[again]


def test_a_reformatted_json_export_still_imports(exports: dict[str, bytes], tmp_path: Path) -> None:
    pretty = BOM + json.dumps(json.loads(exports["json"]), indent=2, ensure_ascii=False).encode()
    status, stderr = import_bytes(tmp_path, "pretty.json", pretty)
    assert status == 0, stderr
    assert run_cli(tmp_path / "data", "export", "--format", "ndjson").stdout == exports["ndjson"]


def test_a_broken_first_ndjson_line_is_reported_by_its_number(exports: dict[str, bytes], tmp_path: Path) -> None:
    first, rest = exports["ndjson"].split(b"\n", 1)
    status, stderr = import_bytes(tmp_path, "broken.ndjson", first[:-1] + b",}\n" + rest)
    assert_refused(tmp_path, status, stderr, "line 1: not valid JSON")


def test_a_json_export_cut_short_is_reported_as_broken_json(exports: dict[str, bytes], tmp_path: Path) -> None:
    status, stderr = import_bytes(tmp_path, "cut.json", exports["json"][: len(exports["json"]) // 2])
    assert_refused(tmp_path, status, stderr, "is not valid JSON", "truncated")


@pytest.mark.parametrize(("fmt", "line"), [("csv", 3), ("json", 1), ("ndjson", 2)])
def test_a_file_that_is_not_utf8_is_refused_naming_the_line(
    exports: dict[str, bytes], tmp_path: Path, fmt: str, line: int
) -> None:
    # As a Windows program saves it (Windows-1252): "í" is the single byte 0xed.
    content = exports[fmt].replace("Tecnología".encode(), "Tecnología".encode("cp1252"))
    status, stderr = import_bytes(tmp_path, f"cp1252.{fmt}", content)
    assert_refused(tmp_path, status, stderr, f"line {line}: not UTF-8 text (byte 0xed)", "save the file as UTF-8")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+01:00", "0001-01-02T00:00:00Z", "1999-12-31T23:59:59Z"])
def test_a_capture_time_before_2000_is_refused_naming_the_record(
    exports: dict[str, bytes], tmp_path: Path, fmt: str, moment: str
) -> None:
    content = exports[fmt].replace(b"2026-01-02T08:30:00Z", moment.encode())
    status, stderr = import_bytes(tmp_path, f"early.{fmt}", content)
    where = {"csv": "line 3", "json": "snapshot 2", "ndjson": "line 2"}[fmt]
    assert_refused(tmp_path, status, stderr, f"{where}: captured_at {moment}", "before 2000-01-01T00:00:00Z")


def test_a_capture_time_days_ahead_is_refused_like_a_post(exports: dict[str, bytes], tmp_path: Path) -> None:
    ahead = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    content = exports["ndjson"].replace(b"2026-01-02T08:30:00Z", ahead.encode())
    status, stderr = import_bytes(tmp_path, "ahead.ndjson", content)
    assert_refused(tmp_path, status, stderr, "line 2: captured_at is more than a day in the future")


def test_rows_a_spreadsheet_blanked_out_are_skipped(exports: dict[str, bytes], tmp_path: Path) -> None:
    # Deleting rows' contents in Excel and saving leaves lines of commas behind.
    blank = b"," * 17
    status, stderr = import_bytes(tmp_path, "blanked.csv", exports["csv"] + blank + b"\r\n" + b" ,  ," * 4 + b"\r\n")
    assert status == 0, stderr
    assert run_cli(tmp_path / "data", "export", "--format", "csv").stdout == exports["csv"]


def test_a_csv_with_an_unbalanced_quote_is_one_line_naming_where(exports: dict[str, bytes], tmp_path: Path) -> None:
    # The quote swallows everything after it into one cell, up to the csv module's field limit.
    lines = exports["csv"].splitlines(keepends=True)
    broken = lines[1].replace(b",me,", b',"me,', 1)
    filler = b"notes without quotes, a line of them\r\n" * 4000
    status, stderr = import_bytes(tmp_path, "quote.csv", lines[0] + broken + filler)
    assert_refused(tmp_path, status, stderr, "not valid CSV", "field larger than field limit", "check its quotes")
