"""Listing transparency, search, advertising and marketing consent (C15)."""
