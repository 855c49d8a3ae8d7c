"""What must never reach a log line or an error report, removed in one place.

- **Secrets in addresses.** Confirmation, unsubscribe, data-download and password-reset links
  carry their token in the path (`/join/verify/<token>/`, `/alerts/manage/<token>/`,
  `/account/password-reset/<uidb64>/<token>/`...): whoever reads the logs could follow them.
  The path is written with such segments replaced by their name (`/join/verify/<token>/`).
  A URL argument is a secret when its name is in SECRET_URL_ARGUMENTS;
  tests/test_observability.py fails when a URL pattern takes an argument that looks like one
  and is not listed.
- **Query strings.** Their values may hold tokens or what a visitor searched for: only the
  names of the parameters are kept.
- **E-mail addresses**, wherever they appear in a text (an exception's message, a log message):
  replaced by `[email]`.
"""

import re

from django.urls import Resolver404, resolve

SECRET_URL_ARGUMENTS = frozenset({"token", "uidb64"})
# A domain ends with a name of letters: "pact@1.2.3" (a release) is no address.
EMAIL_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@(?:[\w-]+\.)+[^\W\d_]{2,}")


def path_secrets(path, resolver_match=None):
    """{secret value: "<name>"} of the secret URL arguments in `path`.

    `resolver_match` is the request's own when it has one (no second resolution); otherwise
    the path is resolved here, and one that resolves to nothing holds no secret."""
    if resolver_match is None:
        try:
            resolver_match = resolve(path)
        except Resolver404:
            return {}
    return {
        str(value): f"<{name}>"
        for name, value in resolver_match.kwargs.items()
        if name in SECRET_URL_ARGUMENTS and value
    }


def redacted_path(path, resolver_match=None):
    """`path` with every segment that is a secret URL argument replaced by `<name>`."""
    secrets = path_secrets(path, resolver_match)
    if not secrets:
        return path
    return "/".join(secrets.get(segment, segment) for segment in path.split("/"))


def without_secrets(text, secrets):
    """`text` with every secret value in it (a path's token quoted in a message) replaced."""
    for value, placeholder in secrets.items():
        text = text.replace(value, placeholder)
    return text


def query_parameter_names(query_string):
    """The names of a query string's parameters, in order, each once, without their values."""
    names = []
    for pair in query_string.split("&"):
        name = pair.split("=", 1)[0]
        if name and name not in names:
            names.append(name)
    return names


def without_email_addresses(text):
    return EMAIL_ADDRESS.sub("[email]", text)
