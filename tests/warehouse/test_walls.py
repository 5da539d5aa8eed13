"""crawl_wall keeps when a wall was first met, so meeting the same walls again changes no data."""

from __future__ import annotations

import datetime as dt

from warehouse.publish.fingerprint import data_fingerprint
from warehouse.store.walls import Wall, record_walls

URL = "http://www.xmta.gov.cn/zfxxgk/nb/2023.htm"
OTHER = "http://xiangan.gov.cn/zfxxgk/nb/2022.htm"


def _wall(url: str, fetched_at: str, reason: str = "412 JavaScript challenge") -> Wall:
    return Wall(url, "xmta/sjj", "审计局", 2023, reason, fetched_at)


def _seen(con) -> dict[str, dt.datetime]:
    return dict(con.execute("SELECT url, seen_at FROM crawl_wall").fetchall())


def test_a_wall_met_again_keeps_its_first_time_and_the_data_fingerprint(writer):
    record_walls(writer, [_wall(URL, "2026-01-01T02:00:00Z")])
    before = data_fingerprint(writer)
    record_walls(writer, [_wall(URL, "2026-01-02T02:00:00Z")])
    assert _seen(writer) == {URL: dt.datetime(2026, 1, 1, 2, 0)}
    assert data_fingerprint(writer) == before


def test_a_new_answer_or_a_returning_wall_starts_anew(writer):
    record_walls(writer, [_wall(URL, "2026-01-01T02:00:00Z"), _wall(OTHER, "2026-01-01T02:00:00Z")])
    record_walls(writer, [_wall(URL, "2026-01-02T02:00:00Z", reason="521 cookie challenge")])
    assert _seen(writer) == {URL: dt.datetime(2026, 1, 2, 2, 0)}  # OTHER loaded: gone
    record_walls(writer, [_wall(OTHER, "2026-01-03T02:00:00Z")])
    assert _seen(writer) == {OTHER: dt.datetime(2026, 1, 3, 2, 0)}
