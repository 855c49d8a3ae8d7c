"""Logging in under two-step login in tests (accounts/two_factor.py).

The secretariat and superusers must pass a second factor before any admin page. Tests that
are not about logging in use Django's `client.force_login`, which tests/conftest.py makes pass
the second factor too: the user gets a real authenticator device (made here, in the test
database only) and the session records it, exactly as after a right code. Nothing in settings
turns two-step login off. Tests of two-step login itself mark themselves `unverified_login` to
get Django's plain force_login back.
"""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import app_device, enrol, has_two_factor, two_factor_required

plain_force_login = Client.force_login


def device_for(user):
    """The user's authenticator app, made (with recovery codes) if it has none."""
    return app_device(user) or enrol(user)[0]


def current_code(device, offset_steps=0):
    """The code the authenticator app shows now (or `offset_steps` steps later)."""
    device = TOTPDevice.objects.get(pk=device.pk)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


def unused_code(device):
    """A code the device still accepts: the current one, or the next step's (within its
    tolerance) when the current one was used already (each step's code works once)."""
    device = TOTPDevice.objects.get(pk=device.pk)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    offset = 0 if totp.t() > device.last_t else 1
    return current_code(device, offset_steps=offset)


def mark_session_verified(session, device):
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def force_login_verified(client, user, backend=None):
    """Client.force_login, past the second factor for users who must or chose to use it."""
    plain_force_login(client, user, backend)
    if two_factor_required(user) or has_two_factor(user):
        mark_session_verified(client.session, device_for(user))
