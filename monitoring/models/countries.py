"""Each member state's standing under the Lanzarote Convention, kept by editors."""

from django.core.exceptions import ValidationError
from django.db import models
from django_countries.fields import CountryField


class LanzaroteStatus(models.Model):
    """When a country signed and ratified the Lanzarote Convention (shown on its country page).

    Editors keep these from the Council of Europe's Treaty Office; an empty date means not yet.
    """

    country = CountryField(unique=True)
    signed_on = models.DateField("signed on", null=True, blank=True)
    ratified_on = models.DateField("ratified on", null=True, blank=True)
    in_force_on = models.DateField("entered into force on", null=True, blank=True)
    note = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional, shown under the dates: their source, or a reservation, e.g. "
        "'Dates from the Treaty Office, checked on 1 December 2026'.",
    )

    class Meta:
        ordering = ["country"]
        verbose_name = "Lanzarote Convention status"
        verbose_name_plural = "Lanzarote Convention statuses"

    def __str__(self):
        return f"{self.country.name}: Lanzarote Convention"

    def clean(self):
        super().clean()
        if self.ratified_on and self.signed_on and self.ratified_on < self.signed_on:
            raise ValidationError({"ratified_on": "Ratification cannot come before signature."})
        if self.in_force_on and not self.ratified_on:
            raise ValidationError(
                {"in_force_on": "The Convention enters into force after ratification."}
            )
