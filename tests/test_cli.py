"""The `ssi-companion` command line, run as a real subprocess."""

import json
import signal
import stat
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import msgspec
import pytest

from cli_helpers import cli_env, free_port, pair_extension, run_cli, running_server, status_with
from companion.storage.database import database_path
from companion.storage.migrations import migrate
from snapshot_factory import daily_history


def write_ndjson(path: Path, docs: list[dict]) -> Path:  # type: ignore[type-arg]
    path.write_bytes(b"".join(msgspec.json.encode(doc) + b"\n" for doc in docs))
    return path


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    """A data directory holding 20 days of history for two profiles, imported via the CLI."""
    data_dir = tmp_path / "seeded"
    docs = daily_history(15) + daily_history(5, profile="anna")
    docs[3]["industry"]["name"] = "Tecnología, información e internet"
    docs[4]["network"] = {"rank_top_percent": None, "average": None}
    docs[5]["source"] = None
    result = run_cli(data_dir, "import", str(write_ndjson(tmp_path / "seed.ndjson", docs)))
    assert result.returncode == 0, result.stderr
    return data_dir


def test_version_and_help(tmp_path: Path) -> None:
    assert run_cli(tmp_path, "--version").stdout.decode().startswith("ssi-companion 0.1.0")
    help_text = run_cli(tmp_path, "--help").stdout.decode()
    for command in ("serve", "pair", "token", "export", "import", "status", "goals"):
        assert command in help_text


@pytest.mark.parametrize("fmt", ["csv", "json", "ndjson"])
def test_export_then_import_into_an_empty_directory_reproduces_the_export(seeded: Path, tmp_path: Path, fmt: str) -> None:
    first = tmp_path / f"first.{fmt}"
    assert run_cli(seeded, "export", "--format", fmt, "--output", str(first)).returncode == 0
    fresh = tmp_path / f"fresh-{fmt}"
    imported = run_cli(fresh, "import", str(first))
    assert imported.returncode == 0, imported.stderr
    assert b"imported 20 new snapshot(s)" in imported.stdout
    second = tmp_path / f"second.{fmt}"
    assert run_cli(fresh, "export", "--format", fmt, "--output", str(second)).returncode == 0
    if fmt == "json":
        a, b = json.loads(first.read_bytes()), json.loads(second.read_bytes())
        assert a["snapshots"] == b["snapshots"] and len(a["snapshots"]) == 20
    else:
        assert first.read_bytes() == second.read_bytes()


def test_json_and_ndjson_exports_are_lossless(seeded: Path, tmp_path: Path) -> None:
    ndjson = run_cli(seeded, "export", "--format", "ndjson").stdout
    fresh = tmp_path / "fresh"
    run_cli(fresh, "import", str(write_ndjson(tmp_path / "x.ndjson", [json.loads(l) for l in ndjson.splitlines()])))
    as_json = json.loads(run_cli(fresh, "export", "--format", "json").stdout)
    assert as_json["snapshots"] == [json.loads(line) for line in ndjson.splitlines()]
    assert any(s["source"] is None for s in as_json["snapshots"])
    assert any(s["source"] is not None for s in as_json["snapshots"])


def test_import_is_idempotent(seeded: Path, tmp_path: Path) -> None:
    export = tmp_path / "all.csv"
    run_cli(seeded, "export", "--output", str(export))
    again = run_cli(seeded, "import", str(export))
    assert again.returncode == 0
    assert b"imported 0 new snapshot(s)" in again.stdout and b"20 were already present" in again.stdout
    with sqlite3.connect(database_path(seeded)) as conn:
        assert conn.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 20


def test_export_filters_by_profile_and_dates(seeded: Path) -> None:
    out = run_cli(seeded, "export", "--format", "ndjson", "--profile", "me", "--since", "2026-01-03", "--until", "2026-01-04")
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["captured_at"][:10] for r in rows] == ["2026-01-03", "2026-01-04"]
    assert {r["profile"] for r in rows} == {"me"}


