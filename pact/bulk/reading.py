"""Reading a list of signatories: CSV or XLSX, one row per signatory under a header row.

Both give (line number, {column: text}) with the line number a person sees in their editor or
spreadsheet (the header is line 1), so that every error can name its line. Column names are
matched whatever their case and surrounding spaces. XLSX cells are turned into the text the
CSV export would hold (a date as 2026-05-12, a whole number without ".0").
"""

import csv
import datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException


class FileError(Exception):
    """The file as a whole cannot be read; the message says why in plain words."""


def column_name(header):
    return str(header or "").strip().lower()


def _csv_rows(path):
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
    except OSError as error:
        raise FileError(f"Cannot open {path}: {error.strerror}.") from error
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                raise FileError(f"{path} is empty: it needs a header row, then one row each.")
            yield [column_name(name) for name in header]
            line = reader.line_num + 1
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    yield line, cells
                line = reader.line_num + 1
        except UnicodeDecodeError as error:
            raise FileError(
                f"{path} is not UTF-8 text: save it as CSV UTF-8 (or as XLSX) and try again."
            ) from error
        except csv.Error as error:
            raise FileError(f"{path}, line {reader.line_num}: {error}.") from error


def xlsx_text(value):
    """A cell's value as the CSV export writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(path):
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as error:
        raise FileError(f"Cannot read {path} as an XLSX workbook: {error}") from error
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise FileError(f"{path} is empty: it needs a header row, then one row each.")
        yield [column_name(name) for name in header]
        for line, cells in enumerate(rows, start=2):
            texts = [xlsx_text(cell) for cell in cells]
            if any(text.strip() for text in texts):
                yield line, texts
    finally:
        workbook.close()


def read_table(path):
    """(columns, iterator of (line, {column: text})) of a .csv or .xlsx file."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path)
    else:
        raise FileError(f"{path}: give a .csv or .xlsx file (the open-data export is a .csv).")
    columns = next(rows)
    duplicated = sorted({name for name in columns if name and columns.count(name) > 1})
    if duplicated:
        raise FileError(f"{path}: the column {', '.join(duplicated)} appears twice.")

    def records():
        for line, cells in rows:
            yield line, {name: cells[i] if i < len(cells) else "" for i, name in enumerate(columns)}

    return columns, records()
