"""Who sees personal fields unmasked, and how they read masked (C7; S3 4.3.2).

The record's owner (the consumer it describes, the merchant shipping to it) and roles with
`READ_PERSONAL_DATA` see the values; everyone else sees them masked by `core/masking.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from pinzhi.core.masking import mask_address, mask_name, mask_phone
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, allows


def mask_contact(contact: str | None) -> str | None:
    """A contact is a phone number when it ends in digits, otherwise handled as a name."""
    if contact and contact[-4:].isdigit():
        return mask_phone(contact)
    return mask_name(contact)


MASKS: Mapping[str, Callable[[str | None], str | None]] = {
    "name": mask_name,
    "phone": mask_phone,
    "address": mask_address,
    "contact": mask_contact,
}
"""Every personal field shown anywhere, by its name on screen."""


def sees_plain(actor: Actor, *, merchant_id: str | None, consumer_id: str | None) -> bool:
    owner = (actor.merchant_id is not None and actor.merchant_id == merchant_id) or (
        actor.consumer_id is not None and actor.consumer_id == consumer_id
    )
    return owner or allows(actor, Permission.READ_PERSONAL_DATA)


def masked(values: Mapping[str, str | None]) -> dict[str, str | None]:
    return {field: MASKS[field](value) for field, value in values.items()}
