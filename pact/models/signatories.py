"""Who signed the Pact: the directory, one page per signatory, and its initiatives."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.utils.functional import cached_property
from django_countries import countries
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.four_ps import in_pact_order
from core.visibility import SitePage
from monitoring.api_fields import ChecklistAPIField, MonitoringStatusAPIField
from monitoring.checklist import ChecklistPageForm, ChecklistPanel, public_checklist
from monitoring.models import SignatoryMonitoring
from monitoring.status import accepted_reports, status_of_record, today
from pact.api_fields import (
    CountryAPIField,
    FourPsAPIField,
    ImageRenditionsAPIField,
    MapLocationAPIField,
    SignatoryLinkAPIField,
)
from pact.country_centres import country_centre
from pact.signatory_rights.page_tester import SignatoryPagePermissionTester

from .four_ps import FourPItemBase, FourPsField, ServesFourPs


class Profile(models.TextChoices):
    """The two kinds of signatory; the values are the `profile` query parameter."""

    AUTHORITY = "authority", "Local/Regional Authority"
    ORGANISATION = "organisation", "Association/Organisation"


class Kind(models.TextChoices):
    """What a signatory is, within its profile (see KINDS_BY_PROFILE)."""

    MUNICIPALITY = "municipality", "Municipality"
    CITY = "city", "City"
    REGION = "region", "Region"
    ELECTED_REPRESENTATIVE = "elected_representative", "Elected representative"
    NATIONAL_ASSOCIATION = (
        "national_association",
        "National association of local and regional authorities",
    )
    NGO = "ngo", "NGO"
    OTHER = "other", "Other organisation"


KINDS_BY_PROFILE = {
    Profile.AUTHORITY: (Kind.MUNICIPALITY, Kind.CITY, Kind.REGION, Kind.ELECTED_REPRESENTATIVE),
    Profile.ORGANISATION: (Kind.NATIONAL_ASSOCIATION, Kind.NGO, Kind.OTHER),
}


def profile_of_kind(kind):
    """The profile a kind belongs to (every kind belongs to exactly one)."""
    return next(profile for profile, kinds in KINDS_BY_PROFILE.items() if kind in kinds)


class InitiativeStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ONGOING = "ongoing", "Ongoing"
    COMPLETED = "completed", "Completed"


# The logo sizes the API gives: for a list (small) and for a page or a print (large).
LOGO_RENDITIONS = {"small": "max-200x200", "large": "max-400x400"}


class SignatoryIndexPage(RoutablePageMixin, SitePage):
    """The directory of signatories, at /participants/: filters, a map and one card each.

    /participants/map.geojson gives the same signatories (and the same filters) as GeoJSON for
    the map and for anyone who reuses the data.
    """

    introduction = models.TextField(
        blank=True, help_text="A short text above the directory: who can sign and why it matters."
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    api_fields = [APIField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["pact.SignatoryPage"]
    max_count = 1

    class Meta:
        verbose_name = "signatory directory"

    @path("")
    def directory(self, request):
        # pact.views imports the page models, so it is imported when this runs.
        from pact.views import directory_context

        return self.render(request, context_overrides=directory_context(self, request))

    @path("map.geojson/")
    def map_geojson(self, request):
        # pact.views imports the page models, so it is imported when this runs.
        from pact.views import map_geojson_response

        return map_geojson_response(self, request)

    @path("export.csv/")
    def export_csv(self, request):
        # pact.open_data imports the page models, so it is imported when this runs.
        from pact.open_data import export_csv_response

        return export_csv_response(self, request)

    @path("export.json/")
    def export_json(self, request):
        # pact.open_data imports the page models, so it is imported when this runs.
        from pact.open_data import export_json_response

        return export_json_response(self, request)

    @re_path(r"^country/(?P<code>[A-Za-z]{2})/$")
    def country_page(self, request, code):
        # monitoring.views imports the page models, so it is imported when this runs.
        from monitoring.views import country_page_response

        return country_page_response(self, request, code)

    def get_sitemap_urls(self, request=None):
        """The directory, then the page of each country with a signatory the public may see."""
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if base:
            codes = (
                SignatoryPage.objects.child_of(self)
                .publicly_visible()
                .order_by("country")
                .values_list("country", flat=True)
                .distinct()
            )
            urls += [{"location": f"{base}country/{code.lower()}/"} for code in codes]
        return urls

    def country_path(self, code):
        """The address of a country's page: /participants/country/fr/."""
        return f"{self.url}country/{code.lower()}/"

    @property
    def map_geojson_path(self):
        """The address of the map data, without the trailing slash Wagtail adds to routes."""
        return self.url + "map.geojson"

    @property
    def export_csv_path(self):
        return self.url + "export.csv"

    @property
    def export_json_path(self):
        return self.url + "export.json"


