"""Personal fields at rest: AES-256-GCM bound to its column, with a key ring (C7; S3 4.3.1)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pinzhi.core.errors import ValidationFailed
from pinzhi.store.field_cipher import (
    MAX_PLAIN_BYTES,
    STORED_CHARS,
    AesGcmCipher,
    KeyRing,
    UnreadableFieldError,
    new_key_ring,
)

OLD = new_key_ring("old")
NEW = new_key_ring("new")
PHONE = "consumers.phone"


def ring(*rings: KeyRing) -> KeyRing:
    keys = {kid: key for r in rings for kid, key in r.keys.items()}
    return KeyRing(keys=keys, current=rings[0].current)


class TestSealing:
    def test_a_sealed_value_opens_to_the_text_and_does_not_contain_it(self) -> None:
        cipher = AesGcmCipher(OLD)

        sealed = cipher.seal("13812345678", PHONE)

        assert "13812345678" not in sealed and "5678" not in sealed
        assert sealed.startswith("v1:old:")
        assert cipher.open(sealed, PHONE) == "13812345678"

    @given(st.text(max_size=MAX_PLAIN_BYTES // 4))
    def test_any_text_round_trips(self, text: str) -> None:
        cipher = AesGcmCipher(OLD)

        assert cipher.open(cipher.seal(text, PHONE), PHONE) == text

    def test_the_longest_allowed_text_fits_the_column(self) -> None:
        longest = "x" * MAX_PLAIN_BYTES

        sealed = AesGcmCipher(new_key_ring("eightchr")).seal(longest, PHONE)

        assert len(sealed) <= STORED_CHARS

    def test_longer_text_is_refused_naming_the_column(self) -> None:
        with pytest.raises(ValidationFailed, match=r"consumers\.address"):
            AesGcmCipher(OLD).seal("路" * 200, "consumers.address")

    def test_equal_text_seals_equally_so_reimports_rewrite_nothing(self) -> None:
        cipher = AesGcmCipher(OLD)

        assert cipher.seal("张伟", "consumers.name") == cipher.seal("张伟", "consumers.name")
        assert cipher.seal("张伟", "consumers.name") != cipher.seal("张伟", "orders.recipient_name")


class TestTamperingFailsLoudly:
    def test_an_altered_value_does_not_open(self) -> None:
        cipher = AesGcmCipher(OLD)
        sealed = cipher.seal("13812345678", PHONE)
        body = sealed[-10:]
        altered = sealed[:-10] + ("A" if body[0] != "A" else "B") + body[1:]

        with pytest.raises(UnreadableFieldError, match=PHONE):
            cipher.open(altered, PHONE)

    def test_a_value_moved_to_another_column_does_not_open(self) -> None:
        cipher = AesGcmCipher(OLD)
        sealed = cipher.seal("13812345678", PHONE)

        with pytest.raises(UnreadableFieldError, match=r"orders\.recipient_phone"):
            cipher.open(sealed, "orders.recipient_phone")

    def test_a_value_relabelled_with_another_key_id_does_not_open(self) -> None:
        cipher = AesGcmCipher(ring(NEW, OLD))
        sealed = AesGcmCipher(OLD).seal("张伟", "consumers.name")

        with pytest.raises(UnreadableFieldError):
            cipher.open(sealed.replace("v1:old:", "v1:new:"), "consumers.name")

    def test_plain_text_stored_before_encryption_asks_for_rotation(self) -> None:
        with pytest.raises(UnreadableFieldError, match="keys rotate"):
            AesGcmCipher(OLD).open("张伟", "consumers.name")

    def test_a_key_missing_from_the_ring_is_named(self) -> None:
        sealed = AesGcmCipher(OLD).seal("张伟", "consumers.name")

        with pytest.raises(UnreadableFieldError, match="'old'"):
            AesGcmCipher(NEW).open(sealed, "consumers.name")


class TestKeyRing:
    def test_the_first_key_seals_and_every_key_opens(self) -> None:
        before = AesGcmCipher(OLD).seal("张伟", "consumers.name")
        rotated = AesGcmCipher(ring(NEW, OLD))

        assert rotated.open(before, "consumers.name") == "张伟"
        assert rotated.seal("张伟", "consumers.name").startswith("v1:new:")
        assert not rotated.is_current(before)

    def test_a_ring_survives_rendering_and_parsing(self) -> None:
        both = ring(NEW, OLD)

        parsed = KeyRing.parse(both.render())

        assert parsed == both and parsed.current == "new"

    @pytest.mark.parametrize(
        ("text", "problem"),
        [
            ("k1:c2hvcnQ=", "32"),
            ("bad id!:" + "A" * 43, "key id"),
            ("k1:%%%%", "base64"),
        ],
    )
    def test_a_malformed_ring_is_refused(self, text: str, problem: str) -> None:
        with pytest.raises(ValueError, match=problem):
            KeyRing.parse(text)

    def test_a_key_id_given_twice_is_refused(self) -> None:
        entry = OLD.render()

        with pytest.raises(ValueError, match="twice"):
            KeyRing.parse(f"{entry},{entry}")
