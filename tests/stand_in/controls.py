"""The /_stub/* routes tests steer the stand-in with (never behind the API token).

GET|DELETE /_stub/requests   the chat requests seen (DELETE clears them)
GET|DELETE /_stub/loads      the load and unload requests seen (DELETE clears them)
PUT|DELETE /_stub/behaviour  every reply's behaviour (DELETE resets it)
PUT /_stub/models            {"models": [id or spec, …]}: the models, all reloaded as specs say
PUT /_stub/native_api        {"version": "v1" | "v0" | "none"}; the older {"enabled": true|false}
                             means "v1" | "none"; "unknown_status": 200 | 404, the
                             status of the "Unexpected endpoint" answer (200 by default)
PUT /_stub/token             {"token": "…"} requires that API token; {"token": null} none;
                             "denied": [path, …] the paths that token is not allowed (403)
"""

from __future__ import annotations

from aiohttp import web

from .model_views import v0_view
from .state import API_VERSIONS, STAND_IN


async def recorded_requests(request: web.Request) -> web.Response:
    stand_in = request.app[STAND_IN]
    if request.method == "DELETE":
        stand_in.requests.clear()
    return web.json_response(stand_in.requests)


async def recorded_loads(request: web.Request) -> web.Response:
    stand_in = request.app[STAND_IN]
    if request.method == "DELETE":
        stand_in.loads.clear()
    return web.json_response(stand_in.loads)


async def set_behaviour(request: web.Request) -> web.Response:
    stand_in = request.app[STAND_IN]
    stand_in.behaviour = await request.json() if request.method == "PUT" else {}
    return web.json_response(stand_in.behaviour)


async def set_models(request: web.Request) -> web.Response:
    stand_in = request.app[STAND_IN]
    stand_in.store.replace((await request.json())["models"])
    return web.json_response([v0_view(m) for m in stand_in.store.models])


async def set_native_api(request: web.Request) -> web.Response:
    stand_in = request.app[STAND_IN]
    payload = await request.json()
    version = payload["version"] if "version" in payload else ("v1" if payload.get("enabled") else "none")
    if version not in API_VERSIONS:
        return web.json_response({"error": f"version must be one of {', '.join(API_VERSIONS)}"}, status=400)
    unknown_status = payload.get("unknown_status", 200)
    if unknown_status not in (200, 404):
        return web.json_response({"error": "unknown_status must be 200 or 404"}, status=400)
    stand_in.api_version, stand_in.unknown_status = version, unknown_status
    return web.json_response({"version": version, "enabled": version != "none", "unknown_status": unknown_status})


async def set_token(request: web.Request) -> web.Response:
    stand_in = request.app[STAND_IN]
    payload = await request.json()
    token, denied = payload.get("token"), payload.get("denied", [])
    if token is not None and (not isinstance(token, str) or not token):
        return web.json_response({"error": "token must be a non-empty string or null"}, status=400)
    if not isinstance(denied, list) or not all(isinstance(path, str) for path in denied):
        return web.json_response({"error": "denied must be a list of paths"}, status=400)
    stand_in.token, stand_in.token_denied = token, tuple(denied)
    return web.json_response({"token": token, "denied": denied})
