"""The customer-service knowledge base: entries, their question variants and revisions, and
answers personalised with the asking consumer's own orders and cases (S3 6.7.1, S3 7.2.2)."""
