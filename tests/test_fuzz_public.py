"""Fuzzing what the public can send (issue 16): every public form and every query parameter of
every public address, on the demo site.

Two properties, whatever is sent:
- never a server error (the test client re-raises a view's exception, so one fails the test);
- never a changed database or stored file on a refused input: a GET of a public address never
  writes; a form POST that is not accepted (anything but a redirect to its next step) writes
  nothing and stores no file.

"Writes" are the INSERT, UPDATE and DELETE statements the request runs (CaptureQueriesContext),
so an update that leaves row counts alone is seen too.

A fast sweep (every address, every parameter name, a fixed list of hostile values) runs in the
ordinary suite, on SQLite and PostgreSQL (where a NUL character fails any query: core.query_params
refuses it first); the Hypothesis searches are marked slow_checks (CI runs them once), with a fixed
number of examples, derandomised. The API has its own fuzzer against its OpenAPI description
(tests/test_api_schemathesis.py).
"""

import contextlib
import re
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.core.files.storage import Storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from core.query_params import NUL_MESSAGE, Parameters
from tests.joining import image_bytes, join_data, pdf_bytes

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)

# --- What a visitor may send -----------------------------------------------------------------

# Values that have broken parsers somewhere: NUL and other control characters, numbers too
# large for an integer column or for int() itself, dates out of range, markup, path tricks,
# right-to-left marks, emoji, lone quotes.
HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\r\nSet-Cookie: x=1",
    "0",
    "-1",
    "2147483648",
    "99999999999999999999999",
    "9" * 5000,
    "1e309",
    "NaN",
    "2026-13-45",
    "0000-00-00",
    "9999-12-31T23:59:59+99:00",
    "true",
    "[]",
    "{}",
    "'",
    '"',
    "%",
    "*",
    "\\",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "x" * 1000,
    "\u202etxt.exe",
    "\U0001f600",
    "Zürich",
    "prevention",
    "FR",
    "xx",
]
FAST_SWEEP = ["\x00", "9" * 5000, "2147483648", "-1", "'\"<>%*\\", "\U0001f600", "x" * 1000]

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
VALUE = st.one_of(st.sampled_from(HOSTILE), TEXT)


def parameter_names():
    """Every query parameter name a surface declares (core.query_params.Parameters), the ones
    read outside it (page, next, profile, step) and a few that no surface takes."""
    from alerts import items
    from home import models as home_models
    from pact import api, calendar, directory, good_practices, ical, openapi
    from search import views as search_views

    names = {"page", "next", "profile", "step", "format", "order", "limit", "offset", "fields"}
    names |= {"type", "child_of", "descendant_of", "utm_source", "callback", "id", "slug"}
    modules = [api, calendar, directory, ical, openapi, home_models, search_views]
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, Parameters):
                names |= set(value.names)
            parameters = getattr(value, "parameters", None)
            if isinstance(parameters, Parameters):
                names |= set(parameters.names)
    for parameters in items.TOPIC_FILTERS.values():
        names |= set(parameters.names)
    names |= set(good_practices.good_practices_filters([]).names)
    return sorted(names)


NAMES = parameter_names()


def routable_subpage_paths(page):
    """The sub-routes of a routable page that take no argument: /calendar/feed.ics..."""
    paths = []
    for pattern in page.get_subpage_urls():
        route = str(pattern.pattern)
        if "<" in route or "(" in route:
            continue
        paths.append(page.url + route.lstrip("^").rstrip("$"))
    return paths


def public_paths():
    """One live page of every page type, the routes of routable pages, and the addresses
    outside the page tree (forms, search, feeds, API, sitemap)."""
    paths, seen = [], set()
    for page in Page.objects.live().public().filter(depth__gt=1).specific().order_by("path"):
        kind = type(page)
        if kind not in seen:
            seen.add(kind)
            paths.append(page.url)
        if isinstance(page, RoutablePageMixin):
            paths += [path for path in routable_subpage_paths(page) if path not in paths]
    from alerts.items import KINDS

    for kind in KINDS:
        paths += [f"/feeds/{kind}/", f"/feeds/{kind}/atom/"]
    paths += [
        "/search/",
        "/join/",
        "/join/check-your-inbox/",
        "/account/login/",
        "/account/password-reset/",
        "/alerts/subscribe/",
        "/alerts/subscribe/sent/",
        "/privacy/",
        "/sitemap.xml",
        "/robots.txt",
        "/api/v2/pages/",
        "/api/v2/signatories/",
        "/no-such-page/",
        # Routes with an argument, which routable_subpage_paths leaves out.
        "/participants/country/fr/",
        "/progress/actions.csv",
        "/progress/countries.json",
    ]
    return paths


