"""The live figure "N cities and regions from M countries", always true to the data."""

import re

import pytest
from django.template import Context, Template
from wagtail.models import PageViewRestriction

from core.blocks import BaseStreamBlock
from pact.figures import signatory_figures
from pact.models import Kind, Profile
from tests.factories import SignatoryPageFactory


def rendered_figure():
    """The figure as a screen reader says it (what is aria-hidden left out)."""
    html = Template("{% load pact_figures %}{% signatory_figures %}").render(Context())
    html = re.sub(r'<span[^>]*aria-hidden="true"[^>]*>[^<]*</span>', "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def organisation(directory, **kwargs):
    return SignatoryPageFactory(
        parent=directory, profile=Profile.ORGANISATION, kind=Kind.NGO, **kwargs
    )


def test_figures_count_authorities_their_countries_and_organisations(directory):
    SignatoryPageFactory(parent=directory, country="FR")
    SignatoryPageFactory(parent=directory, country="FR", kind=Kind.REGION)
    SignatoryPageFactory(parent=directory, country="IT")
    organisation(directory, country="BE")
    figures = signatory_figures()
    assert (figures.authorities, figures.countries, figures.organisations) == (3, 2, 1)


def test_organisations_countries_do_not_count_as_countries_of_cities(directory):
    SignatoryPageFactory(parent=directory, country="FR")
    organisation(directory, country="DE")
    assert signatory_figures().countries == 1


def test_figures_leave_out_drafts_and_private_pages(directory):
    SignatoryPageFactory(parent=directory, country="FR")
    SignatoryPageFactory(parent=directory, country="DE", live=False)
    private = SignatoryPageFactory(parent=directory, country="IT")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    organisation(directory, live=False)
    figures = signatory_figures()
    assert (figures.authorities, figures.countries, figures.organisations) == (1, 1, 0)


@pytest.mark.parametrize(
    "authorities, organisations, expected",
    [
        (0, 0, "No town, region or organisation has signed the Pact yet: yours can be the first."),
        (1, 0, "1 city or region from 1 country"),
        (2, 0, "2 cities and regions from 1 country"),
        (0, 1, "1 association or organisation"),
        (2, 3, "2 cities and regions from 1 country, and 3 associations and organisations"),
    ],
)
def test_figure_reads_well_in_the_singular_plural_and_at_zero(
    directory, authorities, organisations, expected
):
    for _ in range(authorities):
        SignatoryPageFactory(parent=directory)
    for _ in range(organisations):
        organisation(directory)
    assert rendered_figure() == expected


def test_figures_block_renders_the_live_figure(directory):
    SignatoryPageFactory(parent=directory, country="FR")
    SignatoryPageFactory(parent=directory, country="PT")
    block = BaseStreamBlock().child_blocks["signatory_figures"]
    html = block.render(block.to_python({"heading": "Who has signed so far"}))
    assert "Who has signed so far" in html
    assert "2</strong> cities and regions from <strong>2</strong> countries" in html
    assert 'href="/participants/"' in html


def test_figures_block_can_go_on_the_home_page(client, directory, home_page):
    SignatoryPageFactory(parent=directory, country="FR")
    home_page.body = [("signatory_figures", {"heading": "Signatories"})]
    home_page.save_revision().publish()
    html = client.get("/").content.decode()
    assert "1</strong> city or region from <strong>1</strong> country" in html
