"""Service-level clocks persisted: versioned policies, one clock per subject and policy, the
engine that applies case and session events to them, and the worker that flags breaches
(S1 9.2.1–9.2.3, 9.4.3; issue 3 parts 1, 3, 4, 9)."""
