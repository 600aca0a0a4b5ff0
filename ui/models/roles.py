"""Item-data roles shared by Omnidesk's models."""

from PySide6.QtCore import Qt

# The domain value behind a row (an Inquiry, a ChatSummary, a Message).
ValueRole = Qt.ItemDataRole.UserRole + 1
# The row's id, for selection that survives inserts and removals.
IdRole = Qt.ItemDataRole.UserRole + 2
