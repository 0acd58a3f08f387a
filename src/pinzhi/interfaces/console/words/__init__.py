"""Console words per feature: each module defines `ZH` and `EN` dicts with the same keys."""
