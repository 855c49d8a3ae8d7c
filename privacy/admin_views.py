"""The secretariat carries out a deletion request: POST only, confirmation on GET, and the
privacy.execute_deletionrequest permission (a signatory's request changes nothing)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views import View

from accounts.models import SignatoryApplication
from core.email import send_email
from privacy.data import CannotDelete, erase_account
from privacy.models import DeletionRequest, DeletionStatus

EXECUTE_PERMISSION = "privacy.execute_deletionrequest"


class ExecuteDeletionView(View):
    model_admin = None

    def dispatch(self, request, *args, instance_pk=None, **kwargs):
        if not request.user.has_perm(EXECUTE_PERMISSION):
            raise PermissionDenied
        self.deletion = get_object_or_404(DeletionRequest, pk=instance_pk)
        self.index_url = self.model_admin.url_helper.index_url
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        application = None
        if self.deletion.user_id:
            application = SignatoryApplication.objects.filter(user_id=self.deletion.user_id).first()
        return TemplateResponse(
            request,
            "privacy/admin/execute_deletion.html",
            {"deletion": self.deletion, "application": application, "index_url": self.index_url},
        )

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            deletion = DeletionRequest.objects.select_for_update().get(pk=self.deletion.pk)
            if deletion.status != DeletionStatus.PENDING:
                messages.info(request, "Nothing to do: this was done already.")
                return redirect(self.index_url)
            user = deletion.user
            email = deletion.email
            counts = {}
            if user is not None:
                try:
                    counts = erase_account(user, by=request.user)
                except CannotDelete as error:
                    messages.error(request, str(error))
                    return redirect(self.index_url)
                deletion.user = None  # gone with the account
            deletion.status = DeletionStatus.DONE
            deletion.executed_at = timezone.now()
            deletion.executed_by = request.user
            deletion.email = ""
            deletion.summary = ", ".join(f"{value} {key}" for key, value in counts.items())
            deletion.save()
            if email:
                send_email(
                    "privacy/emails/deletion_done",
                    email,
                    {"organisation_name": deletion.organisation_name},
                )
        messages.success(request, f"The data of “{deletion}” is deleted.")
        return redirect(self.index_url)
