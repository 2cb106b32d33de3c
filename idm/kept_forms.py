"""An admin form refused because the login or the CSRF token expired keeps what was typed.

When an editor saves an add or change page of the admin and the save is refused, because the
login expired (the admin sends them to its login page) or the form's CSRF token no longer
matches (they logged in again in another tab), the fields they sent are kept in their session,
under the page's path. The next time they open that page, logged in and allowed to save it, the
form comes back filled in with what they had typed, with the errors it has, and a message;
nothing is saved until they press Save. Kept once: the next visit shows the stored object again.

Not kept: files (the browser sends them again only if chosen again), the CSRF token, forms over
MAX_SIZE, "Save as new", and forms that a page of another site made the browser send (the CSRF
refusal keeps only forms whose Origin, or Referer, is this site). A kept form is shown only to
the user who had loaded it (`EDITOR_FIELD`, which templates/admin/change_form.html adds to every
change form): not to someone else who logs in next in the same browser.

Only an editor's browser can have a form kept: the admin gives a signed cookie naming the
editor (`EDITOR_COOKIE`) to the browser of a logged-in staff user, and a form is kept only when
that cookie names the user of the form. A visitor without an account cannot make the site store
what they post.
"""

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import router, transaction
from django.http import QueryDict, UnreadablePostError
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SESSION_KEY = "idm_kept_forms"
FILES_NOT_KEPT = gettext_lazy("Files you had chosen were not kept: choose them again.")
# Largest form kept, in bytes of its fields as JSON; the forms kept in one session together. A
# workshop's page with a hundred agenda items takes about 60 KB.
MAX_SIZE = 256_000
# Names the staff user of the browser, signed; outlives the login by design.
EDITOR_COOKIE = "idm_editor"
EDITOR_COOKIE_SALT = "idm.kept_forms.editor"
EDITOR_COOKIE_AGE = 30 * 24 * 3600
# The user who loaded the form, a hidden field of every admin change form.
EDITOR_FIELD = "_editor"
NOT_KEPT = {"csrfmiddlewaretoken", EDITOR_FIELD, "_save", "_continue", "_addanother"}


def form_admin(path):
    """The ModelAdmin whose add or change page `path` is, if it keeps refused forms."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    model_admin = getattr(match.func, "model_admin", None)
    if not isinstance(model_admin, KeepRefusedFormsMixin):
        return None
    prefix = f"{model_admin.opts.app_label}_{model_admin.opts.model_name}"
    return model_admin if match.url_name in (f"{prefix}_add", f"{prefix}_change") else None


def keep(request):
    """Keeps the fields of the POST `request` in its session if it is an admin add or change
    page that keeps refused forms and they fit. Whether they were kept."""
    if request.method != "POST" or form_admin(request.path_info) is None:
        return False
    try:
        post, files = request.POST, request.FILES
    except (RequestDataTooBig, TooManyFieldsSent, UnreadablePostError):
        return False
    editor = post.get(EDITOR_FIELD)
    if "_saveasnew" in post or not editor or browser_editor(request) != editor:
        return False
    kept = {
        "editor": editor,
        "fields": {name: post.getlist(name) for name in post if name not in NOT_KEPT},
        "files_dropped": any(files.getlist(name) for name in files),
    }
    forms = {**request.session.get(SESSION_KEY, {}), request.path: kept}
    if len(json.dumps(forms)) > MAX_SIZE:
        # The forms kept before give way to this one, if it fits alone.
        forms = {request.path: kept}
        if len(json.dumps(forms)) > MAX_SIZE:
            return False
    request.session[SESSION_KEY] = forms
    return True


def take(request):
    """The form kept for this page's path, removed from the session, if the user who loaded it
    is the one asking; else None."""
    forms = request.session.get(SESSION_KEY)
    if not forms or request.path not in forms:
        return None
    kept = forms.pop(request.path)
    if forms:
        request.session[SESSION_KEY] = forms
    else:
        del request.session[SESSION_KEY]
    # Gone for good now, even if showing it fails: an error page does not save the session.
    request.session.save()
    if kept.get("editor") != str(request.user.pk):
        return None
    data = QueryDict(mutable=True)
    for name, values in kept["fields"].items():
        data.setlist(name, values)
    return data, kept["files_dropped"]


def is_same_origin(request):
    """Whether the request says it comes from a page of this site: its Origin header, or its
    Referer when there is no Origin. Browsers set both; no other site's page can fake them."""
    origin = request.headers.get("Origin")
    if origin is None:
        referer = urlsplit(request.headers.get("Referer", ""))
        origin = f"{referer.scheme}://{referer.netloc}"
    return origin == f"{request.scheme}://{request.get_host()}"


