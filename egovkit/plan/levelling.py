"""Capacity levelling: how many measures of one unit are active on each working day."""

from __future__ import annotations

import bisect


class UnitLoad:
    """How many measures of one unit are active on each working day: a step function kept as
    sorted breakpoints ``xs`` with the level on ``[xs[i], xs[i + 1])`` in ``levels[i]``."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.xs: list[int] = [-(2**62)]
        self.levels: list[int] = [0]

    def _split(self, x: int) -> int:
        i = bisect.bisect_right(self.xs, x) - 1
        if self.xs[i] != x:
            i += 1
            self.xs.insert(i, x)
            self.levels.insert(i, self.levels[i - 1])
        return i

    def add(self, first: int, end: int) -> None:
        """One more active measure on the days ``[first, end)``."""
        if first < end:
            i, j = self._split(first), self._split(end)
            for k in range(i, j):
                self.levels[k] += 1

    def earliest(self, first: int, length: int) -> int:
        """The earliest day ``t >= first`` with room on every day of ``[t, t + length)``."""
        t = first
        k = bisect.bisect_right(self.xs, t) - 1
        while k < len(self.xs) and self.xs[k] < t + length:
            if self.levels[k] >= self.capacity:  # full: try again after this segment
                t = self.xs[k + 1]  # the last segment is always empty, so k + 1 exists
            k += 1
        return t
