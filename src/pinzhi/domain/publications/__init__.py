"""Platform rules, agreements and published standards: versions, notice, comment, review (C15)."""
