"""A server's refusal of an admin's change, said for the admin: what was refused and what they can
do. Error ids are Rocket.Chat's (departmentsLib.ts, omni-users.ts, the API's permission check,
the second-factor check in app/2fa/server/code/index.ts)."""

from __future__ import annotations

from app.backends.rocketchat.wire import ServerRefused
from app.config import Change, Kind, Op
from app.errors import InvalidInput, NotAllowed, NotFound, OmnideskError, Refused, TwoFactorRequired

# The permission Rocket.Chat checks for each kind of change (the routes' permissionsRequired).
_PERMISSION: dict[tuple[Kind, Op | None], str] = {
    (Kind.DEPARTMENT, None): "manage-livechat-departments",
    (Kind.AGENT, Op.CREATE): "view-livechat-manager",
    (Kind.AGENT, Op.DELETE): "view-livechat-manager",
    (Kind.AGENT, Op.UPDATE): "manage-livechat-agents",
    (Kind.BUSINESS_HOURS, None): "view-livechat-business-hours",
    (Kind.ROUTING, None): "edit-privileged-setting",
    (Kind.WEBSITE, None): "view-livechat-manager",
}
_NOT_ALLOWED = frozenset({"error-unauthorized", "unauthorized", "error-not-allowed", "error-not-authorized",
                          "error-action-not-allowed", "forbidden"})
_INVALID: dict[str, str] = {
    "error-fallback-department-circular": "A department cannot be its own fallback department.",
    "error-fallback-department-not-found": "The fallback department no longer exists on the server.",
    "error-archived-department-cant-be-enabled": "Rocket.Chat does not enable an archived department: "
                                                 "unarchive it in Rocket.Chat first.",
    "error-invalid-user": "There is no such user on the server: create the user in Rocket.Chat first, then "
                          "make them an agent.",
    "error-user-is-not-agent": "That user is no longer an agent on the server.",
}
_REFUSED: dict[str, str] = {
    "error-max-departments-number-reached": "This server keeps one department only (Rocket.Chat Community "
                                            "Edition; an Enterprise licence lifts the limit): change the "
                                            "existing department instead.",
    "error-department-removal-disabled": "This server does not allow removing departments (its setting "
                                         "Omnichannel_enable_department_removal is off): disable the "
                                         "department instead, or ask an administrator of the server to allow "
                                         "removal.",
}
_SECOND_FACTOR: dict[str, str] = {
    "password": "The server asks for your password before it changes these settings.",
    "totp": "The server asks for the code of your authenticator app before it changes these settings.",
    "email": "The server has sent a code to your email address: enter it to change these settings.",
}


def admin_refusal(refused: ServerRefused, change: Change) -> OmnideskError:
    error_id = refused.error_id
    if error_id in ("totp-required", "totp-invalid"):
        method = refused.details.get("method")
        method = method if isinstance(method, str) else "password"
        asked = _SECOND_FACTOR.get(method, _SECOND_FACTOR["password"])
        if error_id == "totp-invalid":
            asked = "That was not right. " + asked
        return TwoFactorRequired(asked, method=method)
    if error_id in _NOT_ALLOWED or refused.status == 403:
        permission = _PERMISSION.get((change.kind, change.op)) or _PERMISSION.get((change.kind, None), "")
        return NotAllowed(f"The server does not let you change {_what(change.kind)}: your account lacks the "
                          f"permission '{permission}'. Ask an administrator of the server.",
                          code="not-permitted")
    if error_id in _REFUSED:
        return Refused(_REFUSED[error_id], code=error_id)
    if error_id in _INVALID:
        return InvalidInput(_INVALID[error_id], code=error_id)
    if error_id == "error-department-not-found":
        return NotFound("The department no longer exists on the server.", code=error_id)
    if error_id in ("invalid-params", "error-setting-validation-failed") or error_id.startswith(
            "error-validating"):
        return InvalidInput(f"The server did not accept the change: {refused.message}", code=error_id)
    return Refused(refused.message, code=error_id)


def _what(kind: Kind) -> str:
    return {Kind.DEPARTMENT: "departments", Kind.AGENT: "agents", Kind.BUSINESS_HOURS: "business hours",
            Kind.ROUTING: "the routing settings", Kind.WEBSITE: "the website chat settings"}.get(
        kind, kind.label.lower())