class SignatoryPage(SitePage):
    """One signatory of the Pact: a town, region, elected representative or organisation.

    The contact_* fields are private: shown to editors in the admin only, never rendered on the
    site, in the API, feeds or exports. The public_contact_* fields are published when filled.
    """

    profile = models.CharField(max_length=20, choices=Profile.choices)
    kind = models.CharField(
        max_length=30,
        choices=Kind.choices,
        help_text="Municipality, city, region or elected representative for an authority; "
        "national association, NGO or other for an organisation.",
    )
    country = CountryField(help_text="The country the signatory belongs to.")
    town = models.CharField(
        "town or region", max_length=200, blank=True, help_text="The place the signatory serves."
    )
    latitude = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text="Decimal degrees, e.g. 48.5734. Leave empty to place the signatory at its "
        "country's centre on the map.",
    )
    longitude = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text="Decimal degrees, e.g. 7.7521.",
    )
    population = models.PositiveIntegerField(
        null=True, blank=True, help_text="Inhabitants, for authorities (optional)."
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="PNG, JPEG or WebP. Shown on the signatory's page and in the directory.",
    )
    website = models.URLField(blank=True, help_text="The signatory's own website.")
    signed_on = models.DateField(
        "date the Pact was signed",
        null=True,
        blank=True,
        help_text="Set when the signature is confirmed.",
    )
    description = StreamField(
        BaseStreamBlock(), blank=True, help_text="Who the signatory is and why it joined the Pact."
    )
    structures = StreamField(
        BaseStreamBlock(),
        blank=True,
        verbose_name="structures in place",
        help_text="Services, bodies and procedures already in place against sexual violence "
        "against children.",
    )
    public_contact_name = models.CharField(max_length=200, blank=True)
    public_contact_email = models.EmailField(blank=True)
    public_contact_phone = models.CharField(max_length=50, blank=True)
    contact_name = models.CharField("contact person", max_length=200, blank=True)
    contact_role = models.CharField("contact person's role", max_length=200, blank=True)
    contact_email = models.EmailField("contact person's e-mail", blank=True)
    contact_phone = models.CharField("contact person's phone", max_length=50, blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("town"),
        index.FilterField("profile"),
        index.FilterField("kind"),
        index.FilterField("country"),
    ]

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("profile"), FieldPanel("kind")]),
                FieldPanel("country"),
                FieldPanel("town"),
                FieldPanel("population"),
                FieldPanel("website"),
                FieldPanel("signed_on"),
                FieldPanel("logo"),
            ],
            heading="Who signed",
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])],
            heading="Place on the map",
        ),
        FieldPanel("description"),
        FieldPanel("structures"),
        # One row per possible action of the Pact, by P (monitoring/checklist.py).
        ChecklistPanel(heading="Actions of the Pact: where you stand"),
        MultiFieldPanel(
            [
                FieldPanel("public_contact_name"),
                FieldPanel("public_contact_email"),
                FieldPanel("public_contact_phone"),
            ],
            heading="Public contact (optional, published on the page)",
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_role"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
            ],
            heading="Private contact (seen by the secretariat only, never published)",
        ),
    ]

    # Public fields only: the private contact_* fields are left out on purpose, so the API
    # answers 400 to ?fields=contact_email and never lists them under ?fields=*.
    api_fields = [
        APIField("profile"),
        APIField("profile_label", serializer=serializers.CharField(source="get_profile_display")),
        APIField("kind"),
        APIField("kind_label", serializer=serializers.CharField(source="get_kind_display")),
        APIField("country", serializer=CountryAPIField()),
        APIField("town"),
        APIField("location", serializer=MapLocationAPIField()),
        APIField("population"),
        APIField("signed_on"),
        APIField("logo", serializer=ImageRenditionsAPIField(LOGO_RENDITIONS)),
        APIField("website"),
        APIField("description"),
        APIField("structures"),
        APIField("public_contact_name"),
        APIField("public_contact_email"),
        APIField("public_contact_phone"),
        # Monitoring the Pact (monitoring.status, one rule): its status and approved checklist.
        APIField("monitoring_status", serializer=MonitoringStatusAPIField()),
        APIField("monitoring_status_label", serializer=MonitoringStatusAPIField(as_label=True)),
        APIField("actions", serializer=ChecklistAPIField()),
    ]

    parent_page_types = ["pact.SignatoryIndexPage"]
    subpage_types = ["pact.InitiativePage", "pact.EventPage", "monitoring.MonitoringReportPage"]
    # The edit form carries the checklist of possible actions (monitoring/checklist.py).
    base_form_class = ChecklistPageForm

    class Meta:
        verbose_name = "signatory"

    def clean(self):
        super().clean()
        errors = {}
        if self.profile and self.kind and self.kind not in KINDS_BY_PROFILE.get(self.profile, ()):
            errors["kind"] = (
                f"{Kind(self.kind).label} is a kind of {Profile(profile_of_kind(self.kind)).label}"
                f", not of {Profile(self.profile).label}. Choose one of: "
                + ", ".join(str(Kind(kind).label) for kind in KINDS_BY_PROFILE[self.profile])
                + "."
            )
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            errors[missing] = "Give both latitude and longitude, or neither."
        if errors:
            raise ValidationError(errors)

    @property
    def is_authority(self):
        return self.profile == Profile.AUTHORITY

    @property
    def map_position(self):
        """(longitude, latitude, approximate): its own place, else its country's centre
        (approximate), else None when neither is known."""
        if self.latitude is not None and self.longitude is not None:
            return (self.longitude, self.latitude, False)
        centre = country_centre(self.country.code)
        return (centre[0], centre[1], True) if centre else None

    def public_initiatives(self):
        """Its initiatives the public may see, newest first, with their Ps."""
        return (
            InitiativePage.objects.child_of(self)
            .publicly_visible()
            .defer_streamfields()
            .prefetch_related("p_items__tag")
            .order_by(
                F("start_date").desc(nulls_last=True),
                F("first_published_at").desc(nulls_last=True),
                "-pk",
            )
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        initiatives = list(self.public_initiatives())
        covered = {p.slug for initiative in initiatives for p in initiative.four_ps}
        context["initiatives"] = initiatives
        context["covered_ps"] = in_pact_order(covered)
        # Its checklist per P: evidence links only to the initiatives listed above.
        context["checklist"] = public_checklist(self, initiatives)
        # Its accepted plans and reports, newest first, and what is due next.
        context["reports"] = list(
            accepted_reports(self)
            .defer_streamfields()
            .select_related("snapshot")
            .order_by("-snapshot__accepted_on", "-pk")
        )
        record = SignatoryMonitoring.objects.filter(signatory=self).first()
        context["monitoring"] = record
        # Its status badge reads this instead of the record again (monitoring.status.status_of).
        self.monitoring_status = status_of_record(record).value
        context["deadline_passed"] = record is not None and record.next_deadline < today()
        context["map_position"] = self.map_position
        return context

    def permissions_for_user(self, user):
        """Wagtail's rights on this page, less what only the secretariat may do to it."""
        return SignatoryPagePermissionTester(user, self)


class InitiativePageP(FourPItemBase):
    content_object = ParentalKey(
        "pact.InitiativePage", related_name="p_items", on_delete=models.CASCADE
    )


class InitiativePage(ServesFourPs, SitePage):
    """An initiative, activity or structure of one signatory: an entry in the good practices."""

    summary = models.TextField(
        max_length=500,
        help_text="Two or three sentences: what it is and what it changes for children.",
    )
    body = StreamField(
        BaseStreamBlock(),
        blank=True,
        help_text="The full description: aims, method, partners, links, documents, images.",
    )
    ps = FourPsField(through="pact.InitiativePageP", blank=False)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True, help_text="Leave empty if it has no end.")
    status = models.CharField(
        max_length=20, choices=InitiativeStatus.choices, default=InitiativeStatus.ONGOING
    )
    target_groups = models.CharField(
        max_length=300,
        blank=True,
        help_text="Who it is for, e.g. 'teachers, social workers, children aged 6 to 12'.",
    )
    audiences = ParentalManyToManyField(
        "pact.TargetGroup",
        blank=True,
        verbose_name="target groups (for the filters)",
        help_text="Tick every group it is for: the good-practices database filters on these.",
    )
    results = models.TextField(
        blank=True, help_text="What it has achieved so far, with figures if any."
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("target_groups"),
        index.SearchField("results"),
        # Found by who runs it, where, and its Ps: "Zürich", "Italy", "prevention".
        index.SearchField("related_search_text"),
        index.FilterField("status"),
        index.FilterField("start_date"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("ps"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("status"),
            ],
            heading="When",
        ),
        FieldPanel("target_groups"),
        FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
        FieldPanel("results"),
    ]

    api_fields = [
        APIField("summary"),
        APIField("body"),
        APIField("ps", serializer=FourPsAPIField(source="p_items")),
        APIField("status"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("target_groups"),
        APIField("results"),
        APIField("signatory", serializer=SignatoryLinkAPIField()),
        # The signatory's country: initiatives have none of their own.
        APIField("country", serializer=CountryAPIField(source="signatory.country")),
    ]

    parent_page_types = ["pact.SignatoryPage"]
    subpage_types = []

    class Meta:
        verbose_name = "initiative"

    @cached_property
    def signatory(self):
        """The signatory it belongs to (its parent). Listings set it for all their pages at
        once (attach_signatories)."""
        parent = self.get_parent()
        return parent.specific if parent is not None else None

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date cannot be before the start date."})

    def related_search_text(self):
        """The signatory's name, town and country and the initiative's Ps, indexed with it
        (refreshed when the initiative is saved, not when its signatory is).

        The search backend asks for it once per indexed form of the entry (title, body,
        autocomplete and their plain texts): it is read once, in two queries, and kept on the
        instance until the next save."""
        if "_related_search_text" not in self.__dict__:
            words = [p.name for p in self.four_ps]
            # A parent at hand (pages made in bulk, pact/bulk) is not read again.
            parent = self.__dict__.get("_cached_parent_obj")
            if isinstance(parent, SignatoryPage):
                signatory = (parent.title, parent.town, parent.country.code)
            elif self.path:
                signatory = (
                    SignatoryPage.objects.filter(path=self.path[: -Page.steplen])
                    .values_list("title", "town", "country")
                    .first()
                )
            else:
                signatory = None
            if signatory is not None:
                title, town, code = signatory
                words += [title, town, countries.name(code)]
            self.__dict__["_related_search_text"] = " ".join(filter(None, words))
        return self.__dict__["_related_search_text"]

    def save(self, *args, **kwargs):
        # What is indexed next is read afresh (related_search_text).
        self.__dict__.pop("_related_search_text", None)
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["signatory"] = self.signatory
        return context


def attach_signatories(pages):
    """Give each initiative or event of a list its signatory (its parent SignatoryPage, or None
    for the secretariat's own events) as `.signatory`, with one query for the whole list.

    A page's parent is the page whose path is the page's path less its last step.
    """
    pages = list(pages)
    parent_paths = {page.path[: -Page.steplen] for page in pages}
    signatories = {
        signatory.path: signatory
        for signatory in SignatoryPage.objects.filter(path__in=parent_paths).defer_streamfields()
    }
    for page in pages:
        # Sets the cached_property `signatory` of InitiativePage and EventPage.
        page.__dict__["signatory"] = signatories.get(page.path[: -Page.steplen])
    return pages
