"""The progress dashboard's datasets: for each chart, its title, a sentence giving its main
numbers, its table's columns and rows, and its chart (monitoring/charts.py). The page shows
them all; /progress/<slug>.csv and .json give one each, with the same rows and columns.

The numbers come from monitoring/progress.py; the views are in monitoring/views.py.
"""

from dataclasses import dataclass, field

from . import progress
from .charts import bar_chart, column_chart

# The downloads, in the order the page shows them.
SLUGS = ("signatories-over-time", "statuses", "actions-by-p", "actions", "countries")


@dataclass
class Dataset:
    slug: str
    title: str
    summary: str  # the chart's description, with its main numbers
    columns: tuple  # ((key, heading), ...): the CSV header and JSON keys are the keys
    rows: list
    chart: object = None
    note: str = ""
    links: list = field(default_factory=list)  # (label, address): pages about its rows

    @property
    def headings(self):
        return [heading for _, heading in self.columns]

    @property
    def keys(self):
        return [key for key, _ in self.columns]

    def table(self):
        """The rows as lists of cells in column order, for the HTML table."""
        return [[row.get(key) for key in self.keys] for row in self.rows]


def plural(count, one, many):
    return f"{count} {one if count == 1 else many}"


def pct(value):
    return "no" if value is None else f"{value:g}%"


def signatories_over_time(scope):
    rows, undated = progress.over_time(scope)
    last = rows[-1] if rows else None
    if last:
        summary = (
            f"{plural(last['total'], 'signatory', 'signatories')} {scope.where} by "
            f"{last['year']}, from {rows[0]['year']}; {last['joined']} joined in {last['year']}."
        )
    else:
        summary = f"No signatory {scope.where} yet."
    chart = column_chart(
        [
            {
                "label": str(row["year"]),
                "segments": [
                    ("earlier", row["total"] - row["joined"]),
                    ("new", row["joined"]),
                ],
            }
            for row in rows
        ],
        legend=[("earlier", "Joined in earlier years"), ("new", "Joined that year")],
    )
    return Dataset(
        "signatories-over-time",
        f"Signatories over time, {scope.where}",
        summary,
        (
            ("year", "Year"),
            ("authorities", "Authorities joined"),
            ("organisations", "Organisations joined"),
            ("joined", "Joined that year"),
            ("total", "Signatories by the end of the year"),
        ),
        rows,
        chart,
        note=(
            f"{plural(undated, 'signatory has', 'signatories have')} no known date and "
            "are left out."
            if undated
            else ""
        ),
    )


def statuses(scope):
    rows, totals = progress.statuses(scope)
    summary = (
        f"No signatory {scope.where} yet."
        if not totals["signatories"]
        else (
            f"{totals['up_to_date']} of {plural(totals['signatories'], 'signatory', 'signatories')}"
            f" {scope.where} ({pct(totals['up_to_date_share'])}) are up to date with their action "
            f"plan and reports; {totals['behind']} are overdue or on hold."
        )
    )
    chart = bar_chart(
        [
            {
                "label": row["label"],
                "numbers": f"{plural(row['signatories'], 'signatory', 'signatories')}"
                + (f" ({pct(row['share'])})" if row["share"] is not None else ""),
                "segments": [(row["status"], row["signatories"])],
                "scale": totals["signatories"],
            }
            for row in rows
        ]
    )
    return Dataset(
        "statuses",
        f"Up to date with their reports, {scope.where}",
        summary,
        (
            ("status", "Status code"),
            ("label", "Status"),
            ("signatories", "Signatories"),
            ("share", "Share of signatories (%)"),
        ),
        rows,
        chart,
        note=(
            "Up to date: joined (action plan not yet due), action plan in place, or reporting. "
            "Behind: overdue, or on hold (put on hold by the secretariat, or long overdue)."
        ),
    )


def actions_by_p(scope, action_rows):
    rows = progress.by_p(action_rows, scope)
    parts = [f"{row['p_name']} {pct(row['in_place_share'])}" for row in rows]
    if not rows or not any(row["actions"] for row in rows):
        summary = "No possible action is listed yet."
    elif not any(row["possible"] for row in rows):
        summary = f"No signatory {scope.where} yet."
    else:
        summary = (
            f"Share of the possible actions in place {scope.where}, by P: " + ", ".join(parts) + "."
        )
    chart = bar_chart(
        [
            {
                "label": row["p_name"],
                "numbers": f"{row['in_place']} in place, {row['planned']} planned, of "
                f"{row['possible']} ({pct(row['in_place_share'])} in place)",
                "segments": [("in-place", row["in_place"]), ("planned", row["planned"])],
                "scale": row["possible"],
            }
            for row in rows
        ],
        legend=[("in-place", "In place"), ("planned", "Planned")],
    )
    return Dataset(
        "actions-by-p",
        f"Actions in place per P, {scope.where}",
        summary,
        (
            ("p", "P code"),
            ("p_name", "P"),
            ("actions", "Possible actions"),
            ("in_place", "In place"),
            ("planned", "Planned"),
            ("possible", "Signatories × actions"),
            ("in_place_share", "In place (%)"),
            ("planned_share", "Planned (%)"),
        ),
        rows,
        chart,
        note="Each signatory counts once per possible action: the share is of every signatory "
        "times the P's actions. A signatory that has not filled its checklist counts as not "
        "started.",
    )


