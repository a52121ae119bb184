"""`server.json` in the data directory says which companion serves it, so `status` can tell.

Written when the server is listening, removed when it stops; a file left by a killed server
is recognised as stale because the pid is gone or the URL does not answer.
"""

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Final

SERVER_INFO_FILENAME: Final = "server.json"


@dataclass(frozen=True, slots=True)
class ServerInfo:
    pid: int
    url: str
    started_at: str


def write_server_info(data_dir: Path, info: ServerInfo) -> None:
    path = data_dir / SERVER_INFO_FILENAME
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps(asdict(info)), encoding="utf-8")
    os.replace(temp, path)


def read_server_info(data_dir: Path) -> ServerInfo | None:
    try:
        data = json.loads((data_dir / SERVER_INFO_FILENAME).read_text(encoding="utf-8"))
        return ServerInfo(pid=int(data["pid"]), url=str(data["url"]), started_at=str(data["started_at"]))
    except (OSError, ValueError, KeyError, TypeError):  # missing, unreadable, or not ours
        return None


def remove_server_info(data_dir: Path, pid: int) -> None:
    """Remove the file only if it is ours (another server may have started since)."""
    info = read_server_info(data_dir)
    if info is not None and info.pid == pid:
        (data_dir / SERVER_INFO_FILENAME).unlink(missing_ok=True)


def running_server(data_dir: Path) -> ServerInfo | None:
    """The companion serving `data_dir` now: its server.json names a live process that answers
    at its URL. None for no file, or one left by a server that was killed."""
    info = read_server_info(data_dir)
    return info if info is not None and pid_alive(info.pid) and answers(info) else None


def answers(info: ServerInfo) -> bool:
    """Does the server `info` names answer its health check?"""
    # Imported only here: a normal start has no server.json (or a stale one) and skips it.
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"{info.url}/v1/health", timeout=2) as response:
            return bool(json.load(response).get("status") == "ok")
    except (urllib.error.URLError, OSError, ValueError):
        return False


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
