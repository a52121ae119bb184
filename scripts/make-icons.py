#!/usr/bin/env python3
"""Draw the extension's toolbar icons (16, 32, 48, 128 px PNG) into extension/icons/.

Standard library only (zlib + struct), so anyone can regenerate them without an image stack.
The design is a rounded square with three rising bars and a goal line: history toward a target.
Each pixel is supersampled so the small sizes stay smooth.
"""

import struct
import sys
import zlib
from pathlib import Path

SIZES = (16, 32, 48, 128)
SUPERSAMPLE = 4
OUT_DIR = Path(__file__).resolve().parent.parent / "extension" / "icons"

BACKGROUND = (17, 94, 89)  # deep teal
BARS = (255, 255, 255)
GOAL = (252, 211, 77)  # amber

# Shapes in unit coordinates (0..1, y down). Bars: (left, top, right); all end at BAR_BOTTOM.
BAR_BOTTOM = 0.80
BAR_SHAPES = ((0.20, 0.58, 0.36), (0.42, 0.44, 0.58), (0.64, 0.30, 0.80))
GOAL_LINE = (0.14, 0.19, 0.86, 0.24)  # left, top, right, bottom
CORNER_RADIUS = 0.22


def inside_rounded_square(x: float, y: float) -> bool:
    r = CORNER_RADIUS
    cx = min(max(x, r), 1 - r)
    cy = min(max(y, r), 1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def color_at(x: float, y: float) -> tuple[int, int, int, int]:
    """The colour of one sample point; alpha 0 outside the icon."""
    if not inside_rounded_square(x, y):
        return (0, 0, 0, 0)
    left, top, right, bottom = GOAL_LINE
    if left <= x <= right and top <= y <= bottom:
        return (*GOAL, 255)
    for bar_left, bar_top, bar_right in BAR_SHAPES:
        if bar_left <= x <= bar_right and bar_top <= y <= BAR_BOTTOM:
            return (*BARS, 255)
    return (*BACKGROUND, 255)


def render(size: int) -> bytes:
    """RGBA rows, each prefixed with PNG filter type 0."""
    rows = bytearray()
    n = SUPERSAMPLE
    for py in range(size):
        rows.append(0)
        for px in range(size):
            total = [0, 0, 0, 0]
            for sy in range(n):
                for sx in range(n):
                    r, g, b, a = color_at((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size)
                    # Premultiply so edge pixels do not pick up the transparent black.
                    total[0] += r * a
                    total[1] += g * a
                    total[2] += b * a
                    total[3] += a
            alpha = total[3]
            if alpha == 0:
                rows.extend((0, 0, 0, 0))
            else:
                rows.extend(
                    (total[0] // alpha, total[1] // alpha, total[2] // alpha, alpha // (n * n))
                )
    return bytes(rows)


def png(size: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def main() -> int:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        path = OUT_DIR / f"icon-{size}.png"
        path.write_bytes(png(size, render(size)))
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
