"""The user model (the login is the e-mail address, unique whatever its case) and the
application that a town, region or organisation sends to join the Pact."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django_countries.fields import CountryField

from core.storage import private_storage
from pact.models.signatories import Kind, Profile


class UserManager(BaseUserManager):
    """Creates users from an e-mail address; the address is stored in lower case."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractUser):
    """An editor of the secretariat or a signatory's account.

    `display_name` is what other admin users see (for a signatory, its organisation's name), so
    that the contact person's e-mail and name never show in shared admin listings.
    """

    username = None
    email = models.EmailField("e-mail address", unique=True)
    display_name = models.CharField(
        max_length=255,
        blank=True,
        help_text="Shown to other admin users instead of the e-mail address and personal name.",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = "user"
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self):
        # Wagtail falls back to the login (the e-mail) when this is empty: never let it be.
        return self.display_name or super().get_full_name() or f"Account {self.pk}"

    def get_short_name(self):
        return self.display_name or self.first_name or f"Account {self.pk}"


def _private_storage():
    """Where sign-up uploads live: `storages["private"]` (PRIVATE_MEDIA_ROOT, outside
    MEDIA_ROOT, or the private bucket), which no URL on the site reaches (core/storage.py)."""
    return private_storage


def _commitment_path(instance, filename):
    # The visitor's file name is never reused: it may carry personal data or path tricks.
    return f"commitments/{uuid.uuid4().hex}.pdf"


def _logo_path(instance, filename):
    extension = (instance.logo_format or "png").lower()
    return f"logos/{uuid.uuid4().hex}.{extension}"


class ApplicationStatus(models.TextChoices):
    PENDING_VERIFICATION = "pending_verification", "Waiting for e-mail confirmation"
    PENDING_REVIEW = "pending_review", "Waiting for the secretariat"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class SignatoryApplicationQuerySet(models.QuerySet):
    def waiting_for(self, address):
        """The application waiting for the confirmation of `address` (at most one)."""
        return self.filter(
            email__iexact=(address or "").strip(), status=ApplicationStatus.PENDING_VERIFICATION
        )


class SignatoryApplication(models.Model):
    """A request to join the Pact: everything the sign-up form asked, and what became of it.

    It exists from the moment the form is sent; the user account and the draft SignatoryPage are
    made only once the e-mail address is confirmed. The secretariat approves or declines it in
    the admin (accounts/wagtail_hooks.py). It holds personal data, so it is never a snippet and
    never leaves the admin.
    """

    profile = models.CharField(max_length=20, choices=Profile.choices)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    organisation_name = models.CharField("organisation name", max_length=200)
    country = CountryField()
    town = models.CharField("town or region", max_length=200, blank=True)
    website = models.URLField(blank=True)
    logo = models.FileField(storage=_private_storage, upload_to=_logo_path, blank=True)
    logo_format = models.CharField(max_length=10, blank=True, editable=False)
    contact_name = models.CharField("contact person", max_length=200)
    contact_role = models.CharField("contact person's role", max_length=200)
    email = models.EmailField("e-mail address", help_text="The contact's address, and the login.")
    contact_phone = models.CharField("contact person's phone", max_length=50, blank=True)
    password_hash = models.CharField(max_length=128, editable=False)
    commitment = models.FileField(
        "signed commitment",
        storage=_private_storage,
        upload_to=_commitment_path,
        blank=True,
    )
    authorised_to_sign = models.BooleanField(
        "declared authorised to sign",
        default=False,
        help_text="The contact declared being authorised to sign on the organisation's behalf.",
    )
    commitments_accepted_at = models.DateTimeField("Pact's commitments accepted on")
    privacy_accepted_at = models.DateTimeField("privacy notice accepted on")

    status = models.CharField(
        max_length=30,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING_VERIFICATION,
        db_index=True,
    )
    trusted = models.BooleanField(
        "publishes directly",
        default=False,
        help_text="A trusted signatory publishes its changes without the secretariat's review.",
    )
    decline_reason = models.TextField(blank=True)
    created_at = models.DateTimeField("signed up on", auto_now_add=True)
    verified_at = models.DateTimeField("e-mail confirmed on", null=True, blank=True)
    reviewed_at = models.DateTimeField("reviewed on", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signatory_application",
    )
    group = models.OneToOneField(
        "auth.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signatory_application",
        help_text="The signatory's own group, holding the permissions on its page and collection.",
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    page = models.OneToOneField(
        "pact.SignatoryPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application",
    )

    objects = SignatoryApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "signatory"
        verbose_name_plural = "signatories"
        ordering = ["-created_at"]
        permissions = [("review_signatory", "Can approve or decline signatories")]
        # The secretariat's listing (accounts/wagtail_hooks.py) at 200,000 signatories: newest
        # first, alone or within a status, country or profile, or by name; each a range of one
        # index read in order, never a sort of the whole table (the listing adds -pk to
        # break ties).
        indexes = [
            models.Index(fields=["created_at", "id"], name="application_by_date"),
            models.Index(fields=["status", "created_at", "id"], name="application_status_date"),
            models.Index(fields=["country", "created_at", "id"], name="application_country_date"),
            models.Index(fields=["profile", "created_at", "id"], name="application_profile_date"),
            models.Index(fields=["organisation_name", "id"], name="application_by_name"),
        ]
        constraints = [
            # One application per address waiting for its confirmation: twenty identical
            # sign-ups at once make one (accounts/views.py handles the refused others).
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(status="pending_verification"),
                name="application_one_waiting_per_address",
            )
        ]

    def __str__(self):
        return self.organisation_name

    @property
    def profile_label(self):
        return Profile(self.profile).label
