"""Draw Figure 1: a forest plot of every hazard ratio with a confidence interval.

Rows come from the comparisons of build/facts.json (measure "hr" with both
bounds; relative risks are not hazard ratios and stay out), grouped by the
forest_plot.groups of the config, in order; a trial no group matches is drawn
under "Other trials". The rows are built first (forest_rows.py) and written to the JSON output,
and the figure draws exactly those rows, so testing the JSON tests the figure.
The same inputs give the same bytes, whatever the run or directory.

Usage: python scripts/plot_forest.py build/facts.json --settings JSON --config-file config/config.yaml
       build/figures/forest.svg build/figures/forest.png build/figures/forest.json
"""

import argparse
import io
import json
import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display; the same renderer everywhere
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.textpath import TextToPath  # noqa: E402
from matplotlib.ticker import NullLocator  # noqa: E402
from matplotlib.transforms import blended_transform_factory  # noqa: E402

from common import BuildError, fail_cleanly, where, write_atomic_bytes, write_json  # noqa: E402
from forest_rows import FONT, forest_rows, load_groups, table_spec  # noqa: E402

DAGGER_NOTE = "† Unverified (open square): recalled, not read in a source."
# What the figure shows, for those who cannot see it: the alt text of the HTML and of the PDF's figure tag.
# Its data are in the figure's text (real text, selectable) and, in the HTML, in a table of its rows.
ALT = ("Forest plot: for each trial and endpoint, the hazard ratio as a square (its area proportional to the "
       "patients compared) and its confidence interval as a line, on a log scale with a line at no difference; "
       "left of the line favors the experimental treatment. Each row gives its hazard ratio and interval in figures.")
# The figure's text is drawn as text (searchable, selectable); a browser without DejaVu Sans sets it in a
# font of the same widths (Verdana) or narrower, so that no label runs into the next.
FONT_STACK = "'DejaVu Sans', Verdana, sans-serif"
SIZE_NOTE = "Square area is proportional to the number of patients compared (n)."
WIDTH = 7.5  # inches: the width of a journal page
# Horizontal places (inches from the left) of the text columns and the axis.
X_GROUP, X_NAME, X_ENDPOINT, X_N, AXIS_LEFT, AXIS_RIGHT, X_LABEL = 0.05, 0.2, 1.85, 2.7, 2.95, 5.3, 5.45
# Heights (inches) of the heading, a group title, a row and a row's second line.
HEADING, GROUP, ROW, SECOND_LINE, BOTTOM = 0.32, 0.3, 0.25, 0.15, 0.8
NOTE_LINE = 0.17
NAME_SIZE, COMPARISON_SIZE = 9, 8  # points




def text_width(text, size):
    """The width, in inches, of text set in FONT at size points."""
    width, _, _ = TextToPath().get_text_width_height_descent(text, FontProperties(family=FONT, size=size), ismath=False)
    return width / 72


def wrapped(text, width, size):
    """text as lines no wider than width inches, broken between words (a longer word keeps its own line)."""
    lines = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines







def axis_limits(rows):
    """Ticks at 1, 2, 5 times powers of ten around every interval and HR 1, so no interval runs off the
    axis; over a wide range, only the powers of ten, so that labels never run together."""
    low = min([float(row["lower"]) for row in rows] + [0.5])
    high = max([float(row["upper"]) for row in rows] + [2])
    candidates = [mantissa * 10.0 ** power for power in range(math.floor(math.log10(low)) - 1,
                                                               math.ceil(math.log10(high)) + 1)
                  for mantissa in (1, 2, 5)]
    first = max(tick for tick in candidates if tick <= low)
    last = min(tick for tick in candidates if tick >= high)
    ticks = [tick for tick in candidates if first <= tick <= last]
    if len(ticks) > 7:
        ticks = [tick for tick in ticks if math.log10(tick).is_integer() or tick in (first, last)]
    return ticks


def row_lines(row):
    """The lines of a row's trial column: its name, wrapped to the column, then what was compared (if said)."""
    name = wrapped(row["name"], X_ENDPOINT - X_NAME - 0.1, NAME_SIZE)
    comparison = wrapped(row["comparison"], AXIS_LEFT - X_NAME - 0.1, COMPARISON_SIZE)
    return [(line, NAME_SIZE) for line in name] + [(line, COMPARISON_SIZE) for line in comparison]


def vertical_layout(rows):
    """(kind, top, height, row) for each group title and row, in inches down from the first; and the total."""
    layout, y = [], 0.0
    for row in rows:
        if not layout or row["group"] != layout[-1][3]["group"]:
            layout.append(("group", y, GROUP, row))
            y += GROUP
        layout.append(("row", y, ROW + SECOND_LINE * (len(row_lines(row)) - 1), row))
        y += layout[-1][2]
    return layout, y


