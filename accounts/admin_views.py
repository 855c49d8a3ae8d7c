"""The secretariat's Approve, Decline and "publishes directly" actions, and the download of a
signed commitment. Each acts on POST only, asks for confirmation on GET, and needs the
accounts.review_signatory permission: a signatory's request changes nothing."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import storages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views import View

from accounts import approval
from accounts.models import SignatoryApplication

REVIEW_PERMISSION = "accounts.review_signatory"


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        help_text="Sent to the applicant by e-mail. Say what was missing or why it cannot join.",
        error_messages={"required": "Give the reason: it is sent to the applicant."},
    )


class ReviewActionView(View):
    """Base of the review actions: permission check, confirmation on GET, action on POST."""

    model_admin = None
    action = None
    template_name = "accounts/admin/confirm_action.html"

    def dispatch(self, request, *args, instance_pk=None, **kwargs):
        if not request.user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied
        self.application = get_object_or_404(SignatoryApplication, pk=instance_pk)
        self.index_url = self.model_admin.url_helper.index_url
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render()

    def render(self, form=None, status=200):
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                "application": self.application,
                "action": self.action,
                "form": form,
                "index_url": self.index_url,
                "title": self.title,
                "question": self.question,
                "button_label": self.button_label,
                "view": self,
            },
            status=status,
        )

    def done(self, message, changed):
        if changed:
            messages.success(self.request, message)
        else:
            messages.info(self.request, "Nothing to do: this was done already.")
        return redirect(self.index_url)


class ApproveView(ReviewActionView):
    action = "approve"
    title = "Approve signatory"
    button_label = "Yes, approve"

    @property
    def question(self):
        return (
            "Approve this signatory? Its page is published, it gets its own image and document "
            "collection and may then edit its page and add initiatives in the admin. It is told "
            "by e-mail."
        )

    def post(self, request, *args, **kwargs):
        try:
            application, changed = approval.approve(self.application.pk, request.user)
        except approval.ApprovalError as error:
            messages.error(request, str(error))
            return redirect(self.index_url)
        return self.done(f"“{application.organisation_name}” is approved and published.", changed)


class DeclineView(ReviewActionView):
    action = "decline"
    title = "Decline signatory"
    button_label = "Decline and send the reason"
    question = (
        "Decline this signatory? The record is kept, the draft page is removed, and the reason "
        "below is e-mailed to the contact person."
    )

    def get(self, request, *args, **kwargs):
        return self.render(DeclineForm())

    def post(self, request, *args, **kwargs):
        form = DeclineForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            application, changed = approval.decline(
                self.application.pk, request.user, form.cleaned_data["reason"]
            )
        except approval.ApprovalError as error:
            messages.error(request, str(error))
            return redirect(self.index_url)
        return self.done(f"“{application.organisation_name}” is declined.", changed)


class TrustView(ReviewActionView):
    """Let an approved signatory publish without review, or require review again."""

    action = "trust"

    @property
    def trusting(self):
        return not self.application.trusted

    @property
    def title(self):
        return "Let publish directly" if self.trusting else "Require review again"

    @property
    def button_label(self):
        return "Yes, let it publish" if self.trusting else "Yes, require review"

    @property
    def question(self):
        if self.trusting:
            return (
                "Let this signatory publish changes to its page and initiatives without the "
                "secretariat's review?"
            )
        return "Send this signatory's changes through the secretariat's review again?"

    def post(self, request, *args, **kwargs):
        trusted = request.POST.get("trusted") == "1"
        application, changed = approval.set_trusted(self.application.pk, trusted)
        message = (
            f"“{application.organisation_name}” now publishes directly."
            if trusted
            else f"“{application.organisation_name}” goes through review again."
        )
        return self.done(message, changed)


class CommitmentDownloadView(View):
    """The signed commitment PDF, from private storage, for the secretariat only."""

    model_admin = None

    def get(self, request, instance_pk):
        if not request.user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied
        application = get_object_or_404(SignatoryApplication, pk=instance_pk)
        if not application.commitment:
            raise Http404("No signed commitment was uploaded.")
        try:
            # Streamed from private storage (the disk or the private bucket): never a redirect
            # to the bucket, whose address would let anyone holding it fetch the file.
            handle = storages["private"].open(application.commitment.name, "rb")
        except FileNotFoundError as error:
            raise Http404("The signed commitment's file is missing.") from error
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=f"commitment-{application.pk}.pdf",
            content_type="application/pdf",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
