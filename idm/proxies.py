"""The client's address behind the reverse proxies that settings.TRUSTED_PROXY_COUNT counts."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, or behind N trusted proxies the address the outermost one saw: the N-th
    entry of X-Forwarded-For from the end, as each proxy appends the address it got the request
    from. Entries before it are whatever the client sent, and are ignored; so is a header that
    does not hold an address there (REMOTE_ADDR then). Used by the login rate limit
    (django-axes), which would otherwise count every editor at the proxy's address.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        addresses = [address.strip() for address in forwarded if address.strip()]
        if len(addresses) >= count:
            try:
                return str(ipaddress.ip_address(addresses[-count]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR")
