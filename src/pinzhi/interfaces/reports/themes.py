"""Complaint themes from the language module: the aspects (quality, logistics, service, price,
match with the description) a complaint's text talks about, whatever its polarity."""

from __future__ import annotations

from collections.abc import Sequence

from pinzhi.adapters.language.aspects import aspects_of


def complaint_themes(texts: Sequence[str]) -> list[set[str]]:
    return [set(found) for found in aspects_of(list(texts))] if texts else []
