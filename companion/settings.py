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