def actions(scope, action_rows):
    drawn, current_p = [], None
    for row in action_rows:
        if not scope.p and row["p"] != current_p:
            current_p = row["p"]
            drawn.append({"label": row["p_name"], "heading": True})
        drawn.append(
            {
                "label": row["title"],
                "numbers": f"{row['in_place']} in place, {row['planned']} planned, of "
                f"{plural(row['signatories'], 'signatory', 'signatories')}",
                "segments": [("in-place", row["in_place"]), ("planned", row["planned"])],
                "scale": row["signatories"],
            }
        )
    chart = bar_chart(drawn, legend=[("in-place", "In place"), ("planned", "Planned")])
    top = max(action_rows, key=lambda row: row["in_place"], default=None)
    if top and top["in_place"]:
        summary = (
            f"{len(action_rows)} possible actions{' under ' + scope.p_name if scope.p else ''}"
            f" {scope.where}; the most widely in place is “{top['title']}”, at "
            f"{plural(top['in_place'], 'signatory', 'signatories')} of {top['signatories']}."
        )
    else:
        summary = f"No action is in place {scope.where} yet."
    title = f"Actions in place, {scope.p_name or 'one by one'}, {scope.where}"
    return Dataset(
        "actions",
        title,
        summary,
        (
            ("code", "Action code"),
            ("p", "P"),
            ("title", "Action"),
            ("in_place", "In place"),
            ("planned", "Planned"),
            ("signatories", "Signatories"),
            ("in_place_share", "In place (%)"),
            ("planned_share", "Planned (%)"),
        ),
        action_rows,
        chart,
    )


def countries(scope):
    rows = progress.by_country(scope)
    largest = max((row["signatories"] for row in rows), default=0)
    under = f" under {scope.p_name}" if scope.p else ""
    chart = bar_chart(
        [
            {
                "label": row["country_name"],
                "numbers": f"{plural(row['signatories'], 'signatory', 'signatories')}, "
                f"{row['with_action_in_place']} with an action in place{under}, "
                f"{row['up_to_date']} up to date",
                "segments": [
                    ("in-place", row["with_action_in_place"]),
                    ("signatories", row["signatories"] - row["with_action_in_place"]),
                ],
                "scale": largest,
                "highlighted": row["selected"],
            }
            for row in rows
        ],
        legend=[
            ("in-place", f"With an action in place{under}"),
            ("signatories", "Other signatories"),
        ],
    )
    summary = (
        f"Signatories in {plural(len(rows), 'country', 'countries')}; the most in "
        f"{max(rows, key=lambda row: row['signatories'])['country_name']}."
        if rows
        else "No signatory yet."
    )
    return Dataset(
        "countries",
        "Countries, Europe-wide",
        summary,
        (
            ("country", "Country code"),
            ("country_name", "Country"),
            ("signatories", "Signatories"),
            ("with_action_in_place", f"With an action in place{under}"),
            ("with_action_in_place_share", f"With an action in place{under} (%)"),
            ("up_to_date", "Up to date"),
            ("up_to_date_share", "Up to date (%)"),
        ),
        [{key: value for key, value in row.items() if key != "selected"} for row in rows],
        chart,
    )


def datasets(scope, only=None):
    """The datasets of the dashboard for this scope (or only the one named `only`), in order."""
    wanted = set(SLUGS if only is None else [only])
    built = []
    if "signatories-over-time" in wanted:
        built.append(signatories_over_time(scope))
    if "statuses" in wanted:
        built.append(statuses(scope))
    if wanted & {"actions-by-p", "actions"}:
        action_rows = progress.by_action(scope)
        if "actions-by-p" in wanted:
            built.append(actions_by_p(scope, action_rows))
        if "actions" in wanted:
            built.append(actions(scope, action_rows))
    if "countries" in wanted:
        built.append(countries(scope))
    return built
