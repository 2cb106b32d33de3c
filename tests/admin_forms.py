"""Driving the admin's forms with Django's test client: URLs, the data a browser sends back,
inline rows, actions and the messages shown."""

from django import forms
from django.urls import reverse

from speakers.models import Organization, Speaker
from tests.factories import DialogueYearFactory, WorkshopFactory
from workshops.models import Session, Workshop

WORKSHOPS = "/admin/workshops/workshop/"


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def form_data(response):
    """What the browser sends back when the admin form in `response` is saved unchanged: every
    input, the empty and hidden ones too (a new row's `version` goes back empty)."""
    page_forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        page_forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in page_forms:
        for field in form:
            value = field.value()
            if value is False or isinstance(field.field, forms.FileField):
                continue
            if value is None and isinstance(field.field, forms.ModelMultipleChoiceField):
                continue  # an empty multiple choice sends nothing
            data[field.html_name] = "" if value is None else value
            if field.field.show_hidden_initial:
                initial = field.initial
                data[field.html_initial_name] = "" if initial is None else initial
    return data


def add_row(data, prefix, **values):
    index = data[f"{prefix}-TOTAL_FORMS"]
    data[f"{prefix}-TOTAL_FORMS"] = index + 1
    data.update({f"{prefix}-{index}-{name}": value for name, value in values.items()})


def inline_errors(response, prefix):
    (formset,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == prefix
    ]
    return [{field: list(errors) for field, errors in form.items()} for form in formset.errors]


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


def run_action(client, action, workshops):
    return client.post(
        WORKSHOPS,
        {"action": action, "_selected_action": [workshop.pk for workshop in workshops]},
        follow=True,
    )


def new_values(model):
    """What an editor types on the add page of `model`: the required fields."""
    if model is Workshop:
        return {
            "title_en": "Labour mobility",
            "slug": "labour-mobility",
            "dialogue_year": DialogueYearFactory().pk,
            "start_date": "2030-03-01",
            "end_date": "2030-03-02",
        }
    if model is Session:
        workshop = WorkshopFactory()
        return {
            "workshop": workshop.pk,
            "title_en": "Opening",
            "slug": "opening",
            "date": workshop.start_date.isoformat(),
            "start_time": "09:00",
            "end_time": "10:00",
        }
    if model is Speaker:
        return {"full_name": "Amina Diallo", "sort_name": "Diallo, Amina", "slug": "amina"}
    if model is Organization:
        return {"name_en": "Ministry of Labour", "slug": "ministry-of-labour"}
    return {
        "title_en": "Circular migration",
        "slug": "circular-migration",
        "summary_en": "Seasonal work.",
        "workshop": WorkshopFactory().pk,
    }
