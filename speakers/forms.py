"""Admin forms of speakers."""

from django.utils.translation import gettext_lazy as _

from idm.versioning import VersionedForm


def suggested_sort_name(full_name):
    """'Amina Diallo' gives 'Diallo, Amina': the last word first, the rest after a comma.

    Only a suggestion: a name written family name first ('Jung Mino') or with a particle
    ('van der Berg') is the editor's to correct. static/js/admin-sort-name.js does the same
    as the editor types.
    """
    words = full_name.split()
    if len(words) < 2:
        return " ".join(words)
    return f"{words[-1]}, {' '.join(words[:-1])}"


class SpeakerForm(VersionedForm):
    """A sort name left empty is taken from the full name (also without JavaScript)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "sort_name" in self.fields:
            self.fields["sort_name"].required = False
            self.fields["sort_name"].help_text = _(
                "How the name is alphabetized, e.g. 'McKinley, Brunson'. Left empty, it is "
                "the full name with its last word first ('Amina Diallo' gives 'Diallo, Amina'): "
                "correct it for names written family name first."
            )

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("sort_name") and cleaned_data.get("full_name"):
            cleaned_data["sort_name"] = suggested_sort_name(cleaned_data["full_name"])
        return cleaned_data
