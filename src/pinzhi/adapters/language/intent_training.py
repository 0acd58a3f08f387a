"""Building, training and evaluating the intent model (issue 6 parts 2 and 4).

The labelled set is `data/intents.v3.tsv` (see `data/README.md`): real JD conversations from the
JDDC corpus with weak labels from `intent_rules`, a hand-checked sample, and examples written for
the rarer intents. Half of the hand-checked JDDC rows, chosen by a fixed hash of the line number,
are held out from training and used only for evaluation.

Training is deterministic (sorted vocabulary, lbfgs, fixed zip timestamps), so running
`pinzhi train intent` twice writes byte-identical `models/intent.npz` files.
"""

from __future__ import annotations

import io
import time
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from pinzhi.adapters.language import jddc
from pinzhi.adapters.language.handoff import should_hand_off
from pinzhi.adapters.language.intent_rules import INTENTS, weak_label
from pinzhi.adapters.language.intents import MODEL_VERSION, IntentModel, featurise
from pinzhi.core.errors import ValidationFailed

LABELLED_PATH = Path(__file__).parent / "data" / "intents.v3.tsv"
COLUMNS = ("text", "intent", "handoff", "source", "checked")
KEPT_TURNS = 6
MIN_FEATURE_COUNT = 2
REGULARISATION_C = 0.5
WEIGHT_CHECKED = 16.0
WEIGHT_OWN = 4.0
WEIGHT_WEAK = 1.0
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class LabelledRow:
    """One labelled conversation: `source` is a JDDC line number (0-based) or `own`."""

    text: str
    intent: str
    handoff: bool | None
    source: str
    checked: bool

    @property
    def held_out(self) -> bool:
        """Hand-checked JDDC rows whose line number hashes even are kept for evaluation only."""
        return (
            self.checked
            and self.source != "own"
            and zlib.crc32(f"jddc:{self.source}".encode()) % 2 == 0
        )


def _flag(value: str, *, column: str, line: int) -> bool | None:
    if value in ("yes", "no"):
        return value == "yes"
    if value == "" and column == "handoff":
        return None
    raise ValidationFailed(f"line {line}: column {column} must be yes or no, got {value!r}")


def read_labelled(path: Path = LABELLED_PATH) -> list[LabelledRow]:
    """Read the labelled file: `#` comment lines (its documentation), the column names, rows."""
    rows: list[LabelledRow] = []
    in_header = True
    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\n")
            parts = line.split("\t")
            if in_header:
                if parts == list(COLUMNS):
                    in_header = False
                elif not line.startswith("#"):
                    raise ValidationFailed(f"{path}:{number}: expected the column names first")
                continue
            if not line:
                continue
            if len(parts) != len(COLUMNS):
                raise ValidationFailed(f"{path}:{number}: expected {len(COLUMNS)} columns")
            text, intent, handoff, source, checked = parts
            if intent not in INTENTS:
                raise ValidationFailed(f"{path}:{number}: unknown intent {intent!r}")
            if source != "own" and not source.isdigit():
                raise ValidationFailed(f"{path}:{number}: source must be a line number or own")
            rows.append(
                LabelledRow(
                    text=text,
                    intent=intent,
                    handoff=_flag(handoff, column="handoff", line=number),
                    source=source,
                    checked=bool(_flag(checked, column="checked", line=number)),
                )
            )
    return rows


def read_header(path: Path = LABELLED_PATH) -> str:
    """The documentation header of a labelled file: its leading `#` lines, without the marks."""
    lines: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            if not raw.startswith("#"):
                break
            lines.append(raw.rstrip("\n").removeprefix("#").removeprefix(" "))
    return "\n".join(lines)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def write_labelled(rows: Iterable[LabelledRow], path: Path, header: str) -> None:
    """Write the labelled file: the header as `#` comments, then the column names and rows."""
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for line in header.strip("\n").split("\n"):
            handle.write(f"# {line}".rstrip() + "\n")
        handle.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            fields = (row.text, row.intent, _yes_no(row.handoff), row.source, _yes_no(row.checked))
            handle.write("\t".join(fields) + "\n")


def kept_context(line: str) -> str:
    """The last turns of a JDDC line, comma-joined, as stored in the labelled file."""
    turns = jddc.parse(line.replace("\t", " ")).turns[-KEPT_TURNS:]
    return ",".join(turns)


def relabel(jddc_dir: Path, rows: Sequence[LabelledRow]) -> list[LabelledRow]:
    """Weak labels for every JDDC line that is not hand-checked; checked and own rows are kept.

    `jddc_dir` holds `train.enc` (conversations) and `train.dec` (the agent's next replies, a
    labelling hint only — the model never sees them).
    """
    enc = (jddc_dir / "train.enc").read_text(encoding="utf-8").split("\n")
    dec = (jddc_dir / "train.dec").read_text(encoding="utf-8").split("\n")
    checked = {row.source: row for row in rows if row.checked and row.source != "own"}
    out: list[LabelledRow] = []
    for number, (line, reply) in enumerate(zip(enc, dec, strict=False)):
        if not line.strip():
            continue
        kept = checked.get(str(number))
        if kept is not None:
            out.append(kept)
            continue
        label = weak_label(jddc.parse(line), reply)
        out.append(LabelledRow(kept_context(line), label, None, str(number), checked=False))
    out.extend(row for row in rows if row.source == "own")
    return out


@dataclass(frozen=True, slots=True)
class TrainedArrays:
    """What goes into `intent.npz`."""

    vocab: NDArray[np.str_]
    weights: NDArray[np.float32]
    bias: NDArray[np.float32]
    intents: NDArray[np.str_]

    def model(self) -> IntentModel:
        return IntentModel(
            index={str(name): i for i, name in enumerate(self.vocab)},
            weights=self.weights,
            bias=self.bias,
            intents=tuple(str(v) for v in self.intents),
            version=MODEL_VERSION,
        )


