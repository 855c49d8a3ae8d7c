"""Create the four Ps: the closed vocabulary of the Pact (see core/four_ps.py)."""

from django.db import migrations

FOUR_PS = [
    ("Prevention", "prevention"),
    ("Protection", "protection"),
    ("Prosecution", "prosecution"),
    ("Participation", "participation"),
]


def create_four_ps(apps, schema_editor):
    FourP = apps.get_model("pact", "FourP")
    for name, slug in FOUR_PS:
        FourP.objects.update_or_create(slug=slug, defaults={"name": name})


def remove_four_ps(apps, schema_editor):
    apps.get_model("pact", "FourP").objects.filter(slug__in=[s for _, s in FOUR_PS]).delete()


class Migration(migrations.Migration):
    dependencies = [("pact", "0001_initial")]

    operations = [migrations.RunPython(create_four_ps, remove_four_ps)]
