"""Pure building blocks: money, time, ids and errors. No I/O, no frameworks."""
