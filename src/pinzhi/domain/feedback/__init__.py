"""Consumer reviews of products and merchants (C1, C13; S1 7.1.1, 10.1.1)."""
