"""Match printed labels to canonical codes, tolerating typos, dropped and wrapped characters.

Similarity is the F1 of the longest common subsequence between the label's core and each of
a code's key phrases: recall forgives dropped characters ('其他法律行政止公开'), precision keeps
a short key ('其他') from claiming a long label. Group headings that some layouts put in front
of a sub-row ('（三）不予公开 1.属于国家秘密') are stripped first. Scores are cached per label:
the same few hundred labels recur across thousands of reports.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

import numpy as np
from rapidfuzz.distance import LCSseq
from rapidfuzz.process import cdist

from transform.codes import Code
from transform.normalize import label_key

# How alike a printed label must be to a code's key (F1 of their longest common subsequence) to
# name it. 0.8 lets a label lose one character of five or more, or a header window lose one of
# three or more, while the closest two different keys of one table stay below it
# (本年新制作数量 / 本年新公开数量: 0.71; 予以公开 / 部分公开: 0.5). Chosen on the corpus and the
# mirror's typo variants; rows, headers and table 4's labels share it.
STRONG = 0.8
# Each of a vocabulary's memos holds at most this many labels before it starts afresh: the
# same few hundred labels recur across thousands of reports, a hostile file's do not.
MEMO_SIZE = 50_000
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def remember(memo: dict[K, V], key: K, value: V) -> V:
    """Store a computed value in a bounded memo (cleared when it outgrows MEMO_SIZE)."""
    if len(memo) > MEMO_SIZE:
        memo.clear()
    memo[key] = value
    return value


class Vocabulary:
    def __init__(self, codes: Sequence[Code], group_phrases: Sequence[str] = ()):
        self.codes = [c.code for c in codes]
        self.index = {code: i for i, code in enumerate(self.codes)}
        keys: list[str] = []
        owners: list[int] = []
        for i, code in enumerate(codes):
            for key in code.match_keys:
                keys.append(label_key(key))
                owners.append(i)
        self._keys = keys
        self._key_len = np.array([len(k) for k in keys], dtype=float)
        self._owners = np.array(owners)
        # header windows compared with the keys: one character shorter, as long, one longer
        self._window_lengths = sorted({w for n in map(len, keys) for w in (n - 1, n, n + 1) if w >= 2})
        self._group_phrases = tuple(label_key(p) for p in group_phrases)
        self._cache: dict[str, np.ndarray] = {}
        self._best: dict[str, tuple[str | None, float]] = {}
        self._found: dict[str, list[tuple[int, str]]] = {}

    def core(self, label: str) -> str:
        """The label's comparable core, with leading group headings removed."""
        key = label_key(label)
        changed = True
        while changed:
            changed = False
            for phrase in self._group_phrases:
                if key.startswith(phrase) and len(key) - len(phrase) >= 2:
                    key = key[len(phrase) :]
                    changed = True
        return key

    def scores(self, label: str) -> np.ndarray:
        """F1 similarity of the label to every code (0 for an empty label)."""
        cached = self._cache.get(label)
        if cached is not None:
            return cached
        core = self.core(label)
        result = np.zeros(len(self.codes))
        if core:
            lcs = cdist([core], self._keys, scorer=LCSseq.similarity)[0].astype(float)
            f1 = 2 * lcs / (len(core) + self._key_len)
            np.maximum.at(result, self._owners, f1)
        return remember(self._cache, label, result)

    def best(self, label: str) -> tuple[str | None, float]:
        found = self._best.get(label)
        if found is None:
            s = self.scores(label)
            i = int(s.argmax()) if len(s) else 0
            found = (self.codes[i], float(s[i])) if len(s) and s[i] > 0 else (None, 0.0)
            remember(self._best, label, found)
        return found

    def is_group_heading(self, label: str) -> bool:
        """True when the label is only a group heading such as '（三）不予公开'."""
        return label_key(label) in self._group_phrases

    def find_all(self, text: str) -> list[tuple[int, str]]:
        """Codes whose key occurs in the text, with position, in reading order.

        Used for header rows that list several measures in one string, matched as fuzzily as
        row labels: each key is compared with every window of the text one character shorter,
        as long and one longer than itself, so a header that lost or gained a character in
        conversion ('本年增/' for 本年增/减) still names its measure. Windows are taken best
        first (longer keys first on a tie) and may not overlap.
        """
        core = label_key(text)
        found = self._found.get(core)
        return found if found is not None else remember(self._found, core, self._windows_matched(core))

    def _windows_matched(self, core: str) -> list[tuple[int, str]]:
        spans = [(s, s + w) for w in self._window_lengths for s in range(len(core) - w + 1)]
        if not spans:
            return []
        lcs = cdist([core[s:e] for s, e in spans], self._keys, scorer=LCSseq.similarity).astype(float)
        span_len = np.array([e - s for s, e in spans], dtype=float)[:, None]
        f1 = 2 * lcs / (span_len + self._key_len[None, :])
        f1[np.abs(span_len - self._key_len[None, :]) > 1] = 0
        rows, cols = np.nonzero(f1 >= STRONG)
        ranked = sorted(zip(rows, cols, strict=True), key=lambda rc: (-f1[rc], -self._key_len[rc[1]], rc[0]))
        taken: list[tuple[int, int, str]] = []
        for row, col in ranked:
            start, end = spans[row]
            if not any(s < end and start < e for s, e, _ in taken):
                taken.append((start, end, self.codes[self._owners[col]]))
        return [(s, code) for s, _, code in sorted(taken)]
