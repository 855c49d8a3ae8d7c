"""Charts drawn on the server as SVG: the geometry here, the markup in
templates/monitoring/charts/, the colours in monitoring/static/monitoring/css/progress.css.

Accessible and allowed by the Content Security Policy: no script, no style attribute (colours
come from classes), each chart an `<svg role="img">` named by its title and described by a
sentence that gives its main numbers, every label real text, and the full data in a table
beside it. Colour is never the only cue: each bar's numbers are written above it.

Widths are percentages and heights pixels, so a chart fills any width without a viewBox that
would shrink its text on a phone; labels are wrapped on the server to fit 360 px.
"""

import textwrap
from dataclasses import dataclass, field

# Characters per label line: 14 px text, about 7 px a character, fits a 360 px screen.
LABEL_WIDTH = 42
LINE_HEIGHT = 18
BAR_HEIGHT = 14
ROW_GAP = 14


def percent(value):
    """A number as an SVG percentage (plain digits and a dot, whatever the locale)."""
    return f"{max(0.0, min(100.0, value)):.2f}%"


def wrap(text, width=LABEL_WIDTH):
    return textwrap.wrap(text, width) or [""]


@dataclass
class Segment:
    kind: str  # a CSS modifier: chart__bar--<kind>
    x: str
    width: str


@dataclass
class LabelLine:
    text: str
    y: int
    muted: bool = False


@dataclass
class BarRow:
    lines: list
    bar_y: int = 0
    segments: list = field(default_factory=list)
    heading: bool = False
    highlighted: bool = False


@dataclass
class LegendItem:
    kind: str
    label: str


@dataclass
class BarChart:
    """Horizontal bars, one per row, each under its label and its numbers."""

    rows: list
    height: int
    legend: list


def bar_chart(rows, legend=()):
    """`rows`: dicts with "label", "numbers" (the text giving its values), "segments" [(kind,
    value)], "scale" (the value of a full bar), optional "heading" (a label line alone, such as
    a P above its actions) and "highlighted"."""
    drawn, y = [], 0
    for row in rows:
        lines = []
        for text in wrap(row["label"]):
            y += LINE_HEIGHT
            lines.append(LabelLine(text, y - 4))
        if row.get("heading"):
            drawn.append(BarRow(lines, heading=True))
            y += ROW_GAP // 2
            continue
        for text in wrap(row["numbers"]) if row.get("numbers") else ():
            y += LINE_HEIGHT
            lines.append(LabelLine(text, y - 4, muted=True))
        bar_y = y + 2
        segments, x = [], 0.0
        scale = row["scale"] or 1
        for kind, value in row["segments"]:
            width = 100 * value / scale
            segments.append(Segment(kind, percent(x), percent(width)))
            x += width
        drawn.append(BarRow(lines, bar_y, segments, highlighted=bool(row.get("highlighted"))))
        y = bar_y + BAR_HEIGHT + ROW_GAP
    return BarChart(drawn, max(y, LINE_HEIGHT), [LegendItem(*item) for item in legend])


@dataclass
class Column:
    label: str
    label_x: str
    show_label: bool
    segments: list  # (kind, x, width, y, height)
    anchor: str = "middle"


@dataclass
class Tick:
    value: int
    y: int


@dataclass
class ColumnChart:
    """Vertical stacked columns, one per period (a year), on a value axis."""

    columns: list
    ticks: list
    height: int
    axis_y: int
    label_y: int
    legend: list


PLOT_TOP = 12
PLOT_HEIGHT = 180
PLOT_LEFT = 9.0  # percent: room for the axis values
MAX_LABELS = 7


def nice_ticks(largest):
    """0 and two or three round values up to at least `largest`."""
    if largest <= 0:
        return [0, 1]
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if largest / step <= 4:
            break
    else:
        step = 10 ** len(str(largest))
    top = -(-largest // step) * step
    return list(range(0, top + 1, step))


def column_chart(columns, legend=()):
    """`columns`: dicts with "label" and "segments" [(kind, value)] stacked bottom up."""
    largest = max((sum(value for _, value in c["segments"]) for c in columns), default=0)
    ticks = nice_ticks(largest)
    top = ticks[-1] or 1
    axis_y = PLOT_TOP + PLOT_HEIGHT

    def y_of(value):
        return axis_y - round(PLOT_HEIGHT * value / top)

    count = max(len(columns), 1)
    slot = (100 - PLOT_LEFT) / count
    every = -(-count // MAX_LABELS)
    drawn = []
    for index, column in enumerate(columns):
        x = PLOT_LEFT + index * slot + slot * 0.15
        segments, base = [], 0
        for kind, value in column["segments"]:
            if value:
                segments.append(
                    (
                        kind,
                        percent(x),
                        percent(slot * 0.7),
                        y_of(base + value),
                        y_of(base) - y_of(base + value),
                    )
                )
            base += value
        shown = (count - 1 - index) % every == 0  # the last year always labelled
        last = index == count - 1
        # The last label ends at its column's right edge, so it never passes the chart's.
        label_x = percent(x + slot * 0.7) if last and count > 1 else percent(x + slot * 0.35)
        anchor = "end" if last and count > 1 else "middle"
        drawn.append(Column(column["label"], label_x, shown, segments, anchor))
    return ColumnChart(
        drawn,
        [Tick(value, y_of(value)) for value in ticks],
        axis_y + 28,
        axis_y,
        axis_y + 18,
        [LegendItem(*item) for item in legend],
    )
