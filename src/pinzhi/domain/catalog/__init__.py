"""Merchants, brands, products, SKUs and what vouches for them (C1; S1 6, 7)."""
