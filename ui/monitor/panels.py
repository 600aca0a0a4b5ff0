"""The dashboard's tables: titled, sortable where it helps, rows of one fixed height."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from ui.accessible import named
from ui.i18n import translate
from ui.monitor.chats import ChatsFilter
from ui.plain import plain_label


def table(model: QAbstractItemModel, name: str, label: str, *, sortable: bool = False, fit: bool = False
          ) -> QTableView:
    """A table of fixed-height rows; `fit`: columns share the width (small tables). `label` is
    what a screen reader calls it."""
    view = QTableView()
    view.setObjectName(name)
    named(view, label)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    # One fixed row height: a view of thousands of rows never measures them one by one.
    rows = view.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch if fit else QHeaderView.ResizeMode.Interactive)
    header.setDefaultSectionSize(120)
    view.setSortingEnabled(sortable)
    return view


def titled(title: str, *widgets: QWidget) -> QWidget:
    panel = QWidget()
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 0, 0)
    if title:
        heading = plain_label(title)
        heading.setObjectName("panelTitle")
        layout.addWidget(heading)
    for widget in widgets:
        layout.addWidget(widget, 1 if isinstance(widget, QTableView) else 0)
    return panel


def filter_box(proxy: ChatsFilter) -> QLineEdit:
    box = QLineEdit()
    named(box, translate("monitor.panels", "Filter the chats"))
    box.setObjectName("chatsFilter")
    box.setPlaceholderText(translate("monitor.panels", "Filter by visitor, agent, department, tag or status"))
    box.setClearButtonEnabled(True)
    box.textChanged.connect(proxy.setFilterFixedString)
    return box
