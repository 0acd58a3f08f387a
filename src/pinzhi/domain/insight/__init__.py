"""Trend insight and consumer-to-manufacturer (C2M) briefs (S1 8)."""
