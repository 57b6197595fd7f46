"""Mapping from normalized-text offsets back to raw-input offsets.

Normalization only ever *deletes* raw characters or replaces one character by
one other character (see :mod:`govreport_nlp.normalize`), so the normalized
text is a subsequence of the raw text.  The map is therefore one increasing
integer array: ``raw_index[i]`` is the raw offset of normalized character
``i``.  A normalized span ``[start, end)`` maps to the raw span that begins at
its first character and ends after its last one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class OffsetMap:
    raw_index: np.ndarray  # int64, len == len(normalized text), strictly increasing
    raw_length: int

    def __len__(self) -> int:
        return int(self.raw_index.shape[0])

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``(start, end)`` of the normalized span ``[start, end)``."""
        n = len(self)
        if not 0 <= start <= end <= n:
            raise IndexError(f"span [{start}, {end}) outside normalized text of length {n}")
        if start == end:
            pos = int(self.raw_index[start]) if start < n else self.raw_length
            return pos, pos
        return int(self.raw_index[start]), int(self.raw_index[end - 1]) + 1

    def to_normalized(self, raw_offset: int) -> int:
        """Index of the first normalized character at or after ``raw_offset``."""
        return int(np.searchsorted(self.raw_index, raw_offset, side="left"))

    # serialization: runs of consecutive raw offsets, [norm_start, raw_start, length]
    def to_runs(self) -> list[list[int]]:
        idx = self.raw_index
        if idx.size == 0:
            return []
        breaks = np.flatnonzero(np.diff(idx) != 1) + 1
        starts = np.concatenate(([0], breaks))
        ends = np.concatenate((breaks, [idx.size]))
        return [[int(s), int(idx[s]), int(e - s)] for s, e in zip(starts, ends)]

    @classmethod
    def from_runs(cls, runs: list[list[int]], raw_length: int) -> "OffsetMap":
        if not runs:
            return cls(np.zeros(0, dtype=np.int64), raw_length)
        parts = [np.arange(raw, raw + length, dtype=np.int64) for _, raw, length in runs]
        return cls(np.concatenate(parts), raw_length)
