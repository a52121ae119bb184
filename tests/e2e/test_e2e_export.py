"""Journey 3, export: the popup's "Export CSV" and "Export JSON" download files (saved through a
Blob URL and an `<a download>`) that hold exactly the API's history, byte for byte what
`ssi-companion export` writes, and that `ssi-companion import` reads back identically."""

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from cli_helpers import run_cli
from e2e.e2e_support import ARTIFACTS, Companion, ExtensionBrowser, fixture_page
from snapshot_factory import snapshot_doc

pytestmark = pytest.mark.browser

CSV_COLUMNS = (
    "id,captured_at,profile,overall,professional_brand,find_right_people,engage_with_insights,"
    "build_relationships,industry_name,industry_rank_top_percent,industry_average,"
    "network_rank_top_percent,network_average,locale"
).split(",")


def seed(companion: Companion) -> None:
    """Two profiles, an accented industry name (the reason for the BOM), and missing values."""
    now = datetime.now(UTC)
    companion.import_snapshots(
        [
            snapshot_doc(captured_at=now - timedelta(days=20), overall=61, pillars=(15.5, 15.25, 14.0, 16.125)),
            snapshot_doc(
                captured_at=now - timedelta(days=10),
                overall=64,
                pillars=(16.0, 16.0, 14.5, 17.5),
                industry={"name": "Tecnología, información e internet", "rank_top_percent": 7.5, "average": 30},
                network={"rank_top_percent": None, "average": None},
                locale="es",
            ),
            snapshot_doc(captured_at=now - timedelta(days=3), overall=55, pillars=(14.0, 13.5, 12.75, 14.75), profile="anna"),
        ]
    )


def download(popup: Page, button: str, target: Path) -> tuple[str, bytes]:
    with popup.expect_download() as event:
        popup.get_by_test_id(button).click()
    saved = event.value
    saved.save_as(target)
    expect(popup.get_by_test_id("export-status")).to_have_text(f"Saved {saved.suggested_filename}.")
    return saved.suggested_filename, target.read_bytes()


def as_csv_row(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A snapshot from GET /v1/snapshots as the CSV's columns (numbers compared as numbers)."""
    return {
        "id": snapshot["id"],
        "captured_at": datetime.fromisoformat(snapshot["captured_at"]),
        "profile": snapshot["profile"],
        "overall": float(snapshot["overall"]),
        **{key: float(value) for key, value in snapshot["pillars"].items()},
        "industry_name": snapshot["industry"]["name"],
        "industry_rank_top_percent": snapshot["industry"]["rank_top_percent"],
        "industry_average": snapshot["industry"]["average"],
        "network_rank_top_percent": snapshot["network"]["rank_top_percent"],
        "network_average": snapshot["network"]["average"],
        "locale": snapshot["locale"],
    }


def parse_csv_row(cells: dict[str, str]) -> dict[str, Any]:
    row: dict[str, Any] = {key: cells[key] or None for key in ("id", "profile", "industry_name", "locale")}
    row["captured_at"] = datetime.fromisoformat(cells["captured_at"])
    for key in CSV_COLUMNS:
        if key not in row:
            row[key] = None if cells[key] == "" else float(cells[key])
    return row


def test_popup_exports_equal_the_api_and_the_command_line(
    browser: ExtensionBrowser, companion: Companion, tmp_path: Path
) -> None:
    seed(companion)
    companion.start()
    browser.pair(companion)
    assert browser.capture(fixture_page("a-en.html")).tone == "success"
    history = companion.snapshots()  # every profile, oldest first
    assert len(history) == 4 and {s["profile"] for s in history} == {"me", "anna"}

    popup = browser.open_popup()
    expect(popup.get_by_test_id("connection-state")).to_have_attribute("data-state", "ok")
    csv_name, csv_bytes = download(popup, "export-csv", tmp_path / "popup.csv")
    json_name, json_bytes = download(popup, "export-json", tmp_path / "popup.json")
    popup.close()
    assert re.fullmatch(r"ssi-history-all-\d{4}-\d{2}-\d{2}\.csv", csv_name)
    assert re.fullmatch(r"ssi-history-all-\d{4}-\d{2}-\d{2}\.json", json_name)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "popup-export.csv").write_bytes(csv_bytes)

    # The CSV: a byte-order mark for spreadsheets, the contract's columns, the API's rows in order.
    assert csv_bytes.startswith(b"\xef\xbb\xbf"), "without the BOM, Excel garbles 'Tecnología'"
    reader = csv.DictReader(io.StringIO(csv_bytes.decode("utf-8-sig"), newline=""))
    assert reader.fieldnames == CSV_COLUMNS
    assert [parse_csv_row(cells) for cells in reader] == [as_csv_row(s) for s in history]
    assert "Tecnología, información e internet" in csv_bytes.decode("utf-8")

    # The JSON: the export document around exactly the API's snapshots.
    document = json.loads(json_bytes)
    assert (document["format"], document["version"]) == ("ssi-companion-export", 1)
    assert document["snapshots"] == history

    # The command line writes the same bytes (the JSON differs only in its exported_at).
    assert companion.cli("export", "--format", "csv").encode("utf-8") == csv_bytes
    cli_document = json.loads(companion.cli("export", "--format", "json"))
    assert {**cli_document, "exported_at": None} == {**document, "exported_at": None}

    # What the popup saved is read back identically by `import` into a new history.
    elsewhere = tmp_path / "elsewhere"
    for path in (tmp_path / "popup.json", tmp_path / "popup.csv"):
        imported = run_cli(elsewhere, "import", str(path))
        assert imported.returncode == 0, imported.stderr.decode()
    again = run_cli(elsewhere, "export", "--format", "csv")
    assert again.returncode == 0 and again.stdout == csv_bytes
    assert json.loads(run_cli(elsewhere, "export", "--format", "json").stdout)["snapshots"] == history
