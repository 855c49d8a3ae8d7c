"""Joining the Pact on the public site: sign-up, e-mail confirmation, the pending signatory's
status page, login, logout, password reset and the privacy notice.

The admin is only for approved signatories; until then everything happens here.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import IntegrityError, transaction
from django.forms.utils import ErrorDict
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from wagtail.admin.views import account as wagtail_account

from accounts.approval import build_signatory_page, update_draft_page
from accounts.forms import (
    PROFILE_CHOICES,
    JoinForm,
    LoginForm,
    PasswordResetForm,
    SignatoryDetailsForm,
    profile_from,
)
from accounts.models import ApplicationStatus, SignatoryApplication
from core.email import send_email
from core.public_urls import absolute_url
from core.ratelimit import (
    BLOCKED_MESSAGE,
    LOGIN_BLOCKED_MESSAGE,
    count_login_failure,
    forget_login_failures,
    limit_reached,
    login_refused,
    remember_device,
)
from pact.models import Profile

User = get_user_model()
VERIFY_SALT = "accounts.verify-email"


def _blocked(form, message=BLOCKED_MESSAGE):
    """The bound form, not validated (nothing is checked or authenticated), with the rate-limit
    message on top; what was typed stays in its fields."""
    form._errors = ErrorDict()
    form.cleaned_data = {}
    form.add_error(None, message)
    return form


def make_verification_token(application):
    """A signed, timestamped token naming the application and the address it was sent to."""
    return signing.dumps({"a": application.pk, "e": application.email}, salt=VERIFY_SALT)


def _choose_profile(request, error=None, status=200):
    return render(
        request,
        "accounts/join_profile.html",
        {"profiles": PROFILE_CHOICES, "error": error},
        status=status,
    )


def _render_join(request, form, profile, status=200):
    return render(
        request,
        "accounts/join.html",
        {
            "form": form,
            "profile": profile,
            "profile_label": Profile(profile).label,
            "files_to_choose_again": form.is_bound and bool(request.FILES),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def join(request):
    """/join/: choose a profile (?profile=authority|organisation), then fill in the form."""
    source = request.POST if request.method == "POST" else request.GET
    profile = profile_from(source.get("profile"))
    if profile is None:
        if "profile" in source or "step" in source:
            return _choose_profile(
                request, "Choose one of the two profiles to continue.", status=400
            )
        return _choose_profile(request)
    if request.method == "GET":
        return _render_join(request, JoinForm(profile=profile), profile)

    form = JoinForm(request.POST, request.FILES, profile=profile)
    if form.is_bot:
        return redirect("accounts:join_sent")
    if limit_reached(request, "signup", address_field="email"):
        return _render_join(request, _blocked(form), profile, status=429)
    if not form.is_valid():
        return _render_join(request, form, profile, status=400)

    data = form.cleaned_data
    existing = User.objects.filter(email__iexact=data["email"]).first()
    if existing:
        # Same page as for a new address, so the form never tells whether an account exists;
        # the owner learns it by e-mail instead.
        send_email(
            "accounts/emails/account_exists",
            existing.email,
            {
                "login_url": absolute_url(reverse("accounts:login")),
                "password_reset_url": absolute_url(reverse("accounts:password_reset")),
            },
        )
        return redirect("accounts:join_sent")

    waiting = SignatoryApplication.objects.waiting_for(data["email"]).first()
    if waiting is not None:
        left = _days_left(waiting)
        if left >= 1:
            # One application per address: no second one; its link is sent again (same answer).
            _send_verification(waiting, valid_days=left, again=True)
            return redirect("accounts:join_sent")
        # Less than a day before prune_applications removes it: this sign-up replaces it.
        _discard(waiting)
    application = _create_application(form, profile)
    if application is not None:  # None: a twin sign-up made it meanwhile, and sent its link
        _send_verification(application)
    return redirect("accounts:join_sent")


def _days_left(application):
    """Whole days before the unconfirmed application expires (prune_applications removes it)."""
    age = (timezone.now() - application.created_at).total_seconds()
    return int((settings.SIGNUP_VERIFICATION_MAX_AGE - age) // 86400)


def _discard(application):
    """Delete an unconfirmed application and its private files."""
    for stored in (application.commitment, application.logo):
        if stored:
            stored.delete(save=False)
    application.delete()


def _send_verification(application, valid_days=None, again=False):
    send_email(
        "accounts/emails/verify",
        application.email,
        {
            "organisation_name": application.organisation_name,
            "verify_url": absolute_url(
                reverse("accounts:verify", args=[make_verification_token(application)])
            ),
            "valid_days": valid_days or settings.SIGNUP_VERIFICATION_MAX_AGE // 86400,
            "again": again,
        },
    )


def _create_application(form, profile):
    """The new application, or None when a concurrent sign-up for the address made one first:
    the database holds one application waiting for confirmation per address (the constraint of
    SignatoryApplication), and nothing of the refused one stays, its files included."""
    from django.contrib.auth.hashers import make_password

    data = form.cleaned_data
    now = timezone.now()
    application = SignatoryApplication(
        profile=profile,
        kind=data["kind"],
        organisation_name=data["organisation_name"],
        country=data["country"],
        town=data["town"],
        website=data["website"],
        contact_name=data["contact_name"],
        contact_role=data["contact_role"],
        contact_phone=data["contact_phone"],
        email=data["email"],
        password_hash=make_password(data["password"]),
        authorised_to_sign=data["authorised_to_sign"],
        commitments_accepted_at=now,
        privacy_accepted_at=now,
    )
    if data.get("commitment"):
        application.commitment.save("commitment.pdf", data["commitment"], save=False)
    if data.get("logo"):
        application.logo_format = form.logo_format
        application.logo.save(f"logo.{form.logo_format}", data["logo"], save=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        for stored in (application.commitment, application.logo):
            if stored:
                stored.delete(save=False)
        return None
    return application


def join_sent(request):
    """The "check your inbox" page, the same whether or not the address had an account."""
    return render(request, "accounts/join_sent.html")


@require_http_methods(["GET", "POST"])
def verify(request, token):
    """/join/verify/<token>/: a button to confirm (so link checkers in mailboxes do not use
    the link up), then the account and the draft page are made."""
    try:
        payload = signing.loads(
            token, salt=VERIFY_SALT, max_age=settings.SIGNUP_VERIFICATION_MAX_AGE
        )
        application = SignatoryApplication.objects.get(pk=payload["a"], email=payload["e"])
    except signing.SignatureExpired:
        return render(request, "accounts/verify_failed.html", {"expired": True}, status=400)
    except (signing.BadSignature, SignatoryApplication.DoesNotExist, KeyError, TypeError):
        return render(request, "accounts/verify_failed.html", {"expired": False}, status=400)

    if application.status != ApplicationStatus.PENDING_VERIFICATION:
        messages.info(request, "Your e-mail address is confirmed already. Log in to continue.")
        return redirect("accounts:login")
    if request.method == "GET":
        return render(request, "accounts/verify.html", {"application": application})

    try:
        user = _confirm(application.pk)
    except IntegrityError:
        # A concurrent confirmation (of this application, or of a twin for the address) made
        # the account first, where the database has no row locks (SQLite): once more, on what
        # it committed, answers "confirmed already" (or confirms, if that was another clash).
        user = _confirm(application.pk)
    if user is None:
        messages.info(request, "Your e-mail address is confirmed already. Log in to continue.")
        return redirect("accounts:login")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(
        request, "Your e-mail address is confirmed. The secretariat will now review your sign-up."
    )
    return redirect("accounts:status")


def _confirm(application_pk):
    """Make the account and the draft page of a confirmed application; None when there is
    nothing (more) to do: the application was confirmed meanwhile, or its address has an
    account (two applications for one address: the first confirmed wins). Idempotent: the
    application's row is locked, and the database refuses a second account for one address."""
    with transaction.atomic():
        application = (
            SignatoryApplication.objects.select_for_update().filter(pk=application_pk).first()
        )
        if application is None or application.status != ApplicationStatus.PENDING_VERIFICATION:
            return None
        if User.objects.filter(email__iexact=application.email).exists():
            # Its address has an account: the application goes, and its files once that holds.
            files = [(f.storage, f.name) for f in (application.commitment, application.logo) if f]
            application.delete()
            transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
            return None
        user = User(email=application.email, display_name=application.organisation_name)
        user.password = application.password_hash
        user.save()
        application.user = user
        application.password_hash = ""
        application.status = ApplicationStatus.PENDING_REVIEW
        application.verified_at = timezone.now()
        application.save()
        build_signatory_page(application)
        send_email(
            "accounts/emails/new_signatory",
            settings.SECRETARIAT_EMAIL,
            {
                "organisation_name": application.organisation_name,
                "profile": application.get_profile_display(),
                "country": application.country.name,
                "review_url": absolute_url("/admin/accounts/signatoryapplication/"),
            },
        )
    return user


