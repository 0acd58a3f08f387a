"""The record chain on both stores: appended in the caller's transaction, tampering caught.

Each tampering is done the way an intruder with database access would: plain SQL on the rows.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text
from typer.testing import CliRunner

from pinzhi.bootstrap import Platform
from pinzhi.domain.records import chain, operations, queries
from pinzhi.domain.records.chain import BreakReason
from pinzhi.domain.records.models import RecordEntry
from pinzhi.interfaces.cli.main import app

T0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
KEY = "test-secret"  # the `platform` fixture's secret


@pytest.fixture(autouse=True)
def _cli_secret(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PINZHI_DATA_DIR", str(tmp_path / "cli-var"))
    monkeypatch.setenv("PINZHI_SECRET_KEY", KEY)


def append(platform: Platform, count: int, *, start: int = 1) -> None:
    with platform.uow() as uow:
        for n in range(start, start + count):
            operations.append_record(
                uow=uow,
                actor_id="usr_agent",
                now=T0 + timedelta(minutes=n),
                subject_kind="aftersales_case",
                subject_id=f"c{n}",
                action="refund_approved",
                payload={"refund_fen": 100 * n, "decided_at": T0},
            )
        uow.commit()


def checkpoint(platform: Platform) -> None:
    with platform.uow() as uow:
        operations.write_checkpoint(uow=uow, key=KEY, now=T0 + timedelta(days=1))


def execute(platform: Platform, *statements: str) -> None:
    with platform.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def verify(platform: Platform) -> chain.VerifyResult:
    with platform.uow() as uow:
        return queries.verify_chain(uow=uow, key=KEY, chunk_size=3)


def cli_verify(platform: Platform) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["verify", "--db", platform.database_url])
    return result.exit_code, result.output


@pytest.fixture
def chained(platform: Platform) -> Platform:
    """Ten records with a signed checkpoint after the fifth and after the tenth."""
    append(platform, 5)
    checkpoint(platform)
    append(platform, 5, start=6)
    checkpoint(platform)
    return platform


class TestAppendRecord:
    def test_appended_records_verify(self, chained: Platform) -> None:
        result = verify(chained)

        assert result.ok
        assert (result.verified, result.checkpoints) == (10, 2)

    def test_cli_reports_the_count_and_exits_0(self, chained: Platform) -> None:
        code, output = cli_verify(chained)

        assert code == 0, output
        assert "10 entries verified" in output

    def test_a_database_without_the_schema_is_named_not_crashed_on(self, tmp_path: Path) -> None:
        empty = f"sqlite:///{tmp_path / 'empty.db'}"

        result = CliRunner().invoke(app, ["verify", "--db", empty])

        assert result.exit_code == 3
        assert "pinzhi db upgrade" in result.output

    def test_a_record_is_not_kept_unless_the_caller_commits(self, platform: Platform) -> None:
        with platform.uow() as uow:
            operations.append_record(
                uow=uow,
                actor_id="usr_agent",
                now=T0,
                subject_kind="complaint",
                subject_id="k1",
                action="opened",
                payload={},
            )

        assert verify(platform).verified == 0

    def test_a_subjects_records_are_listed_oldest_first(self, chained: Platform) -> None:
        with chained.uow() as uow:
            records = queries.list_records(uow=uow, subject_kind="aftersales_case", subject_id="c4")

        assert [(r.sequence, r.action) for r in records] == [(4, "refund_approved")]
        assert (
            records[0].payload
            == '{"decided_at":"2026-11-01T08:00:00.000000+00:00","refund_fen":400}'
        )

    def test_signing_the_same_head_twice_keeps_one_checkpoint(self, chained: Platform) -> None:
        checkpoint(chained)

        assert verify(chained).checkpoints == 2


class TestTamperingIsCaught:
    def test_an_edited_payload(self, chained: Platform) -> None:
        lowered = (
            "UPDATE record_entries SET payload = REPLACE(payload, '400', '4') WHERE sequence = 4"
        )
        execute(chained, lowered)

        broken = verify(chained).broken

        assert broken is not None
        assert (broken.sequence, broken.subject, broken.reason) == (
            4,
            "aftersales_case c4",
            BreakReason.EDITED,
        )
        code, output = cli_verify(chained)
        assert code != 0
        assert "entry 4 (aftersales_case c4): edited" in output

    def test_a_deleted_entry(self, chained: Platform) -> None:
        execute(chained, "DELETE FROM record_entries WHERE sequence = 3")

        broken = verify(chained).broken

        assert broken is not None
        assert (broken.sequence, broken.reason) == (4, BreakReason.DELETED)
        code, output = cli_verify(chained)
        assert code != 0
        assert "sequence 3 missing" in output

    def test_two_swapped_sequence_numbers(self, chained: Platform) -> None:
        execute(
            chained,
            "UPDATE record_entries SET sequence = 1000 WHERE sequence = 2",
            "UPDATE record_entries SET sequence = 2 WHERE sequence = 7",
            "UPDATE record_entries SET sequence = 7 WHERE sequence = 1000",
        )

        broken = verify(chained).broken

        assert broken is not None
        assert (broken.sequence, broken.subject, broken.reason) == (
            2,
            "aftersales_case c7",
            BreakReason.REORDERED,
        )
        code, output = cli_verify(chained)
        assert code != 0
        assert "entry 2 (aftersales_case c7): reordered" in output

    def test_an_edit_with_every_later_hash_recomputed(self, chained: Platform) -> None:
        forge_from(chained, sequence=7, payload='{"refund_fen":999999}')

        broken = verify(chained).broken

        assert broken is not None
        assert (broken.sequence, broken.reason) == (10, BreakReason.REWRITTEN)
        assert "after 5" in broken.detail
        code, output = cli_verify(chained)
        assert code != 0
        assert "entry 10 (aftersales_case c10): rewritten" in output

    def test_a_deleted_tail_under_a_checkpoint(self, chained: Platform) -> None:
        execute(chained, "DELETE FROM record_entries WHERE sequence >= 9")

        broken = verify(chained).broken

        assert broken is not None
        assert (broken.sequence, broken.reason) == (10, BreakReason.TRUNCATED)


def forge_from(platform: Platform, *, sequence: int, payload: str) -> None:
    """A forger without the key: edit one payload, then relink every later entry by SQL."""
    fields = chain.Entry.__dataclass_fields__
    query = select(RecordEntry).where(RecordEntry.sequence >= sequence)
    with platform.uow() as uow:
        rows = uow.session.scalars(query.order_by(RecordEntry.sequence))
        entries = [chain.Entry(**{name: getattr(row, name) for name in fields}) for row in rows]
    prev_hash = entries[0].prev_hash
    with platform.engine.begin() as connection:
        for entry in entries:
            content = payload if entry.sequence == sequence else entry.payload
            relinked = replace(entry, payload=content, prev_hash=prev_hash)
            prev_hash = chain.hash_of(relinked)
            connection.execute(
                text(
                    "UPDATE record_entries SET payload = :p, prev_hash = :prev, entry_hash = :h "
                    "WHERE sequence = :s"
                ),
                {"p": content, "prev": relinked.prev_hash, "h": prev_hash, "s": entry.sequence},
            )


class TestConcurrentAppends:
    def test_parallel_writers_build_one_unbroken_chain(self, platform: Platform) -> None:
        if platform.engine.dialect.name != "postgresql":
            pytest.skip("SQLite has a single writer; the race only exists on PostgreSQL")
        errors: list[BaseException] = []

        def writer(worker: int) -> None:
            try:
                for n in range(10):
                    with platform.uow() as uow:
                        operations.append_record(
                            uow=uow,
                            actor_id=f"usr_{worker}",
                            now=T0,
                            subject_kind="complaint",
                            subject_id=f"k{worker}-{n}",
                            action="opened",
                            payload={"n": n},
                        )
                        uow.commit()
            except BaseException as exc:  # reported to the main thread below
                errors.append(exc)

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert errors == []
        result = verify(platform)
        assert result.ok, result.broken
        assert result.verified == 80
