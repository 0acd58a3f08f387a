"""Consumers: who buys, how to reach them, what care they need (C1; S1 9.4.3)."""
