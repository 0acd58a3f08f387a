"""Passwords are kept as Argon2id hashes and checked in constant form."""

from __future__ import annotations

from argon2 import PasswordHasher

from pinzhi.domain.accounts.passwords import (
    burn_verification,
    hash_password,
    needs_rehash,
    verify_password,
)


class TestPasswords:
    def test_the_hash_is_argon2id_and_not_the_password(self) -> None:
        hashed = hash_password("correct horse battery")

        assert hashed.startswith("$argon2id$")
        assert "correct horse battery" not in hashed

    def test_the_right_password_verifies(self) -> None:
        assert verify_password(hash_password("correct horse battery"), "correct horse battery")

    def test_a_wrong_password_does_not(self) -> None:
        assert not verify_password(hash_password("correct horse battery"), "Correct horse battery")

    def test_a_malformed_hash_never_matches(self) -> None:
        assert not verify_password("not-a-hash", "anything")

    def test_a_fresh_hash_needs_no_rehash(self) -> None:
        assert not needs_rehash(hash_password("correct horse battery"))

    def test_a_cheaper_hash_asks_for_a_rehash(self) -> None:
        cheap = PasswordHasher(time_cost=1, memory_cost=8192).hash("correct horse battery")

        assert needs_rehash(cheap)

    def test_burning_a_verification_answers_nothing(self) -> None:
        assert burn_verification("anything") is None
