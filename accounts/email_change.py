"""Changing one's login e-mail address: only once the new address is confirmed, and never to an
address an account or an application holds (issue 16, item 5).

Wagtail's own "Name and Email" panel changed the login at once, with no confirmation: a
signatory could take the address of an unconfirmed applicant, whose confirmation then failed
and whose application was deleted. Its e-mail field is switched off
(WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False) and this panel of /admin/account/ takes its place:

1. the user types the new address and its current password; a signed, timestamped link is
   e-mailed to the new address (nothing is sent when the address is taken, and the answer is
   the same, so the form tells nothing about other people's addresses);
2. the link opens a page with a button (mailbox link checkers do not use it up); its POST
   changes the login, under a lock of the user's row, if the address is still free and the
   login is still the one the link was made for (so a link works once);
3. the old address is told of the change.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from wagtail.admin.views.account import BaseSettingsPanel

from accounts.models import SignatoryApplication
from core.email import send_email
from core.public_urls import absolute_url
from core.ratelimit import BLOCKED_MESSAGE, limit_reached

User = get_user_model()
SALT = "accounts.change-login-email"
MAX_AGE = 2 * 24 * 60 * 60
PANEL_NAME = "login_email"


def address_is_taken(address, user):
    """Whether an account other than `user`'s, or an application not `user`'s own, holds the
    address (whatever its case)."""
    return (
        User.objects.filter(email__iexact=address).exclude(pk=user.pk).exists()
        or SignatoryApplication.objects.filter(email__iexact=address).exclude(user=user).exists()
    )


def make_token(user, new_address):
    return signing.dumps({"u": user.pk, "o": user.email, "n": new_address}, salt=SALT)


class LoginEmailForm(forms.Form):
    """The panel's form; Wagtail's account view binds it on every POST of the page and calls
    save() once every panel's form is valid. Left empty, it changes nothing."""

    new_email = forms.EmailField(
        label="New login e-mail address",
        required=False,
        max_length=254,
        help_text="We send a link to this address; your login changes only when you open it "
        "and confirm.",
        error_messages={"invalid": "Enter an e-mail address such as name@example.org"},
    )
    current_password = forms.CharField(
        label="Your current password",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, instance, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = instance
        self.request = request

    def clean_new_email(self):
        return (self.cleaned_data.get("new_email") or "").strip().lower()

    def clean(self):
        cleaned = super().clean()
        address = cleaned.get("new_email")
        if not address:
            return cleaned
        if address == self.user.email.lower():
            self.add_error("new_email", "This is your login e-mail address already.")
        if not self.user.check_password(cleaned.get("current_password") or ""):
            self.add_error(
                "current_password", "Enter your current password to change your login address."
            )
        if not self.errors and limit_reached(
            self.request, "email_change", address_field=f"{PANEL_NAME}-new_email"
        ):
            raise forms.ValidationError(BLOCKED_MESSAGE)
        return cleaned

    def save(self):
        address = self.cleaned_data.get("new_email")
        if not address:
            return
        if not address_is_taken(address, self.user):
            send_email(
                "accounts/emails/confirm_email_change",
                address,
                {
                    "name": self.user.get_short_name(),
                    "confirm_url": absolute_url(
                        reverse(
                            "accounts:confirm_email_change", args=[make_token(self.user, address)]
                        )
                    ),
                    "valid_days": MAX_AGE // 86400,
                },
            )
        messages.info(
            self.request,
            f"If {address} can be used as a login, we have sent a link to it. Your login changes "
            "when you open that link and confirm; until then it stays as it is.",
        )


class LoginEmailPanel(BaseSettingsPanel):
    """/admin/account/: "Login e-mail", in place of Wagtail's e-mail field."""

    name = PANEL_NAME
    title = "Login e-mail"
    order = 150
    form_class = LoginEmailForm

    # Wagtail's panel template shows only the fields: this one says first which address is
    # the login now, so nobody has to guess what they are changing.
    template_name = "accounts/admin/login_email_panel.html"

    def get_context_data(self):
        return {**super().get_context_data(), "current_email": self.user.email}

    def get_form(self):
        kwargs = {"instance": self.user, "request": self.request, "prefix": self.name}
        if self.request.method == "POST":
            return self.form_class(self.request.POST, **kwargs)
        return self.form_class(**kwargs)


def _failed(request, message):
    return render(request, "accounts/email_change_failed.html", {"message": message}, status=400)


@require_http_methods(["GET", "POST"])
def confirm_email_change(request, token):
    """/account/email/confirm/<token>/: a button, then the login changes (POST)."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        user_pk, old, new = payload["u"], payload["o"], payload["n"]
    except signing.SignatureExpired:
        return _failed(request, "This link has expired: links work for two days. Ask again.")
    except (signing.BadSignature, KeyError, TypeError):
        return _failed(request, "This link does not work. Copy the whole link from the e-mail.")
    if request.method == "GET":
        return render(request, "accounts/email_change_confirm.html", {"new_address": new})

    outdated = "This link was used already, or your login changed since it was sent."
    taken = (
        f"{new} belongs to another account or sign-up, so it cannot become your login. "
        "Your login is unchanged."
    )
    try:
        with transaction.atomic():
            user = User.objects.select_for_update().filter(pk=user_pk, email=old).first()
            if user is None:
                return _failed(request, outdated)
            if address_is_taken(new, user):
                return _failed(request, taken)
            user.email = new
            user.save(update_fields=["email"])
            SignatoryApplication.objects.filter(user=user).update(email=new)
            send_email(
                "accounts/emails/email_changed",
                old,
                {"name": user.get_short_name(), "secretariat_email": settings.SECRETARIAT_EMAIL},
            )
    except IntegrityError:
        # An account or application took the address between the check and the change.
        return _failed(request, taken)
    messages.success(request, f"Your login e-mail address is now {new}.")
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect("wagtailadmin_account")
    return redirect("accounts:login")
