"""Query parameters: how every listing and output reads them, and what it says when it cannot.

Every listing and every output declares the parameters it takes, each with its kind of value,
as `Parameters(p=P_SLUG, country=COUNTRY_CODE, ...)`, and reads them here. So a P, a country
code or a year means the same thing, and is refused in the same words, on the directory, the
good-practices database, the calendar, the search page, the news, the API, the map data, the
exports, the RSS/Atom feeds and the .ics feed.

What a value is, for every kind: a missing or blank parameter means "not asked" (`?country=` is
what a form's "All countries" sends; only the API refuses a blank, as it always has);
surrounding spaces do not count; P slugs, country codes and every other choice are matched in
any case (booleans are read as Wagtail's API reads its own: true, false, 1, 0).

A refusal names the parameter, what it takes and what it was given: "p must be one of
prevention, protection, prosecution, participation, not 'prosperity'." Each kind of surface then
does one thing with it:

- an HTML page drops the value (or keeps the part it can use), says so in a notice, and keeps the
  other filters: `Parameters.for_page`;
- a machine output answers 400, never a silently different answer: `Parameters.for_output`
  raises `BadQuery`, which `bad_request()` turns into a text/plain answer (the API raises
  Wagtail's BadRequestError with the same message).

Why a small layer of our own rather than django-filter FilterSets: a FilterSet validates and
filters one model's queryset in one go, while our surfaces filter signatories by their
initiatives' paths, initiatives by their signatory, events through their queryset's own methods,
search hits and three feed models; and its validation goes through Django form fields, whose
messages would have to be rewritten field by field to say the same words on a page, in a
text/plain 400 and in the API's JSON. Here the reading is shared and each surface keeps its
filtering; each kind writes its message once.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.http import HttpResponse
from django_countries import countries

from core.four_ps import P_SLUGS
from core.site_time import start_of_day

# Values are echoed in messages: a few dozen characters are enough to recognise one.
SHOWN_LENGTH = 40
MAX_QUERY_LENGTH = 200
MAX_WORDS = 20
# Letters and digits of any script ("Zürich", "Île", "prévention"); everything else separates.
WORD = re.compile(r"\w+", re.UNICODE)


def shown(value):
    """A visitor's value as a message quotes it: cut to 40 characters, control characters
    replaced (an HTML page escapes it; a text/plain answer must not break its line)."""
    text = "".join(char if char.isprintable() else "\N{REPLACEMENT CHARACTER}" for char in value)
    return text if len(text) <= SHOWN_LENGTH else text[:SHOWN_LENGTH] + "…"


class Refused(ValueError):
    """One parameter's value that cannot be used as given.

    `message` names the parameter, what it takes and what it was given; `kept` is what an HTML
    page may still use of the value (a text cut to length) or None; `outcome` says, on a page,
    what became of the value."""

    def __init__(self, name, message, kept=None, outcome="It was ignored."):
        super().__init__(message)
        self.name = name
        self.message = message
        self.kept = kept
        self.outcome = outcome

    @property
    def notice(self):
        """What an HTML page says: the same message, and what the page did with the value."""
        return f"{self.message} {self.outcome}"


class BadQuery(ValueError):
    """The refusals of a machine output's query: it answers 400 with all their messages."""

    def __init__(self, refusals):
        self.refusals = list(refusals)
        super().__init__(" ".join(refusal.message for refusal in self.refusals))


def bad_request(error):
    """The 400 of a machine output other than the API: the messages, in plain text."""
    return HttpResponse(f"{error}\n", status=400, content_type="text/plain; charset=utf-8")


class ValueKind:
    """A kind of value. Subclasses set `allowed`, which completes "<name> must be ...", and turn
    a stripped, non-blank text into the clean value in `clean`, raising ValueError if they
    cannot; `schema` is the value's JSON schema for the OpenAPI description."""

    allowed = ""

    def clean(self, text):
        raise NotImplementedError

    def schema(self):
        return {"type": "string"}

    def message(self, name, text):
        return f"{name} must be {self.allowed}, not '{shown(text)}'."

    def read(self, name, text):
        """(clean value, note for the visitor or ""), or Refused."""
        try:
            return self.clean(text), ""
        except ValueError as error:
            raise Refused(name, self.message(name, text)) from error


class Choice(ValueKind):
    """One of a closed list of values, in any case: the four Ps, profiles, kinds, orders...
    `values` may be a function giving them, for lists editors can extend (target groups)."""

    def __init__(self, values):
        self._values = values

    @property
    def values(self):
        return list(self._values() if callable(self._values) else self._values)

    @property
    def allowed(self):
        return f"one of {', '.join(self.values) or 'none yet'}"

    def clean(self, text):
        by_lower_case = {value.lower(): value for value in self.values}
        if text.lower() not in by_lower_case:
            raise ValueError(text)
        return by_lower_case[text.lower()]

    def schema(self):
        return {"type": "string", "enum": self.values}


