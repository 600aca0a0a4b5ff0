"""Guards the pinned Qt binding: PySide6 6.12.0 leaked references to None on common calls, and
Python 3.11 then aborted at exit (exit code 134) after enough of them."""

from __future__ import annotations

import os
import subprocess
import sys

_SCRIPT = """
from PySide6.QtWidgets import QApplication, QTableView
app = QApplication([])
view = QTableView()
for _ in range(5000):
    view.selectionModel()
print("clean exit")
"""


def test_the_interpreter_exits_cleanly_after_many_binding_calls() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True,
                            env=env, timeout=60, check=False)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "clean exit"
