#!/usr/bin/env bash
# A walk through the HTTP API with curl. Start the service first (`make serve`), then:
#   BOUNCER_KEY=bk_... examples/curl-walkthrough.sh
# (an admin key is needed only for the last two steps: bouncer keys create --role admin)
set -euo pipefail
URL=${BOUNCER_URL:-http://127.0.0.1:8080}
: "${BOUNCER_KEY:?set BOUNCER_KEY to a key with role check (make serve prints one)}"
auth=(-H "Authorization: Bearer $BOUNCER_KEY")
json=(-H "Content-Type: application/json")
step() { printf '\n== %s\n' "$*"; }

step "Liveness and readiness (no key needed)"
curl -s "$URL/healthz"; echo
curl -s "$URL/readyz"; echo

step "Which policies are loaded, and what one of them requires (show this before the user types)"
curl -s "${auth[@]}" "$URL/v1/policies"; echo
curl -s "${auth[@]}" "$URL/v1/policies/nist-800-63b"; echo

step "Check a password: accept or reject is a 200 answer; read .accepted and every violation"
curl -s "${auth[@]}" "${json[@]}" -d '{"password":"Summer2024!"}' "$URL/v1/check"; echo

step "With context: who changes the password and how (the previous password is never logged)"
curl -s "${auth[@]}" "${json[@]}" -d '{
  "password": "jdoe-Summer-2024",
  "context": {"username": "jdoe", "email": "jdoe@example.com", "display_name": "John Doe",
              "groups": ["Staff"], "operation": "change", "previous_password": "jdoe-Spring-2024"},
  "client": "curl-walkthrough", "channel": "cli"}' "$URL/v1/check"; echo

step "As-you-type feedback: preview is answered but not counted as an attempt"
curl -s "${auth[@]}" "${json[@]}" -d '{"password":"correct horse","preview":true}' "$URL/v1/check"; echo

step "Errors are JSON too: malformed body, then a missing key"
curl -s "${auth[@]}" "${json[@]}" -d '{"password":' "$URL/v1/check"; echo
curl -s "${json[@]}" -d '{"password":"x"}' "$URL/v1/check"; echo

step "Metrics (role stats; the make serve key has it)"
curl -s "${auth[@]}" "$URL/metrics" | grep '^bouncer_checks_total' || true

if [[ -n "${BOUNCER_ADMIN_KEY:-}" ]]; then
  step "Admin: reload policies (zero failed requests), list keys"
  curl -s -X POST -H "Authorization: Bearer $BOUNCER_ADMIN_KEY" "$URL/v1/admin/reload"; echo
  curl -s -H "Authorization: Bearer $BOUNCER_ADMIN_KEY" "$URL/v1/admin/keys"; echo
fi
