"""Users, roles and what each role may see (C16; SPEC role table)."""
