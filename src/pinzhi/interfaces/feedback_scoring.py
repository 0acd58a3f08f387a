"""Sentiment scores for feedback comments, shared by the API, the console and the daily run.

It lives in interfaces because it joins the language adapter (the shipped sentiment model) to
the satisfaction domain, which takes the score as a plain number and never loads a model.
"""

from __future__ import annotations

from collections.abc import Sequence

from pinzhi.adapters.language.sentiment import shipped_model


def score_texts(texts: Sequence[str]) -> list[float]:
    """P(positive) of each text by the shipped sentiment model, in one batch."""
    if not texts:
        return []
    return [round(p, 4) for p in shipped_model().probabilities(list(texts)).tolist()]


def score_text(text: str | None) -> float | None:
    """The score of one comment; None when there is no comment to read."""
    return score_texts([text])[0] if text and text.strip() else None
