"""AES-256-GCM for personal fields at rest, with a key ring for rotation (C7; S3 4.3.1).

A sealed value reads `v1:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>`. The associated data
binds the format version, the key id and the column (`table.column`): a value altered, moved
to another column or relabelled with another key id fails to open with `UnreadableFieldError`.

The ring's first key seals; every key in it opens, so values sealed before a rotation stay
readable until `pinzhi keys rotate` has re-sealed them (docs/privacy.md).

The nonce is synthetic: an HMAC of the column and the text under a key derived from the field
key (the SIV construction). Equal text in one column seals to equal values, so a re-import or a
re-run of rotation rewrites nothing (jobs are idempotent), and no two different texts ever share
a nonce. The price is that equality within a column shows, which a blind index would show too.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from pinzhi.core.errors import ValidationFailed

VERSION = "v1"
KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
STORED_CHARS = 512
"""The width of a `PersonalText` column."""
KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,8}")
MAX_PLAIN_BYTES = 340
"""The longest UTF-8 text whose sealed form fits `STORED_CHARS` with an eight-character key id:
12 characters of prefix and base64 of 28 + 340 bytes (492 characters)."""


class UnreadableFieldError(Exception):
    """A stored personal value that no key in the ring opens: altered, moved, or keys missing."""


@dataclass(frozen=True)
class KeyRing:
    """Keys by id; `current` seals, all open."""

    keys: dict[str, bytes]
    current: str

    @classmethod
    def parse(cls, text: str) -> KeyRing:
        """`id:base64key,id2:base64key`, the first being the current key."""
        keys: dict[str, bytes] = {}
        for item in (part.strip() for part in text.split(",")):
            kid, _, encoded = item.partition(":")
            if not KEY_ID.fullmatch(kid):
                raise ValueError(f"field key id {kid!r}: use 1–8 letters, digits, '_' or '-'")
            try:
                standard = encoded.replace("-", "+").replace("_", "/")  # either alphabet
                key = base64.b64decode(standard + "=" * (-len(standard) % 4), validate=True)
            except binascii.Error as error:
                raise ValueError(f"field key {kid}: not base64") from error
            if len(key) != KEY_BYTES:
                raise ValueError(f"field key {kid}: {len(key)} bytes, AES-256 needs {KEY_BYTES}")
            if kid in keys:
                raise ValueError(f"field key id {kid} appears twice")
            keys[kid] = key
        return cls(keys=keys, current=next(iter(keys)))

    def render(self) -> str:
        ordered = [self.current, *(kid for kid in self.keys if kid != self.current)]
        return ",".join(f"{kid}:{_b64(self.keys[kid])}" for kid in ordered)


def new_key_ring(kid: str = "k1") -> KeyRing:
    return KeyRing(keys={kid: AESGCM.generate_key(bit_length=256)}, current=kid)


class AesGcmCipher:
    """The `FieldCipher` of `store/personal.py` that production runs with."""

    def __init__(self, ring: KeyRing) -> None:
        self.ring = ring
        self._aead = {kid: AESGCM(key) for kid, key in ring.keys.items()}
        self._nonce_keys = {
            kid: hmac.digest(key, b"pinzhi field nonce key", hashlib.sha256)
            for kid, key in ring.keys.items()
        }

    def seal(self, plain: str, column: str) -> str:
        data = plain.encode()
        if len(data) > MAX_PLAIN_BYTES:
            raise ValidationFailed(
                f"{column}: {len(data)} bytes of personal text; at most {MAX_PLAIN_BYTES} fit"
            )
        kid = self.ring.current
        associated = _associated(kid, column)
        synthetic = hmac.digest(self._nonce_keys[kid], associated + b"|" + data, hashlib.sha256)
        nonce = synthetic[:NONCE_BYTES]
        sealed = self._aead[kid].encrypt(nonce, data, associated)
        return f"{VERSION}:{kid}:{_b64(nonce + sealed)}"

    def open(self, sealed: str, column: str) -> str:
        kid, body = key_id_of(sealed, column)
        aead = self._aead.get(kid)
        if aead is None:
            raise UnreadableFieldError(
                f"{column}: sealed with key {kid!r}, which is not in the ring"
            )
        try:
            raw = base64.urlsafe_b64decode(body)
            plain = aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], _associated(kid, column))
        except (InvalidTag, binascii.Error, ValueError) as error:
            raise UnreadableFieldError(f"{column}: a stored value failed authentication") from error
        return plain.decode()

    def is_current(self, sealed: str) -> bool:
        return sealed.startswith(f"{VERSION}:{self.ring.current}:")


def key_id_of(sealed: str, column: str) -> tuple[str, str]:
    version, _, rest = sealed.partition(":")
    kid, _, body = rest.partition(":")
    if version != VERSION or not body:
        raise UnreadableFieldError(
            f"{column}: a stored value is not sealed (stored before encryption was on? "
            "run `pinzhi keys rotate` to seal it)"
        )
    return kid, body


def _associated(kid: str, column: str) -> bytes:
    return f"pinzhi|{VERSION}|{kid}|{column}".encode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode()
