"""The open chat's visitor: pages they visited, their browser and system, the department they asked
for, their contact's custom fields. Everything here came from the visitor's browser: plain text
only, never markup, and links are not followed."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.domain import VisitorContext
from ui.format import clock_time
from ui.plain import plain_label

_UNKNOWN = "—"


class VisitorPanel(QWidget):
    def __init__(self, department_names: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitorPanel")
        self._department_names = department_names
        self.browser = self._value("visitorBrowser")
        self.system = self._value("visitorSystem")
        self.department = self._value("visitorDepartment")
        self.landing = self._value("visitorLanding")
        self.fields = plain_label(wrap=True)
        self.fields.setObjectName("visitorFields")
        self.pages = QListWidget()
        self.pages.setObjectName("visitorPages")
        self.pages.setAccessibleName(self.tr("Pages the visitor visited"))
        self.pages.setWordWrap(True)
        self.empty = plain_label(self.tr("Open a chat to see its visitor."), wrap=True)
        self.empty.setObjectName("visitorEmpty")
        form = QFormLayout()
        form.addRow(plain_label(self.tr("Browser:")), self.browser)
        form.addRow(plain_label(self.tr("System:")), self.system)
        form.addRow(plain_label(self.tr("Department:")), self.department)
        form.addRow(plain_label(self.tr("Landing page:")), self.landing)
        form.addRow(plain_label(self.tr("Custom fields:")), self.fields)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addLayout(form)
        layout.addWidget(plain_label(self.tr("Pages visited (newest last):"), wrap=True))
        layout.addWidget(self.pages, 1)
        self.show_context(None)

    @staticmethod
    def _value(name: str) -> QLabel:
        label = plain_label(wrap=True)
        label.setObjectName(name)
        return label

    def show_context(self, context: VisitorContext | None) -> None:
        """The chat's visitor context; None when no chat is open."""
        self.empty.setVisible(context is None)
        self.pages.clear()
        if context is None:
            for label in (self.browser, self.system, self.department, self.landing, self.fields):
                label.setText(_UNKNOWN)
            return
        self.browser.setText(context.browser or (self.tr(
                "not told") if not context.user_agent else "unknown"))
        self.system.setText(context.os or self.tr("not told"))
        self.department.setText(self._department_names.get(context.department_id or "", "none chosen"))
        landing = context.landing_page
        self.landing.setText(_page_text(landing.title, landing.url) if landing else self.tr("not told"))
        self.fields.setText("\n".join(f"{name}: {value}" for name, value in context.custom_fields)
                            or "none")
        for page in context.pages:
            item = QListWidgetItem(f"{clock_time(page.at)}  {_page_text(page.title, page.url)}")
            self.pages.addItem(item)
        if not context.pages:
            self.pages.addItem(QListWidgetItem(self.tr(
                    "No pages: the visitor did not come from the website chat.")))


def _page_text(title: str, url: str) -> str:
    return f"{title} — {url}" if title and url else title or url
