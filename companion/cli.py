"""`ssi-companion`: the command line. Each command imports what it needs when it runs, so
`serve` starts fast and `status` does not load the web stack.

Exit status: 0 success, 2 bad usage, 1 any other failure, with one line on stderr saying
what to do.
"""

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import sqlite3

from companion import __version__

PROG: Final = "ssi-companion"


class CliError(Exception):
    """A failure to report in one line; `exit_code` 1 (failure) or 2 (bad usage)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    command: Callable[[argparse.Namespace], int] = args.run
    try:
        return command(args)
    except CliError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`ssi-companion export | head`): nothing to say, and nothing more
        # to flush into the closed pipe at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def build_parser() -> argparse.ArgumentParser:
    from companion.cli_goals import add_goals_parser
    from companion.settings import DEFAULT_HOST, DEFAULT_PORT

    # No abbreviated options (`--data` for `--data-dir`): scripts/run reads `--data-dir` from
    # the arguments it passes to `serve`, and must see the same folder `serve` does.
    parser = argparse.ArgumentParser(
        prog=PROG, description="The local companion of the SSI Companion browser extension.", allow_abbrev=False
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str, run: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text, allow_abbrev=False)
        sub.add_argument("--data-dir", help="data directory (default: $SSI_COMPANION_HOME or the user data directory)")
        sub.set_defaults(run=run)
        return sub

    serve = command("serve", "run the companion in the foreground", _serve)
    serve.add_argument("--host", default=DEFAULT_HOST, help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 picks a free one)")
    serve.add_argument(
        "--access-log",
        action="store_true",
        help="log every request (by default only refused and failed ones are logged)",
    )
    serve.add_argument(
        "--check",
        action="store_true",
        help="only check that the companion could start (the port, the data folder, no other "
        "companion on it) and exit; scripts/run does this before it prints a pairing code",
    )

    pair = command(
        "pair",
        "print a one-time pairing code for the extension's options page; "
        "or list the paired extensions, or revoke one",
        _pair,
    )
    pairings = pair.add_mutually_exclusive_group()
    pairings.add_argument(
        "--list", action="store_true", help="list the paired extensions: id, when paired, browser, origin"
    )
    pairings.add_argument(
        "--revoke",
        type=int,
        action="append",
        metavar="ID",
        help="revoke a paired extension's token (an id from --list); may be given more than once",
    )
    token = command("token", "print the API token for scripts (Authorization: Bearer ...)", _token)
    token.add_argument("--rotate", action="store_true", help="replace the token; the old one stops working")

    export = command("export", "write the history as CSV, JSON or NDJSON", _export)
    export.add_argument("--format", choices=("csv", "json", "ndjson"), default="csv")
    export.add_argument("--output", "-o", help="file to write (default: standard output)")
    export.add_argument("--since", help="first day or moment to include (YYYY-MM-DD or RFC 3339)")
    export.add_argument("--until", help="last day or moment to include (YYYY-MM-DD or RFC 3339)")
    export.add_argument("--profile", help="only this profile")

    imp = command("import", "read a file written by export back into the history", _import)
    imp.add_argument("file", help="a CSV, JSON or NDJSON export")

    command("status", "where the data lives, how much there is, whether a server runs", _status)

    goals = add_goals_parser(commands)
    goals.add_argument("--data-dir", help="data directory (default: $SSI_COMPANION_HOME or the user data directory)")
    return parser


def _data_dir(args: argparse.Namespace) -> Path:
    from companion.settings import resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir)
    if data_dir.exists() and not data_dir.is_dir():
        raise CliError(f"{data_dir} is a file, not a data folder; give --data-dir a folder", exit_code=2)
    return data_dir


def _open(args: argparse.Namespace) -> "tuple[Path, sqlite3.Connection]":
    """Open (creating if needed) the database of the data directory."""
    from companion.storage.database import open_database

    data_dir = _data_dir(args)
    with history_errors(data_dir):
        return data_dir, open_database(data_dir)


@contextmanager
def history_errors(data_dir: Path) -> Iterator[None]:
    """A data directory or history that cannot be used, in one line: not a folder, not a
    database, written by a newer version."""
    import sqlite3

    from companion.storage.migrations import SchemaTooNewError

    try:
        with busy_history(data_dir):
            yield
    except SchemaTooNewError as error:
        raise CliError(str(error)) from None
    except (OSError, sqlite3.Error) as error:
        raise CliError(f"cannot open the history in {data_dir}: {error}") from None


@contextmanager
def busy_history(data_dir: Path) -> Iterator[None]:
    """Another process held the history's write lock for longer than a write waits for it."""
    import sqlite3

    from companion.storage.database import is_locked

    try:
        yield
    except sqlite3.Error as error:
        if not is_locked(error):
            raise
        raise CliError(
            f"the history in {data_dir} is busy: another process (an `{PROG} import`?) holds its "
            "write lock; nothing was changed, try again when it is done"
        ) from None


