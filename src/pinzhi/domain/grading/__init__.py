"""Merchant and product grades: explainable tiers from measured behaviour (C2, C3)."""
