"""/healthz for load balancers and monitors; /healthz/details for staff."""

import asyncio
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from health_check.base import HealthCheckResult
from health_check.exceptions import ServiceWarning
from health_check.views import HealthCheckView

from ops.health import health_checks

OK, WARNING, UNHEALTHY = "ok", "warning", "unhealthy"


def state_of(result: HealthCheckResult) -> str:
    """ok, warning (still healthy) or unhealthy."""
    if result.error is None:
        return OK
    return WARNING if isinstance(result.error, ServiceWarning) else UNHEALTHY


async def run_checks() -> list[tuple[str, HealthCheckResult]]:
    """Run every check at once; each within its own budget."""
    named = health_checks()
    results = await asyncio.gather(*(check.get_result() for _, check in named))
    return [(name, result) for (name, _), result in zip(named, results, strict=True)]


def overall(results: list[tuple[str, HealthCheckResult]]) -> str:
    states = {state_of(result) for _, result in results}
    return UNHEALTHY if UNHEALTHY in states else OK


class HealthView(HealthCheckView):
    """ "ok" (200) or "unhealthy" (503), and nothing else: no login needed,
    so the answer names no check, host or figure. The library's dispatch
    adds no-cache headers and keeps the request out of a transaction."""

    async def get(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        status = overall(await run_checks())
        return HttpResponse(
            f"{status}\n",
            status=200 if status == OK else 503,
            content_type="text/plain; charset=utf-8",
        )


class HealthDetailsView(HealthCheckView):
    """Every check with its state, message, time taken and figures (JSON);
    staff only: anyone else gets a 404, so the page is not advertised. Always
    200: the page is read by people; /healthz is what machines judge."""

    async def get(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        user = await request.auser()
        if not user.is_staff:
            raise Http404
        results = await run_checks()
        status = overall(results)
        return JsonResponse(
            {
                "status": status,
                "checked_at": timezone.now().isoformat(),
                "checks": [
                    {
                        "name": name,
                        "state": state_of(result),
                        "message": str(result.error) if result.error else "",
                        "seconds": round(result.time_taken, 3),
                        "figures": getattr(result.check, "figures", {}),
                    }
                    for name, result in results
                ],
            },
        )
