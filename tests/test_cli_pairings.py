"""`ssi-companion pair --list` and `--revoke`, run as real subprocesses beside a running
companion, which must stop accepting a revoked token at once."""

import re
from pathlib import Path

import pytest

from cli_helpers import pair_extension, run_cli, running_server, status_with
from companion.storage.database import connect, database_path
from conftest import holding_write_lock

CHROME = "chrome-extension://" + "a" * 32
EDGE = "chrome-extension://" + "b" * 32


def listed(data_dir: Path) -> list[list[str]]:
    """`pair --list` as rows of cells (columns are separated by two or more spaces)."""
    result = run_cli(data_dir, "pair", "--list")
    assert result.returncode == 0, result.stderr
    return [re.split(r"\s{2,}", line) for line in result.stdout.decode().splitlines()]


def test_a_revoked_extension_is_refused_at_once_and_the_others_keep_working(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with running_server(data_dir) as (_, url):
        chrome = pair_extension(data_dir, url, CHROME, "Chrome 156 · SSI Companion 0.1.0")
        edge = pair_extension(data_dir, url, EDGE, "Edge 150 · SSI Companion 0.1.0")
        script = run_cli(data_dir, "token").stdout.decode().strip()

        rows = listed(data_dir)
        assert rows[0] == ["ID", "PAIRED (local time)", "BROWSER", "ORIGIN"]
        assert [row[2:] for row in rows[1:]] == [
            ["Chrome 156 · SSI Companion 0.1.0", CHROME],
            ["Edge 150 · SSI Companion 0.1.0", EDGE],
        ]  # the script token is no extension
        assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", row[1]) for row in rows[1:])
        chrome_id = rows[1][0]

        result = run_cli(data_dir, "pair", "--revoke", chrome_id)
        assert result.returncode == 0, result.stderr
        assert f"revoked {chrome_id}: Chrome 156 · SSI Companion 0.1.0 ({CHROME})" in result.stdout.decode()
        # The revoked token first: no other request in between may be what makes the server notice.
        # Its origin, with no token left, is no longer paired (403); without it the token is unknown (401).
        assert status_with(url, chrome, CHROME) == 403
        assert status_with(url, chrome, None) == 401
        assert status_with(url, edge, EDGE) == 200
        assert status_with(url, script, None) == 200
        assert [row[3] for row in listed(data_dir)[1:]] == [EDGE]
        assert "paired extensions: 1" in run_cli(data_dir, "status").stdout.decode()


def test_revoking_an_id_that_names_no_extension_revokes_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with running_server(data_dir) as (_, url):
        chrome = pair_extension(data_dir, url, CHROME, "Chrome")
        run_cli(data_dir, "token")
        ids = {row[3]: row[0] for row in listed(data_dir)[1:]}
        with connect(database_path(data_dir)) as conn:
            script_id = conn.execute("SELECT id FROM clients WHERE kind = 'script'").fetchone()[0]

        for wrong in (["99"], [ids[CHROME], "99", "98"], [str(script_id)]):
            args = [arg for id_ in wrong for arg in ("--revoke", id_)]
            result = run_cli(data_dir, "pair", *args)
            assert result.returncode == 1, result
            message = result.stderr.decode().strip()
            assert message.startswith("ssi-companion: no paired extension has the id")
            assert message.endswith("`ssi-companion pair --list` shows them. Nothing was revoked")
        assert "the ids 98, 99;" in run_cli(data_dir, "pair", "--revoke", "99", "--revoke", "98").stderr.decode()
        assert f"the id {script_id};" in message
        assert status_with(url, chrome, CHROME) == 200
        assert len(listed(data_dir)) == 2


@pytest.mark.parametrize(
    "args", [["--list", "--revoke", "1"], ["--revoke", "one"], ["--revoke"]]
)  # fmt: skip
def test_bad_pairing_flags_exit_2(tmp_path: Path, args: list[str]) -> None:
    result = run_cli(tmp_path / "data", "pair", *args)
    assert result.returncode == 2, result
    assert b"--revoke" in result.stderr


def test_listing_without_any_pairing_says_how_to_pair(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    run_cli(data_dir, "token")  # a history, and a client that is no extension
    assert listed(data_dir) == [
        ["no extension is paired; run `ssi-companion pair` and type the code into the extension's settings"]
    ]
    assert "paired extensions: 0" in run_cli(data_dir, "status").stdout.decode()


def test_a_name_an_extension_gave_itself_cannot_drive_the_terminal(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with running_server(data_dir) as (_, url):
        pair_extension(data_dir, url, CHROME, "Chrome\x1b]0;owned\x07\nID  PAIRED")
    out = run_cli(data_dir, "pair", "--list").stdout.decode()
    assert "\x1b" not in out and "\x07" not in out
    assert len(out.splitlines()) == 2
    assert "Chrome\ufffd]0;owned\ufffd\ufffdID  PAIRED" in out


@pytest.mark.parametrize("command", [["pair", "--revoke", "1"], ["import", "IMPORT"], ["token", "--rotate"]])
def test_a_history_another_process_is_writing_is_one_line_and_nothing_changes(tmp_path: Path, command: list[str]) -> None:
    data_dir = tmp_path / "data"
    script = run_cli(data_dir, "token").stdout.decode().strip()
    with running_server(data_dir) as (_, url):
        token = pair_extension(data_dir, url, CHROME, "Chrome")
        export = tmp_path / "one.ndjson"
        export.write_text("")
        with holding_write_lock(data_dir):
            result = run_cli(data_dir, *[str(export) if arg == "IMPORT" else arg for arg in command])
        assert result.returncode == 1, result
        # `token` may first say where secrets are kept, on a machine without a keychain.
        assert [line for line in result.stderr.decode().splitlines() if not line.startswith("no OS keychain")] == [
            f"ssi-companion: the history in {data_dir} is busy: another process (an `ssi-companion import`?) "
            "holds its write lock; nothing was changed, try again when it is done"
        ]
        assert status_with(url, token, CHROME) == 200
        # The script token too: the rotation that could not be stored gave nothing out.
        assert run_cli(data_dir, "token").stdout.decode().strip() == script
        assert status_with(url, script) == 200


def test_a_revoked_id_is_never_given_to_a_later_pairing(tmp_path: Path) -> None:
    # Otherwise `pair --revoke 2` typed again from shell history would revoke another browser.
    data_dir = tmp_path / "data"
    with running_server(data_dir) as (_, url):
        pair_extension(data_dir, url, CHROME, "Chrome")
        pair_extension(data_dir, url, EDGE, "Edge")
        newest = listed(data_dir)[-1][0]
        assert run_cli(data_dir, "pair", "--revoke", newest).returncode == 0
        edge = pair_extension(data_dir, url, EDGE, "Edge again")
        again = run_cli(data_dir, "pair", "--revoke", newest)
        assert again.returncode == 1 and b"no paired extension has the id" in again.stderr
        assert status_with(url, edge, EDGE) == 200
        assert int(listed(data_dir)[-1][0]) > int(newest)


def test_listing_a_data_folder_that_does_not_exist_leaves_none_behind(tmp_path: Path) -> None:
    data_dir = tmp_path / "mistyped"
    assert listed(data_dir) == [
        ["no extension is paired; run `ssi-companion pair` and type the code into the extension's settings"]
    ]
    revoke = run_cli(data_dir, "pair", "--revoke", "1")
    assert revoke.returncode == 1 and b"no paired extension has the id 1;" in revoke.stderr
    assert not data_dir.exists()
