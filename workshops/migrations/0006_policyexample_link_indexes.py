"""Indexes on the policy examples' links to countries, topics and organizations, the other way.

Each many-to-many table already has a unique index on (policyexample_id, other_id) and one on
other_id alone. Filtering examples by a country, a topic or an organization, and finding which
countries, topics or organizations have a published example, look the links up by the other
side first: with (other_id, policyexample_id), PostgreSQL reads the example ids from the index
alone (an index-only scan) instead of visiting the table for each link.
"""

from django.db import migrations

LINKS = [
    ("workshops_policyexample_countries", "country_id", "policyexample_country_example_idx"),
    ("workshops_policyexample_topics", "topic_id", "policyexample_topic_example_idx"),
    (
        "workshops_policyexample_organizations",
        "organization_id",
        "policyexample_organization_example_idx",
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0005_search_vectors"),
    ]

    operations = [
        migrations.RunSQL(
            f'CREATE INDEX "{name}" ON "{table}" ("{column}", "policyexample_id")',
            reverse_sql=f'DROP INDEX "{name}"',
        )
        for table, column, name in LINKS
    ]
