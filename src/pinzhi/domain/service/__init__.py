"""Customer service: staff, sessions and their turns, complaints (C5, C6, C11)."""