def draw(rows, notes):
    """Draw the rows as a forest plot: text columns left and right of a log HR axis."""
    layout, y = vertical_layout(rows)
    height = HEADING + y + BOTTOM + NOTE_LINE * len(notes)
    fig = plt.figure(figsize=(WIDTH, height))
    bottom = (BOTTOM + NOTE_LINE * len(notes)) / height
    ax = fig.add_axes((AXIS_LEFT / WIDTH, bottom, (AXIS_RIGHT - AXIS_LEFT) / WIDTH, y / height))
    text_at = blended_transform_factory(fig.transFigure, ax.transData)  # x in figure, y in rows

    def text(x, y_, s, **style):
        # parse_math=False: a '$' in a trial's name is text, not the start of a formula
        ax.text(x / WIDTH, y_, s, transform=text_at, va="center", clip_on=False, parse_math=False,
                **{"fontsize": 9, **style})

    for x, heading, align in ((X_GROUP, "Trial", "left"), (X_ENDPOINT, "Endpoint", "left"), (X_N, "n", "right"),
                              (X_LABEL, "HR (95% CI)", "left")):
        text(x, -HEADING / 2, heading, ha=align, fontweight="bold")
    ax.plot([X_GROUP / WIDTH, 1 - X_GROUP / WIDTH], [-0.04, -0.04], transform=text_at, color="black",
            linewidth=0.6, clip_on=False)
    largest = max(row["n"] for row in rows)
    for kind, top, size, row in layout:
        middle = top + ROW / 2
        if kind == "group":
            text(X_GROUP, top + size / 2 + 0.02, row["group"], fontweight="bold")
            group_rows = [entry for entry in layout if entry[0] == "row" and entry[3]["group"] == row["group"]]
            ax.plot([1, 1], [top + size, group_rows[-1][1] + group_rows[-1][2]], color="black", linewidth=0.8)
            continue
        for index, (line, size) in enumerate(row_lines(row)):
            style = {} if size == NAME_SIZE else {"style": "italic", "color": "0.3"}
            text(X_NAME, middle + SECOND_LINE * index, line, fontsize=size, **style)
        text(X_ENDPOINT, middle, row["endpoint"])
        text(X_N, middle, str(row["n"]), ha="right")
        text(X_LABEL, middle, row["label"])
        ax.plot([float(row["lower"]), float(row["upper"])], [middle, middle], color="black", linewidth=1)
        side = max(3.0, 10.0 * (row["n"] / largest) ** 0.5)  # points; area ~ n, but never too small to see
        ax.plot([float(row["estimate"])], [middle], marker="s", markersize=side, markeredgewidth=0.8,
                markeredgecolor="black", markerfacecolor="white" if row["unverified"] else "black", zorder=3)
    ticks = axis_limits(rows)
    ax.set_xscale("log")
    ax.set_xlim(ticks[0] * 0.9, ticks[-1] * 1.1)
    ax.set_ylim(y, 0)
    ax.set_xticks(ticks, [f"{tick:g}" for tick in ticks], fontsize=8)
    ax.xaxis.set_minor_locator(NullLocator())  # plain ticks only, no 3x10^-1 clutter
    ax.set_yticks([])
    ax.set_xlabel("Hazard ratio (log scale)", fontsize=8, labelpad=3)
    for spine in ("left", "right", "top"):
        ax.spines[spine].set_visible(False)
    for label, offset, align in (("← Favors experimental treatment", -4, "right"), ("Favors control →", 4, "left")):
        ax.annotate(label, xy=(1, 0), xycoords=("data", "axes fraction"), xytext=(offset, -36),
                    textcoords="offset points", ha=align, va="top", fontsize=8)
    for index, note in enumerate(notes):
        fig.text(X_GROUP / WIDTH, (NOTE_LINE * (len(notes) - index - 0.5)) / height, note, fontsize=8, va="center")
    return fig




def rendered(fig, fmt, **options):
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, **options)
    return buffer.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in ("facts", "svg", "png", "json"):
        parser.add_argument(name)
    parser.add_argument("--settings", required=True, help="the config's forest_plot, as JSON")
    parser.add_argument("--config-file", required=True, help="where the settings were written, for messages")
    args = parser.parse_args()
    data = json.loads(Path(args.facts).read_text(encoding="utf-8"))
    rows = forest_rows(data, load_groups(json.loads(args.settings), args.config_file), args.facts)
    if not rows:
        raise BuildError(where(args.facts), "expected at least one hazard ratio with a confidence interval, found none")
    notes = ([DAGGER_NOTE] if any(row["unverified"] for row in rows) else []) + [SIZE_NOTE]
    sources = list(dict.fromkeys(row["ref"] for row in rows))
    matplotlib.rcdefaults()  # ignore any matplotlibrc, so every machine draws alike
    matplotlib.rcParams.update({"svg.hashsalt": "forest-plot", "svg.fonttype": "none", "font.family": FONT})
    fig = draw(rows, notes)
    # Every text drawn, for the audit of the renderings (scripts/render.py): the figure's text is real text now.
    texts = [text.get_text() for text in fig.findobj(plt.Text) if text.get_visible() and text.get_text()]
    svg = rendered(fig, "svg", metadata={"Date": None, "Creator": None}).replace(f"font-family: '{FONT}'".encode(),
                                                                 f"font-family: {FONT_STACK}".encode())
    write_atomic_bytes(args.svg, svg)
    write_atomic_bytes(args.png, rendered(fig, "png", dpi=300, metadata={"Software": None}))
    plt.close(fig)
    write_json(args.json, {"rows": rows, "sources": sources, "notes": notes, "alt": ALT,
                           "table": table_spec(rows), "texts": texts})


if __name__ == "__main__":
    fail_cleanly(main)
