"""The advice texts: one TOML file per language in companion/advice_catalog, same keys in each.

Texts are data, not code, so a translator edits one file; decoding into these Structs checks
that a file has every key (and no stray ones) when it is loaded.
"""

import functools
from importlib import resources
from typing import Annotated, Final

import msgspec
from msgspec import Meta

from shared_schema.insight import AdviceLang

CATALOG_LANGS: Final[tuple[AdviceLang, ...]] = ("en", "de", "es")
FALLBACK_LANG: Final[AdviceLang] = "en"

Actions = Annotated[list[Annotated[str, Meta(min_length=1)]], Meta(min_length=2, max_length=4)]
Text = Annotated[str, Meta(min_length=1)]


class _Strict(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A missing or misspelt key in a catalogue file is an error, not a silent gap."""


class ReasonParts(_Strict):
    """Fragments a pillar's reason is built from: "{label} {value}/25 — part, part"."""

    value: Text
    first_separator: str
    separator: str
    below_goal: Text
    above_goal: Text
    down_7d: Text
    up_7d: Text
    down_per_week: Text
    up_per_week: Text
    others_rising: Text
    headroom: Text


class PillarText(_Strict):
    label: Text  # the component's name as the SSI page shows it in this language
    title: Text  # for raising it
    title_falling: Text  # for stopping a decline
    actions: Actions


class PillarTexts(_Strict):
    professional_brand: PillarText
    find_right_people: PillarText
    engage_with_insights: PillarText
    build_relationships: PillarText


class ItemText(_Strict):
    title: Text
    reason: Text
    actions: Actions


class PeerText(ItemText):
    reason_named: Text  # used when the page gave the industry's name


class Catalog(_Strict):
    lang: AdviceLang
    decimal_separator: Text
    date_format: Text
    reason: ReasonParts
    pillars: PillarTexts
    no_data: ItemText
    stale: ItemText
    no_goals: ItemText
    maintenance: ItemText
    below_industry: PeerText
    below_network: ItemText
    spam_warning: ItemText

    def pillar(self, key: str) -> PillarText:
        text: PillarText = getattr(self.pillars, key)
        return text


def catalog_text(lang: AdviceLang) -> bytes:
    return resources.files("companion").joinpath("advice_catalog", f"{lang}.toml").read_bytes()


def load_catalog(lang: str) -> Catalog:
    """The catalog for `lang`; languages without one get English."""
    return _decoded(next((known for known in CATALOG_LANGS if known == lang), FALLBACK_LANG))


@functools.cache  # keyed by the three known languages only, never by what a client sent
def _decoded(lang: AdviceLang) -> Catalog:
    return msgspec.toml.decode(catalog_text(lang), type=Catalog)