def _serve(args: argparse.Namespace) -> int:
    import logging

    from companion.serve import PortInUseError, check_can_listen, serve
    from companion.server_info import running_server
    from companion.settings import BROWSER_BLOCKED_PORTS, DEFAULT_PORT, Settings

    if not 0 <= args.port <= 65535:
        raise CliError(f"--port must be between 0 and 65535, not {args.port}", exit_code=2)
    if args.port in BROWSER_BLOCKED_PORTS:
        raise CliError(
            f"browsers refuse to connect to port {args.port}, so the extension could not reach the "
            f"companion there; choose another --port (the default is {DEFAULT_PORT})",
            exit_code=2,
        )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Opened (and migrated) once here, so that a history that cannot be used is one line, not
    # a traceback from inside the server's start.
    data_dir, conn = _open(args)
    conn.close()
    other = running_server(data_dir)
    if other is not None:
        raise CliError(
            f"another companion already serves {data_dir} at {other.url} (pid {other.pid}); "
            "stop it first, or give this one another --data-dir"
        )
    try:
        if args.check:
            check_can_listen(args.host, args.port)
            return 0
        serve(Settings(data_dir=data_dir, host=args.host, port=args.port, access_log=args.access_log))
    except PortInUseError as error:
        raise CliError(str(error)) from None
    return 0


def _pair(args: argparse.Namespace) -> int:
    from datetime import datetime

    from companion.auth.pairing import issue_pairing_code
    from companion.auth.secret_store import SecretStore

    if args.list or args.revoke:
        return _pairings(args)
    data_dir, conn = _open(args)
    conn.close()
    code, expires_at = issue_pairing_code(SecretStore(data_dir))
    print(code)
    until = datetime.fromtimestamp(expires_at).strftime("%H:%M")
    print(
        f"Type this code into the SSI Companion extension's options page (valid until {until}, once).",
        file=sys.stderr,
    )
    return 0


def _pairings(args: argparse.Namespace) -> int:
    from companion.auth.client_store import UnknownExtensionError
    from companion.cli_pairings import NONE_PAIRED, paired_extension_lines, revoke_lines
    from companion.storage.database import database_path

    try:
        # A mistyped --data-dir lists nothing; it does not leave an empty data folder behind.
        if not database_path(_data_dir(args)).exists():
            if args.revoke:
                raise UnknownExtensionError(sorted(set(args.revoke)))
            lines = [NONE_PAIRED]
        else:
            data_dir, conn = _open(args)
            try:
                with history_errors(data_dir):
                    lines = revoke_lines(conn, args.revoke) if args.revoke else paired_extension_lines(conn)
            finally:
                conn.close()
    except UnknownExtensionError as error:
        which = "the ids" if len(error.ids) > 1 else "the id"
        raise CliError(f"no paired extension has {which} {error}; `{PROG} pair --list` shows them. Nothing was revoked") from None
    for line in lines:
        print(line)
    return 0


def _token(args: argparse.Namespace) -> int:
    from companion.auth.script_token import script_token
    from companion.auth.secret_store import SecretStore

    data_dir, conn = _open(args)
    try:
        with busy_history(data_dir):
            token = script_token(conn, SecretStore(data_dir), rotate=args.rotate)
    finally:
        conn.close()
    print(token)
    return 0


def _export(args: argparse.Namespace) -> int:
    from companion.cli_export import run_export

    return run_export(args, _data_dir(args))


def _import(args: argparse.Namespace) -> int:
    from companion.importer import ImportFileError, import_file

    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"{path} is not a file; give the path of a file written by `{PROG} export`", exit_code=2)
    data_dir, conn = _open(args)
    try:
        with busy_history(data_dir):
            report = import_file(conn, path)
    except ImportFileError as error:
        raise CliError(f"{error}; nothing was imported") from None
    finally:
        conn.close()
    print(
        f"imported {report.created} new snapshot(s) from {path} ({report.format}); "
        f"{report.already_present} were already present"
    )
    return 0


def _status(args: argparse.Namespace) -> int:
    from companion.cli_status import status_lines

    data_dir = _data_dir(args)
    with history_errors(data_dir):
        lines = status_lines(data_dir)
    for key, value in lines:
        print(f"{key}: {value}")
    return 0
