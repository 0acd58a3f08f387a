"""The periodic quality-service report (质量服务报告, S1 10.1.2; SPEC C13)."""
