"""Password hashing with Argon2id (argon2-cffi, RFC 9106 parameters).

Hashes carry their own parameters, so raising the cost later only needs `needs_rehash` at the
next successful login.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return str(_hasher.hash(password))


def verify_password(password_hash: str, password: str) -> bool:
    """True when `password` matches; a malformed hash never matches."""
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def burn_verification(password: str) -> None:
    """Spend the time of one verification, so an unknown username answers no faster."""
    verify_password(_decoy_hash(), password)


def needs_rehash(password_hash: str) -> bool:
    return bool(_hasher.check_needs_rehash(password_hash))


@cache
def _decoy_hash() -> str:
    return hash_password("pinzhi: no such user")
