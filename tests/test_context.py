"""Context: odd shapes and types from library callers are a clear InputError, never a silent accept."""

from __future__ import annotations

from typing import Any

import pytest

from bouncer.context import Context
from bouncer.engine import Bouncer
from bouncer.errors import InputError


@pytest.mark.parametrize("data", [["username"], "username", 5, None.__class__, b"username=jdoe"])
def test_from_dict_refuses_what_is_not_a_mapping(data: Any) -> None:
    """A list, string, number or bytes is not a context: InputError, not AttributeError or TypeError."""
    with pytest.raises(InputError, match="context must be a mapping"):
        Context.from_dict(data)


def test_check_refuses_a_context_that_is_not_a_mapping() -> None:
    """Bouncer.check with a non-mapping context raises InputError (a fault under BouncerError)."""
    with pytest.raises(InputError):
        Bouncer("testing").check("long enough password", 5)  # type: ignore[arg-type]


@pytest.mark.parametrize("data", [
    {"words": ""}, {"groups": 0}, {"words": False}, {"operation": ""}, {"operation": 0},
])
def test_from_dict_refuses_falsy_values_of_the_wrong_type(data: dict[str, Any]) -> None:
    """An empty string or zero where a list or an operation belongs is an error, not the default."""
    with pytest.raises(InputError):
        Context.from_dict(data)


def test_from_dict_accepts_null_as_absent() -> None:
    """JSON null for a list or the operation means "not given": the defaults apply."""
    ctx = Context.from_dict({"words": None, "groups": None, "operation": None, "username": None})
    assert ctx == Context()


@pytest.mark.parametrize("kwargs", [
    {"username": 5}, {"email": b"x@y"}, {"display_name": ["John"]}, {"previous_password": 1234},
    {"words": "abc"}, {"words": None}, {"groups": [1]}, {"words": ("ok", b"bytes")},
])
def test_constructor_refuses_wrong_types(kwargs: dict[str, Any]) -> None:
    """Context(...) built directly checks types too: a string is not a list of words."""
    with pytest.raises(InputError):
        Context(**kwargs)


@pytest.mark.parametrize("kwargs", [
    {"username": "jd\ud800oe"}, {"email": "\udfff@x"}, {"display_name": "J\ud800"},
    {"words": ("ok", "b\ud800")}, {"groups": ("\ud800",)}, {"previous_password": "p\ud800"},
])
def test_lone_surrogates_in_context_are_refused(kwargs: dict[str, Any]) -> None:
    """Lone surrogates anywhere in the context are a clear InputError naming the field."""
    field = next(iter(kwargs))
    with pytest.raises(InputError, match=f"context.{field} is not valid Unicode"):
        Context(**kwargs)


def test_collections_become_tuples() -> None:
    """Lists, sets and generators of strings become tuples (hashable, immutable); a mapping is refused."""
    ctx = Context(words=["acme", "portal"], groups={"Staff"})
    assert ctx.words == ("acme", "portal") and ctx.groups == ("Staff",)
    assert Context(words=(w for w in ["acme"])).words == ("acme",)
    with pytest.raises(InputError):
        Context(words={"acme": 1})  # type: ignore[arg-type]


def test_unknown_field_names_only_identifiers() -> None:
    """An unknown field that looks like a name is named; one that could be a secret is only counted."""
    with pytest.raises(InputError, match="bogus"):
        Context.from_dict({"bogus": 1})
    with pytest.raises(InputError) as caught:
        Context.from_dict({"Hunter2Secret!": 1, "zz\ud800": 2})
    message = str(caught.value)
    assert "Hunter2" not in message and "\ud800" not in message and "2 unknown" in message
    message.encode("utf-8")  # printable by any handler


def test_repr_hides_the_previous_password() -> None:
    """repr() of a context never shows the previous password."""
    assert "s3cretPrev" not in repr(Context(username="jdoe", previous_password="s3cretPrev"))
