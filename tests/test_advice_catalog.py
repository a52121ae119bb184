"""The advice catalogue: one file per language, the same keys and placeholders in each, and
advice rendered in every language."""

import json
import re
import sqlite3
import string
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest
from insight_helpers import T0, daily, history_db, store, summary_of

from companion.insights.advice_rules import ranked_findings
from companion.insights.advice_text import render_advice
from companion.insights.catalog import CATALOG_LANGS, catalog_text, load_catalog
from shared_schema import PILLAR_KEYS, Advice, Goals, PillarGoals
from shared_schema.insight import AdviceLang

# Formatting-only entries that are legitimately the same in every language.
LANGUAGE_NEUTRAL = {
    "lang",
    "decimal_separator",
    "date_format",
    "reason.value",
    "reason.separator",
    "reason.first_separator",
}


def raw(lang: AdviceLang) -> dict[str, Any]:
    document: dict[str, Any] = msgspec.toml.decode(catalog_text(lang))
    return document


def flatten(node: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(node, dict):
        flat: dict[str, Any] = {}
        for key, value in node.items():
            flat |= flatten(value, f"{prefix}.{key}" if prefix else key)
        return flat
    return {prefix: node}


def placeholders(value: Any) -> set[str]:
    texts = value if isinstance(value, list) else [value]
    return {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", ["de", "es"])
def test_every_language_has_the_same_keys_and_placeholders_as_english(lang: AdviceLang) -> None:
    english, other = flatten(raw("en")), flatten(raw(lang))
    assert other.keys() == english.keys()
    for key, value in english.items():
        assert placeholders(other[key]) == placeholders(value), key
        if isinstance(value, list):
            assert len(other[key]) == len(value), key


@pytest.mark.parametrize("lang", CATALOG_LANGS)
def test_each_file_is_complete_and_strict(lang: str) -> None:
    catalog = load_catalog(lang)
    assert catalog.lang == lang
    broken = catalog_text(lang) + b"\n[extra]\ntitle = 'x'\n"
    with pytest.raises(msgspec.ValidationError, match="unknown field `extra`"):
        msgspec.toml.decode(broken, type=type(catalog))


@pytest.mark.parametrize("lang", ["de", "es"])
def test_every_text_is_translated(lang: AdviceLang) -> None:
    english, other = flatten(raw("en")), flatten(raw(lang))
    for key, value in english.items():
        if key in LANGUAGE_NEUTRAL:
            continue
        texts = value if isinstance(value, list) else [value]
        for ours, theirs in zip(texts, other[key] if isinstance(value, list) else [other[key]], strict=True):
            assert ours != theirs, f"{lang}: {key} is still English"


def test_labels_are_the_ones_the_ssi_page_shows() -> None:
    assert load_catalog("de").pillar("engage_with_insights").label == "Durch Insights überzeugen"
    assert load_catalog("de").pillar("professional_brand").label == "Professionelle Marke aufbauen"
    assert load_catalog("en").pillar("find_right_people").label == "Find the right people"
    # The Spanish page's breakdown table (tests/fixtures/pages/b-es.html) names every pillar.
    page = (Path(__file__).parent / "fixtures" / "pages" / "b-es.html").read_text(encoding="utf-8")
    for key in PILLAR_KEYS:
        assert f'<th scope="row">{load_catalog("es").pillar(key).label}</th>' in page, key


@pytest.mark.parametrize("lang", ["en", "de", "es"])
def test_the_extension_names_the_pillars_as_the_advice_does(lang: str) -> None:
    messages = json.loads((Path(__file__).parent.parent / "extension" / "_locales" / lang / "messages.json").read_text())
    for key in PILLAR_KEYS:
        assert messages[f"pillar_{key}"]["message"] == load_catalog(lang).pillar(key).label, key


def test_unknown_languages_get_english() -> None:
    assert load_catalog("fr").lang == "en"
    assert load_catalog("").lang == "en"
    assert load_catalog("../en").lang == "en"


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = history_db(tmp_path)
    yield connection
    connection.close()


def advice_in(conn: sqlite3.Connection, lang: str, goals: Goals) -> Advice:
    now = T0 + timedelta(days=30)  # 17 days after the last capture: stale too
    return render_advice(ranked_findings(summary_of(conn, goals), now), load_catalog(lang))


def test_the_same_advice_in_all_three_languages(conn: sqlite3.Connection) -> None:
    store(
        conn,
        daily(T0, 14, lambda day: (20, 20, 7.3 if day <= 6 else 6.1, 9.5), industry_average=70, network_average=60),
    )
    goals = Goals(overall=65, pillars=PillarGoals(engage_with_insights=15))
    english, german, spanish = (advice_in(conn, lang, goals) for lang in ("en", "de", "es"))
    shape = [(i.kind, i.pillar, i.priority, len(i.actions)) for i in english.items]
    assert [(i.kind, i.pillar, i.priority, len(i.actions)) for i in german.items] == shape
    assert [(i.kind, i.pillar, i.priority, len(i.actions)) for i in spanish.items] == shape
    assert {kind for kind, *_ in shape} >= {"stale", "gap", "below_industry", "below_network", "spam_warning"}
    assert (english.lang, german.lang, spanish.lang) == ("en", "de", "es")

    def engage(result: Advice) -> str:
        return next(i.reason for i in result.items if i.pillar == "engage_with_insights")

    assert engage(english) == "Engage with insights 6.1/25 — 8.9 below your goal, down 1.2 in 7 days"
    assert engage(german) == "Durch Insights überzeugen 6,1/25 – 8,9 unter Ihrem Ziel, in 7 Tagen um 1,2 gesunken"
    assert engage(spanish) == (
        "Interactuar ofreciendo información 6,1/25: 8,9 por debajo de tu objetivo, ha bajado 1,2 en 7 días"
    )
    stale = {result.lang: result.items[0].reason for result in (english, german, spanish)}
    assert "2026-03-15, 17 days ago" in stale["en"]
    assert "vom 15.03.2026, also von vor 17 Tagen" in stale["de"]
    assert "del 15/03/2026, hace 17 días" in stale["es"]


@pytest.mark.parametrize("lang", CATALOG_LANGS)
def test_every_kind_renders_without_leftover_placeholders(conn: sqlite3.Connection, lang: str) -> None:
    # No goals (no_goals, headroom), a decline, stale, below both averages; all met; a gap.
    store(conn, daily(T0, 14, lambda day: (20, 20, 15 - day * 0.2, 8), industry_average=80, network_average=70))
    seen: set[str] = set()
    for goals in (Goals(), Goals(overall=40), Goals(overall=70)):
        for item in advice_in(conn, lang, goals).items:
            seen.add(item.kind)
            for text in (item.title, item.reason, *item.actions):
                assert not re.search(r"\{\w+\}", text), text
    assert seen >= {
        "no_goals",
        "headroom",
        "decline",
        "gap",
        "stale",
        "below_industry",
        "below_network",
        "maintenance",
        "spam_warning",
    }
