"""Idempotent requests: the first result of a money-moving call is kept and replayed."""
