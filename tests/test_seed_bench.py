"""`manage.py seed_bench`: sample signatories made in bulk are real published pages, with what
approval gives a signatory, found by search, in a tree Wagtail can keep adding to; the same N
twice adds nothing; its cost in queries does not grow with N."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection, GroupCollectionPermission, Page, PageLogEntry

from monitoring.models import SignatoryMonitoring
from pact.models import EventPage, InitiativePage, SignatoryPage
from tests.factories import SignatoryPageFactory
from tests.joining import directory  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def seed(**options):
    call_command("seed_bench", stdout=_Sink(), stderr=_Sink(), **options)


class _Sink:
    def write(self, text):
        self.text = getattr(self, "text", "") + text

    def flush(self):
        pass


def test_sample_signatories_are_published_pages_the_public_sees(directory, client):  # noqa: F811
    seed(signatories=3, initiatives=4, events=1)

    signatories = SignatoryPage.objects.filter(slug__startswith="sample-signatory-")
    assert sorted(signatories.values_list("title", flat=True)) == [
        "Sample town 000001",
        "Sample town 000002",
        "Sample town 000003",
    ]
    town = signatories.get(slug="sample-signatory-000002")
    assert town.live and town.live_revision_id == town.latest_revision_id
    assert town.live_revision.as_object().title == "Sample town 000002"
    assert PageLogEntry.objects.filter(page=town, action="wagtail.publish").count() == 1
    initiatives = InitiativePage.objects.child_of(town).order_by("path")
    # Tagged with the four Ps in turn, each on its own page under its signatory.
    assert [initiative.four_ps[0].slug for initiative in initiatives] == [
        "prevention",
        "protection",
        "prosecution",
        "participation",
    ]
    assert EventPage.objects.child_of(town).count() == 1
    assert Page.find_problems() == ([], [], [], [], [])

    page = client.get("/participants/sample-signatory-000002/")
    assert page.status_code == 200
    assert "Sample initiative 000002-3" in page.content.decode()
    assert client.get(initiatives[0].url).status_code == 200
    assert "Sample town 000003" in client.get("/participants/").content.decode()


def test_sample_signatories_hold_what_approval_gives(directory):  # noqa: F811
    seed(signatories=2, initiatives=1, events=0)

    town = SignatoryPage.objects.get(slug="sample-signatory-000001")
    group = Group.objects.get(name=f"Signatory page {town.pk}: Sample town 000001")
    assert set(
        group.page_permissions.filter(page=town).values_list("permission__codename", flat=True)
    ) == {"add_page", "change_page"}
    collection = Collection.objects.get(name="Signatory: Sample town 000001")
    assert set(
        GroupCollectionPermission.objects.filter(group=group, collection=collection).values_list(
            "permission__codename", flat=True
        )
    ) == {"add_image", "choose_image", "add_document", "choose_document"}
    assert Collection.find_problems() == ([], [], [], [], [])
    assert SignatoryMonitoring.objects.get(signatory=town).joined_on == town.signed_on


def test_initiatives_are_found_by_their_signatorys_town(directory):  # noqa: F811
    seed(signatories=2, initiatives=2, events=0)

    found = InitiativePage.objects.live().search("Sample town 000002")
    titles = {page.title for page in found}
    assert {"Sample initiative 000002-1", "Sample initiative 000002-2"} <= titles


def test_same_number_twice_adds_nothing_and_more_adds_the_difference(directory):  # noqa: F811
    SignatoryPageFactory(parent=directory, title="City of Lyon", slug="lyon")
    seed(signatories=2, initiatives=1, events=1)
    seed(signatories=2, initiatives=1, events=1)
    assert SignatoryPage.objects.filter(slug__startswith="sample-signatory-").count() == 2

    seed(signatories=4, initiatives=1, events=1)
    assert SignatoryPage.objects.filter(slug__startswith="sample-signatory-").count() == 4
    assert Group.objects.filter(name__startswith="Signatory page ").count() == 4
    # The tree stays one Wagtail can add to page by page, as approval does.
    directory.refresh_from_db()
    directory.add_child(
        instance=SignatoryPage(
            title="Later", slug="later", profile="authority", kind="city", country="FR"
        )
    )
    assert Page.find_problems() == ([], [], [], [], [])
    assert directory.get_children().count() == 6


def statements(captured):
    """(INSERT statements, every other query) of a captured run."""
    sql = [query["sql"] for query in captured.captured_queries]
    inserts = [text for text in sql if text.startswith("INSERT")]
    return inserts, [text for text in sql if not text.startswith("INSERT")]


def test_queries_do_not_grow_with_the_number_of_signatories(directory):  # noqa: F811
    seed(signatories=1, initiatives=2, events=1)  # the shared groups and workflow, once
    with CaptureQueriesContext(connection) as five:
        seed(signatories=6, initiatives=2, events=1)
    with CaptureQueriesContext(connection) as fifty:
        seed(signatories=56, initiatives=2, events=1)
    inserts_5, others_5 = statements(five)
    inserts_50, others_50 = statements(fifty)
    assert len(others_50) == len(others_5)
    # Rows go in batches, as many a statement as the database takes (SQLite: 999 values):
    # 200 pages, their revisions, log entries, Ps, groups and permissions in a few dozen.
    assert len(inserts_50) < 200 / 4


def test_without_a_directory_it_says_what_to_do(db):
    with pytest.raises(CommandError, match="load_demo"):
        seed(signatories=1, initiatives=1)
