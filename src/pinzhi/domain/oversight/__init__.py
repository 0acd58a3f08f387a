"""Dynamic monitoring, early warnings, incentives, key control and appeals (S1 6.1.2, 6.2-6.4)."""
