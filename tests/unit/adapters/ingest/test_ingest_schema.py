"""The import format is derived from the table metadata, and its document is up to date."""

from __future__ import annotations

from pathlib import Path

from pinzhi.adapters.ingest.format_doc import render_format
from pinzhi.adapters.ingest.orderings import ORDERINGS
from pinzhi.adapters.ingest.schema import INT32, INT64, ForeignKey, Kind, table_specs
from pinzhi.domain.orders.models import OrderStatus
from pinzhi.domain.tables import IMPORT_ORDER

DOC = Path(__file__).resolve().parents[4] / "docs" / "import-format.md"


class TestImportSchema:
    def test_every_importable_table_has_a_spec_in_import_order(self) -> None:
        assert tuple(table_specs()) == IMPORT_ORDER

    def test_enum_values_come_from_the_model(self) -> None:
        status = table_specs()["orders"].column("status")

        assert (status.kind, status.enum_values) == (Kind.ENUM, tuple(OrderStatus))

    def test_foreign_keys_come_from_the_model(self) -> None:
        merchant = table_specs()["orders"].column("merchant_id")

        assert merchant.references == ForeignKey(table="merchants", column="id")

    def test_check_constraints_become_ranges(self) -> None:
        ranges = {
            (spec.name, rule.column): (rule.low, rule.high)
            for spec in table_specs().values()
            for rule in spec.ranges
        }

        assert ranges[("payments", "amount_fen")] == (0, INT64[1])
        assert ranges[("order_items", "quantity")] == (1, INT64[1])
        assert ranges[("reviews", "rating")] == (1, 5)

    def test_money_is_64_bit_and_counts_are_32_bit(self) -> None:
        orders, items = table_specs()["orders"], table_specs()["order_items"]

        assert orders.column("paid_fen").bounds == INT64
        assert items.column("quantity").bounds == INT32

    def test_personal_columns_are_exactly_the_sealed_ones(self) -> None:
        personal = {
            f"{spec.name}.{column.name}"
            for spec in table_specs().values()
            for column in spec.columns
            if column.personal
        }

        assert personal == {
            "consumers.name",
            "consumers.phone",
            "consumers.address",
            "orders.recipient_name",
            "orders.recipient_phone",
            "orders.recipient_address",
            "staff.name",
        }

    def test_a_column_with_a_default_is_not_required(self) -> None:
        consumers = table_specs()["consumers"]

        assert not consumers.column("credit_score").required
        assert consumers.column("credit_score").default == 600
        assert consumers.column("registered_at").required


class TestImportOrderings:
    def test_every_ordering_compares_times_of_real_columns(self) -> None:
        specs = table_specs()
        for ordering in ORDERINGS:
            spec = specs[ordering.table]
            earlier_table = spec
            if ordering.via is not None:
                reference = spec.column(ordering.via).references
                assert reference is not None, ordering
                earlier_table = specs[reference.table]

            kinds = {spec.column(ordering.later).kind, earlier_table.column(ordering.earlier).kind}
            assert kinds in ({Kind.TIMESTAMP}, {Kind.DATE}), ordering


class TestImportFormatDocument:
    def test_committed_document_is_up_to_date(self) -> None:
        committed = DOC.read_text(encoding="utf-8")

        assert committed == render_format(), (
            "docs/import-format.md is stale: run `pinzhi import-format > docs/import-format.md`"
        )

    def test_document_lists_every_table_and_column(self) -> None:
        rendered = render_format()

        for spec in table_specs().values():
            assert f"\n### {spec.name}\n" in rendered
            assert all(f"| `{column}` |" in rendered for column in spec.column_names)
