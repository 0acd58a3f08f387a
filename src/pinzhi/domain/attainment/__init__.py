"""Service-response attainment (S1 9.2.2–9.2.3): stored per day, channel, merchant and agent."""
