"""The progress hook an import reports to, so an interface can draw a progress bar."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class Phase(StrEnum):
    VALIDATE = "validate"
    LOAD = "load"


@dataclass(frozen=True)
class Progress:
    phase: Phase
    table: str
    done: int
    total: int


ProgressHook = Callable[[Progress], None]


def ignore(_: Progress) -> None:
    """The hook used when the caller gives none."""
