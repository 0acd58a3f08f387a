"""Thin translators to the outside: HTTP API, console pages, CLI, jobs."""
