"""The ``gradscape export`` options (app.export.cli_parser): choices that match the window's and
the automatic text scale of large frames.  No Qt.
"""

from __future__ import annotations

import pytest

from gradscape.app.export import cli_parser


def test_cli_choices_match_the_window() -> None:
    from gradscape.app.model import choices

    assert cli_parser.COLORMAPS == choices.COLORMAPS
    assert cli_parser.HEIGHT_MODES == choices.HEIGHT_MODES
    from gradscape.app.export.render import VIEWS

    assert cli_parser.VIEWS == VIEWS


def test_auto_scale_grows_with_the_frame() -> None:
    sizes = [(800, 600), (1920, 1080), (2400, 1800), (3600, 2700), (8192, 8192), (8192, 600)]
    assert [cli_parser.auto_scale(s) for s in sizes] == [1, 1, 2, 3, 4, 1]
    # only a factor that divides both sides: the picture is drawn at the size divided by it
    assert cli_parser.auto_scale((4000, 3000)) == 2
    assert cli_parser.auto_scale((4001, 3000)) == 1


@pytest.mark.parametrize("value", ["5", "9", "401", "-3"])
def test_grid_outside_its_documented_range_is_refused(value: str) -> None:
    assert "10..400" in cli_parser.build_parser().format_help()
    with pytest.raises(cli_parser.UsageError) as exc:
        cli_parser.build_parser().parse_args(["--grid", value, "-o", "x.csv"])
    assert str(exc.value) == f"argument --grid: must be in 10..400, got {value}"


@pytest.mark.parametrize("value", [10, 400])
def test_grid_at_the_ends_of_its_range_is_taken(value: int) -> None:
    args = cli_parser.build_parser().parse_args(["--grid", str(value), "-o", "x.csv"])
    assert args.grid == value
