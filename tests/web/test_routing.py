"""Policy routing: by group (ordered), by operation, by API key, and the request's policy as a floor."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bouncer.web.settings import GroupRoute, Routing

from .conftest import Service

GROUPS = Routing(
    groups=[GroupRoute(group="Domain Admins", policy="strict"), GroupRoute(group="Helpdesk", policy="mid")],
    operations={"set": "mid"},
)


def policy_of(svc: Service, body: dict[str, object], who: str = "check") -> str:
    r = svc.check({"password": "abc", **body}, who)
    assert r.status_code == 200, r.get_json()
    name: str = r.get_json()["policy"]["name"]
    return name


@pytest.fixture
def routed(make_service: Callable[..., Service]) -> Service:
    return make_service(routing=GROUPS)


def test_default_policy_without_routes(svc: Service) -> None:
    """With no route matching, the service default applies."""
    assert policy_of(svc, {}) == "weak"


def test_group_membership_routes(routed: Service) -> None:
    """A member of a configured group gets that group's policy (case-insensitive names)."""
    assert policy_of(routed, {"context": {"groups": ["domain admins"]}}) == "strict"
    assert policy_of(routed, {"context": {"groups": ["Helpdesk"]}}) == "mid"
    assert policy_of(routed, {"context": {"groups": ["Sales"]}}) == "weak"


def test_first_matching_group_wins(make_service: Callable[..., Service]) -> None:
    """Groups are an ordered mapping: the first entry the user belongs to decides."""
    svc = make_service(routing=Routing(groups=[GroupRoute(group="Helpdesk", policy="mid"),
                                               GroupRoute(group="Domain Admins", policy="strict")]))
    assert policy_of(svc, {"context": {"groups": ["Domain Admins", "Helpdesk"]}}) == "mid"


def test_operation_routes(routed: Service) -> None:
    """operation 'set' (an admin reset) routes to its policy; 'change' keeps the default."""
    assert policy_of(routed, {"context": {"operation": "set"}}) == "mid"
    assert policy_of(routed, {"context": {"operation": "change"}}) == "weak"


def test_strictest_route_wins(routed: Service) -> None:
    """Group and operation routes combine to the strictest of them."""
    assert policy_of(routed, {"context": {"operation": "set", "groups": ["Domain Admins"]}}) == "strict"


def test_key_default_policy(svc: Service) -> None:
    """A key granted policies uses the first as its default."""
    assert policy_of(svc, {}, "mid_only") == "mid"
    assert policy_of(svc, {}, "strict_first") == "strict"


def test_request_may_raise_the_floor(routed: Service) -> None:
    """Naming a stricter loaded policy is allowed."""
    assert policy_of(routed, {"policy": "strict"}) == "strict"
    assert policy_of(routed, {"policy": "weak"}) == "weak"


def test_request_may_not_go_below_the_floor(routed: Service) -> None:
    """A Domain Admin cannot ask for a weaker policy: 403 policy_below_floor."""
    r = routed.check({"password": "abc", "policy": "weak", "context": {"groups": ["Domain Admins"]}})
    assert r.status_code == 403 and r.get_json()["error"]["code"] == "policy_below_floor"


def test_request_may_only_name_granted_policies(svc: Service) -> None:
    """A key limited to [mid] may not name strict even though it is stricter."""
    r = svc.check({"password": "abc", "policy": "strict"}, "mid_only")
    assert r.status_code == 403 and r.get_json()["error"]["code"] == "policy_not_granted"


@pytest.mark.parametrize("name", ["nosuch", "../policies/weak.toml", "/etc/passwd", "nist-800-63b"])
def test_only_loaded_names_never_paths(svc: Service, name: str) -> None:
    """A name that was not loaded at start, a path or an unloaded preset is 404 unknown_policy."""
    r = svc.check({"password": "abc", "policy": name})
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "unknown_policy"
    assert name not in r.get_data(as_text=True)


def test_shadow_never_changes_the_answer(make_service: Callable[..., Service]) -> None:
    """With a stricter shadow policy the enforced verdict is unchanged; the shadow is only counted."""
    svc = make_service(shadow_policy="strict")
    body = svc.check({"password": "medium pw"}).get_json()
    assert body["accepted"] is True and body["policy"]["name"] == "weak"
    metrics = svc.client.get("/metrics", headers=svc.headers("stats")).get_data(as_text=True)
    assert 'bouncer_shadow_checks_total{outcome="rejected",policy="strict"} 1.0' in metrics


def test_routes_must_name_loaded_policies(make_service: Callable[..., Service]) -> None:
    """A route to a policy that is not loaded stops start-up with a message naming the setting."""
    from bouncer.errors import ConfigError

    with pytest.raises(ConfigError, match="routing.groups.0.policy"):
        make_service(routing=Routing(groups=[GroupRoute(group="x", policy="nope")]))
