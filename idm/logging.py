"""Log records as JSON lines on stdout, for a log collector (settings.LOGGING, gunicorn.conf.py)."""

import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, and the request if known.

    Django's request records (django.request) carry the request and the status code;
    Gunicorn's access records carry method, path, status and duration as message arguments.
    """

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **request_fields(record),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def request_fields(record):
    if record.name == "gunicorn.access" and isinstance(record.args, dict):
        atoms = record.args
        return {
            "method": atoms["m"],
            "path": atoms["U"],
            "status": int(atoms["s"]),
            "duration_ms": atoms["M"],
        }
    fields = {}
    # Django's runserver logs a socket as "request": only an HttpRequest has a path.
    request = getattr(record, "request", None)
    if hasattr(request, "path"):
        fields.update(method=request.method, path=request.path)
    if hasattr(record, "status_code"):
        fields["status"] = record.status_code
    return fields