class CountryCode(ValueKind):
    """An ISO 3166-1 alpha-2 code of a country we know, in either case; given upper-case."""

    allowed = "a two-letter country code such as FR, DE or IT"

    def clean(self, text):
        code = text.upper()
        if len(code) != 2 or code not in countries:
            raise ValueError(code)
        return code

    def schema(self):
        # The codes themselves, not a pattern: a client generated from the description must not
        # send a two-letter code that is no country (KS) and meet a refusal.
        codes = sorted(code for code, _ in countries)
        return {"type": "string", "enum": codes + [code.lower() for code in codes]}


class Year(ValueKind):
    """A year between two bounds, written in digits; given as an int."""

    def __init__(self, first, last):
        self.first, self.last = first, last
        self.allowed = f"a year from {first} to {last}, such as 2024"

    def clean(self, text):
        if not re.fullmatch(r"[0-9]{1,4}", text) or not self.first <= int(text) <= self.last:
            raise ValueError(text)
        return int(text)

    def schema(self):
        return {"type": "integer", "minimum": self.first, "maximum": self.last}


class Month(ValueKind):
    """A month as year-month (2026-12 or 2026-1) between two years; given as (year, month)."""

    def __init__(self, first_year, last_year):
        self.first_year, self.last_year = first_year, last_year
        self.allowed = f"a year and month such as 2026-12, from {first_year} to {last_year}"

    def clean(self, text):
        match = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})", text)
        if not match:
            raise ValueError(text)
        year, month = int(match[1]), int(match[2])
        if not (self.first_year <= year <= self.last_year and 1 <= month <= 12):
            raise ValueError(text)
        return year, month

    def schema(self):
        return {"type": "string", "pattern": "^[0-9]{4}-[0-9]{1,2}$"}


class IsoDate(ValueKind):
    """An ISO date (2026-07-14), meaning the start of that day in Strasbourg, or an ISO date and
    time (without an offset: Strasbourg time); given as an aware datetime."""

    allowed = (
        "an ISO date such as 2026-07-14 (or a date and time such as 2026-07-14T10:00:00+02:00)"
    )

    # The days a database can compare with once in UTC: a day at either end of the calendar
    # moves out of it (0001-01-01 in Strasbourg is still year 0 in UTC). Earlier or later dates
    # are read as these, which selects the same events.
    FIRST_DAY = date(1, 1, 2)
    LAST_DAY = date(9999, 12, 30)

    def clean(self, text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            moment = datetime.fromisoformat(text)
            day = moment.date()
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=start_of_day(day).tzinfo)
        else:
            moment = None
        if not self.FIRST_DAY <= day <= self.LAST_DAY:
            return start_of_day(min(max(day, self.FIRST_DAY), self.LAST_DAY))
        return moment or start_of_day(day)

    def schema(self):
        return {"type": "string", "anyOf": [{"format": "date"}, {"format": "date-time"}]}


class Boolean(ValueKind):
    """true or false (also 1 or 0), as Wagtail's API reads its own booleans."""

    allowed = "true or false"
    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def clean(self, text):
        if text not in self.VALUES:
            raise ValueError(text)
        return self.VALUES[text]

    def schema(self):
        return {"type": "string", "enum": list(self.VALUES)}


class PageId(ValueKind):
    """The id of a page of some type, in digits; given as an int. Whether that page exists is
    the surface's business (a 404, not a refusal)."""

    # The largest id a database's page table can hold: a larger one is no id at all.
    LARGEST = 2**31 - 1

    def __init__(self, what):
        self.allowed = f"the page id of {what}, such as 42"

    def clean(self, text):
        if not re.fullmatch(r"[0-9]{1,10}", text) or not 1 <= int(text) <= self.LARGEST:
            raise ValueError(text)
        return int(text)

    def schema(self):
        return {"type": "integer", "minimum": 1, "maximum": self.LARGEST}


class Text(ValueKind):
    """Free text of at most `max_length` characters. A page uses the first `max_length` of a
    longer one and says so; a machine output refuses it."""

    def __init__(self, max_length):
        self.max_length = max_length
        self.allowed = f"at most {max_length} characters long"

    def read(self, name, text):
        if len(text) <= self.max_length:
            return text, ""
        raise Refused(
            name,
            self.message(name, text),
            kept=text[: self.max_length].strip(),
            outcome=f"It was cut to its first {self.max_length} characters.",
        )

    def schema(self):
        # No NUL: RefuseNulCharactersMiddleware refuses any address holding one.
        return {"type": "string", "maxLength": self.max_length, "pattern": "^[^\\x00]*$"}


