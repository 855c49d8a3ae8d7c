"""Form controls carry only the attributes HTML allows for their type (the HTML standard's
table "input type keywords and the attributes that apply"): a `placeholder` or a `pattern` on
<input type="month"> is an HTML error that the Nu Html Checker reports, and browsers that show a
month picker ignore it, so it helps no one. Checked on every public page of the demo site."""

from html.parser import HTMLParser

import pytest

from tests.browser.public_pages import PUBLIC_PAGES

TEXTUAL = {"text", "search", "url", "tel", "email", "password"}
# Which input types each attribute applies to (the others ignore it and the checker errors).
APPLIES_TO = {
    "placeholder": TEXTUAL | {"number"},
    "pattern": TEXTUAL,
    "maxlength": TEXTUAL,
    "minlength": TEXTUAL,
    "size": TEXTUAL,
    "multiple": {"email", "file"},
    "accept": {"file"},
    "checked": {"checkbox", "radio"},
    "min": {"date", "month", "week", "time", "datetime-local", "number", "range"},
    "max": {"date", "month", "week", "time", "datetime-local", "number", "range"},
    "step": {"date", "month", "week", "time", "datetime-local", "number", "range"},
    "list": TEXTUAL - {"password"}
    | {"date", "month", "week", "time", "datetime-local"}
    | {"number", "range", "color"},
}


class InputCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inputs = []

    def handle_starttag(self, tag, attrs):
        if tag == "input":
            self.inputs.append(dict(attrs))


def misplaced_attributes(html):
    collector = InputCollector()
    collector.feed(html)
    problems = []
    for attrs in collector.inputs:
        kind = (attrs.get("type") or "text").lower()
        for attribute, types in APPLIES_TO.items():
            if attribute in attrs and kind not in types:
                problems.append(f'<input type="{kind}" name="{attrs.get("name")}"> has {attribute}')
    return problems


def test_the_rule_catches_a_placeholder_on_a_month_input():
    assert misplaced_attributes('<input type="month" name="m" placeholder="2026-12">') == [
        '<input type="month" name="m"> has placeholder'
    ]
    assert misplaced_attributes('<input name="q" placeholder="Search" pattern=".+">') == []


@pytest.mark.django_db
def test_no_public_page_puts_an_attribute_on_an_input_whose_type_ignores_it(client, demo_site):
    problems = []
    checked = 0
    for param in PUBLIC_PAGES:
        url = param.values[0]
        response = client.get(url)
        html = response.content.decode()
        problems += [f"{url}: {problem}" for problem in misplaced_attributes(html)]
        checked += html.count("<input")

    assert not problems, "\n".join(problems)
    assert checked > 20


@pytest.mark.django_db
def test_the_calendar_month_filter_is_a_plain_month_control(client, demo_site):
    html = client.get("/calendar/").content.decode()
    collector = InputCollector()
    collector.feed(html)
    [month] = [attrs for attrs in collector.inputs if attrs.get("name") == "month"]
    assert month["type"] == "month"
    assert "placeholder" not in month and "pattern" not in month
    # Browsers without a month picker show a text box: the hint says what to type.
    assert "e.g. 2026-12" in html
