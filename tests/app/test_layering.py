"""app/ must run without Qt and must never import the UI."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("PySide6", "shiboken6", "qasync", "ui")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "import_module" and node.args
              and isinstance(node.args[0], ast.Constant)):
            found.add(str(node.args[0].value))
    return found


def test_no_module_under_app_imports_qt_or_ui() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            m for m in _imported_modules(path) if m.split(".")[0] in FORBIDDEN)
        for path in (ROOT / "app").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_check_itself_catches_a_qt_import(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("from PySide6.QtCore import QObject\nimport ui.launch\n")
    assert {"PySide6.QtCore", "ui.launch"} <= _imported_modules(sample)


_WITHOUT_QT = """
import importlib.abc, pkgutil, sys, asyncio

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {blocked!r}:
            raise ImportError('blocked for this test: ' + name)
        return None

sys.meta_path.insert(0, Block())
import app
for module in pkgutil.walk_packages(app.__path__, 'app.'):
    __import__(module.name)

# and the embedded desk works end to end
import tempfile, pathlib, datetime
from app.clock import ManualClock
from app.demo import SampleSize, build_sample_organisation
from app.store import Database
from app.backends.embedded import EmbeddedEngine
clock = ManualClock(datetime.datetime(2026, 11, 25, 10, tzinfo=datetime.UTC))
db = Database.open(pathlib.Path(tempfile.mkdtemp()) / 'o.sqlite3')
db.write_now(lambda c: build_sample_organisation(c, size=SampleSize(5, 100), seed=1, now=clock.now()))
async def main():
    backend = await EmbeddedEngine(db, clock).sign_in('ana')
    chat = await backend.take((await backend.queue())[0].id)
    await backend.send_message(chat.id, 'hello without Qt')
    print(len(await backend.my_chats()), [m.text for m in (await backend.messages(chat.id)).messages][-1])
asyncio.run(main())
db.close()
print('Qt loaded:', any(m.split('.')[0] in {blocked!r} for m in sys.modules))
"""


def test_app_imports_and_runs_with_qt_absent() -> None:
    script = _WITHOUT_QT.format(blocked=set(FORBIDDEN))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == ["1 hello without Qt", "Qt loaded: False"]
