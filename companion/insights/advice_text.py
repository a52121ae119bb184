"""Turning ranked findings into advice items in the user's language, quoting their numbers."""

import math
from datetime import date

from companion.insights.advice_rules import Finding, Params, PillarFacts
from companion.insights.catalog import Catalog, ItemText, PeerText
from shared_schema import Advice, AdviceItem

# One decimal is what people compare at a glance; the page's three are noise in a sentence.
DISPLAY_DECIMALS = 1
# Changes smaller than what one decimal can show are not worth mentioning.
NOTICEABLE_CHANGE = 0.05


def render_advice(findings: list[Finding], catalog: Catalog) -> Advice:
    """Advice items numbered 1..n in the order of `findings` (most urgent first)."""
    items = [_item(finding, catalog, priority) for priority, finding in enumerate(findings, start=1)]
    return Advice(lang=catalog.lang, items=items)


def _item(finding: Finding, catalog: Catalog, priority: int) -> AdviceItem:
    if finding.facts is not None:
        pillar = catalog.pillar(finding.pillar)
        title = pillar.title_falling if finding.kind == "decline" else pillar.title
        reason = pillar_reason(finding.facts, pillar.label, catalog, headroom=finding.kind == "headroom")
        actions = pillar.actions
    else:
        text: ItemText = getattr(catalog, finding.kind)
        values = _formatted(finding.params, catalog)
        template = text.reason
        if isinstance(text, PeerText) and "industry" in finding.params:
            template = text.reason_named
        title, reason = text.title, template.format_map(values)
        actions = [action.format_map(values) for action in text.actions]
    return AdviceItem(
        pillar=finding.pillar, priority=priority, kind=finding.kind, title=title, reason=reason, actions=list(actions)
    )


def pillar_reason(facts: PillarFacts, label: str, catalog: Catalog, *, headroom: bool = False) -> str:
    """e.g. "Engage with insights 6.1/25 — 8.9 below your goal, down 1.2 in 7 days"; with
    `headroom` (no goals set), how many points the component can still gain."""
    parts = catalog.reason
    details: list[str] = []
    if facts.gap is not None and facts.gap < 0:
        details.append(parts.below_goal.format(amount=_amount(-facts.gap, catalog)))
    elif facts.gap is not None and facts.change is not None and facts.change < -NOTICEABLE_CHANGE:
        # Falling but still above the goal: say how much room is left before it is missed.
        details.append(parts.above_goal.format(amount=number(facts.gap, catalog)))
    if facts.change is not None and abs(facts.change) >= NOTICEABLE_CHANGE:
        amount = number(abs(facts.change), catalog)
        if facts.change_is_weekly_pace:
            template = parts.down_per_week if facts.change < 0 else parts.up_per_week
        else:
            template = parts.down_7d if facts.change < 0 else parts.up_7d
        details.append(template.format(amount=amount))
        if facts.others_rising:
            details.append(parts.others_rising)
    if headroom:
        details.append(parts.headroom.format(amount=number(25 - facts.value, catalog)))
    head = parts.value.format(label=label, value=number(facts.value, catalog))
    return head + parts.first_separator + parts.separator.join(details) if details else head


def number(value: float, catalog: Catalog) -> str:
    """One decimal, whole numbers without one, with the language's decimal separator."""
    rounded = round(value, DISPLAY_DECIMALS)
    text = f"{rounded:.0f}" if float(rounded).is_integer() else f"{rounded:.{DISPLAY_DECIMALS}f}"
    return text.replace(".", catalog.decimal_separator)


def _amount(shortfall: float, catalog: Catalog) -> str:
    # Rounded up, so a goal missed by 0.04 never reads "0 below your goal".
    step = 10**DISPLAY_DECIMALS
    return number(math.ceil(shortfall * step - 1e-9) / step, catalog)


def _formatted(params: Params, catalog: Catalog) -> dict[str, str]:
    formatted: dict[str, str] = {}
    for key, value in params.items():
        if isinstance(value, date):
            formatted[key] = value.strftime(catalog.date_format)
        elif isinstance(value, str):
            formatted[key] = value
        else:
            formatted[key] = number(value, catalog)
    return formatted
