"""Writes that do not grow: a sign-up, its confirmation, an approval and a publish cost the same
number of queries with 5 signatories as with 50, and no save reads or rewrites the whole search
index (core/search_backend.py) or moves other signatories' collections."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Avg
from django.db.models.functions import Length
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from accounts import approval
from accounts.models import SignatoryApplication
from pact.models import InitiativePage, SignatoryPage
from pact.signatory_rights.grants import new_signatory_collection
from tests.built_once import built_once
from tests.conftest import make_home_page
from tests.factories import InitiativePageFactory, UserFactory, make_signatory
from tests.joining import join_data, make_directory

pytestmark = pytest.mark.django_db
INDEX_TABLE = IndexEntry._meta.db_table
STEPS = ("sign-up", "confirmation", "approval", "publish")


def captured(action):
    """The SQL of `action`, with Django's and the site's caches cold, as for a new request."""
    ContentType.objects.clear_cache()
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        action()
    return [query["sql"] for query in queries.captured_queries]


def write_costs(client, reviewer, number):
    """The SQL of each step of one more signatory joining and publishing an initiative."""
    mail.outbox.clear()
    email = f"newcomer{number}@sample-town.example"
    name = f"Newcomer {number}"
    sqls = {
        "sign-up": captured(
            lambda: client.post("/join/", join_data(email=email, organisation_name=name))
        )
    }
    link = re.search(r"http://testserver(/join/verify/[^/\s]+/)", mail.outbox[0].body)[1]
    sqls["confirmation"] = captured(lambda: client.post(link))
    client.logout()
    application = SignatoryApplication.objects.get(email=email)
    sqls["approval"] = captured(lambda: approval.approve(application.pk, reviewer))
    signatory = SignatoryPage.objects.get(pk=application.page_id)
    initiative = InitiativePageFactory(parent=signatory, ps=["prevention", "protection"])
    initiative = InitiativePage.objects.get(pk=initiative.pk)
    sqls["publish"] = captured(
        lambda: initiative.save_revision(user=reviewer).publish(user=reviewer)
    )
    return sqls


@pytest.fixture(scope="module")
def costs(django_db_setup, django_db_blocker):
    """Each step's SQL with 5 approved signatories, then with 50 (each with its page, group,
    collection and index entries); built once for the module and rolled back after it."""
    with built_once(django_db_blocker):
        directory = make_directory(make_home_page())
        reviewer = UserFactory(is_superuser=True, display_name="Reviewer")
        client = Client()
        for number in range(5):
            make_signatory(directory, reviewer, f"Town {number:03d}")
        with_5 = write_costs(client, reviewer, 5)
        for number in range(5, 50):
            make_signatory(directory, reviewer, f"Town {number:03d}")
        yield with_5, write_costs(client, reviewer, 50)


@pytest.mark.parametrize("step", STEPS)
def test_each_step_of_joining_costs_the_same_queries_with_5_or_50_signatories(costs, step):
    with_5, with_50 = costs
    print(f"{step}: {len(with_5[step])} queries with 5 signatories, {len(with_50[step])} with 50")
    assert len(with_5[step]) == len(with_50[step])


@pytest.mark.parametrize("step", ["confirmation", "approval", "publish"])
def test_no_step_reads_the_whole_search_index(costs, step):
    """Every statement on the index names the entries it writes (object_id), or reads a
    bounded sample of the newest ones (LIMIT): Wagtail's own backend averaged and rewrote the
    whole index on every save."""
    for sqls in costs:
        on_index = [sql for sql in sqls[step] if INDEX_TABLE in sql]
        assert on_index, "the step indexes its page"
        for sql in on_index:
            assert "object_id" in sql or "LIMIT" in sql, sql


def test_an_approval_moves_no_other_collection(costs):
    """Wagtail keeps collections in name order, moving every later one at each addition."""
    for sqls in costs:
        moves = [
            sql
            for sql in sqls["approval"]
            if sql.startswith('UPDATE "wagtailcore_collection"') and '"path"' in sql
        ]
        assert not moves


def test_an_initiative_is_indexed_in_a_few_queries_and_found_by_its_signatory(directory):
    reviewer = UserFactory(is_superuser=True)
    application = make_signatory(directory, reviewer, "Lakeside Borough")
    signatory = SignatoryPage.objects.get(pk=application.page_id)
    initiative = InitiativePageFactory(
        parent=signatory, title="Safe sport clubs", ps=["prevention", "participation"]
    )
    initiative = InitiativePage.objects.get(pk=initiative.pk)
    backend = get_search_backend()
    with CaptureQueriesContext(connection) as queries:
        backend.add(initiative)
    # Its Ps (2 + 1 per P) and its signatory (1), once: not once per indexed field (15).
    reading = [q["sql"] for q in queries.captured_queries if INDEX_TABLE not in q["sql"]]
    assert len(reading) <= 4, reading
    found = InitiativePage.objects.live().search("Lakeside")
    assert [page.pk for page in found] == [initiative.pk]
    assert [page.pk for page in InitiativePage.objects.search("participation")] == [initiative.pk]


def test_a_save_sets_its_title_norm_and_update_index_makes_every_norm_exact(directory):
    reviewer = UserFactory(is_superuser=True)
    application = make_signatory(directory, reviewer, "Short")
    entry = IndexEntry.objects.get(object_id=str(application.page_id))
    assert entry.title_norm != 1.0  # not left at Wagtail's default, which ranks by nothing
    call_command("update_index", verbosity=0)
    titled = IndexEntry.objects.annotate(length=Length("title")).filter(length__gt=0)
    average = titled.aggregate(average=Avg("length"))["average"]
    for entry in titled:
        assert entry.title_norm == pytest.approx(average / entry.length)


def test_a_signatory_collection_is_added_last_in_the_same_queries_whatever_their_number(db):
    zeta = Collection.get_first_root_node().add_child(name="Zeta reports")
    zeta_path = zeta.path
    counts = []
    for total in (5, 50):
        while Collection.objects.filter(depth=2).count() < total:
            new_signatory_collection(f"Town {Collection.objects.count():03d}")
        with CaptureQueriesContext(connection) as queries:
            added = new_signatory_collection("Aardvark town")
        counts.append(len(queries.captured_queries))
        assert added.get_parent().pk == Collection.get_first_root_node().pk
        assert added.path > Collection.objects.exclude(pk=added.pk).order_by("-path")[0].path
    assert counts[0] == counts[1]
    assert Collection.objects.get(pk=zeta.pk).path == zeta_path
    assert Collection.get_first_root_node().numchild == Collection.objects.filter(depth=2).count()
    # treebeard's own check of the tree: bad paths, depths or child counts.
    assert all(not problems for problems in Collection.find_problems())
