"""Factories for the test suite (factory_boy and wagtail-factories)."""

import datetime

import factory
import wagtail_factories
from django.contrib.auth import get_user_model

from home.models import HomePage
from pact.models import (
    FourP,
    InitiativePage,
    InitiativeStatus,
    Kind,
    Profile,
    SignatoryIndexPage,
    SignatoryPage,
)


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

    @factory.post_generation
    def ps(obj, create, extracted, **kwargs):
        if extracted:
            obj.ps.set(list(FourP.objects.filter(slug__in=extracted)))
            if create:
                obj.save()
