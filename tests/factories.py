"""Factories for the test suite (factory_boy and wagtail-factories)."""

import datetime
from datetime import timedelta

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.models import Collection

from accounts.models import ApplicationStatus, SignatoryApplication
from core.four_ps import FOUR_PS
from demo.sample_files import sample_pdf
from home.models import CampaignPage, HomePage, NewsIndexPage, NewsPage
from monitoring.models import PossibleAction
from pact.models import (
    CalendarPage,
    EventPage,
    FourP,
    GoodPracticesPage,
    InitiativePage,
    InitiativeStatus,
    Kind,
    PactPage,
    Profile,
    SignatoryIndexPage,
    SignatoryPage,
)
from toolkit.models import ToolkitDocument, ToolkitPage

# The password of every account UserFactory makes (browser tests type it into login forms).
TEST_PASSWORD = "correct horse battery"


class UserFactory(factory.django.DjangoModelFactory):
    """An account; pass is_superuser=True for an editor with every right."""

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    display_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Stop sexual violence against children"
    introduction = "Towns and regions act together."

    class Meta:
        model = HomePage


# The toolkit -----------------------------------------------------------------------------------


def sample_pdf_bytes(title="Sample document"):
    """A small valid PDF, as editors would upload."""
    return sample_pdf(title, ["Sample data for the test suite."])


class ToolkitFileFactory(factory.django.DjangoModelFactory):
    """A Wagtail document holding a small PDF, in the root collection, with its size stored as
    Wagtail's upload form stores it."""

    title = factory.Sequence(lambda n: f"Sample document {n}")
    collection = factory.LazyFunction(lambda: Collection.get_first_root_node())
    file = factory.LazyAttribute(
        lambda o: ContentFile(sample_pdf_bytes(o.title), name=f"{slugify(o.title)}.pdf")
    )
    file_size = factory.LazyAttribute(lambda o: o.file.size)

    class Meta:
        model = get_document_model()


class ToolkitPageFactory(wagtail_factories.PageFactory):
    title = "Toolkit"
    slug = "toolkit"
    introduction = "Leaflets, the Pact, your poster and a badge."

    class Meta:
        model = ToolkitPage


class ToolkitDocumentFactory(factory.django.DjangoModelFactory):
    """One language version of a toolkit publication."""

    page = factory.SubFactory(ToolkitPageFactory)
    title = "Leaflet: ONE in FIVE and the Pact"
    language = "en"
    description = "What the campaign is and what signatories commit to."
    document = factory.SubFactory(ToolkitFileFactory)
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = ToolkitDocument


def set_ps_by_slug(obj, create, extracted, **kwargs):
    """Post-generation for `ps=["prevention", ...]`: tag the page with those Ps by slug."""
    if extracted:
        obj.ps.set(list(FourP.objects.filter(slug__in=extracted)))
        if create:
            obj.save()


# --- Calendar of events (issue #7): CalendarPage, EventPage -------------------------------------


class CalendarPageFactory(wagtail_factories.PageFactory):
    """The calendar at /calendar/; pass parent=home_page."""

    title = "Calendar of events"
    slug = "calendar"

    class Meta:
        model = CalendarPage


class EventPageFactory(wagtail_factories.PageFactory):
    """A live event in Strasbourg a week from now; pass parent= a calendar or signatory page,
    and ps=["prevention", ...] to tag it."""

    title = factory.Sequence(lambda n: f"Event {n}")
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    town = "Strasbourg"
    country = "FR"

    class Meta:
        model = EventPage
        skip_postgeneration_save = True

    ps = factory.PostGeneration(set_ps_by_slug)


def signatory_with_events_parent(home_page, title="City of Testville", slug="testville"):
    """A live SignatoryPage (and the directory it needs) that events can sit under."""
    directory = SignatoryIndexPage.objects.first()
    if directory is None:
        directory = home_page.add_child(
            instance=SignatoryIndexPage(title="Who has signed", slug="participants")
        )
    return directory.add_child(
        instance=SignatoryPage(
            title=title, slug=slug, profile="authority", kind="city", country="FR"
        )
    )


# --- Signatories and initiatives (issue #4) ---------------------------------------------------


class SignatoryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Who has signed"
    slug = "participants"

    class Meta:
        model = SignatoryIndexPage


class SignatoryPageFactory(wagtail_factories.PageFactory):
    """A live signatory: a French city placed in Strasbourg unless told otherwise."""

    title = factory.Sequence(lambda n: f"Signatory town {n}")
    profile = Profile.AUTHORITY
    kind = Kind.CITY
    country = "FR"
    town = "Strasbourg"
    latitude = 48.5734
    longitude = 7.7521
    signed_on = datetime.date(2014, 5, 12)
    contact_name = "Private Person"
    contact_role = "Head of child protection"
    contact_email = "private.person@example.org"
    contact_phone = "+33 3 00 00 00 00"

    class Meta:
        model = SignatoryPage


class InitiativePageFactory(wagtail_factories.PageFactory):
    """A live initiative; pass ps=["prevention", ...] to tag it with Ps."""

    title = factory.Sequence(lambda n: f"Initiative {n}")
    summary = "Training for people who work with children."
    status = InitiativeStatus.ONGOING

    class Meta:
        model = InitiativePage
        skip_postgeneration_save = True

    ps = factory.PostGeneration(set_ps_by_slug)


# Campaign pages, the Pact and the block library (issue #3).