def test_csv_to_stdout_opens_as_a_spreadsheet(seeded: Path) -> None:
    out = run_cli(seeded, "export").stdout
    text = out.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id,captured_at,profile,overall,professional_brand")
    assert '"Tecnología, información e internet"' in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"hello world\n", b"not an ssi-companion export"),
        (b'{"format": "something-else", "version": 1, "snapshots": []}', b"not an ssi-companion export"),
        (b'{"format": "ssi-companion-export", "version": 2, "exported_at": "2026-01-01T00:00:00Z", "snapshots": []}', b"version 2"),
        (b"id,captured_at\n1,2\n", b"line 1"),
    ],
)
def test_import_refuses_files_that_are_not_exports(tmp_path: Path, content: bytes, message: bytes) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run_cli(tmp_path / "data", "import", str(path))
    assert result.returncode == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_bad_record_stops_the_import_with_its_line_and_imports_nothing(tmp_path: Path) -> None:
    docs = daily_history(5)
    docs[3]["pillars"]["engage_with_insights"] = 30
    result = run_cli(tmp_path / "data", "import", str(write_ndjson(tmp_path / "bad.ndjson", docs)))
    assert result.returncode == 1
    assert b"line 4" in result.stderr and b"engage_with_insights" in result.stderr
    assert b"nothing was imported" in result.stderr
    with sqlite3.connect(database_path(tmp_path / "data")) as conn:
        assert conn.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 0


def test_a_bad_csv_cell_names_its_line(seeded: Path, tmp_path: Path) -> None:
    lines = run_cli(seeded, "export").stdout.decode("utf-8-sig").splitlines()
    cells = lines[2].split(",")
    cells[3] = "seventy"
    lines[2] = ",".join(cells)
    path = tmp_path / "edited.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = run_cli(tmp_path / "fresh", "import", str(path))
    assert result.returncode == 1
    assert b"line 3" in result.stderr and b"overall" in result.stderr


def test_importing_a_conflicting_record_changes_nothing(seeded: Path, tmp_path: Path) -> None:
    rows = [json.loads(l) for l in run_cli(seeded, "export", "--format", "ndjson").stdout.splitlines()]
    rows[0]["overall"] = rows[0]["overall"] - 1 if rows[0]["overall"] > 0 else 1
    rows[0]["pillars"]["build_relationships"] -= 1
    result = run_cli(seeded, "import", str(write_ndjson(tmp_path / "c.ndjson", rows)))
    assert result.returncode == 1
    assert b"different values" in result.stderr


@pytest.mark.parametrize(
    "args",
    [["export", "--format", "xml"], ["export", "--since", "soon"], ["import"], ["import", "/no/such/file"],
     ["serve", "--port", "99999"], ["serve", "--data", "x"], ["frobnicate"], ["export", "--since", "2026-02-01", "--until", "2026-01-01"]],
)  # fmt: skip
def test_bad_usage_exits_2_with_a_message(tmp_path: Path, args: list[str]) -> None:
    result = run_cli(tmp_path, *args)
    assert result.returncode == 2, result
    assert result.stderr.strip()


def test_export_without_any_history_says_what_to_do(tmp_path: Path) -> None:
    result = run_cli(tmp_path / "empty", "export")
    assert result.returncode == 1
    assert b"capture your SSI page first" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_export_to_a_missing_folder_fails_cleanly(seeded: Path, tmp_path: Path) -> None:
    result = run_cli(seeded, "export", "--output", str(tmp_path / "no" / "such" / "dir.csv"))
    assert result.returncode == 2
    assert b"does not exist" in result.stderr


@pytest.mark.parametrize("own", ["history.sqlite3", "history.sqlite3-wal", "goals.toml", "link-to-history"])
def test_export_never_overwrites_the_data_folders_own_files(seeded: Path, own: str) -> None:
    (seeded / "link-to-history").symlink_to(seeded / "history.sqlite3")
    before = (seeded / "history.sqlite3").read_bytes()
    result = run_cli(seeded, "export", "--output", str(seeded / own))
    assert result.returncode == 2, result
    assert b"one of the companion's own files" in result.stderr
    assert (seeded / "history.sqlite3").read_bytes() == before
    assert "snapshots: 20" in run_cli(seeded, "status").stdout.decode()


