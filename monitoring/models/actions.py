"""The Pact's possible actions, and each signatory's checklist of them."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from core.blocks.text import RICH_TEXT_FEATURES
from core.four_ps import P_BY_SLUG, P_CHOICES

# Years a checklist may name: the Pact dates from 2012; plans look a decade ahead at most.
FIRST_YEAR = 2000
LAST_YEAR = 2100


class ActionCost(models.TextChoices):
    LOW = "low", "Costs almost nothing"
    INVESTMENT = "investment", "Needs investment"


def p_order_expression(prefix=""):
    """0 for Prevention, 1 for Protection...: the Pact's order of the Ps, in SQL."""
    return models.Case(
        *(
            models.When(**{f"{prefix}p": slug}, then=index)
            for index, (slug, _) in enumerate(P_CHOICES)
        ),
        output_field=models.IntegerField(),
    )


class PossibleActionQuerySet(models.QuerySet):
    def current(self):
        """The actions the Pact lists today: retired ones keep their history but leave the lists."""
        return self.filter(retired_on__isnull=True)

    def in_pact_order(self):
        """By P in the Pact's order (Prevention first), then the secretariat's order."""
        return self.order_by(p_order_expression(), "sort_order", "pk")


class PossibleAction(models.Model):
    """One of the actions the Pact lists for a P, kept by the secretariat.

    `code` is the stable identifier that the API, the exports and the checklists use: it never
    changes once set. An action the Pact no longer lists is retired, never deleted, so the
    checklists and reports that name it keep their meaning.
    """

    code = models.CharField(
        "identifier",
        max_length=60,
        unique=True,
        validators=[
            RegexValidator(
                r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                "Use lower-case letters, digits and hyphens, e.g. prevention-training.",
            )
        ],
        help_text="A stable identifier for the API and open data, e.g. prevention-training. "
        "It cannot change once saved.",
    )
    p = models.CharField("P", max_length=20, choices=P_CHOICES)
    title = models.CharField(
        max_length=200,
        help_text="The action in a few words, e.g. 'Train staff who work with children'.",
    )
    description = RichTextField(
        features=RICH_TEXT_FEATURES, blank=True, help_text="What it involves, in a few sentences."
    )
    cost = models.CharField(
        max_length=20,
        choices=ActionCost.choices,
        blank=True,
        help_text="Optional: helps smaller authorities see where to start.",
    )
    sort_order = models.PositiveIntegerField(
        default=0, help_text="Where it comes in its P's list: lower first."
    )
    retired_on = models.DateField(
        null=True,
        blank=True,
        help_text="Set when the Pact stops listing this action. It then leaves the checklists "
        "and the Pact page; reports that name it keep it.",
    )

    objects = PossibleActionQuerySet.as_manager()

    class Meta:
        ordering = ["p", "sort_order", "pk"]
        verbose_name = "possible action"

    def __str__(self):
        return f"{self.title} ({self.get_p_display()})"

    @property
    def four_p(self):
        """The core.four_ps.P it falls under."""
        return P_BY_SLUG[self.p]

    def clean(self):
        super().clean()
        if self.pk:
            stored = PossibleAction.objects.filter(pk=self.pk).values_list("code", flat=True)
            if stored and stored[0] != self.code:
                raise ValidationError(
                    {"code": f"The identifier cannot change: it is still {stored[0]}."}
                )


class ActionState(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    PLANNED = "planned", "Planned"
    IN_PLACE = "in_place", "In place"


class SignatoryAction(Orderable, ClusterableModel):
    """Where one signatory stands on one possible action: a row of its checklist.

    The rows belong to the signatory's page (a ParentalKey), so they are saved in its revisions,
    go through the same review, and the rows in the database are always the approved (live)
    ones: a draft's checklist is public only once the secretariat publishes it.
    """

    signatory = ParentalKey(
        "pact.SignatoryPage", related_name="action_items", on_delete=models.CASCADE
    )
    action = models.ForeignKey(PossibleAction, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        max_length=20, choices=ActionState.choices, default=ActionState.NOT_STARTED
    )
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text="Planned: the target year. In place: the year it started.",
    )
    note = models.TextField(
        blank=True, max_length=500, help_text="Optional: a sentence on what you do or plan."
    )
    evidence = ParentalManyToManyField(
        "pact.InitiativePage",
        blank=True,
        related_name="+",
        help_text="Your initiatives that show this action in practice.",
    )

    class Meta(Orderable.Meta):
        verbose_name = "action checklist row"
        constraints = [
            models.UniqueConstraint(
                fields=["signatory", "action"], name="monitoring_one_row_per_action"
            )
        ]

    def clean(self):
        super().clean()
        if self.state == ActionState.NOT_STARTED:
            self.year = None
        elif self.year is None:
            which = "target year" if self.state == ActionState.PLANNED else "year it started"
            raise ValidationError({"year": f"Give the {which}."})
