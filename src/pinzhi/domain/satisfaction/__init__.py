"""Satisfaction surveys, the unified feedback inbox and the solution base (S1 10.2; S3 7.1–7.2)."""
