"""Which policy judges a request.

The routed policy is the strictest of: the key's own default (the first of
its granted policies) or the service default, the policy for the operation
(`set` / `change`), and the policy of the first configured group the user
belongs to. Strictness is the order of `policies` in the settings, weakest
first. A request's `policy` field may then raise the bar, never lower it: it
must name a loaded policy (never a path), one its key is granted, at or above
the routed one.
"""

from __future__ import annotations

from bouncer.context import Context
from bouncer.web.errors import APIError
from bouncer.web.keystore import ApiKey
from bouncer.web.service import Engines
from bouncer.web.settings import Settings

__all__ = ["route"]


def route(engines: Engines, settings: Settings, key: ApiKey | None, ctx: Context,
          requested: str | None) -> str:
    """Return the name of the policy to enforce, or raise APIError (404/403)."""
    rank = engines.rank
    base = key.policies[0] if key is not None and key.policies and key.policies[0] in rank \
        else settings.default_policy
    candidates = [base]
    by_op = settings.routing.operations.get(ctx.operation)
    if by_op is not None:
        candidates.append(by_op)
    groups = {g.casefold() for g in ctx.groups}  # directory group names are case-insensitive
    for entry in settings.routing.groups:
        if entry.group.casefold() in groups:
            candidates.append(entry.policy)
            break
    floor = max(candidates, key=lambda name: rank[name])
    if requested is None or requested == floor:
        return floor
    # Never echo the requested name: callers have been known to send the password in any field.
    if requested not in rank:
        raise APIError("unknown_policy", "No policy of that name is loaded; see GET /v1/policies.", 404)
    if key is not None and key.policies and requested not in key.policies:
        raise APIError("policy_not_granted", "This API key may not use that policy.", 403)
    if rank[requested] < rank[floor]:
        raise APIError("policy_below_floor",
                       f"That policy is weaker than the one this request is routed to ({floor}).", 403)
    return requested
