"""Personal answer templates: which placeholders each kind offers, and filling them (S3 7.2.2).

A template is plain text with `{name}` placeholders, e.g. "您的退款已于 {approved_at} 审核通过".
It may name only the facts its entry's `PersonalKind` gathers; an unknown name is refused when
the entry is saved, not discovered when a consumer asks. Pure: no store, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from string import Formatter

from pinzhi.core.errors import ValidationFailed
from pinzhi.domain.knowledge.models import PersonalKind

_ORDER = frozenset(
    {
        "order_id",
        "order_status",
        "placed_at",
        "paid_at",
        "paid_yuan",
        "ship_by",
        "shipped_at",
        "estimated_delivery_at",
        "delivered_at",
        "order_progress",
    }
)
PLACEHOLDERS: dict[PersonalKind, frozenset[str]] = {
    PersonalKind.NONE: frozenset(),
    PersonalKind.ORDER: _ORDER,
    PersonalKind.LOGISTICS: _ORDER
    | {"carrier", "tracking_number", "last_event", "last_event_at", "last_location"},
    PersonalKind.AFTERSALES: frozenset(
        {
            "order_id",
            "case_id",
            "case_kind",
            "case_status",
            "requested_at",
            "approved_at",
            "refunded_yuan",
            "resolved_at",
            "case_progress",
        }
    ),
    PersonalKind.PRICE_PROTECTION: frozenset(
        {"order_id", "product_title", "protection_days", "protection_ends_at", "protection_state"}
    ),
    PersonalKind.INVOICE: frozenset(
        {"order_id", "invoice_kind", "invoice_status", "invoice_title", "issued_at"}
    ),
}


def placeholders(template: str) -> set[str]:
    """The `{names}` a template uses; a malformed template is a validation error."""
    try:
        parsed = list(Formatter().parse(template))
    except ValueError as exc:
        raise ValidationFailed(f"personal template is malformed: {exc}") from exc
    names = set()
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValidationFailed(f"placeholder {{{name}}} must be a plain name like {{order_id}}")
        names.add(name)
    return names


def check_template(kind: PersonalKind, template: str | None) -> None:
    """Refuse a template its kind cannot fill, naming the unknown placeholders."""
    if template is None:
        return
    if kind is PersonalKind.NONE:
        raise ValidationFailed("a personal template needs a personal kind other than 'none'")
    unknown = placeholders(template) - PLACEHOLDERS[kind]
    if unknown:
        offered = ", ".join(sorted(PLACEHOLDERS[kind]))
        raise ValidationFailed(
            f"placeholders {sorted(unknown)} are not offered for kind {kind.value!r}",
            details=[f"offered: {offered}"],
        )


def fill(template: str, facts: Mapping[str, str]) -> str | None:
    """The template with the facts in; None when a fact it names is not known."""
    if not placeholders(template) <= facts.keys():
        return None
    return template.format_map(facts)
