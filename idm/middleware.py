from django.utils.cache import patch_cache_control

API_PREFIX = "/api/"


def api_headers(get_response):
    """Let any web page read the public API and let caches keep its answers for a minute.

    Listed before ConditionalGetMiddleware so that its 304 answers get the headers too.
    No credentials are involved: the API uses neither cookies nor authentication.
    """

    def middleware(request):
        response = get_response(request)
        if request.path.startswith(API_PREFIX) and request.method in ("GET", "HEAD", "OPTIONS"):
            response["Access-Control-Allow-Origin"] = "*"
            if request.method != "OPTIONS":
                patch_cache_control(response, public=True, max_age=60)
        return response

    return middleware
