"""The `pinzhi` command line."""
