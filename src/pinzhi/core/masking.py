"""How personal fields read on screen for roles without personal-data access (S3 4.3.2).

Enough is left to recognise one's own record (the surname, the last four digits of a phone, the
start of an address), never enough to identify a stranger.
"""

from __future__ import annotations


def mask_name(name: str | None) -> str | None:
    return None if not name else name[0] + "*" * max(len(name) - 1, 1)


def mask_phone(phone: str | None) -> str | None:
    """138****5678: the network prefix and the last four digits."""
    if not phone:
        return None
    return phone[:3] + "*" * max(len(phone) - 7, 0) + phone[-4:] if len(phone) > 7 else "*" * 4


def mask_address(address: str | None) -> str | None:
    return None if not address else address[:6] + "…"
