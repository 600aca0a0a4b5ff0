"""A request's parameters are read and refused as Rocket.Chat reads and refuses them: ajv with
coerceTypes (bodies: true, query strings: 'array'), Meteor's check(), JSON.parse."""

from __future__ import annotations

from typing import Any

import pytest

from app.intake import requests as rules
from app.intake.answers import LivechatError
from app.intake.params import Rule, check, clean_json, parse_json


def refusal(rule: Rule, data: Any) -> dict[str, Any]:
    with pytest.raises(LivechatError) as caught:
        check(rule, data)
    assert caught.value.status == 400
    return caught.value.body


@pytest.mark.parametrize(("sent", "read"), [
    # ajv's coerceTypes: scalars become the type the schema asks for, as JavaScript writes them.
    ({"token": 5, "rid": 1.0, "msg": True}, {"token": "5", "rid": "1", "msg": "true"}),
    ({"token": "t", "rid": "r", "msg": 1.5}, {"token": "t", "rid": "r", "msg": "1.5"}),
    ({"token": None, "rid": "r", "msg": "m"}, {"token": "", "rid": "r", "msg": "m"}),
    # nullable fields keep null
    ({"token": "t", "rid": "r", "msg": "m", "_id": None},
     {"token": "t", "rid": "r", "msg": "m", "_id": None}),
    # a lone surrogate (valid in JavaScript, not in UTF-8) becomes U+FFFD, as BSON stores it
    ({"token": "t", "rid": "r", "msg": "a\ud800b"}, {"token": "t", "rid": "r", "msg": "a\ufffdb"}),
])
def test_a_body_is_coerced_as_ajv_coerces_it(sent: dict[str, Any], read: dict[str, Any]) -> None:
    assert check(rules.MESSAGE, sent) == read


@pytest.mark.parametrize(("sent", "read"), [
    ({"token": "t", "limit": "10", "offset": "2"}, {"token": "t", "limit": 10, "offset": 2}),
    ({"token": ["t"], "limit": ["0x10"]}, {"token": "t", "limit": 16}),  # a list of one is its item
    ({"token": "t", "limit": " 3 "}, {"token": "t", "limit": 3}),
])
def test_a_query_is_coerced_as_ajv_coerces_it(sent: dict[str, Any], read: dict[str, Any]) -> None:
    assert check(rules.HISTORY, sent) == read


@pytest.mark.parametrize(("rule", "sent", "error"), [
    (rules.MESSAGE, {"token": "t", "rid": "r"}, "must have required property 'msg'"),
    (rules.MESSAGE, {"token": "t", "rid": "r", "msg": "m", "extra": 1},
     "must NOT have additional properties"),
    (rules.MESSAGE, {"token": "t", "rid": {}, "msg": "m"}, "must be string"),
    (rules.MESSAGE, [], "must be object"),
    (rules.MESSAGE, {"token": "t", "rid": "r", "msg": "m", "agent": {"agentId": "a"}},
     "must have required property 'username'"),
    (rules.HISTORY, {"token": "t", "limit": "ten"}, "must be number,null"),
    (rules.HISTORY, {"token": ["a", "b"]}, "must be string"),
    (rules.ROOM_SURVEY, {"token": "t", "rid": "r", "data": []}, "must NOT have fewer than 1 items"),
    (rules.CUSTOM_FIELD, {"token": "t", "key": "k", "value": "v", "overwrite": "maybe"}, "must be boolean"),
    (rules.CONFIG, {"token": "t", "unknown": "1"}, "must NOT have additional properties"),
    (rules.PAGE_VISITED, {"token": "t", "pageInfo": {"title": "t", "change": "url", "location": {}}},
     "must have required property 'href'"),
])
def test_ajv_refusals_say_invalid_params(rule: Rule, sent: Any, error: str) -> None:
    assert refusal(rule, sent) == {"success": False, "errorType": "invalid-params", "error": error}


@pytest.mark.parametrize(("sent", "error"), [
    ({"visitor": {"token": 5}}, "Match error: Expected string, got number in field visitor.token"),
    ({"visitor": {"name": "Ann"}}, "Match error: Missing key 'token' in field visitor"),
    ({"visitor": {"token": "t"}, "extra": 1}, "Match error: Unknown key in field extra"),
    ({"visitor": "t"}, "Match error: Expected object, got string in field visitor"),
    ([1], "Match error: Expected plain object"),
    ({"visitor": {"token": "t", "customFields": [{"key": "k", "value": "v"}]}},
     "Match error: Missing key 'overwrite' in field visitor.customFields[0]"),
])
def test_check_refusals_say_match_error(sent: Any, error: str) -> None:
    assert refusal(rules.VISITOR, sent) == {"success": False, "error": error}


def test_check_takes_what_match_object_including_takes() -> None:
    # Unknown keys inside `visitor` pass (Match.ObjectIncluding); no coercion (check() has none).
    assert check(rules.VISITOR, {"visitor": {"token": "t", "phone": None, "extra": [1]}}) == {
        "visitor": {"token": "t", "phone": None, "extra": [1]}}


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, "NaN", '{"a": Infinity}', "{", "1 2"])
def test_json_that_javascript_would_not_parse_is_invalid_params(text: str) -> None:
    with pytest.raises(LivechatError) as caught:
        parse_json(text)
    assert caught.value.body["errorType"] == "invalid-params"


def test_lone_surrogates_anywhere_in_parsed_json_become_replacement_characters() -> None:
    deep: Any = ["\ud800"]
    for _ in range(5_000):  # deeper than a recursive walk could go
        deep = [deep]
    cleaned = clean_json({"\udfff": {"a": ["x\ud800y", deep]}})
    assert list(cleaned) == ["\ufffd"] and cleaned["\ufffd"]["a"][0] == "x\ufffdy"
    innermost = cleaned["\ufffd"]["a"][1]
    while isinstance(innermost[0], list):
        innermost = innermost[0]
    assert innermost == ["\ufffd"]


@pytest.mark.parametrize("limit", ["1e300", "0x" + "f" * 300, "Infinity"])
def test_numbers_past_what_a_double_holds_are_refused_not_overflowed(limit: str) -> None:
    try:
        read = check(rules.HISTORY, {"token": "t", "limit": limit})
    except LivechatError as refused:
        assert refused.body["errorType"] == "invalid-params"
    else:
        assert read["limit"] == 1e300  # a double, as JavaScript reads it
