"""How many failed admin logins lock out (django-axes' AXES_FAILURE_LIMIT): a user name from one
address, and an address whatever the user names."""

from axes.attempts import get_cool_off_threshold
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def failure_limit(request, credentials):
    """settings.LOGIN_FAILURES_PER_USER for a user name from the request's address; none (0) once
    that address failed settings.LOGIN_FAILURES_PER_ADDRESS times within the cool-off, across
    user names: one password tried on many names is stopped too. Axes counts the failures of
    the user name from the address (AXES_LOCKOUT_PARAMETERS) and locks out at the limit.
    """
    failures = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
    ).aggregate(total=Sum("failures_since_start"))["total"]
    if (failures or 0) >= settings.LOGIN_FAILURES_PER_ADDRESS:
        return 0
    return settings.LOGIN_FAILURES_PER_USER
