"""jot-conformance adapter for PyJWT (conformance/PROTOCOL.md).

Recommended safe use (https://pyjwt.readthedocs.io/en/stable/usage.html):
jwt.decode(token, key, algorithms=[...allow-list...], issuer=, audience=,
leeway=, options={"require": [...]}), the key a PyJWK picked by the token's
kid from a PyJWKSet (as PyJWKClient does); without kid, the set's only key.
PyJWT has no clock option: for each request the adapter sets the clock of
jwt.api_jwt (its `datetime.now`) to the request's `now`.
"""
import json
import sys
from datetime import datetime, timezone

import jwt
import jwt.api_jwt


def clock(now):
    class Fixed(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.fromtimestamp(now, tz or timezone.utc)
    return Fixed


def verify(req):
    keys = jwt.PyJWKSet(req["keys"]["keys"])
    kid = jwt.get_unverified_header(req["token"]).get("kid")
    if kid is None and len(keys.keys) == 1:
        key = keys.keys[0]
    else:
        key = keys[kid]
    jwt.api_jwt.datetime = clock(req["now"])
    return jwt.decode(req["token"], key, algorithms=req["algorithms"],
                      issuer=req["issuer"], audience=req["audience"],
                      leeway=req["leeway"], options={"require": req["required"]})


for line in sys.stdin:
    req = json.loads(line)
    try:
        out = {"id": req["id"], "result": "accept", "claims": verify(req)}
    except Exception as e:  # the library's own error, unmapped
        out = {"id": req["id"], "result": "reject", "error": f"{type(e).__name__}: {e}"}
    print(json.dumps(out), flush=True)
