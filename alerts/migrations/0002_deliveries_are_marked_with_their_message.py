"""Digest deliveries are now written in the transaction that queues their message, so a row is
either delivered or absent: the "being sent" claims of the earlier claim, send, mark sequence
go, with their status and claim time.

A claim left by an earlier version was never confirmed as sent (that version would have sent it
again once stale), so it is deleted and the next digest run sends its page.
"""

from django.db import migrations, models


def drop_unconfirmed_claims(apps, schema_editor):
    """Delete the claims no message was confirmed for (status "sending", or no sent_at)."""
    DigestDelivery = apps.get_model("alerts", "DigestDelivery")
    DigestDelivery.objects.filter(
        models.Q(status="sending") | models.Q(sent_at__isnull=True)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(drop_unconfirmed_claims, migrations.RunPython.noop),
        migrations.RemoveField(model_name="digestdelivery", name="status"),
        migrations.RemoveField(model_name="digestdelivery", name="claimed_at"),
        migrations.AlterField(
            model_name="digestdelivery",
            name="sent_at",
            field=models.DateTimeField(
                help_text="When the digest run that queued the message holding this page started."
            ),
        ),
    ]
