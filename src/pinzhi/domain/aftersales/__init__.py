"""After-sales cases: refunds, returns, exchanges, repairs, 价保, compensation (C10)."""
