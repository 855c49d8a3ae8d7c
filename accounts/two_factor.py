"""Two-factor authentication: a code from an authenticator app (TOTP), or a single-use recovery
code, after the password.

Built on django-otp (its TOTP and static-token devices, its OTPMiddleware and its throttling);
these views and the middleware are ours, so that the pages follow the public site's design and
CSP and the rule of who must use it lives in one place, `two_factor_required`:

- the secretariat (the Secretariat group, or Wagtail's Editors and Moderators groups if someone
  uses them), staff and superusers must: until they have set it up, every admin and account page
  sends them to set it up; afterwards, to the code page after each login;
- signatories and applicants may: once they have set it up, it is asked at every login too.

Until the code is typed, such a session is sent to the code page from every admin and account
page, and is a visitor's everywhere else (pages private to logged-in users stay closed).

A session counts as passed once django-otp has recorded the device that checked its code
(`request.user.is_verified()`); logging out or a new login starts over. Nothing in settings
turns this off: tests log in with a device of their own (tests/two_factor.py), and
`ensure_dev_admin` prints the development admin's key and recovery codes.
"""

import base64
import re
from io import BytesIO

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.email import send_email
from core.public_urls import absolute_url
from core.ratelimit import BLOCKED_MESSAGE, limit_reached

# Wagtail's default editor groups count as the secretariat too, should anyone use them.
SECRETARIAT_GROUP_NAMES = ("Secretariat", "Editors", "Moderators")
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"

# Pages a logged-in user who has not passed the second factor may still open (logging in and
# out, password reset, and the second factor itself); everything else under /admin/ and
# /account/ waits for it. Public pages never need a login, so they never wait.
GUARDED = re.compile(r"^/(admin|account)/")
OPEN_BEFORE_SECOND_FACTOR = re.compile(
    r"^/(account/(login|logout|password-reset|two-factor/(verify|set-up))/"
    r"|admin/(login|logout|password_reset)/)"
)


def two_factor_required(user):
    """True for the accounts that must use a second factor: superusers, staff and the
    secretariat. Signatories and applicants may choose to."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    cached = getattr(user, "_two_factor_required", None)
    if cached is None:
        cached = user.groups.filter(name__in=SECRETARIAT_GROUP_NAMES).exists()
        user._two_factor_required = cached
    return cached


def app_device(user):
    """The user's confirmed authenticator app, or None."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def has_two_factor(user):
    return user.is_authenticated and app_device(user) is not None


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def new_recovery_codes(user):
    """Replace the user's recovery codes with new ones and return them (shown once)."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def enrol(user):
    """Give `user` a confirmed authenticator app and recovery codes at once, without the
    set-up page (for `ensure_dev_admin` and tests): returns (device, recovery codes)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=True)
        codes = new_recovery_codes(user)
    return device, codes


def remove_two_factor(user):
    """Take away every device of `user` (turning it off, or a superuser's reset)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def secret_for_people(device):
    """The device's key as people type it into an app: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(text):
    """A QR code of `text` as an SVG data: URI (an <img>, allowed by the public CSP)."""
    out = BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=5, border=2, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


def tell_the_owner(user, *, turned_on=False, turned_off=False):
    """E-mail the account's address about a change of its two-step login, so that someone who
    stole the password and changes it is noticed."""
    send_email(
        "accounts/emails/two_factor_changed",
        user.email,
        {
            "turned_on": turned_on,
            "turned_off": turned_off,
            "password_reset_url": absolute_url(reverse("accounts:password_reset")),
            "secretariat_email": settings.SECRETARIAT_EMAIL,
        },
    )


# Where to go after the second factor


def _next_url(request):
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    if request.user.has_perm("wagtailadmin.access_admin"):
        return reverse("wagtailadmin_home")
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name, next_url):
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware: a logged-in user who has not passed the second factor
    of this session is sent to the code page (it has a device) or to the set-up page (it must
    have one), from every admin and account page except logging in and out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        user = request.user
        if user.is_authenticated and not user.is_verified():
            if GUARDED.match(path):
                if not OPEN_BEFORE_SECOND_FACTOR.match(path):
                    next_url = request.get_full_path() if request.method == "GET" else path
                    if has_two_factor(user):
                        return HttpResponseRedirect(_with_next("two_factor:verify", next_url))
                    if two_factor_required(user):
                        return HttpResponseRedirect(_with_next("two_factor:set_up", next_url))
            elif has_two_factor(user) or two_factor_required(user):
                # Everywhere else (public pages, documents, pages private to logged-in
                # users), a session that has not passed the second factor is a visitor's.
                _as_visitor(request)
        return self.get_response(request)


def _as_visitor(request):
    anonymous = AnonymousUser()

    async def auser():
        return anonymous

    request.user = anonymous
    request.auser = auser


# Forms and views


