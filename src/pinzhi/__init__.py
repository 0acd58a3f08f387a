"""pinzhi (品质): quality-service system for e-commerce platforms."""

__version__ = "0.1.0"
