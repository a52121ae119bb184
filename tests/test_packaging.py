"""`pip install .` into a fresh virtual environment gives a working `ssi-companion`, with its
package data (advice catalogue, JSON Schema) included."""

import os
import subprocess
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_pip_install_into_a_fresh_venv_gives_a_working_command(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(ROOT)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr[-3000:]
    command = env_dir / "bin" / "ssi-companion"
    environment = {**os.environ, "SSI_COMPANION_HOME": str(tmp_path / "data"),
                   "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}  # fmt: skip
    # Run from elsewhere so the checkout's own packages cannot be imported by accident.
    version = subprocess.run([str(command), "--version"], capture_output=True, text=True, cwd=tmp_path, env=environment, check=False)
    assert version.stdout.strip() == "ssi-companion 0.1.0"
    status = subprocess.run([str(command), "status"], capture_output=True, text=True, cwd=tmp_path, env=environment, check=False)
    assert status.returncode == 0 and "snapshots: 0" in status.stdout
    data_check = subprocess.run(
        [str(python), "-c",
         "import importlib.resources as r, companion, shared_schema;"
         "print(sorted(p.name for p in r.files('companion').joinpath('advice_catalog').iterdir()));"
         "print(r.files('shared_schema').joinpath('ssi-companion.schema.json').is_file())"],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert data_check.returncode == 0, data_check.stderr
    assert "'de.toml', 'en.toml', 'es.toml'" in data_check.stdout
    assert data_check.stdout.strip().endswith("True")
    assert str(ROOT) not in subprocess.run(
        [str(python), "-c", "import companion; print(companion.__file__)"],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    ).stdout
