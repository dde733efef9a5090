"""The project's one pretrained language model: all-MiniLM-L6-v2 as int8 ONNX, run by ONNX Runtime, offline.

Two parts of the product read text with it:
- the anonymiser's contextual stage (rules 60, `insights.quotes.context_model`) asks it for each word's vector;
- coding suggestions (`insights.coding.suggest`) ask it for each text's sentence vector, appended to the TF-IDF
  features.

The files live in data/minilm/ (Apache-2.0, see its LICENSE.txt), built once by benchmarks/build_context_onnx.py.
Both are checked against pinned digests before use: a changed or missing file raises ModelUnavailable (the
anonymiser turns that into AnonymiserUnavailable and fails closed). Nothing is downloaded; no torch.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from insights import config

MODEL_DIR = config.DATA_DIR / "minilm"
ONNX_PATH = MODEL_DIR / "model.int8.onnx"
TOKENIZER_PATH = MODEL_DIR / "tokenizer.json"
#: Pinned digests of the two files (a changed file is refused).
ONNX_SHA256 = "8be34e02d463c1755b520b91311efbaa59cecf992e8c2fe1a5843d2532589cf4"
TOKENIZER_SHA256 = "5fd1c882abbd30517dced455a2c9768945ec726b96727927e4959348d9de550b"
DIMENSIONS = 384
CLS, SEP = 101, 102
#: Word pieces a sentence vector reads (with [CLS] and [SEP]); the rest of a longer text is left out, as
#: sentence-transformers truncates. 128 covers 99% of real patient comments (84 pieces at the 99th percentile).
SENTENCE_PIECES = 128


class ModelUnavailable(RuntimeError):
    """The language model's files or libraries are missing or changed; the message is for people."""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Encoder:
    """The ONNX session and WordPiece tokenizer, checked against their pinned digests.

    One text per model pass: int8 dynamic quantisation scales each pass's activations by the whole input, so a
    padded batch would make a text's vector depend on its neighbours. Passes run on up to `threads` threads
    (ONNX Runtime releases the GIL), one intra-op thread each.
    """

    def __init__(self, onnx_path: Path | None = None, tokenizer_path: Path | None = None) -> None:
        onnx_path = onnx_path or ONNX_PATH
        tokenizer_path = tokenizer_path or TOKENIZER_PATH
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelUnavailable(f"the language model needs onnxruntime and tokenizers: {exc}") from exc
        for path, pinned in ((onnx_path, ONNX_SHA256), (tokenizer_path, TOKENIZER_SHA256)):
            if not path.is_file():
                raise ModelUnavailable(f"the language model file {path.name} is missing")
            if digest(path) != pinned:
                raise ModelUnavailable(
                    f"the language model file {path.name} does not match its pinned digest"
                )
        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        self._memo: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def last_hidden(self, ids: Sequence[int]) -> np.ndarray:
        """The last layer's vector of every piece of one pass (`ids` with [CLS] and [SEP]), pieces x 384."""
        chunk = np.array([list(ids)], np.int64)
        return self.session.run(None, {"input_ids": chunk, "attention_mask": np.ones_like(chunk)})[0][0]

    def sentence_vector(self, text: str) -> np.ndarray:
        """all-MiniLM-L6-v2's sentence embedding: every piece's last-layer vector averaged, then normalised."""
        ids = self.tokenizer.encode(text or "").ids  # with [CLS] and [SEP]
        if len(ids) > SENTENCE_PIECES:
            ids = [*ids[: SENTENCE_PIECES - 1], SEP]
        v = self.last_hidden(ids).mean(0)
        return (v / (np.linalg.norm(v) + 1e-9)).astype(np.float32)

    def sentence_vectors(
        self, texts: Sequence[str], threads: int = 2, memo_limit: int = 50_000
    ) -> np.ndarray:
        """Sentence vectors of `texts`, texts x 384. A text seen before in this process is not read again (cross-
        validation and retraining read the same texts many times); the memo is emptied past `memo_limit` texts."""
        texts = [t or "" for t in texts]
        with self._lock:
            found = {t: self._memo[t] for t in set(texts) if t in self._memo}
        todo = sorted(set(texts) - found.keys())
        if threads > 1 and len(todo) > 1:
            with ThreadPoolExecutor(max_workers=threads) as pool:
                vectors = list(pool.map(self.sentence_vector, todo))
        else:
            vectors = [self.sentence_vector(t) for t in todo]
        found.update(zip(todo, vectors, strict=True))
        with self._lock:
            if len(self._memo) + len(todo) > memo_limit:
                self._memo.clear()
            self._memo.update(zip(todo, vectors, strict=True))
        out = np.zeros((len(texts), DIMENSIONS), np.float32)
        for i, t in enumerate(texts):
            out[i] = found[t]
        return out


@functools.lru_cache(maxsize=1)
def shared() -> Encoder:
    """One loaded model per process (the ONNX session is about 40 MB in memory)."""
    return Encoder()
