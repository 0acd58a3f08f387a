"""Indicator catalogue, targets, trends and anomalies, and PDCA improvement (S3 7.3–7.5)."""
