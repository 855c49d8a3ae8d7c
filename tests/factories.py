"""Factories for the test suite (factory_boy and wagtail-factories)."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model

from home.models import HomePage


class UserFactory(factory.django.DjangoModelFactory):
    """An account; pass is_superuser=True for an editor with every right."""

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    display_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

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


# --- Joining the Pact (issue 5): signatories, their applications and initiatives -------------

from django.utils import timezone  # noqa: E402

from accounts.models import ApplicationStatus, SignatoryApplication  # noqa: E402
from pact.models import (  # noqa: E402
    InitiativePage,
    Kind,
    Profile,
    SignatoryIndexPage,
    SignatoryPage,
)


class SignatoryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Who has signed"
    slug = "participants"

    class Meta:
        model = SignatoryIndexPage


class SignatoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Town {n}")
    profile = Profile.AUTHORITY
    kind = Kind.CITY
    country = "FR"
    town = factory.Sequence(lambda n: f"Town {n}")

    class Meta:
        model = SignatoryPage


class InitiativePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Initiative {n}")
    summary = "Training for teachers to recognise signs of abuse."

    class Meta:
        model = InitiativePage


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
        approval.approve(application.pk, reviewer, "http://testserver")
        application.refresh_from_db()
    return application
