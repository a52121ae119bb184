"""`ssi-companion export`: the same bytes as the HTTP download, to a file or standard output.

A file is written beside its destination and renamed into place when complete, so a failed
export never leaves a truncated file where a good one was expected. Through a symbolic link the
link's target is replaced (the link stays), and a file replaced keeps its permissions. The data
folder's own files (the history, its journal, the goals, the secrets) are never an export's
destination.
"""

import argparse
import os
import sqlite3
import stat
import sys
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, cast

from companion.auth.change_marker import CHANGE_MARKER
from companion.cli import CliError, history_errors
from companion.errors import InvalidParameter
from companion.export_formats import ExportFormat, encode_export
from companion.query_params import parse_moment
from companion.storage.database import database_path, open_database
from companion.storage.snapshot_queries import HistoryRange, iter_snapshot_batches


def run_export(args: argparse.Namespace, data_dir: Path) -> int:
    history = _history_range(args)
    if args.output:
        _refuse_own_file(Path(args.output), data_dir)
    database = database_path(data_dir)
    if not database.exists():
        raise CliError(f"there is no history in {data_dir} yet; capture your SSI page first")
    with history_errors(data_dir):
        # Opened as every command but status opens it: a history from an older release is
        # migrated first, one from a newer release is refused.
        conn = open_database(data_dir)
    chunks = encode_export(cast(ExportFormat, args.format), iter_snapshot_batches(conn, history), datetime.now(UTC))
    try:
        _write_export(args.output, chunks, data_dir)
    finally:
        chunks.close()  # before the connection its query reads from
        conn.close()
    return 0


def _write_export(output: str | None, chunks: Iterable[bytes], data_dir: Path) -> None:
    destination = output or "standard output"
    try:
        if output:
            _write_file(Path(output), chunks)
        else:
            out = sys.stdout.buffer
            _write_all(out, chunks)
            out.flush()
    except BrokenPipeError:
        raise  # the reader stopped reading (`| head`): main() ends quietly
    except OSError as error:
        raise CliError(f"cannot write the export to {destination}: {error.strerror or error}") from None
    except sqlite3.Error as error:  # the history is read as it is written out
        raise CliError(f"cannot read the history in {data_dir}: {error}") from None


def _history_range(args: argparse.Namespace) -> HistoryRange:
    try:
        since = parse_moment(args.since, "--since") if args.since else None
        until = parse_moment(args.until, "--until", end_of_day=True) if args.until else None
    except InvalidParameter as error:
        raise CliError(error.message, exit_code=2) from None
    if since and until and since > until:
        raise CliError("--since must not be after --until", exit_code=2)
    return HistoryRange(profile=args.profile, since=since, until=until)


def _refuse_own_file(output: Path, data_dir: Path) -> None:
    """`--output` naming the history itself (or its journal, the goals, the secrets) would
    replace it with the export."""
    database = database_path(data_dir)
    own = [database, *(database.with_name(database.name + end) for end in ("-wal", "-shm", "-journal"))]
    own += [data_dir / name for name in ("goals.toml", "secrets.json", "server.json", CHANGE_MARKER)]
    target = output.resolve()
    if any(target == path.resolve() for path in own):
        raise CliError(
            f"{output} is one of the companion's own files in {data_dir}; writing the export there would "
            "replace it. Choose a file outside the data folder",
            exit_code=2,
        )


def _write_file(path: Path, chunks: Iterable[bytes]) -> None:
    # Through a symbolic link, its target is what gets replaced: the link stays a link.
    target = path.resolve() if path.is_symlink() else path
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise CliError(f"cannot write {path}: the folder {directory} does not exist", exit_code=2)
    fd, temp = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            _write_all(handle, chunks)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            # A new export is private to the user (mkstemp's 0600); one replaced keeps its mode.
            os.chmod(temp, stat.S_IMODE(target.stat().st_mode))
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    print(f"wrote {path}", file=sys.stderr)


def _write_all(handle: BinaryIO, chunks: Iterable[bytes]) -> None:
    # Written here, not in a thread behind the encoding: handing each chunk to a writer thread
    # made a 1M-row export slower (the threads take turns at the GIL), old and new alternated.
    for chunk in chunks:
        handle.write(chunk)
