"""`ssi-companion status`: what a user (or a support request) needs to know, as key: value."""

import sqlite3
from pathlib import Path

from companion.auth.client_store import count_extensions
from companion.server_info import answers, pid_alive, read_server_info
from companion.storage.database import connect, database_path
from companion.storage.migrations import schema_version
from companion.storage.snapshot_queries import count_snapshots, latest_snapshot


def status_lines(data_dir: Path) -> list[tuple[str, str]]:
    database = database_path(data_dir)
    lines = [("data", str(data_dir)), ("database", str(database))]
    if database.exists():
        conn = connect(database)
        try:
            lines += _history_lines(conn)
        finally:
            conn.close()
    else:
        lines += [("snapshots", "0"), ("latest", "none"), ("paired extensions", "0")]
    goals = data_dir / "goals.toml"
    lines.append(("goals", f"{goals}" if goals.exists() else f"{goals} (not set)"))
    lines.append(("server", _server_line(data_dir)))
    return lines


def _history_lines(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    latest = latest_snapshot(conn)
    profiles = [row[0] for row in conn.execute("SELECT DISTINCT profile FROM snapshots ORDER BY profile")]
    when = (
        f"{latest.captured_at.strftime('%Y-%m-%dT%H:%M:%SZ')} {latest.overall}" if latest else "none"
    )
    return [
        ("schema", str(schema_version(conn))),
        ("snapshots", str(count_snapshots(conn))),
        ("latest", when),
        ("profiles", ", ".join(profiles) if profiles else "none"),
        ("paired extensions", str(count_extensions(conn))),
    ]


def _server_line(data_dir: Path) -> str:
    info = read_server_info(data_dir)
    if info is None or not pid_alive(info.pid):
        return "not running"
    if answers(info):
        return f"running on {info.url}"
    return f"not running (pid {info.pid} does not answer at {info.url})"
