"""The user model: the login is the e-mail address, unique whatever its case."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower


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