# --- What is checked -------------------------------------------------------------------------


@contextlib.contextmanager
def files_saved():
    """The names of the files any storage saves meanwhile, in this process (media and private
    media alike; other test processes sharing the media folders do not count)."""
    saved = []
    original = Storage.save

    def save(storage, name, *args, **kwargs):
        saved.append(name)
        return original(storage, name, *args, **kwargs)

    with mock.patch.object(Storage, "save", save):
        yield saved


def derived_tables():
    """Tables written by reading: Wagtail stores an image's rendition the first time a page
    shows it, and a site setting's row the first time it is read (with its defaults)."""
    from django.apps import apps
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

    settings_models = [
        model
        for model in apps.get_models()
        if issubclass(model, (BaseSiteSetting, BaseGenericSetting))
    ]
    return ("wagtailimages_rendition", *(model._meta.db_table for model in settings_models))


def writes(queries):
    return [
        query["sql"]
        for query in queries
        if WRITE.match(query["sql"])
        and not any(f'"{table}"' in query["sql"] for table in derived_tables())
    ]


def get_without_writing(client, path, query):
    """GET `path?query`: never a server error, never a write."""
    url = f"{path}?{urlencode(query, doseq=True)}" if query else path
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code < 500, url
    assert not writes(queries), (url, writes(queries))
    return response


def post_and_check(client, path, data, accepted=(302,)):
    """POST `data`: never a server error; refused, it writes nothing and stores no file."""
    with CaptureQueriesContext(connection) as queries, files_saved() as saved:
        response = client.post(path, data)
    assert response.status_code < 500, (path, data)
    if response.status_code not in accepted:
        assert not writes(queries), (path, response.status_code, writes(queries))
        assert not saved, (path, response.status_code, saved)
    return response


# --- The fast sweep --------------------------------------------------------------------------


def test_the_sweep_covers_every_declared_parameter():
    for name in ("p", "country", "q", "year", "month", "tag", "signatory", "target_group"):
        assert name in NAMES


def test_every_public_address_takes_hostile_values_in_every_parameter(client, demo_site):
    paths = public_paths()
    assert len(paths) > 25
    for path in paths:
        for value in FAST_SWEEP:
            get_without_writing(client, path, dict.fromkeys(NAMES, value))


def test_a_nul_character_anywhere_in_an_address_is_refused_in_plain_words(client, demo_site):
    """PostgreSQL refuses a NUL in any text it is sent: the directory's search,
    /participants/?q=a%00b, was a 500 there (psycopg2 raises ValueError before the query)."""
    for url in [
        "/participants/?q=a%00b",
        "/news/?tag=%00",
        "/api/v2/pages/?slug=a%00",
        "/alerts/manage/%00/",
        "/?%00=1",
    ]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert response["Content-Type"].startswith("text/plain")
        assert NUL_MESSAGE in response.content.decode()


# --- The forms -------------------------------------------------------------------------------


def file_upload(name, content):
    return SimpleUploadedFile(name, content)


def hostile_form(valid, files=()):
    """A strategy of POST data built from a valid form: each field kept, dropped, replaced by a
    hostile value or repeated; file fields get a file of any name and content, or none."""
    fields = {}
    for name, value in valid.items():
        fields[name] = st.one_of(
            st.just(value),
            st.none(),
            VALUE,
            st.lists(VALUE, min_size=2, max_size=3),
        )
    upload = st.builds(
        file_upload,
        st.sampled_from(
            ["a.pdf", "a.png", "a.svg", "../../a.pdf", "a", "a.pdf.exe", "\u202ea.pdf"]
        ),
        st.one_of(st.binary(max_size=300), st.just(pdf_bytes()), st.just(image_bytes())),
    )
    for name in files:
        fields[name] = st.one_of(st.none(), upload)
    return st.fixed_dictionaries(fields).map(
        lambda data: {name: value for name, value in data.items() if value is not None}
    )


