"""Running the companion in the foreground until SIGINT/SIGTERM."""

import asyncio
import logging
import os
import signal
import socket
import sys
from datetime import UTC, datetime

from aiohttp import web

from companion.access_log import ACCESS_LOG_FORMAT, access_logger_class
from companion.app import create_app
from companion.server_info import ServerInfo, remove_server_info, write_server_info
from companion.settings import Settings

log = logging.getLogger("companion")

LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")


class PortInUseError(Exception):
    pass


def serve(settings: Settings) -> None:
    if settings.host not in LOOPBACK_HOSTS:
        log.warning(
            "listening on %s, not loopback: other machines may reach the companion; "
            "tokens still protect it, but prefer 127.0.0.1",
            settings.host,
        )
    asyncio.run(_serve(settings))


def check_can_listen(host: str, port: int) -> None:
    """Raise PortInUseError when `serve` could not listen on host:port now (`serve --check`)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as TCPSite binds
            sock.bind(address)
    except OSError as error:
        raise PortInUseError(_cannot_listen(host, port, error)) from None


def _cannot_listen(host: str, port: int, error: OSError) -> str:
    return (
        f"cannot listen on {host}:{port} ({error.strerror}); is the companion already running "
        "(ssi-companion status)? Otherwise choose another --port"
    )


async def _serve(settings: Settings) -> None:
    runner = web.AppRunner(
        create_app(settings),
        access_log_class=access_logger_class(settings.access_log),
        access_log_format=ACCESS_LOG_FORMAT,
        handle_signals=False,
    )
    await runner.setup()
    site = web.TCPSite(runner, settings.host, settings.port, reuse_address=True)
    try:
        await site.start()
    except OSError as error:
        await runner.cleanup()
        raise PortInUseError(_cannot_listen(settings.host, settings.port, error)) from None
    port = runner.addresses[0][1]
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    url = f"http://{host}:{port}"
    pid = os.getpid()
    write_server_info(settings.data_dir, ServerInfo(pid, url, datetime.now(UTC).isoformat()))
    print(f"SSI Companion listening on {url} (data in {settings.data_dir})", file=sys.stderr, flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        remove_server_info(settings.data_dir, pid)
        await runner.cleanup()
        print("SSI Companion stopped", file=sys.stderr, flush=True)
