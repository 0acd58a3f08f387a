"""The record chain's pure rules: canonical form, hash links, and what each tampering looks like."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pinzhi.domain.records import chain
from pinzhi.domain.records.chain import BreakReason

KEY = "unit-secret"
T0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def build(count: int, *, payload: str = '{"step":1}') -> list[chain.Entry]:
    entries: list[chain.Entry] = []
    prev_hash = chain.GENESIS_HASH
    for sequence in range(1, count + 1):
        entry = chain.link(
            prev_hash=prev_hash,
            sequence=sequence,
            occurred_at=T0 + timedelta(minutes=sequence),
            actor_id="usr_agent",
            subject_kind="aftersales_case",
            subject_id=f"c{sequence}",
            action="opened",
            payload=payload,
        )
        entries.append(entry)
        prev_hash = entry.entry_hash
    return entries


def checkpoint_at(entry: chain.Entry, *, key: str = KEY) -> chain.Checkpoint:
    signature = chain.sign_checkpoint(key=key, sequence=entry.sequence, entry_hash=entry.entry_hash)
    return chain.Checkpoint(entry.sequence, entry.entry_hash, T0, signature)


def rehash_from(entries: list[chain.Entry], index: int) -> list[chain.Entry]:
    """What a forger without the key can do: recompute every hash from `index` on."""
    forged = entries[:index]
    prev_hash = forged[-1].entry_hash if forged else chain.GENESIS_HASH
    for entry in entries[index:]:
        relinked = replace(entry, prev_hash=prev_hash)
        forged.append(replace(relinked, entry_hash=chain.hash_of(relinked)))
        prev_hash = forged[-1].entry_hash
    return forged


class TestCanonicalPayload:
    def test_keys_are_sorted_and_separators_compact(self) -> None:
        assert chain.payload_text({"b": 1, "a": "退款"}) == '{"a":"退款","b":1}'

    def test_timestamps_are_written_in_utc(self) -> None:
        local = datetime(2026, 11, 1, 16, 0, tzinfo=timezone(timedelta(hours=8)))

        assert chain.payload_text({"at": local}) == '{"at":"2026-11-01T08:00:00.000000+00:00"}'

    def test_naive_timestamps_are_refused(self) -> None:
        with pytest.raises(ValueError, match="naive"):
            chain.payload_text({"at": datetime(2026, 11, 1)})  # noqa: DTZ001

    def test_floats_are_refused_money_is_integer_fen(self) -> None:
        with pytest.raises(TypeError, match="floats"):
            chain.payload_text({"refund": {"amounts": [12.5]}})

    def test_unknown_types_are_refused(self) -> None:
        with pytest.raises(TypeError, match="set"):
            chain.payload_text({"tags": {"a"}})


class TestVerifyEntries:
    def test_an_untouched_chain_verifies_every_entry(self) -> None:
        entries = build(5)

        result = chain.verify_entries(entries, checkpoints=[checkpoint_at(entries[2])], key=KEY)

        assert result.ok
        assert (result.verified, result.checkpoints) == (5, 1)

    def test_an_empty_chain_verifies(self) -> None:
        assert chain.verify_entries([]).ok

    def test_an_edited_entry_is_named(self) -> None:
        entries = build(5)
        entries[2] = replace(entries[2], payload='{"step":2}')

        result = chain.verify_entries(entries)

        assert result.broken is not None
        assert (result.broken.sequence, result.broken.reason) == (3, BreakReason.EDITED)
        assert result.broken.subject == "aftersales_case c3"
        assert result.verified == 2

    def test_a_deleted_entry_is_named_by_the_gap(self) -> None:
        entries = build(5)
        del entries[1]

        result = chain.verify_entries(entries)

        assert result.broken is not None
        assert (result.broken.sequence, result.broken.reason) == (3, BreakReason.DELETED)
        assert "sequence 2 missing" in result.broken.detail

    def test_deleting_the_first_entry_is_caught(self) -> None:
        result = chain.verify_entries(build(3)[1:])

        assert result.broken is not None
        assert (result.broken.sequence, result.broken.reason) == (2, BreakReason.DELETED)

    def test_swapped_entries_are_reordering(self) -> None:
        entries = build(5)
        third, fifth = entries[2], entries[4]
        entries[2], entries[4] = replace(fifth, sequence=3), replace(third, sequence=5)

        result = chain.verify_entries(entries)

        assert result.broken is not None
        assert (result.broken.sequence, result.broken.reason) == (3, BreakReason.REORDERED)

    def test_a_recomputed_chain_is_caught_by_the_next_checkpoint(self) -> None:
        entries = build(10)
        signed = [checkpoint_at(entries[4]), checkpoint_at(entries[9])]
        entries[6] = replace(entries[6], payload='{"step":99}')
        forged = rehash_from(entries, 6)

        result = chain.verify_entries(forged, checkpoints=signed, key=KEY)

        assert result.broken is not None
        assert (result.broken.sequence, result.broken.reason) == (10, BreakReason.REWRITTEN)
        assert "after 5" in result.broken.detail

    def test_a_checkpoint_moved_to_the_forged_hash_fails_its_signature(self) -> None:
        entries = rehash_from([replace(build(4)[0], payload="{}"), *build(4)[1:]], 0)
        moved = replace(checkpoint_at(build(4)[3]), entry_hash=entries[3].entry_hash)

        result = chain.verify_entries(entries, checkpoints=[moved], key=KEY)

        assert result.broken is not None
        assert result.broken.reason == BreakReason.FORGED_CHECKPOINT

    def test_a_checkpoint_signed_with_another_key_is_refused(self) -> None:
        entries = build(3)

        result = chain.verify_entries(
            entries, checkpoints=[checkpoint_at(entries[2], key="other")], key=KEY
        )

        assert result.broken is not None
        assert result.broken.reason == BreakReason.FORGED_CHECKPOINT

    def test_a_truncated_tail_under_a_checkpoint_is_caught(self) -> None:
        entries = build(5)

        result = chain.verify_entries(entries[:3], checkpoints=[checkpoint_at(entries[4])], key=KEY)

        assert result.broken is not None
        assert (result.broken.sequence, result.broken.reason) == (5, BreakReason.TRUNCATED)

    @given(position=st.integers(0, 7), text=st.text(min_size=1, max_size=20))
    def test_any_payload_edit_is_caught_at_that_entry(self, position: int, text: str) -> None:
        entries = build(8)
        edited = chain.payload_text({"note": text})
        entries[position] = replace(entries[position], payload=edited)

        result = chain.verify_entries(entries)

        assert result.broken is not None
        assert (result.broken.sequence, result.broken.reason) == (position + 1, BreakReason.EDITED)
