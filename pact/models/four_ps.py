"""Tagging by the four Ps, through django-taggit, as a closed set.

Pages tag themselves with a `ps = FourPsField(through=...)` whose through model subclasses
FourPItemBase. Tags then appear in the API and in taggit filters like any tag, but the form field
offers only the four existing Ps as checkboxes, so neither a typo nor a variant spelling can create
a fifth P.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from taggit.models import ItemBase, TagBase

from core.four_ps import FOUR_PS, P_BY_SLUG, P_SLUGS, in_pact_order


class FourP(TagBase):
    """One of Prevention, Protection, Prosecution, Participation (rows made by a migration)."""

    free_tagging = False

    class Meta:
        verbose_name = "P"
        verbose_name_plural = "the four Ps"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # taggit creates a tag for any unknown name passed to `page.ps.add("...")`; refuse it here
        # so no code path can add a fifth P.
        known = next((p for p in FOUR_PS if p.name == self.name), None)
        if known is None or self.slug not in ("", known.slug):
            raise ValidationError(
                f"{self.name!r} is not one of the four Ps (Prevention, Protection, Prosecution, "
                "Participation); the four Ps are a fixed set."
            )
        super().save(*args, **kwargs)

    @property
    def listing_path(self):
        """Where everything tagged with this P is listed."""
        return P_BY_SLUG[self.slug].listing_path

    @property
    def order(self):
        return P_SLUGS.index(self.slug) if self.slug in P_SLUGS else len(P_SLUGS)


class WithTheirP(models.Manager):
    """A page's P items come with their P: a listing that prefetches "p_items__tag" reads the
    items and their four Ps in one query, not two (the second finds the Ps already there)."""

    def get_queryset(self):
        return super().get_queryset().select_related("tag")


class FourPItemBase(ItemBase):
    """Abstract through model: subclass it with a `content_object = ParentalKey(...)`."""

    tag = models.ForeignKey(
        FourP, related_name="%(app_label)s_%(class)s_items", on_delete=models.CASCADE
    )

    objects = WithTheirP()

    class Meta:
        abstract = True


class ServesFourPs:
    """For page models tagged through `p_items` (a FourPItemBase subclass): their Ps."""

    @property
    def four_ps(self):
        """The Ps it serves, in the Pact's order (uses prefetched p_items when there are)."""
        return in_pact_order(item.tag.slug for item in self.p_items.all())


class FourPsChoiceField(forms.ModelMultipleChoiceField):
    """Checkboxes for the four Ps, in the Pact's own order."""

    widget = forms.CheckboxSelectMultiple
    default_error_messages = {
        "invalid_choice": "“%(value)s” is not one of the four Ps: tick Prevention, Protection, "
        "Prosecution or Participation.",
        "invalid_pk_value": "“%(pk)s” is not one of the four Ps: tick Prevention, Protection, "
        "Prosecution or Participation.",
    }

    def __init__(self, **kwargs):
        kwargs.pop("tag_model", None)
        super().__init__(queryset=FourP.objects.filter(slug__in=P_SLUGS).order_by("pk"), **kwargs)

    def label_from_instance(self, obj):
        return obj.name


class FourPsField(ClusterTaggableManager):
    """A ClusterTaggableManager limited to the four Ps, edited as checkboxes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", "The four Ps")
        kwargs.setdefault(
            "help_text",
            "Tick every P this serves: Prevention, Protection, Prosecution, Participation.",
        )
        super().__init__(*args, **kwargs)

    def formfield(self, form_class=None, **kwargs):
        kwargs.pop("tag_model", None)
        defaults = {
            "label": self.verbose_name.capitalize(),
            "help_text": self.help_text,
            "required": not self.blank,
        }
        defaults.update(kwargs)
        return FourPsChoiceField(**defaults)

    def value_from_object(self, obj):
        return [tag.pk for tag in super().value_from_object(obj)]
