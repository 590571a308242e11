#!/usr/bin/env bash
# A walk through the HTTP API with curl. Start the service first (`make serve`), then:
#   BOUNCER_KEY=bk_... examples/curl-walkthrough.sh
# (an admin key is needed only for the last two steps: bouncer keys create --role admin)
#
# Secrets never go on curl's command line, where any local user can read them (ps, /proc):
# the key reaches curl as a header file (`-H @file`, a bash process substitution) and every
# body on stdin (`--data-binary @-`). printf and here-documents are bash built-ins.
set -euo pipefail
URL=${BOUNCER_URL:-http://127.0.0.1:8080}
: "${BOUNCER_KEY:?set BOUNCER_KEY to a key with role check (make serve prints one)}"
step() { printf '\n== %s\n' "$*"; }
# with_key KEY CURL-ARGS...: curl with `Authorization: Bearer KEY` read from a file descriptor.
with_key() { local key=$1; shift; curl -s -H @<(printf 'Authorization: Bearer %s\n' "$key") "$@"; }
api() { with_key "$BOUNCER_KEY" "$@"; }
# check: POST the JSON body read from stdin to /v1/check.
check() { api -H "Content-Type: application/json" --data-binary @- "$URL/v1/check"; echo; }

step "Liveness and readiness (no key needed)"
curl -s "$URL/healthz"; echo
curl -s "$URL/readyz"; echo

step "Which policies are loaded, and what one of them requires (show this before the user types)"
api "$URL/v1/policies"; echo
api "$URL/v1/policies/nist-800-63b"; echo

step "Check a password: accept or reject is a 200 answer; read .accepted and every violation"
check <<<'{"password":"Summer2024!"}'

step "With context: who changes the password and how (the previous password is never logged)"
check <<'JSON'
{
  "password": "jdoe-Summer-2024",
  "context": {"username": "jdoe", "email": "jdoe@example.com", "display_name": "John Doe",
              "groups": ["Staff"], "operation": "change", "previous_password": "jdoe-Spring-2024"},
  "client": "curl-walkthrough", "channel": "cli"
}
JSON

step "As-you-type feedback: preview is answered but not counted as an attempt"
check <<<'{"password":"correct horse","preview":true}'

step "Errors are JSON too: malformed body, then a missing key"
check <<<'{"password":'
curl -s -H "Content-Type: application/json" --data-binary @- "$URL/v1/check" <<<'{"password":"x"}'; echo

step "Metrics (role stats; the make serve key has it)"
api "$URL/metrics" | grep '^bouncer_checks_total' || true

if [[ -n "${BOUNCER_ADMIN_KEY:-}" ]]; then
  step "Admin: reload policies (zero failed requests), list keys"
  with_key "$BOUNCER_ADMIN_KEY" -X POST "$URL/v1/admin/reload"; echo
  with_key "$BOUNCER_ADMIN_KEY" "$URL/v1/admin/keys"; echo
fi
