"""The subscription form (the footer's "Your e-mail" box leads to it) and the topics form."""

from django import forms
from django_countries import countries

from alerts.models import Frequency, Subscription
from core.four_ps import P_CHOICES


class TopicsForm(forms.ModelForm):
    """What a subscriber follows, and how often they hear about it."""

    ps = forms.MultipleChoiceField(
        label="The Ps you follow",
        choices=P_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to follow all four.",
    )
    countries = forms.MultipleChoiceField(
        label="Countries",
        choices=list(countries),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="For initiatives and events. Choose none to follow every country; hold Ctrl "
        "(or Cmd) to choose several.",
    )
    frequency = forms.ChoiceField(
        label="How often", choices=Frequency.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = Subscription
        fields = ["initiatives", "news", "events", "ps", "countries", "frequency"]
        labels = {
            "initiatives": "New initiatives of signatories",
            "news": "Campaign news",
            "events": "Events",
        }

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(kind) for kind in ("initiatives", "news", "events")):
            raise forms.ValidationError(
                "Tick at least one of initiatives, news or events: otherwise there is nothing "
                "to send you."
            )
        return cleaned


class SubscribeForm(TopicsForm):
    """An e-mail address and its topics; `website` is a honeypot that people never see."""

    email = forms.EmailField(label="Your e-mail", max_length=254)
    website = forms.CharField(label="Leave this field empty", required=False, max_length=200)

    class Meta(TopicsForm.Meta):
        fields = ["email", *TopicsForm.Meta.fields]

    field_order = ["email", "initiatives", "news", "events", "ps", "countries", "frequency"]

    def validate_unique(self):
        # An existing address is not an error: the view answers the same whatever the address,
        # so that nobody can find out who subscribed.
        pass

    @property
    def is_bot(self):
        return bool(self.cleaned_data.get("website"))
