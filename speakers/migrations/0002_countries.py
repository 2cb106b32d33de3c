"""Load the ISO 3166-1 country list that django-countries ships."""

from django.db import migrations


def load_countries(apps, schema_editor):
    from django_countries.data import COUNTRIES

    Country = apps.get_model("speakers", "Country")
    existing = set(Country.objects.values_list("code", flat=True))
    Country.objects.bulk_create(
        Country(code=code, name=str(name))
        for code, name in COUNTRIES.items()
        if code not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("speakers", "0001_initial")]

    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