def _weight(row: LabelledRow) -> float:
    if row.source == "own":
        return WEIGHT_OWN
    return WEIGHT_CHECKED if row.checked else WEIGHT_WEAK


def train(rows: Sequence[LabelledRow]) -> TrainedArrays:
    """Fit the linear model on the training rows (held-out rows are skipped here)."""
    # scikit-learn is needed to train only; batch inference must start fast without it
    from scipy.sparse import csr_matrix  # noqa: PLC0415
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415

    training = [row for row in rows if not row.held_out]
    if not training:
        raise ValidationFailed("no training rows in the labelled file")
    featured = [featurise(jddc.parse(row.text)) for row in training]
    counts: Counter[str] = Counter(name for feats in featured for name in feats)
    vocab = sorted(name for name, n in counts.items() if n >= MIN_FEATURE_COUNT)
    index = {name: i for i, name in enumerate(vocab)}
    data: list[float] = []
    cols: list[int] = []
    indptr = [0]
    for feats in featured:
        for name in sorted(feats):
            col = index.get(name)
            if col is not None:
                cols.append(col)
                data.append(feats[name])
        indptr.append(len(cols))
    matrix = csr_matrix((data, cols, indptr), shape=(len(training), len(vocab)))
    labels = np.array([INTENTS.index(row.intent) for row in training])
    classifier = LogisticRegression(C=REGULARISATION_C, max_iter=1000, tol=1e-4)
    classifier.fit(matrix, labels, sample_weight=np.array([_weight(r) for r in training]))
    weights = np.zeros((len(vocab), len(INTENTS)), dtype=np.float32)
    bias = np.full(len(INTENTS), -30.0, dtype=np.float32)
    for position, klass in enumerate(classifier.classes_):
        weights[:, klass] = classifier.coef_[position]
        bias[klass] = classifier.intercept_[position]
    return TrainedArrays(
        vocab=np.array(vocab, dtype=np.str_),
        weights=weights,
        bias=bias,
        intents=np.array(INTENTS, dtype=np.str_),
    )


def save_model(arrays: TrainedArrays, path: Path) -> None:
    """Write an `.npz` numpy can read, byte-identical for identical arrays (fixed zip dates)."""
    members = {
        "vocab": arrays.vocab,
        "weights": arrays.weights,
        "bias": arrays.bias,
        "intents": arrays.intents,
        "version": np.array(MODEL_VERSION, dtype=np.str_),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in members.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, buffer.getvalue())


@dataclass(frozen=True, slots=True)
class ClassReport:
    intent: str
    support: int
    precision: float
    recall: float


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Scores of a model on the held-out hand-checked rows."""

    rows: int
    accuracy: float
    per_intent: tuple[ClassReport, ...]
    handoff_positives: int
    handoff_recall: float
    handoff_precision: float
    ms_per_message: float


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def evaluate(model: IntentModel, rows: Sequence[LabelledRow]) -> Evaluation:
    """Accuracy, per-intent precision and recall, hand-off recall and precision, speed."""
    held_out = [row for row in rows if row.held_out]
    if not held_out:
        raise ValidationFailed("the labelled file has no held-out hand-checked rows")
    conversations = [jddc.parse(row.text) for row in held_out]
    started = time.perf_counter()
    results = [model.predict(c) for c in conversations]
    elapsed = time.perf_counter() - started
    predicted = [r.intent for r in results]
    truth = [row.intent for row in held_out]
    reports = []
    for intent in INTENTS:
        hits = sum(1 for p, t in zip(predicted, truth, strict=True) if p == t == intent)
        said = predicted.count(intent)
        support = truth.count(intent)
        reports.append(ClassReport(intent, support, _ratio(hits, said), _ratio(hits, support)))
    decisions = []
    for row, conversation, result in zip(held_out, conversations, results, strict=True):
        if row.handoff is None:
            continue
        handed, _ = should_hand_off(
            conversation.latest,
            intent=result.intent,
            confidence=result.confidence,
            earlier=conversation.consumer_turns()[:-1],
        )
        decisions.append((row.handoff, handed))
    positives = sum(1 for truth_flag, _ in decisions if truth_flag)
    caught = sum(1 for truth_flag, handed in decisions if truth_flag and handed)
    handed_total = sum(1 for _, handed in decisions if handed)
    return Evaluation(
        rows=len(held_out),
        accuracy=_ratio(sum(p == t for p, t in zip(predicted, truth, strict=True)), len(truth)),
        per_intent=tuple(reports),
        handoff_positives=positives,
        handoff_recall=_ratio(caught, positives),
        handoff_precision=_ratio(caught, handed_total),
        ms_per_message=1000.0 * elapsed / len(held_out),
    )


def format_report(evaluation: Evaluation) -> str:
    """A plain-text table of an evaluation, for the console."""
    lines = [
        f"held-out hand-checked rows: {evaluation.rows}",
        f"top-1 accuracy: {evaluation.accuracy:.3f}",
        f"hand-off recall: {evaluation.handoff_recall:.3f} "
        f"(precision {evaluation.handoff_precision:.3f}, {evaluation.handoff_positives} positives)",
        f"speed: {evaluation.ms_per_message:.3f} ms/message",
        "",
        f"{'intent':<22}{'support':>8}{'precision':>11}{'recall':>8}",
    ]
    lines.extend(
        f"{r.intent:<22}{r.support:>8}{r.precision:>11.3f}{r.recall:>8.3f}"
        for r in evaluation.per_intent
    )
    return "\n".join(lines)
