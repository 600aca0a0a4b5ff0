"""The unit's day in three charts (QtCharts): chats started and closed per hour, the queue's peak
per hour, and the waits' median and 90th percentile per hour. Series are created once and their
values replaced on each refresh, so a refresh never rebuilds a chart."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHBoxLayout, QWidget

from app.domain import UnitDay
from ui.i18n import translate
from ui.monitor.colours import is_dark

_HOURS = 24


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def _view(chart: QChart) -> QChartView:
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(200)
    return view


def _hour_labels(day: UnitDay | None) -> list[str]:
    """Each hour in the user's own timezone (the figures are kept in UTC)."""
    if day is None or len(day.hours) != _HOURS:
        return [translate("monitor.charts", "{hour:02d}").format(hour=hour) for hour in range(_HOURS)]
    return [figures.start.astimezone().strftime("%H") for figures in day.hours]


def _hours_title(day: UnitDay | None) -> str:
    labels = _hour_labels(day)
    return translate("monitor.charts", "hours {labels}:00 → {labels2}:59").format(
            labels=labels[0], labels2=labels[-1])


def _set_top(axis: QValueAxis, values: list[float], *, whole: bool) -> None:
    """A y-axis from 0 to a round number above the highest value; `whole`: counts, whose ticks
    must fall on whole numbers."""
    top = max([1.0, *values])
    axis.setRange(0, top)
    axis.applyNiceNumbers()
    if whole:
        span = max(1, round(axis.max()))
        steps = next(step for step in range(min(span, 5), 0, -1) if span % step == 0)
        axis.setRange(0, span)
        axis.setTickCount(steps + 1)


class DayCharts(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day: UnitDay | None = None

        self.started = QBarSet(self.tr("Started"))
        self.closed = QBarSet(self.tr("Closed"))
        for bars in (self.started, self.closed):
            bars.append([0.0] * _HOURS)
        self.traffic_series = QBarSeries()
        self.traffic_series.append(self.started)
        self.traffic_series.append(self.closed)
        self.traffic = _chart(self.tr("Chats per hour"))
        self.traffic.addSeries(self.traffic_series)

        self.queue_peak = QLineSeries()
        self.queue_peak.setName(self.tr("Most waiting at once"))
        self.queue = _chart(self.tr("Queue per hour"))
        self.queue.addSeries(self.queue_peak)

        self.wait_p50 = QLineSeries()
        self.wait_p50.setName(self.tr("Median wait (min)"))
        self.wait_p90 = QLineSeries()
        self.wait_p90.setName(self.tr("90% waited less (min)"))
        self.waits = _chart(self.tr("Wait before an agent"))
        self.waits.addSeries(self.wait_p50)
        self.waits.addSeries(self.wait_p90)

        self._hours_axes: list[QBarCategoryAxis] = []
        self._value_axes: dict[int, QValueAxis] = {}
        for chart in (self.traffic, self.queue, self.waits):
            hours = QBarCategoryAxis()
            hours.append(_hour_labels(None))
            # 24 labels do not fit a third of a window (Qt elides every one): the axis says
            # where the day starts and ends instead.
            hours.setLabelsVisible(False)
            hours.setTitleText(_hours_title(None))
            values = QValueAxis()
            values.setLabelFormat("%.1f" if chart is self.waits else "%d")
            # Qt may size the label column before the values arrive and then elide every label
            # ("..."): a count is short, show it whole.
            values.setTruncateLabels(False)
            values.setRange(0, 1)
            chart.addAxis(hours, Qt.AlignmentFlag.AlignBottom)
            chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
            for series in chart.series():
                series.attachAxis(hours)
                series.attachAxis(values)
            self._hours_axes.append(hours)
            self._value_axes[id(chart)] = values

        self.views = [_view(chart) for chart in (self.traffic, self.queue, self.waits)]
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for view in self.views:
            layout.addWidget(view)
        self.follow_palette()

    def show_day(self, day: UnitDay) -> None:
        """Replace every series' values with `day`'s."""
        self.day = day
        hours = day.hours[:_HOURS]
        started = [float(h.started) for h in hours]
        closed = [float(h.closed) for h in hours]
        for index in range(_HOURS):
            self.started.replace(index, started[index] if index < len(started) else 0.0)
            self.closed.replace(index, closed[index] if index < len(closed) else 0.0)
        peaks = [float(h.queue_peak) for h in hours]
        self.queue_peak.replace([QPointF(i, v) for i, v in enumerate(peaks)])
        # A line has no point for an hour in which nobody was assigned: there was no wait.
        p50 = [(i, h.wait_p50_s / 60) for i, h in enumerate(hours) if h.wait_p50_s is not None]
        p90 = [(i, h.wait_p90_s / 60) for i, h in enumerate(hours) if h.wait_p90_s is not None]
        self.wait_p50.replace([QPointF(i, v) for i, v in p50])
        self.wait_p90.replace([QPointF(i, v) for i, v in p90])
        labels = _hour_labels(day)
        for axis in self._hours_axes:
            if axis.categories() != labels:
                axis.setCategories(labels)
                axis.setTitleText(_hours_title(day))
        _set_top(self._value_axes[id(self.traffic)], started + closed, whole=True)
        _set_top(self._value_axes[id(self.queue)], peaks, whole=True)
        _set_top(self._value_axes[id(self.waits)], [v for _, v in p50 + p90], whole=False)

    def follow_palette(self) -> None:
        """Light or dark charts, as the application's palette is."""
        theme = QChart.ChartTheme.ChartThemeDark if is_dark() else QChart.ChartTheme.ChartThemeLight
        for chart in (self.traffic, self.queue, self.waits):
            if chart.theme() != theme:
                chart.setTheme(theme)
