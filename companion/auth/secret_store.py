"""Secrets in the OS keychain through keyring; a private file where no keychain exists.

On headless Linux keyring selects its `fail` backend, whose calls raise NoKeyringError. We then
keep secrets in `secrets.json` (mode 0600) in the data directory and say so once. Entries are
namespaced by data directory, so several data directories never share secrets.
"""

import json
import logging
import os
import tempfile
import threading
from pathlib import Path
from types import ModuleType
from typing import Final

log = logging.getLogger("companion.secrets")

SERVICE_NAME: Final = "ssi-companion"
FALLBACK_FILENAME: Final = "secrets.json"


class SecretStore:
    def __init__(self, data_dir: Path) -> None:
        self._data_dir = data_dir
        self._fallback = data_dir / FALLBACK_FILENAME
        self._use_file = False
        self._lock = threading.Lock()

    @property
    def location(self) -> str:
        """Where secrets live, for `status` (decided by the first use)."""
        return str(self._fallback) if self._use_file else "OS keychain (keyring)"

    def get(self, name: str) -> str | None:
        with self._lock:
            if not self._use_file:
                try:
                    stored: str | None = self._keyring().get_password(SERVICE_NAME, self._account(name))
                    return stored
                except self._no_keyring_error():
                    self._switch_to_file()
            return self._read_file().get(name)

    def set(self, name: str, value: str) -> None:
        with self._lock:
            if not self._use_file:
                try:
                    self._keyring().set_password(SERVICE_NAME, self._account(name), value)
                    return
                except self._no_keyring_error():
                    self._switch_to_file()
            entries = self._read_file()
            entries[name] = value
            self._write_file(entries)

    def delete(self, name: str) -> None:
        with self._lock:
            if not self._use_file:
                keyring = self._keyring()
                try:
                    keyring.delete_password(SERVICE_NAME, self._account(name))
                    return
                except keyring.errors.PasswordDeleteError:
                    return
                except self._no_keyring_error():
                    self._switch_to_file()
            entries = self._read_file()
            if entries.pop(name, None) is not None:
                self._write_file(entries)

    def _account(self, name: str) -> str:
        return f"{name}@{self._data_dir}"

    @staticmethod
    def _keyring() -> ModuleType:
        # Imported on first use: keyring discovers its backends at import, which is slow, and
        # serving requests never needs it except to pair.
        import keyring
        import keyring.errors

        return keyring

    @staticmethod
    def _no_keyring_error() -> type[Exception]:
        from keyring.errors import NoKeyringError

        return NoKeyringError

    def _switch_to_file(self) -> None:
        self._use_file = True
        log.warning(
            "no OS keychain available; keeping secrets in %s (readable only by you)", self._fallback
        )

    def _read_file(self) -> dict[str, str]:
        try:
            data = json.loads(self._fallback.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        if not isinstance(data, dict):
            raise ValueError(f"{self._fallback} is not a JSON object; remove it and pair again")
        return {str(key): str(value) for key, value in data.items()}

    def _write_file(self, entries: dict[str, str]) -> None:
        self._data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Created 0600 from the start (mkstemp), then renamed over: never briefly readable.
        fd, temp = tempfile.mkstemp(dir=self._data_dir, prefix=".secrets-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(entries, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, self._fallback)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
