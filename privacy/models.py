"""A signatory's (or applicant's) request to have its account and data deleted.

The request is made on /account/my-data/ and carried out by the secretariat in the admin
(privacy/wagtail_hooks.py). Once carried out, only the organisation's name, the dates and who
carried it out are kept: the e-mail address is cleared and the account is gone.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class DeletionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the secretariat"
    DONE = "done", "Deleted"


class DeletionRequest(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deletion_requests",
        help_text="Empty once the account is deleted.",
    )
    email = models.EmailField("e-mail address", blank=True)
    organisation_name = models.CharField("organisation", max_length=255, blank=True)
    message = models.TextField("message from the requester", blank=True, max_length=2000)
    status = models.CharField(
        max_length=20,
        choices=DeletionStatus.choices,
        default=DeletionStatus.PENDING,
        db_index=True,
    )
    requested_at = models.DateTimeField("requested on", auto_now_add=True)
    executed_at = models.DateTimeField("deleted on", null=True, blank=True)
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.TextField(
        "what was deleted", blank=True, help_text="Counts only, written when carried out."
    )

    class Meta:
        verbose_name = "deletion request"
        ordering = ["status", "-requested_at"]
        permissions = [("execute_deletionrequest", "Can carry out deletion requests")]
        constraints = [
            # Asking twice (a double click, two tabs) makes one request.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="pending"),
                name="privacy_one_pending_deletion_per_user",
            )
        ]

    def __str__(self):
        return self.organisation_name or self.email or f"Request {self.pk}"
