"""The signature pad: real mouse, touch and pen events in, a cropped high-resolution PNG out."""

from __future__ import annotations

import io
import math

import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from inspector_app.gui.widgets.signature_pad import EXPORT_SCALE, SignaturePad


@pytest.fixture
def pad(qtbot):  # type: ignore[no-untyped-def]
    widget = SignaturePad()
    qtbot.addWidget(widget)
    widget.resize(640, 220)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture(scope="module")
def touch_device() -> QPointingDevice:
    return QTest.createTouchDevice()


def wave(x0: int = 80, y0: int = 110, n: int = 50) -> list[QPoint]:
    return [QPoint(x0 + t * 8, y0 + round(30 * math.sin(t / 3))) for t in range(n)]


def draw(qtbot, pad: SignaturePad, points: list[QPoint]) -> None:  # type: ignore[no-untyped-def]
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=points[0])
    for point in points[1:]:
        qtbot.mouseMove(pad, point)
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=points[-1])


def png_image(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    assert img.format == "PNG"
    img.load()
    return img


def dark_pixels(img: Image.Image) -> int:
    paper = Image.new("RGBA", img.size, (255, 255, 255, 255))
    grey = Image.alpha_composite(paper, img.convert("RGBA")).convert("L")
    return sum(grey.histogram()[:128])


def test_fits_a_finger_and_starts_empty(pad: SignaturePad) -> None:
    assert pad.minimumWidth() >= 480 and pad.minimumHeight() >= 180
    assert pad.testAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
    assert pad.is_empty()
    assert pad.to_png() == b""


def test_mouse_strokes_make_ink_and_signal(qtbot, pad: SignaturePad) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(pad.changed, timeout=1000):
        draw(qtbot, pad, wave())
    assert not pad.is_empty()
    assert len(pad.strokes) == 1
    assert len(pad.strokes[0].points) > 20
    with qtbot.waitSignal(pad.changed, timeout=1000):
        draw(qtbot, pad, [QPoint(100, 40), QPoint(200, 60), QPoint(300, 50)])
    assert len(pad.strokes) == 2


def test_to_png_is_a_cropped_high_resolution_png_with_ink(qtbot, pad: SignaturePad) -> None:  # type: ignore[no-untyped-def]
    draw(qtbot, pad, wave())
    img = png_image(pad.to_png())
    ink = pad.ink_rect()
    # cropped to the ink plus a margin, not the whole pad; and at least twice the screen resolution
    assert img.width < pad.width() * EXPORT_SCALE
    assert img.width >= ink.width() * 2 and img.height >= ink.height() * 2
    assert img.width <= (ink.width() + 40) * EXPORT_SCALE
    assert dark_pixels(img) > 500
    # the margin is clear: no ink touches the border
    rgba = img.convert("RGBA")
    border = [rgba.getpixel((x, 0))[3] for x in range(img.width)] + [
        rgba.getpixel((0, y))[3] for y in range(img.height)
    ]
    assert max(border) == 0


def test_a_tap_leaves_a_dot(qtbot, pad: SignaturePad) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(pad, Qt.MouseButton.LeftButton, pos=QPoint(200, 100))
    assert not pad.is_empty()
    assert dark_pixels(png_image(pad.to_png())) > 10


def test_clear_empties_the_pad(qtbot, pad: SignaturePad) -> None:  # type: ignore[no-untyped-def]
    draw(qtbot, pad, wave())
    with qtbot.waitSignal(pad.changed, timeout=1000):
        pad.clear()
    assert pad.is_empty()
    assert pad.strokes == []
    assert pad.to_png() == b""
    with qtbot.assertNotEmitted(pad.changed):
        pad.clear()


def test_right_button_does_not_draw(qtbot, pad: SignaturePad) -> None:  # type: ignore[no-untyped-def]
    qtbot.mousePress(pad, Qt.MouseButton.RightButton, pos=QPoint(100, 100))
    qtbot.mouseMove(pad, QPoint(200, 120))
    qtbot.mouseRelease(pad, Qt.MouseButton.RightButton, pos=QPoint(200, 120))
    assert pad.is_empty()


def test_a_finger_draws_through_touch_events(qtbot, pad: SignaturePad, touch_device: QPointingDevice) -> None:  # type: ignore[no-untyped-def]
    points = wave(n=20)
    QTest.touchEvent(pad, touch_device).press(0, points[0], pad).commit()
    for point in points[1:]:
        QTest.touchEvent(pad, touch_device).move(0, point, pad).commit()
    with qtbot.waitSignal(pad.changed, timeout=1000):
        QTest.touchEvent(pad, touch_device).release(0, points[-1], pad).commit()
    assert len(pad.strokes) == 1
    assert len(pad.strokes[0].points) >= 15
    assert dark_pixels(png_image(pad.to_png())) > 200


def test_pen_pressure_sets_the_width(pad: SignaturePad) -> None:
    pen = QPointingDevice(
        "test pen",
        4242,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        3,
    )

    def send(kind: QEvent.Type, x: float, pressure: float) -> bool:
        pos = QPointF(x, 100)
        event = QTabletEvent(
            kind,
            pen,
            pos,
            pad.mapToGlobal(pos),
            pressure,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            Qt.KeyboardModifier.NoModifier,
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
        )
        QApplication.sendEvent(pad, event)
        return event.isAccepted()

    assert send(QEvent.Type.TabletPress, 60, 0.05)
    for i in range(1, 30):
        send(QEvent.Type.TabletMove, 60 + i * 12, 0.05 + i * 0.03)
    assert send(QEvent.Type.TabletRelease, 60 + 30 * 12, 0.95)
    widths = pad.strokes[0].widths
    assert widths[-1] > widths[0] * 2  # light touch thin, firm press thick
    assert not pad.is_empty()