def _normalise_code(value):
    return re.sub(r"[\s-]+", "", value or "").lower()


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=40,
        help_text="The 6 digits your authenticator app shows now, or one of your recovery codes.",
        error_messages={"required": "Type the code your authenticator app shows."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        return _normalise_code(self.cleaned_data["code"])


class SetUpForm(CodeForm):
    code = forms.CharField(
        label="Code from the app",
        max_length=20,
        help_text="The 6 digits the app shows for this account.",
        error_messages={"required": "Type the 6 digits the app shows."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


class TurnOffForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Type your password to turn two-step login off."},
    )


WRONG_CODE = (
    "This code is not right, or it was used already. Check the time on your phone and try the "
    "newest code."
)
SLOW_DOWN = (
    "Too many wrong codes. Wait a little (the wait doubles after each wrong code) and try again."
)


def _check_code(user, code):
    """The device that accepts `code` (an app code of digits, or a recovery code), or None;
    plus whether that device is holding codes back after too many wrong ones."""
    if code.isdigit():
        device = app_device(user)
    else:
        device = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
    if device is None:
        return None, False
    accepted = verify_token(user, device.persistent_id, code)
    if accepted is not None:
        return accepted, False
    device.refresh_from_db()
    allowed, _ = device.verify_is_allowed()
    return None, not allowed


def _passed(request, device):
    """Record that this session passed the second factor, under a new session key."""
    request.session.cycle_key()
    otp_login(request, device)


def _refused_code_form(request, form):
    """The status a POSTed code form answers before any code is checked: 429 with the
    limiter's message past the per-client limit, 400 with the form's own errors; None when
    the code may be checked."""
    if limit_reached(request, "two_factor"):
        form.is_valid()
        form.add_error(None, BLOCKED_MESSAGE)
        return 429
    return None if form.is_valid() else 400


def _render(request, template, context, status=200):
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """/account/two-factor/verify/: the code after the password."""
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    if not has_two_factor(user):
        if two_factor_required(user):
            return redirect(_with_next("two_factor:set_up", next_url))
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = _refused_code_form(request, form)
        if status is None:
            device, held_back = _check_code(user, form.cleaned_data["code"])
            if device is not None:
                _passed(request, device)
                if isinstance(device, StaticDevice):
                    left = recovery_codes_left(user)
                    messages.warning(
                        request,
                        f"You used a recovery code; {left} left. Make new ones on your "
                        "two-step login page if you are running out.",
                    )
                return redirect(next_url)
            form.add_error("code", SLOW_DOWN if held_back else WRONG_CODE)
            status = 400
    return _render(
        request, "accounts/two_factor/verify.html", {"form": form, "next": next_url}, status
    )


def _pending_app_device(user):
    """The authenticator app being set up: kept unconfirmed until its first code is right, so
    the QR code stays the same when the page is opened again."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def set_up(request):
    """/account/two-factor/set-up/: scan the QR code (or type the key), then type a code."""
    user = request.user
    next_url = _next_url(request)
    if has_two_factor(user):
        if user.is_verified():
            messages.info(request, "Two-step login is on already.")
            return redirect("two_factor:overview")
        return redirect(_with_next("two_factor:verify", next_url))
    device = _pending_app_device(user)
    form = SetUpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = _refused_code_form(request, form)
        if status is None:
            with transaction.atomic():
                device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
                code = form.cleaned_data["code"]
                if code.isdigit() and device.verify_token(code):
                    device.confirmed = True
                    device.save(update_fields=["confirmed"])
                    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
                    codes = new_recovery_codes(user)
                    confirmed = True
                else:
                    confirmed = False
            if confirmed:
                _passed(request, device)
                tell_the_owner(user, turned_on=True)
                return _render(
                    request,
                    "accounts/two_factor/recovery_codes.html",
                    {"codes": codes, "next": next_url, "first_time": True},
                )
            form.add_error("code", WRONG_CODE)
            status = 400
    return _render(
        request,
        "accounts/two_factor/set_up.html",
        {
            "form": form,
            "next": next_url,
            "required": two_factor_required(user),
            "qr_code": qr_code_data_uri(device.config_url),
            "secret": secret_for_people(device),
        },
        status,
    )


@never_cache
@login_required
def overview(request):
    """/account/two-factor/: whether it is on, recovery codes left, new codes, turning off."""
    user = request.user
    return _render(
        request,
        "accounts/two_factor/overview.html",
        {
            "enabled": has_two_factor(user),
            "required": two_factor_required(user),
            "codes_left": recovery_codes_left(user),
            "turn_off_form": TurnOffForm(),
        },
    )


@never_cache
@login_required
@require_POST
def recovery_codes(request):
    """New recovery codes (the old ones stop working); the page holding them is shown once."""
    if not has_two_factor(request.user):
        return redirect("two_factor:overview")
    codes = new_recovery_codes(request.user)
    tell_the_owner(request.user)
    return _render(
        request,
        "accounts/two_factor/recovery_codes.html",
        {"codes": codes, "next": reverse("two_factor:overview"), "first_time": False},
    )


@never_cache
@login_required
@require_POST
def turn_off(request):
    """Signatories may turn it off again, with their password; the secretariat may not."""
    user = request.user
    if two_factor_required(user):
        messages.error(request, "Your account must use two-step login: it cannot be turned off.")
        return redirect("two_factor:overview")
    form = TurnOffForm(request.POST)
    if form.is_valid() and user.check_password(form.cleaned_data["password"]):
        remove_two_factor(user)
        tell_the_owner(user, turned_off=True)
        messages.success(request, "Two-step login is off. You log in with your password only.")
        return redirect("two_factor:overview")
    if form.is_valid():
        form.add_error("password", "This is not your password.")
    return _render(
        request,
        "accounts/two_factor/overview.html",
        {
            "enabled": True,
            "required": False,
            "codes_left": recovery_codes_left(user),
            "turn_off_form": form,
        },
        status=400,
    )


app_name = "two_factor"
urlpatterns = [
    path("", overview, name="overview"),
    path("verify/", verify, name="verify"),
    path("set-up/", set_up, name="set_up"),
    path("recovery-codes/", recovery_codes, name="recovery_codes"),
    path("turn-off/", turn_off, name="turn_off"),
]