@login_required
@require_http_methods(["GET", "POST"])
def status(request):
    """/account/: where a signatory's sign-up stands; details can be corrected until approval."""
    application = SignatoryApplication.objects.filter(user=request.user).first()
    form = None
    if application and application.status == ApplicationStatus.PENDING_REVIEW:
        initial = {
            field: getattr(application, field)
            for field in SignatoryDetailsForm.base_fields
            if field != "logo"
        }
        initial["country"] = application.country.code
        if request.method == "POST":
            form = SignatoryDetailsForm(
                request.POST, request.FILES, profile=application.profile, initial=initial
            )
            if form.is_valid():
                _apply_corrections(application, form)
                messages.success(request, "Your details are updated.")
                return redirect("accounts:status")
        else:
            form = SignatoryDetailsForm(profile=application.profile, initial=initial)
    elif request.method == "POST":
        return redirect("accounts:status")
    return render(
        request,
        "accounts/status.html",
        {
            "application": application,
            "form": form,
            "statuses": ApplicationStatus,
            "secretariat_email": settings.SECRETARIAT_EMAIL,
        },
        status=400 if form is not None and form.errors else 200,
    )


def _apply_corrections(application, form):
    data = form.cleaned_data
    with transaction.atomic():
        for field in form.fields:
            if field != "logo":
                setattr(application, field, data[field])
        if data.get("logo"):
            application.logo_format = form.logo_format
            application.logo.save(f"logo.{form.logo_format}", data["logo"], save=False)
        application.save()
        application.user.display_name = application.organisation_name
        application.user.save(update_fields=["display_name"])
        update_draft_page(application)