FORMS = {
    "/join/": (join_data(), ["logo", "commitment"]),
    "/alerts/subscribe/": (
        {
            "email": "reader@example.org",
            "ps": "prevention",
            "countries": "FR",
            "news": "on",
            "initiatives": "on",
            "events": "",
            "frequency": "weekly",
            "website": "",
        },
        [],
    ),  # fmt: skip
    "/account/login/": ({"username": "nobody@example.org", "password": "wrong-password"}, []),
    "/account/password-reset/": ({"email": "nobody@example.org"}, []),
    "/toolkit/poster/": (
        {"message": "We act", "page_logo": "", "kept_logo": "", "download": "1"},
        ["logo"],
    ),  # fmt: skip
}
TOKEN_PATHS = [
    "/join/verify/{}/",
    "/alerts/confirm/{}/",
    "/alerts/manage/{}/",
    "/alerts/unsubscribe/{}/",
    "/account/password-reset/{}/{}/",
    "/account/email/confirm/{}/",
    "/alerts/my-data/{}/",
    "/admin/password_reset/confirm/{}/{}/",
]
TOKENS = [
    "x",
    "1",
    "-1",
    "9" * 500,
    "MQ:1abcde:xxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "..",
    "%2e%2e",
    "e30",
    "Zürich",
    "a" * 2000,
]


def test_every_public_form_refuses_hostile_values_without_writing(client, demo_site):
    """Every field of every public form, one hostile value at a time."""
    for path, (valid, _) in FORMS.items():
        for name in valid:
            for value in FAST_SWEEP[1:]:  # a NUL is refused by every form field, tried below
                cache.clear()  # the rate limits would answer 429 before the form is read
                post_and_check(client, path, {**valid, name: value})
            post_and_check(client, path, {**valid, name: "a\x00b"})


def test_every_token_address_refuses_a_forged_token_without_writing(client, demo_site):
    for template in TOKEN_PATHS:
        for token in TOKENS:
            path = template.format(token, token)
            get_without_writing(client, path, {})
            post_and_check(client, path, {"List-Unsubscribe": "One-Click", "ps": "prevention"})


# --- The Hypothesis searches (slow_checks) ---------------------------------------------------


def search(max_examples):
    """A bounded, derandomised search: the same examples on every run."""
    return hypothesis_settings(
        max_examples=max_examples,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


@pytest.mark.slow_checks
def test_fuzzed_query_strings_never_fail_and_never_write(client, demo_site):
    paths = public_paths()

    @given(
        path=st.sampled_from(paths),
        query=st.dictionaries(
            st.one_of(st.sampled_from(NAMES), TEXT),
            st.one_of(VALUE, st.lists(VALUE, min_size=2, max_size=3)),
            max_size=4,
        ),
    )
    @search(200)
    def fuzz(path, query):
        get_without_writing(client, path, query)

    fuzz()


@pytest.mark.slow_checks
@pytest.mark.parametrize("path", list(FORMS))
def test_fuzzed_forms_never_fail_and_never_write_what_they_refuse(client, demo_site, path):
    valid, files = FORMS[path]

    @given(data=hostile_form(valid, files))
    @search(30)
    def fuzz(data):
        cache.clear()
        for upload in data.values():
            if hasattr(upload, "seek"):
                upload.seek(0)
        post_and_check(client, path, data)

    fuzz()


@pytest.mark.slow_checks
def test_fuzzed_tokens_never_fail_and_never_write(client, demo_site):
    @given(
        template=st.sampled_from(TOKEN_PATHS),
        token=st.text(
            alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/?#"),
            min_size=1,
            max_size=80,
        ),
    )
    @search(60)
    def fuzz(template, token):
        path = template.format(token, token)
        get_without_writing(client, path, {})
        post_and_check(client, path, {"List-Unsubscribe": "One-Click"})

    fuzz()
