"""Forms of the joining journey: choosing a profile, signing up, correcting details while the
secretariat reviews, logging in and resetting a password.

Every error message says in plain words what to do. Passwords are never sent back to the
browser; everything else typed is kept when the form comes back with errors.
"""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.core.exceptions import ValidationError
from django_countries import countries
from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

from accounts.uploads import validate_commitment_pdf, validate_logo_image
from core.email import send_email
from core.public_urls import absolute_url
from pact.models import KINDS_BY_PROFILE, Profile

User = get_user_model()

PROFILE_CHOICES = [
    (
        Profile.AUTHORITY.value,
        "Local/Regional Authority",
        "A town, city, region or an elected representative.",
    ),
    (
        Profile.ORGANISATION.value,
        "Association/Organisation",
        "A national association of local and regional authorities, an NGO or another organisation.",
    ),
]


def profile_from(value):
    """The Profile named by a query parameter or form value, or None."""
    try:
        return Profile(value)
    except ValueError:
        return None


def _required(message):
    return {"required": message}


class SignatoryDetailsForm(forms.Form):
    """The organisation and its contact person: asked at sign-up, correctable until approval."""

    organisation_name = forms.CharField(
        label="Organisation name",
        max_length=200,
        help_text="As it should appear on the site, e.g. “City of Ghent” or “Save the Children "
        "Albania”.",
        error_messages=_required("Enter the organisation's name."),
    )
    kind = forms.ChoiceField(label="Kind", error_messages=_required("Choose what kind it is."))
    country = forms.ChoiceField(
        label="Country",
        choices=[("", "Choose a country")] + list(countries),
        error_messages={
            "required": "Choose the country.",
            "invalid_choice": "Choose a country from the list.",
        },
    )
    town = forms.CharField(label="Town or region", max_length=200, required=False)
    website = forms.URLField(
        label="Website",
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text="The full address, e.g. https://www.example.org",
        error_messages={"invalid": "Enter a web address such as https://www.example.org"},
    )
    logo = forms.FileField(
        label="Logo",
        required=False,
        help_text="A PNG, JPEG or WebP image of at most 5 MB (SVG is not accepted).",
    )
    contact_name = forms.CharField(
        label="Contact person's name",
        max_length=200,
        error_messages=_required("Enter the contact person's name."),
    )
    contact_role = forms.CharField(
        label="Role",
        max_length=200,
        help_text="e.g. Mayor, Head of social services, Director.",
        error_messages=_required("Enter the contact person's role."),
    )
    contact_phone = forms.CharField(label="Phone", max_length=50, required=False)

    def __init__(self, *args, profile, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile = profile
        self.fields["kind"].choices = [("", "Choose one")] + [
            (kind.value, kind.label) for kind in KINDS_BY_PROFILE[profile]
        ]
        if profile == Profile.AUTHORITY:
            self.fields["kind"].label = "Kind of authority"
            self.fields["town"].required = True
            self.fields["town"].error_messages["required"] = (
                "Enter the town or region the authority serves."
            )
            self.fields["town"].help_text = "The town, city or region the authority serves."
        else:
            self.fields["kind"].label = "Kind of organisation"
            self.fields["town"].help_text = "Where the organisation is based."

    def clean_organisation_name(self):
        return " ".join(self.cleaned_data["organisation_name"].split())

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo:
            self.logo_format = validate_logo_image(logo)
        return logo


class JoinForm(SignatoryDetailsForm):
    """The sign-up form; its fields depend on the chosen profile."""

    email = forms.EmailField(
        label="E-mail",
        max_length=254,
        help_text="The contact person's address. It is also your login, and it is never published.",
        error_messages={
            "required": "Enter the contact person's e-mail address.",
            "invalid": "Enter an e-mail address such as name@example.org",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters; not only digits, not a common password, not like "
        "your name or e-mail.",
        error_messages=_required("Choose a password."),
    )
    password_again = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages=_required("Type the password a second time."),
    )
    commitment = forms.FileField(
        label="Signed commitment (PDF)",
        required=False,
        help_text="The Pact signed by your organisation, as a PDF of at most 10 MB.",
    )
    authorised_to_sign = forms.BooleanField(
        label="I declare that I am authorised to sign the Pact on behalf of this organisation.",
        required=False,
    )
    accept_commitments = forms.BooleanField(
        label="My organisation accepts the commitments of the Pact.",
        error_messages=_required("Tick this box to accept the Pact's commitments."),
    )
    accept_privacy = forms.BooleanField(
        label="I have read the privacy notice and agree that these details are used as it "
        "describes.",
        error_messages=_required("Tick this box to accept the privacy notice."),
    )
    # Honeypot: hidden from people by CSS, filled in by bots that fill in every field.
    homepage = forms.CharField(label="Leave this field empty", required=False)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_commitment(self):
        commitment = self.cleaned_data.get("commitment")
        if commitment:
            validate_commitment_pdf(commitment)
        return commitment

    def clean(self):
        cleaned = super().clean()
        password, again = cleaned.get("password"), cleaned.get("password_again")
        if password:
            candidate = User(
                email=cleaned.get("email", ""),
                display_name=cleaned.get("organisation_name", ""),
                first_name=cleaned.get("contact_name", ""),
            )
            try:
                password_validation.validate_password(password, candidate)
            except ValidationError as error:
                self.add_error("password", error)
            if again is not None and again != password:
                self.add_error("password_again", "The two passwords are not the same.")
        if (
            not cleaned.get("commitment")
            and not cleaned.get("authorised_to_sign")
            and "commitment" not in self.errors
        ):
            self.add_error(
                "authorised_to_sign",
                "Upload the signed commitment, or tick this box to declare that you are "
                "authorised to sign.",
            )
        return cleaned

    @property
    def is_bot(self):
        """True when the honeypot was filled in: nobody sees that field."""
        return bool(self.data.get("homepage", "").strip())


class LoginForm(AuthenticationForm):
    """Public login: the e-mail address and password, errors in plain words."""

    username = forms.EmailField(
        label="E-mail",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={
            "required": "Enter your e-mail address.",
            "invalid": "Enter an e-mail address such as name@example.org",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages=_required("Enter your password."),
    )
    error_messages = {
        "invalid_login": "This e-mail address and password do not match an account. Check "
        "both and try again.",
        "inactive": "This account is not active. Write to the secretariat.",
    }


class _PasswordResetByTask:
    """Sends the reset e-mail through the one e-mail task instead of Django's direct send."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context["user"]
        send_email(
            "accounts/emails/password_reset",
            to_email,
            {
                # The public address, never the request's Host header (reset poisoning).
                "reset_url": absolute_url(self.reset_path(context["uid"], context["token"])),
                "name": user.get_short_name(),
            },
        )

    def reset_path(self, uid, token):
        from django.urls import reverse

        return reverse(self.confirm_url_name, kwargs={"uidb64": uid, "token": token})


class PasswordResetForm(_PasswordResetByTask, DjangoPasswordResetForm):
    """Public password reset (/account/password-reset/)."""

    confirm_url_name = "accounts:password_reset_confirm"
    email = forms.EmailField(
        label="E-mail",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your e-mail address.",
            "invalid": "Enter an e-mail address such as name@example.org",
        },
    )


class AdminPasswordResetForm(_PasswordResetByTask, WagtailPasswordResetForm):
    """Wagtail's admin password reset, with its e-mail sent through the task like the rest."""

    confirm_url_name = "wagtailadmin_password_reset_confirm"
