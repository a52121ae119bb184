"""Hypothesis mutates the fixture pages and the extension's page reader (the real JS module,
under Node and jsdom) either gets them right or refuses: never a wrong number.

Two kinds of mutation:
- noise that leaves every displayed value alone (decoy numbers of the kinds SSI-PAGE.md warns
  about, extra wrappers, whitespace and no-break spaces): an accepted reading must equal the
  fixture's expected reading, except that a rank, average or industry name may become null;
- one displayed number changed to another: an accepted reading may differ from the expected
  one only where the expected value was that number (the page now shows the new one) or by a
  null in an optional field; and the components must still sum to the total.
"""

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "tests" / "fixtures" / "pages"
WORKER = ROOT / "tests" / "js" / "helpers" / "reader-worker.js"
OPTIONAL = {("industry", "name"), ("industry", "rank_top_percent"), ("industry", "average"),
            ("network", "rank_top_percent"), ("network", "average")}  # fmt: skip

CASES = [c for c in json.loads((PAGES / "expected.json").read_text())["cases"] if c["result"]["ok"]]
DECOYS = (
    '<span class="notification-badge">12</span>',
    '<div class="upsell">Try Premium for €79.99/month · Save 25%</div>',
    '<div class="axis"><span>0</span> <span>25</span> <span>50</span> <span>75</span> <span>100</span></div>',
    '<code style="display:none">{"ssi":{"score":55.5,"rank":9}}</code>',
    "<script>window.__ssi = {overall: 44, pillars: [11, 11, 11, 11]};</script>",
    '<p class="promo">Join 100 out of 100 top sellers</p>',
    "<template><span>Top 9%</span><span>13 out of 25</span></template>",
)
TEXT_NODE = re.compile(r">([^<>]*?\d[^<>]*?)<")
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


class ReaderProcess:
    def __init__(self) -> None:
        node = shutil.which("node")
        assert node, "node is needed for the reader fuzz tests"
        self._process = subprocess.Popen(
            [node, str(WORKER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
        )

    def read(self, html: str, url: str | None) -> dict[str, Any]:
        assert self._process.stdin and self._process.stdout
        self._process.stdin.write(json.dumps({"html": html, "url": url}) + "\n")
        self._process.stdin.flush()
        line = self._process.stdout.readline()
        assert line, "the reader worker exited"
        result: dict[str, Any] = json.loads(line)
        assert "thrown" not in result, f"the reader threw: {result['thrown']}"
        return result

    def close(self) -> None:
        assert self._process.stdin and self._process.stdout
        self._process.stdin.close()
        self._process.wait(timeout=10)
        self._process.stdout.close()


@pytest.fixture(scope="module")
def reader() -> Iterator[ReaderProcess]:
    process = ReaderProcess()
    yield process
    process.close()


def fields(reading: dict[str, Any]) -> dict[tuple[str, str], Any]:
    out: dict[tuple[str, str], Any] = {("", "overall"): reading["overall"]}
    for group in ("pillars", "industry", "network"):
        for key, value in reading[group].items():
            out[(group, key)] = value
    return out


def assert_consistent(reading: dict[str, Any]) -> None:
    assert abs(sum(reading["pillars"].values()) - reading["overall"]) <= 1
    assert all(0 <= v <= 25 for v in reading["pillars"].values())


@st.composite
def noisy_page(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    case = draw(st.sampled_from(CASES))
    html = (PAGES / case["fixture"]).read_text(encoding="utf-8")
    body = html.find("<body")
    insert_points = [m.end() for m in re.finditer(r"</(?:div|section|p|li|header|footer|nav)>", html)]
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.sampled_from(insert_points)) if insert_points else body
        decoy = draw(st.sampled_from(DECOYS))
        html = html[:where] + decoy + html[where:]
        insert_points = [p + len(decoy) if p >= where else p for p in insert_points]
    if draw(st.booleans()):
        html = html.replace("> <", ">\u00a0<").replace("</span><span", "</span>\n  <span")
    return case, html


@st.composite
def altered_page(draw: st.DrawFn) -> tuple[dict[str, Any], str, str, str]:
    case = draw(st.sampled_from(CASES))
    html = (PAGES / case["fixture"]).read_text(encoding="utf-8")
    numbers = [(m.start(1) + n.start(), n.group()) for m in TEXT_NODE.finditer(html) for n in NUMBER.finditer(m.group(1))]
    start, old = draw(st.sampled_from(numbers))
    new = draw(st.sampled_from(["0", "7", "25", "99", "100", "101", "3.5", "12,25", "-4", "", "—"]).filter(lambda v: v != old))
    return case, html[:start] + new + html[start + len(old) :], old, new


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(noisy_page())
def test_noise_never_changes_a_reading(reader: ReaderProcess, page: tuple[dict[str, Any], str]) -> None:
    case, html = page
    result = reader.read(html, case["url"])
    if not result["ok"]:
        return  # refusing is allowed; guessing is not
    expected = fields(case["result"]["reading"])
    got = fields(result["reading"])
    assert_consistent(result["reading"])
    for key, value in got.items():
        assert value == expected[key] or (key in OPTIONAL and value is None), (case["fixture"], key, value, expected[key])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(altered_page())
def test_a_changed_number_is_read_as_displayed_or_refused(reader: ReaderProcess, page: tuple[dict[str, Any], str, str, str]) -> None:
    case, html, old, new = page
    result = reader.read(html, case["url"])
    if not result["ok"]:
        return
    assert_consistent(result["reading"])
    expected = fields(case["result"]["reading"])
    old_value, new_value = _number(old), _number(new)
    for key, value in fields(result["reading"]).items():
        if value == expected[key] or (key in OPTIONAL and value is None):
            continue
        # The only other acceptable value is the one now displayed where the old one was.
        assert old_value is not None and expected[key] == old_value and value == new_value, (
            case["fixture"], key, value, expected[key], old, new,
        )