class Lookup(ValueKind):
    """A value naming a row, found by `find(text)` (None when there is none), such as a tag by
    its slug; given as what `find` returns."""

    def __init__(self, allowed, find):
        self.allowed = allowed
        self.find = find

    def clean(self, text):
        found = self.find(text)
        if found is None:
            raise ValueError(text)
        return found


class NotTaken(ValueKind):
    """A parameter this surface refuses whatever its value, for a reason worth saying (news
    belong to no country): better than silently ignoring it."""

    def __init__(self, reason):
        self.reason = reason

    def read(self, name, text):
        raise Refused(name, f"{name} cannot be used here: {self.reason}")


def clean_query(raw):
    """(words to search for, a notice for the visitor or "").

    The search backend receives plain lower-case words: quotes, brackets, `*`, `-` and operators
    such as AND/OR/NOT are treated as spaces or ordinary words, never as query syntax, so odd
    input never fails (SQLite's FTS5 fails on an unbalanced quote) and the same words give the
    same results in every search box.
    """
    raw = (raw or "").strip()
    notice = ""
    if len(raw) > MAX_QUERY_LENGTH:
        raw = raw[:MAX_QUERY_LENGTH]
        notice = f"Your search was long: only its first {MAX_QUERY_LENGTH} characters were used."
    words = [word.lower() for word in WORD.findall(raw.replace("_", " "))]
    if len(words) > MAX_WORDS:
        words = words[:MAX_WORDS]
        notice = f"Your search had many words: only the first {MAX_WORDS} were used."
    return " ".join(words), notice


class Words(ValueKind):
    """Words to search for, cleaned by clean_query(); never refused (a search with no words in
    it finds nothing, which each surface says in its own way)."""

    def read(self, name, text):
        return clean_query(text)


@dataclass
class PageFilters:
    """What an HTML page reads: the values it can use, and a notice for each it could not."""

    values: dict = field(default_factory=dict)
    notices: list = field(default_factory=list)


class Parameters:
    """The query parameters one surface takes, `Parameters(p=P_SLUG, country=COUNTRY_CODE)`,
    in the order its notices and addresses list them."""

    def __init__(self, **kinds):
        self.kinds = kinds

    @property
    def names(self):
        return tuple(self.kinds)

    def _read(self, query, blank_is_absent):
        """(values, what was said) of the declared parameters present in `query`: what was
        said is a Refused for each value refused, a note for each value used in part."""
        values, said = {}, []
        for name, kind in self.kinds.items():
            if name not in query:
                continue
            text = (query.get(name) or "").strip()
            if not text and blank_is_absent:
                continue
            try:
                values[name], note = kind.read(name, text)
            except Refused as refusal:
                said.append(refusal)
                if refusal.kept:
                    values[name] = refusal.kept
                continue
            if note:
                said.append(note)
        return values, said

    def for_page(self, query):
        """The values an HTML page uses: each bad one dropped (or cut) with a notice."""
        values, said = self._read(query, blank_is_absent=True)
        notices = [item.notice if isinstance(item, Refused) else item for item in said]
        return PageFilters(values, notices)

    def for_output(self, query, blank_is_absent=True):
        """The values a machine output uses, or BadQuery naming every bad one. The API refuses
        a blank value too (blank_is_absent=False), as it always has."""
        values, said = self._read(query, blank_is_absent)
        refusals = [item for item in said if isinstance(item, Refused)]
        if refusals:
            raise BadQuery(refusals)
        return values


# The kinds every surface shares.
P_SLUG = Choice(P_SLUGS)
COUNTRY_CODE = CountryCode()


# A NUL character is no letter of any value an address of this site takes, and PostgreSQL
# refuses it in any text it is sent (psycopg2 raises ValueError): the directory's search,
# /participants/?q=a%00b, was a 500 there, and so would be any value that reaches a query.
NUL = "\x00"
NUL_MESSAGE = (
    "This address holds a NUL character (%00), which no address of this site takes: "
    "remove it and try again."
)


def holds_nul(request):
    """Whether the request's path or query string (as read: %00 decoded) holds a NUL."""
    return NUL in request.path or any(
        NUL in name or any(NUL in value for value in values) for name, values in request.GET.lists()
    )


class RefuseNulCharactersMiddleware:
    """Answers 400, in plain text, any request whose path or query parameters hold a NUL
    character, before any view reads them. Form fields refuse it on their own (Django's
    ProhibitNullCharactersValidator); the POST body is left alone here, so that views may still
    choose their upload handlers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if holds_nul(request):
            return HttpResponse(
                f"{NUL_MESSAGE}\n", status=400, content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)
