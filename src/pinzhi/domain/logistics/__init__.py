"""Shipments and their tracking events (C9; S1 9.6; S3 6.2)."""
