"""Reads: a listing as the consumer sees it (marks, price, every fee, bundled items) and search.

Listing, shop, price and sales rows belong to the catalogue and orders packages, which offer no
reads for a public listing yet; this module reads their tables directly and never writes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

from sqlalchemy import Select, func, or_, select

from pinzhi.core.errors import NotFound, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, read_scope
from pinzhi.domain.catalog.models import (
    Merchant,
    MerchantKind,
    MerchantStatus,
    PriceKind,
    PricePoint,
    Product,
    Sku,
)
from pinzhi.domain.listings import ranking
from pinzhi.domain.listings.models import (
    AdStatus,
    Advertisement,
    BundledItem,
    FeeKind,
    FindingKind,
    ListingFee,
    ListingFinding,
    SubjectKind,
    TextCheck,
)
from pinzhi.domain.listings.ranking import Candidate, Ordering
from pinzhi.domain.orders.models import Order, OrderItem, OrderStatus
from pinzhi.store.uow import UnitOfWork

MAX_FINDINGS = 500
_Row = TypeVar("_Row", ListingFee, BundledItem)

SELF_OPERATED = "自营"
SPONSORED = "广告"
BUNDLED = "搭售"
FEE_LABELS: dict[FeeKind, str] = {
    FeeKind.SHIPPING: "运费",
    FeeKind.INSTALLATION: "安装费",
    FeeKind.SERVICE: "服务费",
    FeeKind.PACKAGING: "包装费",
    FeeKind.OTHER: "其他费用",
}
FEE_ORDER = list(FEE_LABELS)
SOLD = (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.COMPLETED)


class TitleMatcher(Protocol):
    """Scores titles against one query (0: no match); `hints` narrow the rows read."""

    hints: tuple[str, ...]

    def __call__(self, title: str) -> int: ...


@dataclass(frozen=True)
class Fee:
    kind: FeeKind
    label: str
    amount_fen: int
    note: str | None


@dataclass(frozen=True)
class Bundle:
    """An optional extra (搭售): shown flagged, never chosen for the consumer."""

    id: str
    title: str
    price_fen: int
    mark: str = BUNDLED
    selected: bool = False


@dataclass(frozen=True)
class ListingView:
    """What a consumer sees of a listing: the marks in words, the price, each extra fee and the
    total to pay (S2 7.2.2); bundled items are listed apart and not in the total."""

    product_id: str
    title: str
    category: str
    merchant_id: str
    merchant_name: str
    self_operated: bool
    sponsored: bool
    marks: tuple[str, ...]
    price_fen: int
    fees: tuple[Fee, ...]
    total_fen: int
    bundles: tuple[Bundle, ...]


@dataclass(frozen=True)
class SearchResult:
    query: str
    ordering: Ordering
    ordering_terms: str
    orderings_offered: dict[str, str]
    ad_terms: str
    diversity_terms: str
    personalised_fell_back: bool
    page: int
    has_next_page: bool
    results: tuple[ListingView, ...]


def get_listing(*, uow: UnitOfWork, product_id: str, now: datetime) -> ListingView:
    """One listing as shown to consumers; public, so no actor is needed."""
    views = _views(uow, [product_id], sponsored=set(), now=now)
    if not views:
        raise NotFound(f"listing {product_id!r} does not exist or is delisted")
    return views[0]


def search(
    *,
    uow: UnitOfWork,
    actor: Actor | None,
    query: str,
    matcher: TitleMatcher,
    ordering: Ordering,
    now: datetime,
    page: int = 1,
    page_size: int = ranking.PAGE_SIZE,
) -> SearchResult:
    """Listings matching `query` in the chosen order, paid placements marked and capped."""
    if page < 1:
        raise ValidationFailed(f"page must be 1 or more, not {page}")
    candidates = _candidates(uow, matcher)
    affinity: dict[str, int] = {}
    consumer_id = actor.consumer_id if actor is not None else None
    if ordering is Ordering.PERSONALISED and consumer_id is not None:
        affinity = _category_affinity(uow, consumer_id)
    ranked = ranking.rank(candidates, ordering, affinity)
    ads = _ad_candidates(uow, candidates, now=now)
    first, rest = ranking.arrange(ranked, ads, page_size=page_size)
    start = (page - 2) * page_size
    placed = first if page == 1 else rest[start : start + page_size]
    sponsored = {p.candidate.product_id for p in placed if p.sponsored}
    views = {
        v.product_id: v
        for v in _views(uow, [p.candidate.product_id for p in placed], sponsored=sponsored, now=now)
    }
    return SearchResult(
        query=query,
        ordering=ordering,
        ordering_terms=ranking.ORDERING_TERMS[ordering],
        orderings_offered={o.value: ranking.ORDERING_TERMS[o] for o in Ordering},
        ad_terms=ranking.AD_TERMS,
        diversity_terms=ranking.DIVERSITY_TERMS,
        personalised_fell_back=ordering is Ordering.PERSONALISED and consumer_id is None,
        page=page,
        has_next_page=len(rest) > max(0, (page - 1) * page_size),
        results=tuple(
            views[p.candidate.product_id] for p in placed if p.candidate.product_id in views
        ),
    )


def _listed() -> Select[Product, Merchant]:
    return (
        select(Product, Merchant)
        .join(Merchant, Merchant.id == Product.merchant_id)
        .where(Product.delisted_at.is_(None), Merchant.status == MerchantStatus.ACTIVE)
    )


def _candidates(uow: UnitOfWork, matcher: TitleMatcher) -> list[Candidate]:
    query = _listed()
    if matcher.hints:
        query = query.where(or_(*(Product.title.contains(h) for h in matcher.hints)))
    scored = [(p, matcher(p.title)) for p, _m in uow.session.execute(query)]
    matched = [(p, score) for p, score in scored if score > 0]
    sold = _units_sold(uow, [p.id for p, _s in matched])
    return [
        Candidate(p.id, p.merchant_id, p.category, score, p.premium, sold.get(p.id, 0))
        for p, score in matched
    ]


def _units_sold(uow: UnitOfWork, product_ids: Sequence[str]) -> dict[str, int]:
    if not product_ids:
        return {}
    query = (
        select(OrderItem.product_id, func.sum(OrderItem.quantity))
        .join(Order, Order.id == OrderItem.order_id)
        .where(OrderItem.product_id.in_(product_ids), Order.status.in_(SOLD))
        .group_by(OrderItem.product_id)
    )
    return {pid: int(units) for pid, units in uow.session.execute(query)}


def _category_affinity(uow: UnitOfWork, consumer_id: str) -> dict[str, int]:
    """Items the consumer bought per category: the only signal personalisation uses."""
    query = (
        select(Product.category, func.sum(OrderItem.quantity))
        .join(OrderItem, OrderItem.product_id == Product.id)
        .join(Order, Order.id == OrderItem.order_id)
        .where(Order.consumer_id == consumer_id)
        .group_by(Product.category)
    )
    return {category: int(units) for category, units in uow.session.execute(query)}


def _ad_candidates(
    uow: UnitOfWork, candidates: Sequence[Candidate], *, now: datetime
) -> list[Candidate]:
    """Matching listings with a live ad in its window, earliest-booked first (a fixed rule)."""
    by_id = {c.product_id: c for c in candidates}
    if not by_id:
        return []
    query = (
        select(Advertisement.product_id)
        .where(
            Advertisement.product_id.in_(sorted(by_id)),
            Advertisement.status == AdStatus.LIVE,
            Advertisement.starts_at <= now,
            Advertisement.ends_at > now,
        )
        .order_by(Advertisement.starts_at, Advertisement.id)
    )
    ordered = dict.fromkeys(uow.session.scalars(query))
    return [by_id[pid] for pid in ordered]


def _views(
    uow: UnitOfWork, product_ids: Sequence[str], *, sponsored: set[str], now: datetime
) -> list[ListingView]:
    if not product_ids:
        return []
    rows = uow.session.execute(_listed().where(Product.id.in_(product_ids)))
    found = {p.id: (p, m) for p, m in rows}
    prices = _prices(uow, list(found), now=now)
    fees = _grouped(
        uow,
        select(ListingFee).where(ListingFee.product_id.in_(list(found))),
    )
    bundles = _grouped(
        uow,
        select(BundledItem).where(BundledItem.product_id.in_(list(found))).order_by(BundledItem.id),
    )
    views = []
    for pid in product_ids:
        if pid not in found:
            continue
        product, merchant = found[pid]
        own = merchant.kind is MerchantKind.SELF_OPERATED
        item_fees = tuple(
            Fee(f.kind, FEE_LABELS[f.kind], f.amount_fen, f.note)
            for f in sorted(fees.get(pid, []), key=lambda f: FEE_ORDER.index(f.kind))
        )
        price = prices.get(pid, 0)
        marks = tuple(
            mark
            for mark, shown in (
                (SPONSORED, pid in sponsored),
                (SELF_OPERATED, own),
                (BUNDLED, bool(bundles.get(pid))),
            )
            if shown
        )
        views.append(
            ListingView(
                product_id=pid,
                title=product.title,
                category=product.category,
                merchant_id=merchant.id,
                merchant_name=merchant.name,
                self_operated=own,
                sponsored=pid in sponsored,
                marks=marks,
                price_fen=price,
                fees=item_fees,
                total_fen=price + sum(f.amount_fen for f in item_fees),
                bundles=tuple(Bundle(b.id, b.title, b.price_fen) for b in bundles.get(pid, [])),
            )
        )
    return views


def _grouped(uow: UnitOfWork, query: Select[_Row]) -> dict[str, list[_Row]]:
    grouped: dict[str, list[_Row]] = {}
    for row in uow.session.scalars(query):
        grouped.setdefault(row.product_id, []).append(row)
    return grouped


def _prices(uow: UnitOfWork, product_ids: Sequence[str], *, now: datetime) -> dict[str, int]:
    """The lowest current price among a listing's SKUs: the latest list or promotion price in
    force at `now` (coupon-only prices need a coupon, so are not the shown price), else the SKU's
    list price."""
    skus = uow.session.execute(
        select(Sku.id, Sku.product_id, Sku.list_price_fen).where(Sku.product_id.in_(product_ids))
    )
    current: dict[str, int] = {}
    sku_rows = list(skus)
    points = uow.session.execute(
        select(PricePoint.sku_id, PricePoint.price_fen, PricePoint.kind)
        .where(PricePoint.sku_id.in_([s for s, _p, _l in sku_rows]), PricePoint.effective_at <= now)
        .order_by(PricePoint.effective_at, PricePoint.id)
    )
    for sku_id, price_fen, kind in points:
        if kind is not PriceKind.COUPON:
            current[sku_id] = price_fen
    lowest: dict[str, int] = {}
    for sku_id, product_id, list_price in sku_rows:
        price = current.get(sku_id, list_price)
        lowest[product_id] = min(price, lowest.get(product_id, price))
    return lowest


@dataclass(frozen=True)
class FindingView:
    id: str
    subject_kind: SubjectKind
    subject_id: str
    merchant_id: str
    kind: FindingKind
    term: str
    start: int
    end: int
    reason: str
    found_at: datetime
    current: bool
    """False once the text was changed after this finding."""


def list_findings(
    *,
    uow: UnitOfWork,
    actor: Actor,
    kind: FindingKind | None = None,
    merchant_id: str | None = None,
    limit: int = 100,
) -> list[FindingView]:
    """Wording and expired-ad findings, newest first: analysts see all, a merchant its own."""
    scope = read_scope(
        actor, any_row=Permission.REVIEW_LISTINGS, own_merchant=Permission.READ_OWN_LISTING_FINDINGS
    )
    if not 1 <= limit <= MAX_FINDINGS:
        raise ValidationFailed(f"limit must be 1-{MAX_FINDINGS}")
    query = select(ListingFinding, TextCheck.text_hash).outerjoin(
        TextCheck,
        (TextCheck.subject_kind == ListingFinding.subject_kind)
        & (TextCheck.subject_id == ListingFinding.subject_id),
    )
    if scope.merchant_id is not None:
        query = query.where(ListingFinding.merchant_id == scope.merchant_id)
    if merchant_id is not None:
        query = query.where(ListingFinding.merchant_id == merchant_id)
    if kind is not None:
        query = query.where(ListingFinding.kind == kind)
    query = query.order_by(ListingFinding.found_at.desc(), ListingFinding.id).limit(limit)
    return [
        FindingView(
            f.id,
            f.subject_kind,
            f.subject_id,
            f.merchant_id,
            f.kind,
            f.term,
            f.start,
            f.end,
            f.reason,
            f.found_at,
            current=checked is None or checked == f.text_hash,
        )
        for f, checked in uow.session.execute(query)
    ]