def browser_editor(request):
    """The user id that the browser's editor cookie names, or None."""
    return request.get_signed_cookie(
        EDITOR_COOKIE, default=None, salt=EDITOR_COOKIE_SALT, max_age=EDITOR_COOKIE_AGE
    )


def keep_forms_refused_for_login(get_response):
    """Middleware: a POST to an admin form that the admin answers with its login page (the
    login expired) keeps the form. Only POSTs that passed the CSRF check get here. The admin's
    pages give a logged-in staff user's browser the editor cookie."""

    def middleware(request):
        response = get_response(request)
        if not request.path_info.startswith(reverse("admin:index")):
            return response  # public pages never look at the session
        if (
            request.method == "POST"
            and response.status_code == 302
            and urlsplit(response.get("Location", "")).path == reverse("admin:login")
        ):
            keep(request)
        user = request.user
        if user.is_authenticated and user.is_staff and browser_editor(request) != str(user.pk):
            response.set_signed_cookie(
                EDITOR_COOKIE,
                str(user.pk),
                salt=EDITOR_COOKIE_SALT,
                max_age=EDITOR_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    return middleware


class KeepRefusedFormsMixin:
    """For every ModelAdmin: a kept form comes back on its page, bound and not saved.

    The page is built as for any GET (a GET never saves), with the form and inline formsets
    bound to the kept fields instead of the stored object, so they show their errors, a save
    by someone else in between included; the version check (idm/versioning.py) applies again
    when the editor then presses Save.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "GET" and (kept := take(request)) is not None:
            data, files_dropped = kept
            if self.may_save(request, object_id):
                request.kept_form = data
                message = _(
                    "Your changes from before you had to sign in again are restored below. "
                    "Check them and press Save."
                )
                if files_dropped:
                    message += " " + str(FILES_NOT_KEPT)
                messages.warning(request, message)
                extra_context = {**(extra_context or {}), "restored_form": True}
                # Validating the form reads the stored version with SELECT ... FOR UPDATE
                # (idm/versioning.py), which needs a transaction; Django opens one only for a
                # POST. Nothing is written in it.
                with transaction.atomic(using=router.db_for_write(self.model)):
                    return super().changeform_view(request, object_id, form_url, extra_context)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, *args, **kwargs):
        """A form shown again with its errors comes without the files that were chosen in it
        (browsers never fill a file input): says so, instead of dropping them silently."""
        if request.method == "POST" and request.FILES:
            messages.warning(request, FILES_NOT_KEPT)
        return super().render_change_form(request, context, *args, **kwargs)

    def may_save(self, request, object_id):
        if object_id is None:
            return self.has_add_permission(request)
        obj = self.get_object(request, unquote(object_id))
        return obj is not None and self.has_change_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        # `change` by name: modeltranslation's TranslationAdmin takes it no other way.
        form = super().get_form(request, obj, change=change, **kwargs)
        data = getattr(request, "kept_form", None)
        if data is None:
            return form

        def __init__(self, *args, **kwargs):
            kwargs["data"] = data.copy()
            form.__init__(self, *args, **kwargs)

        return type(form)(form.__name__, (form,), {"__init__": __init__})

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        data = getattr(request, "kept_form", None)
        if data is not None:
            kwargs["data"] = data.copy()
        return kwargs
