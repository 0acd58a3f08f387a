"""One package per capability. `models` modules are private to the domain layer."""
