"""A signature pad for mouse, pen and finger: smooth ink on white, exported as a cropped high-resolution PNG.

Strokes are kept as points in widget coordinates with a pen width each (a tablet pen's pressure sets the width).
They are smoothed in plain Python (quadratic curves through the midpoints of successive samples, which takes the
jagged edge off mouse and touch sampling) and drawn as a few polylines per stroke, so painting makes only a
handful of calls into Qt however long the signature is. The frame, the guide line and the finished strokes are
cached in a pixmap; only the stroke being drawn is painted on top of it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QEventPoint,
    QFont,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QPointingDevice,
    QPolygonF,
    QResizeEvent,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

INK = QColor("#111827")
BORDER = QColor("#b8c4d2")
GUIDE = QColor("#aebbca")
HINT = QColor("#8a99ab")
PAPER = QColor("white")

MOUSE_WIDTH = 2.6
TOUCH_WIDTH = 3.2
PEN_MIN_WIDTH = 1.0
PEN_MAX_WIDTH = 5.2
WIDTH_STEP = 0.25  # px: pressure widths are drawn in steps this fine
MIN_STEP = 0.8  # px: closer samples add nothing but noise
EXPORT_SCALE = 3  # the PNG has 3 pixels per screen pixel: sharp at print resolution
EXPORT_MARGIN = 12.0  # px (screen) of clear space around the ink

Sample = tuple[float, float, float]  # x, y, pen width


@dataclass
class Stroke:
    points: list[tuple[float, float]] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)

    def add(self, point: QPointF, width: float) -> bool:
        x, y = point.x(), point.y()
        if self.points:
            lx, ly = self.points[-1]
            if abs(x - lx) + abs(y - ly) < MIN_STEP:
                return False
        self.points.append((x, y))
        self.widths.append(width)
        return True

    def bounds(self) -> QRectF:
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        pad = max(self.widths) / 2
        return QRectF(min(xs) - pad, min(ys) - pad, max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad)

    def samples(self) -> list[Sample]:
        """The smoothed line: quadratic curves from midpoint to midpoint, each controlled by a recorded point."""
        pts, widths = self.points, self.widths
        if len(pts) < 3:
            return [(x, y, w) for (x, y), w in zip(pts, widths, strict=True)]
        out: list[Sample] = [(pts[0][0], pts[0][1], widths[0])]
        sx, sy = (pts[0][0] + pts[1][0]) / 2, (pts[0][1] + pts[1][1]) / 2
        out.append((sx, sy, widths[0]))
        for i in range(1, len(pts) - 1):
            cx, cy = pts[i]
            ex, ey = (cx + pts[i + 1][0]) / 2, (cy + pts[i + 1][1]) / 2
            length = math.hypot(cx - sx, cy - sy) + math.hypot(ex - cx, ey - cy)
            steps = max(2, min(12, int(length / 2.5)))
            for k in range(1, steps + 1):
                t = k / steps
                a, b, c = (1 - t) * (1 - t), 2 * (1 - t) * t, t * t
                out.append((a * sx + b * cx + c * ex, a * sy + b * cy + c * ey, widths[i]))
            sx, sy = ex, ey
        out.append((pts[-1][0], pts[-1][1], widths[-1]))
        return out


def _pen(width: float) -> QPen:
    return QPen(INK, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)


def draw_stroke(painter: QPainter, stroke: Stroke) -> None:
    """A dot for a tap; otherwise one polyline per run of equal (stepped) width."""
    if not stroke.points:
        return
    if len(stroke.points) == 1:
        (x, y), w = stroke.points[0], stroke.widths[0]
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(INK)
        painter.drawEllipse(QPointF(x, y), w / 2, w / 2)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        return
    samples = stroke.samples()
    x0, y0, w0 = samples[0]
    run = [QPointF(x0, y0)]
    run_width = round(w0 / WIDTH_STEP) * WIDTH_STEP
    for x, y, w in samples[1:]:
        point = QPointF(x, y)
        run.append(point)
        stepped = round(w / WIDTH_STEP) * WIDTH_STEP
        if stepped != run_width:
            painter.setPen(_pen(run_width))
            painter.drawPolyline(QPolygonF(run))
            run, run_width = [point], stepped
    if len(run) > 1:
        painter.setPen(_pen(run_width))
        painter.drawPolyline(QPolygonF(run))


class SignaturePad(QWidget):
    """Sign here. `changed` fires when a stroke ends and when the pad is cleared."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, hint: str | None = None) -> None:
        super().__init__(parent)
        self.hint = self.tr("签名") if hint is None else hint
        self.strokes: list[Stroke] = []
        self._current: Stroke | None = None
        self._source: str | None = None  # "mouse", "tablet" or "touch" while a stroke is being drawn
        self._touch_id: int | None = None
        self._pressure_width = PEN_MIN_WIDTH
        self._cache: QPixmap | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setMinimumSize(480, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName(self.tr("签名板"))
        self.setToolTip(self.tr("用手指、手写笔或鼠标在框内签名"))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(640, 220)

    # ----- public API -----------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return not self.strokes and not (self._current and self._current.points)

    def clear(self) -> None:
        was_empty = self.is_empty()
        self.strokes.clear()
        self._current = None
        self._source = None
        self._touch_id = None
        self._cache = None
        self.update()
        if not was_empty:
            self.changed.emit()

    def ink_rect(self) -> QRectF:
        """The ink's bounding box in widget coordinates (empty when nothing is drawn)."""
        rect = QRectF()
        for stroke in [*self.strokes, self._current]:
            if stroke is not None and stroke.points:
                rect = rect.united(stroke.bounds())
        return rect

    def to_png(self, *, scale: int = EXPORT_SCALE, margin: float = EXPORT_MARGIN) -> bytes:
        """The ink cropped to its bounding box plus a margin, on a transparent background, `scale`× resolution."""
        if self.is_empty():
            return b""
        rect = self.ink_rect().adjusted(-margin, -margin, margin, margin)
        image = QImage(
            max(1, round(rect.width() * scale)),
            max(1, round(rect.height() * scale)),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        image.fill(Qt.GlobalColor.transparent)
        # 3 px per screen px (about 96 dpi) is about 288 dpi: recorded so a PDF places it at its true size.
        dots_per_metre = round(96 * scale / 0.0254)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.scale(scale, scale)
        painter.translate(-rect.topLeft())
        for stroke in [*self.strokes, self._current]:
            if stroke is not None:
                draw_stroke(painter, stroke)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs want bytes; the binding wants str
        buffer.close()
        return bytes(data.data())

    # ----- strokes ------------------------------------------------------------------------------------------

    def _begin(self, source: str, point: QPointF, width: float) -> None:
        if not self.strokes:
            self._cache = None  # the empty-pad hint goes away with the first ink
        self._source = source
        self._current = Stroke()
        self._current.add(point, width)
        self._dirty(self._current.points, width)

    def _extend(self, point: QPointF, width: float) -> None:
        stroke = self._current
        if stroke is None:
            return
        # The last curve piece is redrawn from the point before last: repaint the box around all three.
        if stroke.add(point, width):
            self._dirty(stroke.points[-3:], max(stroke.widths[-3:]))

    def _end(self) -> None:
        stroke = self._current
        self._current = None
        self._source = None
        self._touch_id = None
        if stroke is None or not stroke.points:
            return
        self.strokes.append(stroke)
        if self._cache is not None:
            painter = QPainter(self._cache)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            draw_stroke(painter, stroke)
            painter.end()
        self.update()
        self.changed.emit()

    def _dirty(self, points: list[tuple[float, float]], width: float) -> None:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        pad = width + 4
        rect = QRectF(min(xs) - pad, min(ys) - pad, max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad)
        self.update(rect.toAlignedRect())

    # ----- input: mouse, pen, touch -------------------------------------------------------------------------
    # Input events arrive accepted; handlers only ignore() what they do not use.

    @staticmethod
    def _is_real_mouse(event: QMouseEvent) -> bool:
        device = event.pointingDevice()
        return device is None or device.type() in (
            QPointingDevice.DeviceType.Mouse,
            QPointingDevice.DeviceType.TouchPad,
            QPointingDevice.DeviceType.Unknown,
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() != Qt.MouseButton.LeftButton or self._source is not None or not self._is_real_mouse(event):
            event.ignore()
            return
        self._begin("mouse", event.position(), MOUSE_WIDTH)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self._source != "mouse":
            event.ignore()
            return
        self._extend(event.position(), MOUSE_WIDTH)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self._source != "mouse" or event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        self._extend(event.position(), MOUSE_WIDTH)
        self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802 - Qt override
        kind = event.type()
        pressure = max(0.0, min(1.0, event.pressure()))
        target = PEN_MIN_WIDTH + (PEN_MAX_WIDTH - PEN_MIN_WIDTH) * pressure
        if kind == QEvent.Type.TabletPress and self._source is None:
            self._pressure_width = target
            self._begin("tablet", event.position(), target)
        elif kind == QEvent.Type.TabletMove and self._source == "tablet":
            # Smooth the pressure so the line swells and thins instead of stepping.
            self._pressure_width = 0.65 * self._pressure_width + 0.35 * target
            self._extend(event.position(), self._pressure_width)
        elif kind == QEvent.Type.TabletRelease and self._source == "tablet":
            self._extend(event.position(), self._pressure_width)
            self._end()
        else:
            event.ignore()  # hovering, or a pen while a finger draws: let Qt make mouse events of it
            return
        if not event.isAccepted():
            event.accept()  # accepted: Qt must not also synthesise mouse events from this pen

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel):
            assert isinstance(event, QTouchEvent)
            self._touch(event)
            if not event.isAccepted():
                event.accept()  # accepting TouchBegin keeps the whole sequence here, with no synthetic mouse
            return True
        return super().event(event)

    def _touch(self, event: QTouchEvent) -> None:
        """One finger draws; a second finger resting on the glass is ignored."""
        kind = event.type()
        if kind == QEvent.Type.TouchCancel:
            self._end()
            return
        points = event.points()
        if self._source is None and kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate) and points:
            first = points[0]
            self._touch_id = first.id()
            self._begin("touch", first.position(), TOUCH_WIDTH)
            return
        if self._source != "touch":
            return
        ours = next((p for p in points if p.id() == self._touch_id), None)
        if ours is None:
            return
        self._extend(ours.position(), TOUCH_WIDTH)
        if kind == QEvent.Type.TouchEnd or ours.state() == QEventPoint.State.Released:
            self._end()

    # ----- painting -----------------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        self._cache = None
        super().resizeEvent(event)

    def baseline_y(self) -> float:
        return self.height() * 0.72

    def _background(self) -> QPixmap:
        """Frame, guide line and finished ink, rebuilt only on resize, clear and first ink."""
        if self._cache is None:
            ratio = self.devicePixelRatioF()
            pixmap = QPixmap(self.size() * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(self.palette().window().color())
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(QPen(BORDER, 1.5))
            painter.setBrush(PAPER)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 8, 8)
            self._paint_guide(painter)
            for stroke in self.strokes:
                draw_stroke(painter, stroke)
            painter.end()
            self._cache = pixmap
        return self._cache

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._background())
        if self._current is not None:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            draw_stroke(painter, self._current)
        painter.end()

    def _paint_guide(self, painter: QPainter) -> None:
        left, right = 24.0, self.width() - 24.0
        y = self.baseline_y()
        font = QFont(self.font())
        font.setPointSizeF(max(10.0, self.font().pointSizeF()))
        painter.setFont(font)
        painter.setPen(HINT)
        label_width = painter.fontMetrics().horizontalAdvance(self.hint) + 12
        painter.drawText(
            QRectF(left, y - 40, label_width, 36), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, self.hint
        )
        if self.is_empty():
            painter.drawText(
                QRectF(0, 0, self.width(), y - 8), Qt.AlignmentFlag.AlignCenter, self.tr("请在横线上方签名")
            )
        painter.setPen(QPen(GUIDE, 1.5, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(left + label_width, y), QPointF(right, y))
