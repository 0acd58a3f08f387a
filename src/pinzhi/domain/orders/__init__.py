"""Orders, their items, payments and invoices (C1, C8; S3 6.9)."""