def test_export_through_a_link_replaces_its_target_and_a_replaced_file_keeps_its_mode(seeded: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared.csv"
    shared.write_text("old")
    shared.chmod(0o644)
    link = tmp_path / "latest.csv"
    link.symlink_to(shared)
    assert run_cli(seeded, "export", "--output", str(link)).returncode == 0
    assert link.is_symlink() and link.resolve() == shared
    assert shared.read_text(encoding="utf-8-sig").startswith("id,captured_at")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644
    fresh = tmp_path / "new.csv"
    assert run_cli(seeded, "export", "--output", str(fresh)).returncode == 0
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600  # a history is private until shared
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".part")) == []


def test_status_of_a_fresh_directory(tmp_path: Path) -> None:
    data_dir = tmp_path / "fresh"
    out = run_cli(data_dir, "status").stdout.decode()
    assert f"data: {data_dir}" in out
    assert "snapshots: 0" in out and "latest: none" in out and "server: not running" in out


def test_status_reads_a_history_from_before_pairing_without_upgrading_it(tmp_path: Path) -> None:
    data_dir = tmp_path / "old"
    data_dir.mkdir()
    conn = sqlite3.connect(database_path(data_dir), isolation_level=None)
    migrate(conn, target=1)
    conn.close()
    result = run_cli(data_dir, "status")
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "schema: 1" in out and "snapshots: 0" in out and "paired extensions: 0" in out


def test_status_reports_history_and_a_running_server(seeded: Path) -> None:
    with running_server(seeded) as (_, url):
        out = run_cli(seeded, "status").stdout.decode()
        assert f"server: running on {url}" in out
    assert "snapshots: 20" in out
    assert "latest: 2026-01-15T08:30:00Z" in out
    assert "server: not running" in run_cli(seeded, "status").stdout.decode()


def test_status_sees_through_a_stale_server_file_after_a_crash(seeded: Path) -> None:
    with running_server(seeded) as (process, _):
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert (seeded / "server.json").exists()
        assert "server: not running" in run_cli(seeded, "status").stdout.decode()


def test_serve_stops_cleanly_on_sigterm(seeded: Path) -> None:
    with running_server(seeded) as (process, _):
        process.terminate()
        assert process.wait(timeout=20) == 0
    assert not (seeded / "server.json").exists()


def test_serve_on_a_busy_port_explains(tmp_path: Path) -> None:
    port = free_port()
    with running_server(tmp_path / "one", port):
        result = run_cli(tmp_path / "two", "serve", "--port", str(port), timeout=30)
    assert result.returncode == 1
    assert b"already running" in result.stderr


def test_serve_check_says_whether_serve_could_start_without_serving(tmp_path: Path) -> None:
    port = free_port()
    ok = run_cli(tmp_path / "one", "serve", "--check", "--port", str(port), timeout=30)
    assert ok.returncode == 0, ok
    assert b"listening" not in ok.stderr
    assert not (tmp_path / "one" / "server.json").exists()
    assert (tmp_path / "one" / "history.sqlite3").exists()  # opened and migrated, as serve would
    with running_server(tmp_path / "one", port):
        # The same folder: another companion serves it.
        same = run_cli(tmp_path / "one", "serve", "--check", "--port", str(free_port()), timeout=30)
        assert same.returncode == 1 and b"another companion already serves" in same.stderr
        # Another folder, the same port: the port is taken.
        busy = run_cli(tmp_path / "two", "serve", "--check", "--port", str(port), timeout=30)
        assert busy.returncode == 1 and b"cannot listen" in busy.stderr
    blocked = run_cli(tmp_path / "two", "serve", "--check", "--port", "6000", timeout=30)
    assert blocked.returncode == 2 and b"browsers refuse" in blocked.stderr


