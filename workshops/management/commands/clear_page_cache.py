"""Makes every app server render its pages anew: for changes made behind Django's back."""

from django.core.management.base import BaseCommand

from idm import page_cache


class Command(BaseCommand):
    help = (
        "Starts a new content version, so that no page kept in the cache is served again. "
        "Needed after changing the content without Django's models: SQL, a database restore, "
        "QuerySet.update() or bulk_create() outside the admin actions and generate_data."
    )

    def handle(self, *args, **options):
        page_cache.new_version()
        self.stdout.write("Page cache cleared: every page will be rendered anew.")
