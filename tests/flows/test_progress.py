"""A step's own (done, total) calls become one stage of the operator's progress."""

from __future__ import annotations

import flows.progress as progress


class Recorder(progress.Silent):
    def __init__(self) -> None:
        self.events: list[tuple] = []

    def stage(self, name: str, total: int | None = None) -> None:
        self.events.append(("stage", name, total))

    def advance(self, name: str, step: int = 1) -> None:
        self.events.append(("advance", name, step))


def test_ticks_size_the_stage_once_and_advance_it_per_unit(monkeypatch):
    recorder = Recorder()
    monkeypatch.setattr(progress, "_current", recorder)
    tick = progress.ticks("export")
    for done in (1, 2, 3):
        tick(done, 3)
    assert recorder.events == [
        ("stage", "export", 3),
        ("advance", "export", 1),
        ("advance", "export", 1),
        ("advance", "export", 1),
    ]
