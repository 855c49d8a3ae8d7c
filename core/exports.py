"""Spreadsheet exports: the one guard against formulas in the data we hand out.

A spreadsheet program runs a cell whose text starts with =, +, -, @, a tab or a carriage return
as a formula ("CSV injection"): a sign-up named `=HYPERLINK(...)` or an address such as
`=2+5+cmd|'/Ccalc'!A0@x.invalid` would act on the secretariat's computer. Such text is exported
with a leading quote, which spreadsheets show as text; numbers stay numbers (a longitude of -3.7
is no formula). So is text that starts so after spaces or line breaks (some spreadsheets trim
them on import), after a NUL (OWASP ASVS 1.2.10 lists it), or with the full-width =, +, - and @
that some spreadsheets read as their ASCII forms.

Every CSV and XLSX export uses it: the open data (pact/open_data.py) and, through
SpreadsheetSafeExportMixin, the admin listings. Wagtail's own export already writes XLSX cells
that openpyxl takes for formulas as text, but leaves CSV cells alone, and a text cell starting
with = becomes a formula again as soon as someone edits it: both formats get the same text here.
"""

# The characters that make a spreadsheet read a text cell as a formula.
FORMULA_STARTS = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\n",
    "\0",
    "\N{FULLWIDTH EQUALS SIGN}",
    "\N{FULLWIDTH PLUS SIGN}",
    "\N{FULLWIDTH HYPHEN-MINUS}",
    "\N{FULLWIDTH COMMERCIAL AT}",
)


def looks_like_formula(text):
    """Whether a spreadsheet could read `text` as a formula: it starts with one of
    FORMULA_STARTS, before or after any leading white space."""
    return text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS)


def spreadsheet_safe(value):
    """`value`, with a quote before text a spreadsheet would run as a formula; anything that is
    not text (numbers, dates, booleans, None) is returned as it is."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


class SpreadsheetSafeExportMixin:
    """For wagtail-modeladmin IndexViews (before IndexView in the bases): every value of the
    CSV and XLSX exports goes through spreadsheet_safe, after Wagtail's own formatting (lists
    joined, dates made naive), so the rule sees the text that is written."""

    def preprocess_field_value(self, field, value, export_format):
        """Wagtail's value for the cell, made safe whatever the format."""
        return spreadsheet_safe(super().preprocess_field_value(field, value, export_format))
