"""The "Editors" group edits the publications too, as the rest of a workshop's content."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PUBLICATION_MODELS = ["publication", "publicationpart", "publicationcredit", "section", "footnote"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    app_config = apps.get_app_config("workshops")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _created = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="workshops", content_type__model__in=PUBLICATION_MODELS
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="workshops", content_type__model__in=PUBLICATION_MODELS
            )
        )


class Migration(migrations.Migration):
    dependencies = [("workshops", "0011_publications")]

    operations = [migrations.RunPython(grant, revoke)]
