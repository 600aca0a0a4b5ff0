"""The visitor's own routes: config, who they are (livechat/visitor, visitor/:token), what their
browser and the site tell (visitor.status, page.visited, custom.field(s), visitor.callStatus),
and the offline form. Rocket.Chat: api/v1/config.ts, visitor.ts, customField.ts,
pageVisited.ts, offlineMessage.ts."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from app.backends.embedded.visitor_data import SURVEY_ITEMS, SURVEY_VALUES, FieldValue
from app.backends.embedded.visitors import WebsiteVisitor
from app.domain import Visitor
from app.domain.message import MAX_MESSAGE_CHARS
from app.intake import requests, shapes
from app.intake.answers import meteor_error, success
from app.intake.params import clean
from app.intake.routes import API, Routes
from app.store import configuration, organisation
from app.store.rows import to_ms

# Rocket.Chat's Livechat_history_monitor_type: the page changes it keeps.
_MONITORED_CHANGE = "url"


class VisitorRoutes(Routes):
    def add_routes(self, app: web.Application) -> None:
        app.router.add_get(f"{API}/config", self.config)
        app.router.add_post(f"{API}/visitor", self.register)
        app.router.add_get(f"{API}/visitor/{{token}}", self.visitor)
        app.router.add_delete(f"{API}/visitor/{{token}}", self.forget)
        app.router.add_post(f"{API}/visitor.status", self.status)
        app.router.add_post(f"{API}/visitor.callStatus", self.call_status)
        app.router.add_post(f"{API}/page.visited", self.page_visited)
        app.router.add_post(f"{API}/custom.field", self.custom_field)
        app.router.add_post(f"{API}/custom.fields", self.custom_fields)
        app.router.add_post(f"{API}/offline.message", self.offline_message)

    async def config(self, request: web.Request) -> web.Response:
        params = self.query(request, requests.CONFIG)
        department = params.get("department")
        online = await self._engine.read_routing(
            lambda routing: routing.can_serve(department if department in routing.departments else None))
        departments = await self._engine.database.read(organisation.departments)
        settings = await self._engine.database.read(organisation.settings)
        website = await self.website()
        files = await self._engine.database.read(configuration.file_limits)
        config: dict[str, Any] = {
            "enabled": True,
            "online": online,
            "settings": {
                "registrationForm": bool(website["registration_form"]),
                "allowSwitchingDepartments": True,
                "nameFieldRegistrationForm": True,
                "emailFieldRegistrationForm": True,
                "displayOfflineForm": True,
                "videoCall": False,
                # Rocket.Chat's Livechat_fileupload_enabled && FileUpload_Enabled.
                "fileUpload": files.enabled and files.visitors_may_send,
                "language": "en",
                "transcript": False,
                "historyMonitorType": _MONITORED_CHANGE,
                # The widget asks consent first, and offers "Forget/Remove my data" with it.
                "forceAcceptDataProcessingConsent": bool(website["data_processing_consent"]),
                "showConnecting": False,
                "agentHiddenInfo": False,
                "clearLocalStorageWhenChatEnded": False,
                # The desk's limit, always on (Livechat_enable_message_character_limit).
                "limitTextLength": MAX_MESSAGE_CHARS,
                "hiddenSystemMessages": [],
                "hideWatermark": False,
                "visitorsCanCloseChat": True,
            },
            "theme": {
                "title": website["title"] or settings.get("organisation_name") or "Chat with us",
                "color": website["color"],
                "offlineTitle": website["offline_title"],
                "offlineColor": settings.get("livechat_offline_color", "#666666"),
            },
            "messages": {
                "offlineMessage": website["offline_message"],
                "offlineSuccessMessage": website["offline_success_message"],
                "dataProcessingConsentText": website["data_processing_consent_text"],
            },
            "survey": {"items": list(SURVEY_ITEMS), "values": list(SURVEY_VALUES)},
            "departments": [
                {"_id": d.id, "name": d.name, "showOnRegistration": True, "showOnOfflineForm": True}
                for d in departments
                if d.enabled
            ],
            "customFields": [
                {"_id": field.key, "label": field.label, "type": "input", "required": False,
                 "defaultValue": "", "options": "", "regexp": "", "visibility": "visible",
                 "scope": "visitor", "public": True}
                for field in await self.defined_fields() if field.label
            ],
            "triggers": [],
            "resources": {"sound": f"{self._server.url}/sounds/chime.wav"},
        }
        guest = await self.guest(params.get("token") or "")
        if guest is not None:
            await self._tell_guest(config, guest)
        return success(config=config)

    async def _tell_guest(self, config: dict[str, Any], guest: Visitor) -> None:
        """Session restore: who the visitor is, their chat going on, and its agent."""
        profile = await self._desk.profile(guest.id)
        if profile is None:
            return
        config["guest"] = shapes.visitor(profile)
        room = await self._desk.current_room(profile.token)
        if room is not None:
            served = await self._desk.agent(profile.token, room.id)
            config["room"] = shapes.room(room, served, profile.token, profile.status)
            if served is not None:
                config["agent"] = shapes.agent(served)

    async def register(self, request: web.Request) -> web.Response:
        raw = (await self.body(request, requests.VISITOR))["visitor"]
        token = raw["token"]
        if not token.strip():
            raise meteor_error("error-invalid-token", "Token cannot be empty")
        if not self.token_taken(token):
            shortest = self._settings.min_token_chars
            raise meteor_error("error-invalid-token",
                               f"A visitor token here has {shortest} to 256 visible characters, no spaces")
        visitor = await self._desk.register(
            token, name=raw.get("name"), email=raw.get("email") or "", department_id=raw.get("department"),
            phone=raw.get("phone"), match_phone=self._settings.match_visitor_by_phone)
        fields = raw.get("customFields") or []
        profile = await self._profile(visitor)
        if fields:
            values = [FieldValue(f["key"], f["value"], f["overwrite"]) for f in fields]
            defined = {f.key for f in await self.defined_fields()}
            await self._desk.set_custom_fields(profile.token, values, defined)
            profile = await self._profile(visitor)
        return success(visitor=shapes.visitor(profile))

    async def _profile(self, visitor: Visitor) -> WebsiteVisitor:
        profile = await self._desk.profile(visitor.id)
        if profile is None:
            raise meteor_error("error-saving-visitor", "An error ocurred while saving visitor")
        return profile

    async def visitor(self, request: web.Request) -> web.Response:
        guest = await self.guest(clean(request.match_info["token"]))
        if guest is None:
            raise meteor_error("invalid-token")
        return success(visitor=shapes.visitor(await self._profile(guest)))

    async def forget(self, request: web.Request) -> web.Response:
        """The widget's "remove my data"."""
        token = clean(request.match_info["token"])
        if await self.guest(token) is None:
            raise meteor_error("invalid-token")
        visitor_id = await self._desk.forget(token)
        return success(visitor={"_id": visitor_id, "ts": shapes.iso(to_ms(self._engine.clock.now()))})

    async def status(self, request: web.Request) -> web.Response:
        params = await self.body(request, requests.VISITOR_STATUS)
        if await self.guest(params["token"]) is None:
            raise meteor_error("invalid-token")
        await self._desk.set_status(params["token"], params["status"])
        return success(token=params["token"], status=params["status"])

    async def call_status(self, request: web.Request) -> web.Response:
        """Video calls are not part of Omnidesk: the status is acknowledged, as Rocket.Chat
        acknowledges it, and kept nowhere."""
        params = await self.body(request, requests.CALL_STATUS)
        if await self.guest(params["token"]) is None:
            raise meteor_error("invalid-token")
        return success(token=params["token"], callStatus=params["callStatus"])

    async def page_visited(self, request: web.Request) -> web.Response:
        """A page the visitor opened, kept for the agents (the page and the browser's User-Agent;
        never the address it came from). Rocket.Chat keeps it whoever the token is; so does this,
        for a token it takes, and a room that is not the token's is as no room."""
        params = await self.body(request, requests.PAGE_VISITED)
        info = params["pageInfo"]
        if info["change"] != _MONITORED_CHANGE:
            return success()
        token, title, href = params["token"], info["title"], info["location"]["href"]
        if self.token_taken(token):
            await self._desk.page_visited(token, params.get("rid") or None, title=title, url=href,
                                          user_agent=clean(request.headers.get("User-Agent", "")))
        page = {"msg": f"{title} - {href}", "navigation": {"page": info, "token": token}}
        return success(page=page)

    async def custom_field(self, request: web.Request) -> web.Response:
        params = await self.body(request, requests.CUSTOM_FIELD)
        key, value, overwrite = params["key"], params["value"], params["overwrite"]
        await self._set_fields(params["token"], [FieldValue(key, value, overwrite)])
        return success(field={"key": key, "value": value, "overwrite": overwrite})

    async def custom_fields(self, request: web.Request) -> web.Response:
        params = await self.body(request, requests.CUSTOM_FIELDS)
        values = [FieldValue(f["key"], f["value"], f["overwrite"]) for f in params["customFields"]]
        await self._set_fields(params["token"], values)
        # "Key": Rocket.Chat's spelling in this answer.
        return success(fields=[{"Key": v.key, "value": v.value, "overwrite": v.overwrite} for v in values])

    async def _set_fields(self, token: str, values: list[FieldValue]) -> None:
        await self.known_guest(token)
        await self._desk.set_custom_fields(token, values, {f.key for f in await self.defined_fields()})

    async def offline_message(self, request: web.Request) -> web.Response:
        """The offline form: the message waits in the queue as an email for the next agent."""
        params = await self.body(request, requests.OFFLINE_MESSAGE)
        if not params["email"]:
            raise meteor_error("error-invalid-email", "Invalid email")
        departments = {d.id for d in await self._engine.database.read(organisation.departments) if d.enabled}
        # Rocket.Chat mails the department named, else the default address: an unknown one is none.
        department = params.get("department") if params.get("department") in departments else None
        await self._desk.leave_message(name=params["name"], email=params["email"], text=params["message"],
                                       department_id=department)
        return success(message="Livechat offline message sent")
