"""Tamper-evident records (C7; S1 9.1.2, S3 6.6.2): a hash-chained log with signed checkpoints."""
