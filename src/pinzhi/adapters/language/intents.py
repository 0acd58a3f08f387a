"""Intent of a consumer's latest need (issue 6 part 2; S1 9.7.1, S3 6.7.1).

A linear model over sparse features of the conversation: character 1–3-grams of the latest
message, character 1–2-grams of the consumer's earlier turns (context for short answers such as
an order number or "对的"), the intent the pattern rules give the latest message and the nearest
earlier one, and a few shape marks (bare acknowledgement, order number only, length). The weights
are trained with scikit-learn by `pinzhi train intent` and shipped as `models/intent.npz`; this
module reads them with numpy alone (no pickle) and scores a message in well under a millisecond.
The decision mixes the model's probabilities with the vote of the pattern rules
(`intent_rules.weak_label` without the agent's reply), which read context the linear model cannot:
a bare acknowledgement is `other`, a contentless answer inherits the nearest earlier topic.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from pinzhi.adapters.language import jddc
from pinzhi.adapters.language.intent_rules import INTENTS, match_text, weak_label
from pinzhi.adapters.language.text_forms import MASK_CHARS, model_form
from pinzhi.core.errors import ValidationFailed

MODEL_PATH = Path(__file__).parent / "models" / "intent.npz"
MODEL_VERSION = "intent.v3"
_CONTEXT_TURNS = 3
_LATEST_CHARS = 80
# Weight of the pattern rules' vote added to the model's probabilities: the rules (ack → other,
# topic inherited by contentless turns) read context the linear model cannot. With 0.8 the
# rules decide unless the model is very sure of another intent (its probability exceeds the
# rules' intent's by more than 0.8) — chosen by 5-fold cross-validation on the checked training
# rows of intents.v3 (0.5: 0.705, 0.8: 0.712, 1.0 and above, rules only: 0.714; data/README.md).
RULE_WEIGHT = 0.8
_ONLY_REFERENCE = re.compile(
    "^(?:["
    + "".join(MASK_CHARS.values())
    + r"\W\s]|订单编?号|咨询|商品|id|金额|下单时间|顾客通过点击web咚咚|信息发送)*$"
)


@dataclass(frozen=True, slots=True)
class IntentResult:
    """The predicted intent and its probability under the model."""

    intent: str
    confidence: float


def _grams(text: str, prefix: str, sizes: tuple[int, ...]) -> list[str]:
    padded = f"^{text}$"
    out: list[str] = []
    for n in sizes:
        out.extend(prefix + padded[i : i + n] for i in range(len(padded) - n + 1))
    return out


def featurise(conversation: jddc.Conversation) -> dict[str, float]:
    """Sparse features of a conversation's latest need, each namespace scaled to unit length."""
    raw_latest = conversation.latest
    latest = model_form(raw_latest)[-_LATEST_CHARS:]
    groups: dict[str, list[str]] = {
        "L": _grams(latest, "L", (1, 2, 3)),
        "R": [f"R:{match_text(raw_latest) or 'none'}"],
        "S": [
            f"S:ack={jddc.is_acknowledgement(raw_latest)}",
            f"S:ref={bool(_ONLY_REFERENCE.match(latest))}",
            f"S:len={min(len(latest) // 4, 8)}",
            f"S:q={'?' in latest or '吗' in latest or '么' in latest}",
        ],
    }
    context = [t for t in conversation.consumer_turns()[:-1] if not jddc.is_acknowledgement(t)]
    near = context[-_CONTEXT_TURNS:]
    groups["C"] = [
        g for turn in near for g in _grams(model_form(turn)[-_LATEST_CHARS:], "C", (1, 2))
    ]
    topical = next((hit for t in reversed(near) if (hit := match_text(t, topical=True))), None)
    groups["T"] = [f"T:{topical or 'none'}"]
    features: dict[str, float] = {}
    for names in groups.values():
        if not names:
            continue
        scale = 1.0 / math.sqrt(len(names))
        for name in names:
            features[name] = features.get(name, 0.0) + scale
    return features


@dataclass(frozen=True, slots=True)
class IntentModel:
    """Vocabulary, weights and bias of the shipped linear model."""

    index: dict[str, int]
    weights: NDArray[np.float32]
    bias: NDArray[np.float32]
    intents: tuple[str, ...]
    version: str

    def scores(self, conversation: jddc.Conversation) -> NDArray[np.float64]:
        """Class probabilities (softmax of the linear scores), in `self.intents` order."""
        rows: list[int] = []
        values: list[float] = []
        for name, value in featurise(conversation).items():
            row = self.index.get(name)
            if row is not None:
                rows.append(row)
                values.append(value)
        logits = self.bias.astype(np.float64)
        if rows:
            logits = logits + np.asarray(values) @ self.weights[rows].astype(np.float64)
        logits -= logits.max()
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum(), dtype=np.float64)

    def predict(self, conversation: jddc.Conversation) -> IntentResult:
        """A mixture of the model's probabilities and the rules' one-hot vote (weight
        `RULE_WEIGHT`); the confidence is the mixture's probability of the chosen intent."""
        mixed = self.scores(conversation)
        mixed[self.intents.index(weak_label(conversation))] += RULE_WEIGHT
        mixed /= 1.0 + RULE_WEIGHT
        best = int(np.argmax(mixed))
        return IntentResult(intent=self.intents[best], confidence=float(mixed[best]))


def load_model(path: Path = MODEL_PATH) -> IntentModel:
    """Read a model file written by `intent_training.save_model` (numpy arrays, no pickle)."""
    if not path.exists():
        raise ValidationFailed(f"intent model file not found: {path} (run `pinzhi train intent`)")
    with np.load(path, allow_pickle=False) as data:
        vocab = [str(v) for v in data["vocab"]]
        intents = tuple(str(v) for v in data["intents"])
        # written as a one-element array (np.ascontiguousarray lifts 0-d arrays to 1-d)
        version = str(data["version"].reshape(-1)[0])
        weights = data["weights"].astype(np.float32)
        bias = data["bias"].astype(np.float32)
    if set(intents) != set(INTENTS):
        raise ValidationFailed(f"intent model {path} has unexpected intents: {sorted(intents)}")
    if weights.shape != (len(vocab), len(intents)):
        raise ValidationFailed(f"intent model {path} is inconsistent: weights {weights.shape}")
    return IntentModel(
        index={name: i for i, name in enumerate(vocab)},
        weights=weights,
        bias=bias,
        intents=intents,
        version=version,
    )


@lru_cache(maxsize=1)
def shipped_model() -> IntentModel:
    """The model shipped with the package, loaded once per process."""
    return load_model(MODEL_PATH)


def classify(line: str, model: IntentModel | None = None) -> IntentResult:
    """Intent of the consumer's latest need in one line: a message or a JDDC conversation."""
    return (model or shipped_model()).predict(jddc.parse(line))
