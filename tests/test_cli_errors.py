"""The CLI on a data folder or history it cannot use, a second server, and a reader that stops
reading: one line that says what is wrong, never a traceback."""

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest

from cli_helpers import cli_env, free_port, run_cli, running_server
from snapshot_factory import daily_history

PROBLEMS = {
    "a file, not a folder": "is a file, not a data folder",
    "not a database": "file is not a database",
    "from a newer version": "newer",
}


def broken_data_dir(tmp_path: Path, problem: str) -> Path:
    data_dir = tmp_path / "data"
    if problem == "a file, not a folder":
        data_dir.write_text("not a folder")
        return data_dir
    data_dir.mkdir()
    database = data_dir / "history.sqlite3"
    if problem == "not a database":
        database.write_bytes(b"\x13\x37" * 3000)
    else:
        conn = sqlite3.connect(database)
        conn.execute("PRAGMA user_version = 999")
        conn.close()
    return data_dir


# `status` only reads, and shows a newer history's schema version rather than refusing it.
CASES = [
    (command, problem)
    for command in (["serve", "--port", "0"], ["export"], ["status"])
    for problem in PROBLEMS
    if not (command == ["status"] and problem == "from a newer version")
]


@pytest.mark.parametrize(("command", "problem"), CASES)
def test_a_data_folder_that_cannot_be_used_is_one_line(tmp_path: Path, command: list[str], problem: str) -> None:
    data_dir = broken_data_dir(tmp_path, problem)
    result = run_cli(data_dir, *command, timeout=30)
    assert result.returncode == (2 if problem == "a file, not a folder" else 1)
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("ssi-companion: ")
    assert PROBLEMS[problem] in lines[0]


def test_a_second_server_on_the_same_data_folder_is_refused(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with running_server(data_dir) as (_, url):
        second = run_cli(data_dir, "serve", "--port", str(free_port()), timeout=30)
        assert second.returncode == 1
        assert f"another companion already serves {data_dir} at {url}" in second.stderr.decode()
        # The first one is untouched: still running, still the one status reports.
        assert f"server: running on {url}" in run_cli(data_dir, "status").stdout.decode()


def test_an_empty_ndjson_export_imports_back(tmp_path: Path) -> None:
    source = tmp_path / "source"
    assert run_cli(source, "import", str(write_ndjson(tmp_path, 2))).returncode == 0
    empty = run_cli(source, "export", "--format", "ndjson", "--profile", "nobody")
    assert empty.returncode == 0 and empty.stdout == b""
    path = tmp_path / "empty.ndjson"
    path.write_bytes(empty.stdout)
    result = run_cli(tmp_path / "target", "import", str(path))
    assert result.returncode == 0, result.stderr
    assert b"imported 0 new snapshot(s)" in result.stdout


def test_an_export_whose_reader_stops_early_ends_quietly(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert run_cli(data_dir, "import", str(write_ndjson(tmp_path, 3000))).returncode == 0
    # As `ssi-companion export | head -1` does: read one line, then close the pipe.
    process = subprocess.Popen(
        [sys.executable, "-m", "companion", "export", "--format", "ndjson"],
        env=cli_env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith(b"{")
    process.stdout.close()
    with process.stderr:
        errors = process.stderr.read()
    assert process.wait(timeout=30) == 1
    assert errors == b""


def write_ndjson(tmp_path: Path, count: int) -> Path:
    """`count` daily snapshots in the NDJSON that `export` writes."""
    path = tmp_path / f"{count}.ndjson"
    path.write_bytes(b"".join(msgspec.json.encode(doc) + b"\n" for doc in daily_history(count, datetime(2016, 1, 1, tzinfo=UTC))))
    return path
