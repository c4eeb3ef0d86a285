"""A date-and-time field for a moment of the visit (检查结束, 复查, 拒签), in the bureau's local time.

The range is the legal one: not before the moment it follows, not after now.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QDateTimeEdit, QWidget


def _qt(moment: datetime) -> QDateTime:
    from inspector_app.services.timeutil import to_local

    local = to_local(moment)
    assert local is not None
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second))


class MomentEdit(QDateTimeEdit):
    def __init__(self, earliest: datetime | None = None, parent: QWidget | None = None) -> None:
        from inspector_app.services.timeutil import now_local

        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.setMinimumHeight(36)
        now = now_local()
        if earliest is not None:
            self.setMinimumDateTime(_qt(min(earliest, now)))
        self.setMaximumDateTime(_qt(now))
        self.setDateTime(_qt(now))

    def set_moment(self, moment: datetime) -> None:
        self.setDateTime(_qt(moment))

    def moment(self) -> datetime:
        """The chosen moment with the bureau's time zone (the services refuse a naive one)."""
        from inspector_app.services.timeutil import LOCAL_TZ

        value = self.dateTime()
        d, t = value.date(), value.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second(), tzinfo=LOCAL_TZ)
