"""Where the companion keeps its data and how it listens."""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Final

DEFAULT_HOST: Final = "127.0.0.1"
DEFAULT_PORT: Final = 8723
HOME_ENV: Final = "SSI_COMPANION_HOME"
APP_NAME: Final = "ssi-companion"
# A snapshot is well under 2 KiB and the goals object smaller; 64 KiB leaves room to extend.
MAX_BODY_BYTES: Final = 64 * 1024
# Ports browsers refuse to connect to (the Fetch standard's "bad ports", blocked by Chromium and
# Firefox for every request, the extension's too): a companion listening on one could never
# be reached. extension/lib/settings.js refuses them in the options (tests/js keeps the lists equal).
BROWSER_BLOCKED_PORTS: Final = frozenset(
    {
        1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104,
        109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515,
        526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049,
        3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    max_body_bytes: int = MAX_BODY_BYTES
    # Log every request, not only refused and failed ones (`serve --access-log`).
    access_log: bool = False


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--data-dir`, else $SSI_COMPANION_HOME, else the platform's user data directory."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    if env := os.environ.get(HOME_ENV):
        return Path(env).expanduser().resolve()
    # Imported here: platformdirs is only needed when no directory was given.
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)
