"""The one seam every personal field (name, phone, address) passes through.

A `FieldCipher` seals text before it is stored and opens it after it is read. The default
cipher is the identity; the privacy work (C7, C16; S3 4.3.1) installs an authenticated cipher
here and nothing else in the code base changes. Bulk loaders that bypass the ORM call
`seal()` themselves so that no path writes personal data around this seam.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import Dialect, String
from sqlalchemy.types import TypeDecorator


class FieldCipher(Protocol):
    def seal(self, plain: str) -> str: ...

    def open(self, sealed: str) -> str: ...


class IdentityCipher:
    """Stores text as given. Replaced by an encrypting cipher in production settings."""

    def seal(self, plain: str) -> str:
        return plain

    def open(self, sealed: str) -> str:
        return sealed


_cipher: FieldCipher = IdentityCipher()


def install_cipher(cipher: FieldCipher) -> None:
    """Called once by bootstrap with the configured cipher."""
    global _cipher  # noqa: PLW0603 - one process-wide cipher, set at start-up
    _cipher = cipher


def seal(plain: str | None) -> str | None:
    return None if plain is None else _cipher.seal(plain)


def open_sealed(sealed: str | None) -> str | None:
    return None if sealed is None else _cipher.open(sealed)


class PersonalText(TypeDecorator[str]):
    """A text column holding personal information; sealed at rest through the cipher."""

    impl = String(512)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return seal(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return open_sealed(value)
