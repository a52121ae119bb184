"""A small HTTP/1.1 load generator on raw asyncio sockets.

Keep-alive connections each send prepared requests one after another and time every round
trip. It parses only what the companion sends (status line, Content-Length), which keeps its
own cost per request far below an HTTP client library's: on a 2-core machine the load
generator shares the CPU with the server it measures, so the lighter it is the more the
figures say about the server.
"""

import asyncio
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field


@dataclass
class LoadResult:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    elapsed_s: float = 0.0

    @property
    def count(self) -> int:
        return len(self.latencies_ms)

    @property
    def requests_per_s(self) -> float:
        return self.count / self.elapsed_s if self.elapsed_s else 0.0

    def expect(self, status: int, sent: int, who: str) -> None:
        """Raise unless every one of the `sent` requests was answered, all with `status`: a
        figure must not be computed from refusals, or from part of the load."""
        if self.statuses != {status: sent}:
            raise RuntimeError(f"{who} answered {dict(self.statuses)} to {sent} requests, expected {status} to each")

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def build_request(
    method: str, path: str, port: int, headers: dict[str, str] | None = None, body: bytes | None = None
) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b"")


class _Connection(asyncio.Protocol):
    def __init__(self) -> None:
        self._buffer = bytearray()
        self._waiter: asyncio.Future[tuple[int, bytes]] | None = None
        self._transport: asyncio.Transport | None = None
        # The server said it closes the connection after this response (HTTP/1.0 style).
        self.closing = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        if self._waiter is not None and not self._waiter.done():
            self._complete()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_exception(exc or ConnectionError("the server closed the connection"))

    async def send(self, request: bytes) -> tuple[int, bytes]:
        assert self._transport is not None
        self._waiter = asyncio.get_running_loop().create_future()
        self._transport.write(request)
        return await self._waiter

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()

    def _complete(self) -> None:
        assert self._waiter is not None
        end = self._buffer.find(b"\r\n\r\n")
        if end < 0:
            return
        head = bytes(self._buffer[:end]).lower()
        start = head.find(b"\r\ncontent-length:")
        if start < 0:
            self._waiter.set_exception(ValueError("response without Content-Length"))
            return
        stop = head.find(b"\r\n", start + 2)
        length = int(head[start + 17 : stop if stop >= 0 else None])
        total = end + 4 + length
        if len(self._buffer) < total:
            return
        body = bytes(self._buffer[end + 4 : total])
        del self._buffer[:total]
        self.closing = b"\r\nconnection: close" in head or head.startswith(b"http/1.0")
        self._waiter.set_result((int(head[9:12]), body))


async def _connect(port: int) -> _Connection:
    _, protocol = await asyncio.get_running_loop().create_connection(_Connection, "127.0.0.1", port)
    return protocol


async def run_load(port: int, requests: Iterable[bytes], connections: int, timeout_s: float = 120.0) -> LoadResult:
    """Send every request, `connections` at a time; stops early after `timeout_s`."""
    pending: Iterator[bytes] = iter(requests)
    result = LoadResult()
    conns = [await _connect(port) for _ in range(connections)]
    started = time.perf_counter()
    deadline = started + timeout_s

    async def worker(conn: _Connection) -> None:
        for request in pending:
            sent = time.perf_counter_ns()
            if conn.closing:  # reconnecting is part of this request's round trip
                conn.close()
                conn = await _connect(port)
                conns.append(conn)
            status, _ = await conn.send(request)
            result.latencies_ms.append((time.perf_counter_ns() - sent) / 1e6)
            result.statuses[status] += 1
            if time.perf_counter() > deadline:
                return

    try:
        await asyncio.gather(*(worker(conn) for conn in conns))
    finally:
        result.elapsed_s = time.perf_counter() - started
        for conn in conns:
            conn.close()
    return result


def load(port: int, requests: Sequence[bytes], connections: int, timeout_s: float = 120.0) -> LoadResult:
    return asyncio.run(run_load(port, requests, connections, timeout_s))


async def fetch(port: int, request: bytes) -> tuple[int, bytes]:
    """One request on a fresh connection (a response with Content-Length)."""
    conn = await _connect(port)
    try:
        return await conn.send(request)
    finally:
        conn.close()
