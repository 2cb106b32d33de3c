"""The "Editors" group: full control of the content models, nothing of users or groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_MODELS = {
    "speakers": ["organization", "speaker"],
    "workshops": [
        "dialogueyear",
        "workshop",
        "workshoppartner",
        "objective",
        "keyprinciple",
        "challenge",
        "session",
        "sessionspeaker",
        "guidingquestion",
        "topic",
        "policyexample",
        "document",
    ],
}


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _created = Group.objects.get_or_create(name="Editors")
    for app_label, models in CONTENT_MODELS.items():
        editors.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, content_type__model__in=models
            )
        )
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="speakers", codename="view_country")
    )


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0001_initial"),
        ("speakers", "0002_countries"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
