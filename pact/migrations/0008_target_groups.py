"""The controlled list of target groups (pact/target_groups.py)."""

from django.db import migrations


def create_target_groups(apps, schema_editor):
    from pact.target_groups import TARGET_GROUPS

    TargetGroup = apps.get_model("pact", "TargetGroup")
    for order, (slug, name, _words) in enumerate(TARGET_GROUPS):
        TargetGroup.objects.update_or_create(slug=slug, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("pact", "0007_good_practices")]

    operations = [migrations.RunPython(create_target_groups, migrations.RunPython.noop)]
