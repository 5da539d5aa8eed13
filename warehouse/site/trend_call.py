"""Is an agency's 本机关不掌握 share rising? A stated rule, applied the same way to every agency.

The rule (printed on the trends page):

- the series is the agency's not-held share of requests handled, one point per year where
  BOTH cells are printed (a blank is left out, never read as 0);
- at least `MIN_YEARS` such years, else the call is "too few years" — a trend over three or
  four annual points says nothing a reader could not see;
- the Mann-Kendall test (rank-based: no assumption that the share moves in a straight line,
  and one odd year cannot make a trend) with the tie correction, two-sided: p < `ALPHA` with
  S > 0 is "rising", with S < 0 "falling";
- otherwise "flat": no monotonic change distinguishable from year-to-year noise at that
  level — not proof that nothing changed.

The trend line drawn is the Theil–Sen line (median of the pairwise slopes, through the median
point), the estimator that goes with Mann-Kendall; its slope is reported in percentage
points per year. Pure Python: a dozen points per agency need no statistics library.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import median

MIN_YEARS = 5  # the smallest n at which Mann-Kendall can reach p < 0.10 at all is 4; 5 gives room
ALPHA = 0.10  # annual series are short: 10 % two-sided, stated on the page


@dataclass(frozen=True)
class TrendCall:
    call: str  # rising / falling / flat / too few years
    years: int
    s: int
    p_value: float | None
    slope: float | None  # share per year (Theil–Sen)
    intercept: float | None  # share at year 0 of the line (x = year)

    def line(self, year: int) -> float | None:
        if self.slope is None or self.intercept is None:
            return None
        return self.intercept + self.slope * year


def _normal_two_sided_p(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2))


def mann_kendall(values: list[float]) -> tuple[int, float]:
    """(S, two-sided p) of the Mann-Kendall test with the variance corrected for ties."""
    n = len(values)
    s = sum((values[j] > values[i]) - (values[j] < values[i]) for i in range(n - 1) for j in range(i + 1, n))
    ties: dict[float, int] = {}
    for v in values:
        ties[v] = ties.get(v, 0) + 1
    var = (n * (n - 1) * (2 * n + 5) - sum(t * (t - 1) * (2 * t + 5) for t in ties.values())) / 18
    if var <= 0:
        return s, 1.0
    z = (s - 1) / math.sqrt(var) if s > 0 else (s + 1) / math.sqrt(var) if s < 0 else 0.0
    return s, _normal_two_sided_p(z)


def theil_sen(years: list[int], values: list[float]) -> tuple[float, float]:
    slopes = [
        (values[j] - values[i]) / (years[j] - years[i])
        for i in range(len(years) - 1)
        for j in range(i + 1, len(years))
        if years[j] != years[i]
    ]
    slope = median(slopes) if slopes else 0.0
    return slope, median(values) - slope * median(years)


def trend_call(years: list[int], shares: list[float]) -> TrendCall:
    """The call for one agency's (year, share) points, in year order."""
    n = len(years)
    if n < MIN_YEARS:
        return TrendCall("too few years", n, 0, None, None, None)
    s, p = mann_kendall(shares)
    slope, intercept = theil_sen(years, shares)
    call = ("rising" if s > 0 else "falling") if p < ALPHA else "flat"
    return TrendCall(call, n, s, p, slope, intercept)
