"""How a long step tells its caller how far it has got, without knowing who is watching.

A step that counts its own work (the export's files, the site's pages) takes an optional
`Tick` and calls it with (done, total) after each unit; the flow turns that into the
operator's progress bar. The warehouse never imports the flow's display.
"""

from __future__ import annotations

from collections.abc import Callable

Tick = Callable[[int, int], None]
