"""The one seam every personal field (name, phone, address) passes through.

A `FieldCipher` seals text before it is stored and opens it after it is read. The default
cipher is the identity; bootstrap installs the authenticated cipher of `store/field_cipher.py`
(C7, C16; S3 4.3.1) and nothing else in the code base changes. Bulk loaders that bypass the ORM
call `seal()` themselves so that no path writes personal data around this seam.

Each sealed value is bound to its column (`table.column`): every `PersonalText` column learns
its name when it is attached to its table, so a value copied into another column fails to open.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import Column, Dialect, String, Table, event
from sqlalchemy.types import TypeDecorator


class FieldCipher(Protocol):
    def seal(self, plain: str, column: str) -> str: ...

    def open(self, sealed: str, column: str) -> str: ...


class IdentityCipher:
    """Stores text as given: only for tools that read a store without its keys."""

    def seal(self, plain: str, column: str) -> str:
        return plain

    def open(self, sealed: str, column: str) -> str:
        return sealed


_cipher: FieldCipher = IdentityCipher()


def install_cipher(cipher: FieldCipher) -> None:
    """Called once by bootstrap with the configured cipher."""
    global _cipher  # noqa: PLW0603 - one process-wide cipher, set at start-up
    _cipher = cipher


def installed_cipher() -> FieldCipher:
    return _cipher


def seal(plain: str | None, column: str) -> str | None:
    return None if plain is None else _cipher.seal(plain, column)


def open_sealed(sealed: str | None, column: str) -> str | None:
    return None if sealed is None else _cipher.open(sealed, column)


class PersonalText(TypeDecorator[str]):
    """A text column holding personal information; sealed at rest through the cipher.

    At most `field_cipher.MAX_PLAIN_BYTES` of UTF-8 fit once sealed into the 512 characters.
    """

    impl = String(512)
    cache_ok = True

    def __init__(self, *args: Any, column: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.column = column

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return seal(value, self._column())

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return open_sealed(value, self._column())

    def _column(self) -> str:
        if self.column is None:
            raise RuntimeError("a PersonalText type used outside a table column cannot be sealed")
        return self.column


@event.listens_for(Column, "after_parent_attach")
def _bind_to_column(column: Column[Any], parent: object) -> None:
    """Give each personal column's type its `table.column` name: the cipher's associated data."""
    if isinstance(parent, Table) and isinstance(column.type, PersonalText):
        named = f"{parent.name}.{column.name}"
        if column.type.column != named:
            column.type = PersonalText(column=named)