@pytest.mark.parametrize("port", ["6000", "10080"])
def test_serve_refuses_a_port_browsers_block(tmp_path: Path, port: str) -> None:
    result = run_cli(tmp_path / "data", "serve", "--port", port, timeout=30)
    assert result.returncode == 2, result
    assert f"browsers refuse to connect to port {port}".encode() in result.stderr
    assert b"--port" in result.stderr
    assert not (tmp_path / "data" / "server.json").exists()


def test_pair_prints_a_code_the_running_server_accepts(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    code = run_cli(data_dir, "pair").stdout.decode().strip()
    assert len(code) == 9 and code[4] == "-"
    with running_server(data_dir) as (_, url):
        assert pair_extension(data_dir, url, "chrome-extension://" + "a" * 32, "cli test").startswith("ssi_")


def test_token_prints_a_token_the_server_accepts_and_rotate_replaces_it(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    first = run_cli(data_dir, "token").stdout.decode().strip()
    assert run_cli(data_dir, "token").stdout.decode().strip() == first
    with running_server(data_dir) as (_, url):
        assert status_with(url, first) == 200
        second = run_cli(data_dir, "token", "--rotate").stdout.decode().strip()
        assert second != first
        # The old token first: no request in between may be what makes the server notice.
        assert status_with(url, first) == 401
        assert status_with(url, second) == 200


def test_python_dash_m_companion_works(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "companion", "--version"], capture_output=True, check=False)
    assert result.returncode == 0 and b"ssi-companion" in result.stdout



def _get(url: str, headers: dict[str, str] | None = None) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def _server_log(data_dir: Path) -> str:
    return data_dir.with_name(data_dir.name + ".log").read_text(encoding="utf-8")


@pytest.mark.parametrize("every_request", [False, True])
def test_serve_logs_refusals_and_successes_only_when_asked(tmp_path: Path, every_request: bool) -> None:
    data_dir = tmp_path / "data"
    args = ("--access-log",) if every_request else ()
    with running_server(data_dir, None, *args) as (process, url):
        assert _get(f"{url}/v1/health") == 200
        assert _get(f"{url}/v1/summary", {"Authorization": "Bearer ssi_not-a-real-token"}) == 401
        process.terminate()
        process.wait(timeout=20)
    log = _server_log(data_dir)
    assert '"GET /v1/summary HTTP/1.1" 401' in log
    assert ('"GET /v1/health HTTP/1.1" 200' in log) is every_request
    assert "ssi_not-a-real-token" not in log


@pytest.mark.parametrize("every_request", [False, True])
def test_the_access_log_keeps_paths_and_parameter_names_but_no_query_values(
    tmp_path: Path, every_request: bool
) -> None:
    data_dir = tmp_path / "data"
    token = run_cli(data_dir, "token").stdout.decode().strip()
    auth = {"Authorization": f"Bearer {token}"}
    args = ("--access-log",) if every_request else ()
    with running_server(data_dir, None, *args) as (process, url):
        assert _get(f"{url}/v1/snapshots?access_token={token}") == 401
        assert _get(f"{url}/v1/export?format=csv&key={token}", auth) == 400  # unknown parameter
        assert _get(f"{url}/v1/snapshots?profile={token}&limit=7", auth) == 200
        process.terminate()
        process.wait(timeout=20)
    log = _server_log(data_dir)
    assert token not in log and token[len("ssi_") :] not in log
    assert '"GET /v1/snapshots?access_token=... HTTP/1.1" 401' in log
    assert '"GET /v1/export?format=...&key=... HTTP/1.1" 400' in log
    assert ('"GET /v1/snapshots?profile=...&limit=... HTTP/1.1" 200' in log) is every_request


def test_export_to_a_full_disk_fails_with_a_message(seeded: Path) -> None:
    # /dev/full refuses every write with ENOSPC, as a full disk does.
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "companion", "export", "--format", "ndjson"],
            env=cli_env(seeded),
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr.decode().strip() == (
        "ssi-companion: cannot write the export to standard output: No space left on device"
    )
