"""One row of an import checked against the rules a signatory's page is held to.

The columns are those of the open-data export (pact/open_data.py COLUMNS), so an export of one
site imports into another. What each column becomes:

- name: the page's title (required);
- url: the address; its last part is the slug, the key an import finds an existing signatory
  by (the other columns are the page's values);
- profile, kind: values such as `authority` and `city` (or the labels the export also gives,
  `kind_label`); a missing profile follows from the kind;
- country: an ISO code such as FR (or, when it is empty, the English name in country_name);
- town, population, signed_on (YYYY-MM-DD), website, public_contact_name/_email/_phone;
- latitude, longitude: the signatory's own place; when `approximate` is true they are only its
  country's centre, which the map finds by itself, so they are not stored.

The other columns (id, ps, initiatives and the monitoring figures) are worked out by the site
and are ignored. Each value goes through the model field's own validation and the page's own
`clean()`, so an import accepts exactly what the page editor accepts.
"""

from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django_countries import countries

from core.exports import looks_like_formula
from pact.models import Kind, Profile, SignatoryPage, profile_of_kind
from pact.open_data import COLUMNS

REQUIRED = ("name",)
# Columns stored on the page, as SignatoryPage names them.
STORED = {
    "name": "title",
    "profile": "profile",
    "kind": "kind",
    "country": "country",
    "town": "town",
    "latitude": "latitude",
    "longitude": "longitude",
    "population": "population",
    "signed_on": "signed_on",
    "website": "website",
    "public_contact_name": "public_contact_name",
    "public_contact_email": "public_contact_email",
    "public_contact_phone": "public_contact_phone",
}
TRUE = ("true", "yes", "1")
KIND_BY_LABEL = {str(kind.label).casefold(): kind.value for kind in Kind}
PROFILE_BY_LABEL = {str(profile.label).casefold(): profile.value for profile in Profile}


@dataclass
class Row:
    """A checked row: the page's values, or the errors that keep it out."""

    line: int
    values: dict = field(default_factory=dict)
    slug: str = ""
    errors: list = field(default_factory=list)
    page: SignatoryPage = None

    @property
    def key(self):
        """What finds the signatory again: its slug, else its name and country."""
        return ("slug", self.slug) if self.slug else ("name", self.name_key)

    @property
    def name_key(self):
        return (self.values.get("title", "").casefold(), self.values.get("country", ""))


def unguarded(text):
    """A cell as it was before the export's formula guard (core.exports) put a quote before
    it: "'+33 1 00" was "+33 1 00"."""
    text = text.strip()
    if text.startswith("'") and looks_like_formula(text[1:]):
        return text[1:]
    return text


def slug_from_url(url):
    """The last part of a signatory's address: .../participants/city-of-lyon/ gives
    city-of-lyon."""
    parts = [part for part in urlsplit(url).path.split("/") if part]
    return parts[-1] if parts else ""


def _choice(raw, by_label, choices):
    """A choice's value from its value in any case or its label."""
    value = raw.strip()
    if value.lower() in choices.values:
        return value.lower()
    return by_label.get(value.casefold(), value)


def _country(cells):
    code = cells.get("country", "").strip().upper()
    if code:
        return code
    name = cells.get("country_name", "").strip()
    return (countries.by_name(name) or name) if name else ""


def _values(cells):
    """The raw values for each stored field, before validation."""
    values = {STORED[name]: cells[name] for name in STORED if name in cells}
    values["kind"] = _choice(cells.get("kind") or cells.get("kind_label", ""), KIND_BY_LABEL, Kind)
    profile = _choice(cells.get("profile", ""), PROFILE_BY_LABEL, Profile)
    if not profile and values["kind"] in Kind.values:
        profile = profile_of_kind(values["kind"])
    values["profile"] = profile
    values["country"] = _country(cells)
    if cells.get("approximate", "").strip().lower() in TRUE:
        values["latitude"] = values["longitude"] = ""
    return values


def check_row(line, cells):
    """A Row from the cells of one line ({column: text})."""
    cells = {name: unguarded(text) for name, text in cells.items()}
    row = Row(line=line)
    raw = _values(cells)
    for name in REQUIRED:
        if not cells.get(name):
            row.errors.append(f"{name}: this column is required.")
    page = SignatoryPage()
    for name, value in raw.items():
        model_field = SignatoryPage._meta.get_field(name)
        try:
            cleaned = _clean(model_field, value or _empty(model_field))
        except ValidationError as error:
            row.errors.append(f"{_column(name)}: {' '.join(error.messages)}")
            continue
        row.values[name] = cleaned
        setattr(page, name, cleaned)
    slug = slug_from_url(cells.get("url", ""))
    if slug:
        try:
            validate_slug(slug)
            row.slug = slug
        except ValidationError:
            row.errors.append(f"url: {cells['url']!r} does not end with a valid page address.")
    if not row.errors:
        row.errors += _page_rules(page)
    if not row.errors:
        # The page to create, if the row makes a new signatory (one instance, not two).
        row.page = page
    return row


@cache
def _choices(model_field):
    """The values a field with choices takes, as a set, once: Django's own check lists every
    choice again for each value (250 countries for each row)."""
    return frozenset(str(value) for value, _ in model_field.flatchoices)


def _clean(model_field, value):
    """`model_field.clean(value)`: the same checks and messages (Field.validate), with the
    choices looked up in a set."""
    value = model_field.to_python(value)
    if model_field.choices and value not in model_field.empty_values:
        if str(value) not in _choices(model_field):
            raise ValidationError(
                model_field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
    if value is None and not model_field.null:
        raise ValidationError(model_field.error_messages["null"], code="null")
    if not model_field.blank and value in model_field.empty_values:
        raise ValidationError(model_field.error_messages["blank"], code="blank")
    model_field.run_validators(value)
    return value


def _empty(model_field):
    """What an empty cell is for this field: NULL where the field takes it, else ""."""
    return None if model_field.null else ""


def _column(field_name):
    return next((name for name, stored in STORED.items() if stored == field_name), field_name)


def _page_rules(page):
    """The errors SignatoryPage.clean() finds (kind within profile, both coordinates or
    neither). The slug's uniqueness among its siblings, which Page.clean also checks with a
    query per page, is the import's own business (the slug is its key)."""
    page._check_slug_is_unique = lambda: None
    try:
        page.clean()
    except ValidationError as error:
        return [
            f"{_column(name)}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        ]
    finally:
        del page._check_slug_is_unique
    return []


# Each need is met by one of its columns: the kind by its value or its label, the country by
# its code or its name.
NEEDED = (("name",), ("kind", "kind_label"), ("country", "country_name"))


def missing_columns(columns):
    """The columns a file lacks for any of its rows to make a signatory."""
    return [" or ".join(names) for names in NEEDED if not set(names) & set(columns)]


def ignored_columns(columns):
    """Columns the export does not have: ignored, and said so."""
    return [name for name in columns if name and name not in COLUMNS]