class LoginLimitMixin:
    """The login policy of core/ratelimit.py for a Django LoginView: refused (429) before any
    password is checked when this client failed too often for the address (or the address did
    and the client is no known device of it); a failure counted; a success remembers the
    browser as a known device of the account."""

    def post(self, request, *args, **kwargs):
        address = request.POST.get("username", "")
        if login_refused(request, address):
            return self.login_refused_response(request)
        self.logged_in_as = None
        response = super().post(request, *args, **kwargs)
        if self.logged_in_as is None:
            count_login_failure(request, address)
        else:
            remember_device(request, response, self.logged_in_as.email)
        return response

    def form_valid(self, form):
        self.logged_in_as = form.get_user()
        return super().form_valid(form)


class LoginView(LoginLimitMixin, auth_views.LoginView):
    """/account/login/: for signatories on the public site, rate-limited."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def login_refused_response(self, request):
        form = _blocked(self.get_form(), LOGIN_BLOCKED_MESSAGE)
        return self.render_to_response(self.get_context_data(form=form), status=429)


class LogoutView(auth_views.LogoutView):
    """/account/logout/ (POST)."""

    template_name = "accounts/logged_out.html"


class PasswordResetView(auth_views.PasswordResetView):
    """/account/password-reset/: e-mails a reset link, rate-limited; same answer either way."""

    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        if limit_reached(request, "password_reset", address_field="email"):
            form = _blocked(self.get_form())
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class OwnerBackInMixin:
    """A password reset by the e-mailed link proves the mailbox: that browser's failed logins
    for the account are forgotten and it becomes a known device, so the owner gets in even
    while its address is under attack (core/ratelimit.py)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        forget_login_failures(self.request, self.user.email)
        return remember_device(self.request, response, self.user.email)


class PasswordResetConfirmView(OwnerBackInMixin, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def privacy(request):
    """/privacy/: what the sign-up collects, why, who sees it, how long, and your rights."""
    return render(
        request, "accounts/privacy.html", {"secretariat_email": settings.SECRETARIAT_EMAIL}
    )


def _rate_limited_page(request, message=BLOCKED_MESSAGE):
    return render(request, "accounts/rate_limited.html", {"message": message}, status=429)


class AdminLoginView(LoginLimitMixin, wagtail_account.LoginView):
    """Wagtail's /admin/login/ with the same login policy as the public login."""

    def login_refused_response(self, request):
        return _rate_limited_page(request, LOGIN_BLOCKED_MESSAGE)


class AdminPasswordResetConfirmView(OwnerBackInMixin, wagtail_account.PasswordResetConfirmView):
    """Wagtail's admin reset link, which lets the owner back in like the public one."""


class AdminPasswordResetView(wagtail_account.PasswordResetView):
    """Wagtail's /admin/password_reset/ with the same rate limits as the public one."""

    def post(self, request, *args, **kwargs):
        if limit_reached(request, "password_reset", address_field="email"):
            return _rate_limited_page(request)
        return super().post(request, *args, **kwargs)
