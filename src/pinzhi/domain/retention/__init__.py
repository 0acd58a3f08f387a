"""Retention of transaction records (S1 9.4.2): kept three years or more, then de-identified."""