def tag_post_generation(field_name):
    """A post-generation hook: `SomePageFactory(ps=["Prevention"], tags=["schools"])`."""

    def hook(obj, create, extracted, **kwargs):
        if extracted:
            getattr(obj, field_name).set(list(extracted))
            if create:
                obj.save()

    return factory.PostGeneration(hook)


class ImageFactory(wagtail_factories.ImageFactory):
    collection = factory.LazyFunction(Collection.get_first_root_node)
    title = factory.Sequence(lambda n: f"Photo {n}")


class DocumentFactory(wagtail_factories.DocumentFactory):
    collection = factory.LazyFunction(Collection.get_first_root_node)
    title = factory.Sequence(lambda n: f"Leaflet {n}")
    file = factory.django.FileField(filename="leaflet.pdf", data=b"%PDF-1.4 sample")


class PublishedPageFactory(wagtail_factories.PageFactory):
    """A live page with a publication date, as publishing from the admin leaves it."""

    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.SelfAttribute("first_published_at")

    class Meta:
        abstract = True
        skip_postgeneration_save = True


class CampaignPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Campaign page {n}")
    introduction = "What readers will find on this page."
    ps = tag_post_generation("ps")
    tags = tag_post_generation("tags")

    class Meta:
        model = CampaignPage


class NewsIndexPageFactory(PublishedPageFactory):
    title = "News"
    slug = "news"

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"News item {n}")
    date = factory.LazyFunction(timezone.localdate)
    introduction = "The news in brief."
    ps = tag_post_generation("ps")
    tags = tag_post_generation("tags")

    class Meta:
        model = NewsPage


def pact_sections():
    """The four sections of the Pact, one per P (their actions are PossibleAction rows)."""
    return [(p.slug, {"introduction": f"<p>What {p.name} means for a town.</p>"}) for p in FOUR_PS]


class PossibleActionFactory(factory.django.DjangoModelFactory):
    """One of the Pact's possible actions, under Prevention unless told."""

    p = "prevention"
    code = factory.Sequence(lambda n: f"test-action-{n}")
    title = factory.Sequence(lambda n: f"Possible action {n}")
    description = "<p>What it involves.</p>"
    cost = "low"
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = PossibleAction


def possible_actions(per_p=1):
    """`per_p` current actions under each P, titled "<P> action <n>", in the Pact's order."""
    return [
        PossibleActionFactory(p=p.slug, code=f"{p.slug}-action-{n}", title=f"{p.name} action {n}")
        for p in FOUR_PS
        for n in range(1, per_p + 1)
    ]


class PactPageFactory(PublishedPageFactory):
    title = "The Pact"
    slug = "pact"
    introduction = "Towns and regions commit to act under the four Ps."
    sections = factory.LazyFunction(pact_sections)

    class Meta:
        model = PactPage


# --- Joining the Pact (issue 5): applications and approved signatories -----------------------


class SignatoryApplicationFactory(factory.django.DjangoModelFactory):
    """An application waiting for review, with its account (the e-mail already confirmed)."""

    profile = Profile.AUTHORITY
    kind = Kind.CITY
    organisation_name = factory.Sequence(lambda n: f"City of Sample {n}")
    country = "FR"
    town = factory.Sequence(lambda n: f"Sampleville {n}")
    contact_name = "Alex Contact"
    contact_role = "Head of social services"
    email = factory.Sequence(lambda n: f"contact{n}@sample-town.example")
    authorised_to_sign = True
    commitments_accepted_at = factory.LazyFunction(timezone.now)
    privacy_accepted_at = factory.LazyFunction(timezone.now)
    status = ApplicationStatus.PENDING_REVIEW
    verified_at = factory.LazyFunction(timezone.now)
    user = factory.LazyAttribute(
        lambda o: UserFactory(email=o.email, display_name=o.organisation_name)
    )

    class Meta:
        model = SignatoryApplication


def make_signatory(directory, reviewer, name, *, trusted=False, approve=True):
    """An application with its draft page, approved by `reviewer` unless approve=False."""
    from accounts import approval

    application = SignatoryApplicationFactory(organisation_name=name, trusted=trusted)
    approval.build_signatory_page(application)
    if approve:
        approval.approve(application.pk, reviewer)
        application.refresh_from_db()
    return application


# The good-practices database (issue #9).


class GoodPracticesPageFactory(wagtail_factories.PageFactory):
    """The database at /good-practices/; pass parent=home_page."""

    title = "Good practices"
    slug = "good-practices"

    class Meta:
        model = GoodPracticesPage


SAMPLE_COUNTRIES = ["FR", "DE", "IT", "ES", "PL", "SE", "GR"]


def add_signatories(directory, count, start=0):
    """Numbered signatories (a third at their country's centre), each with a logo and an
    initiative: what the query-count tests add to show that a page costs the same at any N."""
    for number in range(start, start + count):
        placed = number % 3 != 0  # the others sit at their country's centre
        signatory = SignatoryPageFactory(
            parent=directory,
            title=f"Town {number:03d}",
            country=SAMPLE_COUNTRIES[number % len(SAMPLE_COUNTRIES)],
            latitude=45.0 + number % 10 if placed else None,
            longitude=5.0 + number % 10 if placed else None,
            logo=wagtail_factories.ImageFactory(title=f"Logo {number}"),
        )
        InitiativePageFactory(parent=signatory, ps=[("prevention", "protection")[number % 2]])
