"""Violations and service commitments: what merchants did wrong and what they promise (C2, C10)."""
