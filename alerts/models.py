"""E-mail alert subscriptions and the record of what each digest delivered."""

import secrets

from django.db import models
from django_countries import countries

from core.four_ps import in_pact_order


def new_token_key():
    return secrets.token_hex(8)


class Frequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"


class Subscription(models.Model):
    """One e-mail address and the topics it wants news about.

    Double opt-in: nothing but the confirmation message is ever sent before `confirmed_at` is set.
    Unsubscribing deletes the row (and its delivery log): we keep no address we may not write to.
    Empty `ps` or `countries` mean "all of them".
    """

    email = models.EmailField("e-mail", unique=True)
    ps = models.JSONField("Ps", default=list, blank=True, help_text="P slugs; empty for all four.")
    countries = models.JSONField(
        default=list, blank=True, help_text="ISO country codes; empty for every country."
    )
    initiatives = models.BooleanField("new initiatives", default=True)
    news = models.BooleanField("news", default=True)
    events = models.BooleanField("events", default=True)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_digest_at = models.DateTimeField(
        null=True, blank=True, help_text="When the last digest run for this subscriber started."
    )
    # Part of the signed unsubscribe/manage token, so a token never outlives its subscription
    # (SQLite may reuse the id of a deleted row).
    token_key = models.CharField(max_length=16, default=new_token_key, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "e-mail alert subscription"

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    is_confirmed.fget.short_description = "confirmed"
    is_confirmed.fget.boolean = True

    @property
    def kinds(self):
        """The kinds of content chosen, in the order digests list them."""
        return [kind for kind in ("initiatives", "news", "events") if getattr(self, kind)]

    def topics_label(self):
        """The chosen topics in words, for the admin list and the messages."""
        kinds = ", ".join(self.kinds) or "nothing"
        ps = ", ".join(p.name for p in in_pact_order(self.ps)) or "all Ps"
        places = ", ".join(countries.name(code) for code in self.countries) or "all countries"
        return f"{kinds}; {ps}; {places}"

    topics_label.short_description = "topics"


class DigestDelivery(models.Model):
    """One page delivered to one subscriber by a digest.

    The unique pair is what makes the digest send each page once per subscriber: a row is
    written in the same transaction that queues the message (see alerts.digest).
    """

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(
        help_text="When the digest run that queued the message holding this page started."
    )

    class Meta:
        verbose_name = "digest delivery"
        verbose_name_plural = "digest deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "page"], name="alerts_one_delivery_per_page"
            )
        ]

    def __str__(self):
        return f"Page {self.page_id} to subscription {self.subscription_id}"
