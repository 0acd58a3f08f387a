"""The Olist marketplace (Brazil, 2016-2018) mapped onto pinzhi's tables.

Olist is real data with real gaps; the mapping decides each case, counts it, and reports it
(`Adjustments`). The mapped tables then pass through the same validation and loader as any
import. Decisions, in short:

- sellers → third-party merchants (region = state, main category = most sold category);
  products → one product and one SKU each, owned by the seller who sold most of it;
  customers → consumers by `customer_unique_id` (Olist holds no names or addresses).
- An order with several sellers is split into one order per seller, as platforms do; a split
  order's id is `<olist order id>-<first 8 characters of the seller id>`, a single-seller
  order keeps the Olist id. Payments are split by each seller's share of goods plus freight.
- Naive local times are America/Sao_Paulo and stored in UTC; the daylight-saving gap moves
  forward, the repeated hour reads as daylight time. Money is integer centavos, currency BRL.
- Times out of order lose the later, impossible field (e.g. a carrier hand-over before the
  purchase or after the delivery).
- Orders without items (unavailable at checkout) are kept with no merchant; their reviews,
  which name no seller to answer for, are dropped.
"""
