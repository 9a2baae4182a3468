"""ValidatedField: an invalid text is marked (the style sheet's red field) and explained, the
mark goes with the next valid text, and the state's value clears it."""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QVBoxLayout, QWidget

from gradscape.app.controls.fields import ValidatedField, parse_int

#: The rule of resources/style.qss, on a plain background (the field's pixels are checked).
STYLE = 'QLineEdit { background: #ffffff; } QLineEdit[invalid="true"] { background: #fef2f2; }'


def background(field: ValidatedField) -> tuple[int, int, int]:
    """The colour of the line edit's pixels inside its frame, right of any text."""
    img = field.edit.grab().toImage()
    c = img.pixelColor(img.width() - 6, img.height() // 2)
    return c.red(), c.green(), c.blue()


def test_a_field_is_marked_while_invalid_and_unmarked_when_valid(qtbot):
    committed = []
    box = QWidget()
    box.setStyleSheet(STYLE)
    field = ValidatedField(parse_int("epochs", 1, 100), committed.append)
    QVBoxLayout(box).addWidget(field)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    field.set_value(5)
    assert background(field) == (255, 255, 255)
    assert not field.invalid and field.edit.text() == "5"

    # Each invalid keystroke keeps the mark and says what is wrong with the text now.
    field.edit.clear()
    qtbot.keyClicks(field.edit, "-")
    assert field.invalid and field.edit.property("invalid") is True
    assert background(field) == (0xFE, 0xF2, 0xF2)
    qtbot.keyClicks(field.edit, "3")
    assert "epochs" in field.error_text and "-3" in field.error_text
    assert background(field) == (0xFE, 0xF2, 0xF2)
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert committed == [] and field.invalid

    # A valid text takes the mark away and is committed on Return.
    field.edit.clear()
    qtbot.keyClicks(field.edit, "42")
    assert not field.invalid and field.edit.property("invalid") is False
    assert background(field) == (255, 255, 255)
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert committed == [42]

    # The state's value clears a pending mark.
    field.edit.clear()
    qtbot.keyClicks(field.edit, "x")
    assert background(field) == (0xFE, 0xF2, 0xF2)
    field.set_value(7)
    assert not field.invalid and field.edit.text() == "7"
    assert background(field) == (255, 255, 255)


def test_breakable_gives_long_words_places_to_wrap_and_nothing_else():
    from gradscape.app.controls.fields import breakable

    z = "\u200b"
    plain = "steps must be in [1, 100000], got 12"
    assert breakable(plain) == plain
    assert breakable("a" * 15 + " " + "b" * 16) == "a" * 15 + " " + "b" * 8 + z + "b" * 8
    assert breakable("9" * 20) == "9" * 8 + z + "9" * 8 + z + "9" * 4
    assert breakable("<b>" + "x" * 40 + "</b>") == "<b>" + "x" * 40 + "</b>"  # (rich text)
    assert breakable("") == ""


def test_an_endless_number_never_widens_the_main_window(small_window, qtbot):
    """The GUI monkey typed 400 nines into the steps field: the error, one word, made the
    controls 2 800 pixels wide and the main window 3 400.  It now wraps inside the panel."""
    from PyQt6.QtWidgets import QApplication

    win = small_window
    before = win.minimumSizeHint().width()
    field = win.start_panel.steps
    field.edit.setFocus()
    field.edit.selectAll()
    qtbot.keyClick(field.edit, Qt.Key.Key_Backspace)
    field.edit.insert("9" * 400)
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    for _ in range(5):
        QApplication.processEvents()
    assert field.invalid
    message = field.error_text
    assert message.startswith("steps must be in [1, 100000], got 9999") and "\u200b" not in message
    assert "(400 characters)" in message
    assert win.minimumSizeHint().width() <= before + 2
    assert win.width() == 1100
    # the whole message is shown, wrapped over lines inside the panel
    label = field.error
    assert label.isVisible() and label.width() <= field.width()
    line = label.fontMetrics().height()
    assert label.height() >= 3 * line
    assert label.heightForWidth(label.width()) <= label.height()
