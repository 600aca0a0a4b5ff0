"""What each visitor route accepts: the request schemas of @rocket.chat/rest-typings 8.8.1
(dist/v1/omnichannel.js), and for the routes Rocket.Chat still checks with Meteor's `check()`,
that pattern. Written out from the published schemas; the checking itself is app.intake.params."""

from __future__ import annotations

from app.intake.params import BOOLEAN, MAYBE_NUMBER, MAYBE_STRING, STRING, Arr, Obj, Rule

# GETLivechatConfigParamsSchema
CONFIG = Rule(Obj({"token": MAYBE_STRING, "department": MAYBE_STRING, "businessUnit": MAYBE_STRING}),
              coercion="query")

# livechat/visitor: check(this.bodyParams, {visitor: Match.ObjectIncluding({...})})
_CUSTOM_FIELD = Obj({"key": STRING, "value": STRING, "overwrite": BOOLEAN},
                    required=("key", "value", "overwrite"), additional=True)
VISITOR = Rule(Obj({"visitor": Obj({
    "token": STRING, "name": MAYBE_STRING, "email": MAYBE_STRING, "department": MAYBE_STRING,
    "phone": MAYBE_STRING, "username": MAYBE_STRING,
    "customFields": Arr(_CUSTOM_FIELD, nullable=True),
}, required=("token",), additional=True)}, required=("visitor",)), coercion="exact")

# isLivechatVisitorStatusProps
VISITOR_STATUS = Rule(Obj({"token": STRING, "status": STRING}, required=("token", "status")))

# livechat/visitor.callStatus: check(this.bodyParams, {token, callStatus, rid, callId})
CALL_STATUS = Rule(Obj({"token": STRING, "callStatus": STRING, "rid": STRING, "callId": STRING},
                       required=("token", "callStatus", "rid", "callId")), coercion="exact")

# GETLivechatRoomParamsSchema (additionalProperties: true: extra query keys go to the inquiry)
ROOM = Rule(Obj({"token": STRING, "rid": MAYBE_STRING, "agentId": MAYBE_STRING},
                required=("token",), additional=True), coercion="query")

# POSTLivechatRoomCloseParamsSchema
ROOM_CLOSE = Rule(Obj({"token": STRING, "rid": STRING}, required=("token", "rid")))

# POSTLivechatRoomTransferParams (Rocket.Chat 7; the route is gone from 8, kept for widget 1.13.3)
ROOM_TRANSFER = Rule(Obj({"token": STRING, "rid": STRING, "department": STRING},
                         required=("token", "rid", "department")))

# POSTLivechatVisitorDepartmentTransferParamsSchema
DEPARTMENT_TRANSFER = Rule(Obj({"token": STRING, "rid": STRING, "department": STRING},
                               required=("token", "rid", "department")))

# POSTLivechatRoomSurveyParamsSchema
ROOM_SURVEY = Rule(Obj({
    "token": STRING, "rid": STRING,
    "data": Arr(Obj({"name": STRING, "value": STRING}, required=("name", "value")), min_items=1),
}, required=("token", "rid", "data")))

# POSTLivechatMessageParamsSchema
MESSAGE = Rule(Obj({
    "token": STRING, "rid": STRING, "msg": STRING, "_id": MAYBE_STRING,
    "agent": Obj({"agentId": STRING, "username": STRING}, required=("agentId", "username")),
}, required=("token", "rid", "msg")))

# GET/PUT/DELETELivechatMessageIdParamsSchema
MESSAGE_GET = Rule(Obj({"token": STRING, "rid": STRING}, required=("token", "rid")), coercion="query")
MESSAGE_EDIT = Rule(Obj({"token": STRING, "rid": STRING, "msg": STRING}, required=("token", "rid", "msg")))
MESSAGE_DELETE = Rule(Obj({"token": STRING, "rid": STRING, "count": MAYBE_NUMBER, "offset": MAYBE_NUMBER,
                           "sort": MAYBE_STRING}, required=("token", "rid")))

# GETLivechatMessagesHistoryRidParamsSchema
HISTORY = Rule(Obj({
    "searchText": MAYBE_STRING, "token": STRING, "count": MAYBE_NUMBER, "offset": MAYBE_NUMBER,
    "sort": MAYBE_STRING, "ls": MAYBE_STRING, "end": MAYBE_STRING, "limit": MAYBE_NUMBER,
}, required=("token",)), coercion="query")

# POSTLivechatPageVisitedParamsSchema
PAGE_VISITED = Rule(Obj({
    "token": STRING, "rid": MAYBE_STRING,
    "pageInfo": Obj({
        "title": STRING, "change": STRING,
        "location": Obj({"href": STRING}, required=("href",)),
    }, required=("title", "change", "location")),
}, required=("token", "pageInfo")))

# POSTLivechatCustomFieldParamsSchema, POSTLivechatCustomFieldsParamsSchema
CUSTOM_FIELD = Rule(Obj({"token": STRING, "key": STRING, "value": STRING, "overwrite": BOOLEAN},
                        required=("token", "key", "value", "overwrite")))
CUSTOM_FIELDS = Rule(Obj({
    "token": STRING,
    "customFields": Arr(Obj({"key": STRING, "value": STRING, "overwrite": BOOLEAN},
                            required=("key", "value", "overwrite"))),
}, required=("token", "customFields")))

# POSTLivechatTranscriptParamsSchema
TRANSCRIPT = Rule(Obj({"rid": STRING, "token": STRING, "email": STRING, "subject": STRING},
                      required=("rid", "token", "email")))

# POSTLivechatOfflineMessageParamsSchema
OFFLINE_MESSAGE = Rule(Obj({"name": STRING, "email": STRING, "message": STRING,
                            "department": MAYBE_STRING, "host": MAYBE_STRING},
                           required=("name", "email", "message")))

# GETAgentNextTokenSchema
AGENT_NEXT = Rule(Obj({"department": MAYBE_STRING}), coercion="query")
