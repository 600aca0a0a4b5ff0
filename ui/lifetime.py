"""Destroying Qt objects on the GUI thread, now.

Python's cyclic garbage collector may run on any thread (the database's worker threads allocate
too). A Qt object left for it would be destroyed on that thread, where its timers cannot be
stopped. So windows we are done with are deleted explicitly, on the GUI thread, at once.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QEvent, QObject


def dispose(*objects: QObject) -> None:
    for item in objects:
        item.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    # Signal connections to closures form reference cycles; collect them here, on this thread.
    gc.collect()
