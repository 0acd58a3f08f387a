"""Core platform indicators per day and merchant, produced by the daily quality run."""
