"""jot-conformance adapter for joserfc (conformance/PROTOCOL.md).

Recommended safe use (https://jose.authlib.org/en/guide/jwt/):
jwt.decode(token, KeySet.import_key_set(jwks), algorithms=[...allow-list...])
verifies the signature with the key the token's kid selects; then a
JWTClaimsRegistry(now=, leeway=, iss=, aud=, <required>={"essential": True})
validates the claims, as the guide says decode alone does not.
"""
import json
import sys

from joserfc import jwt
from joserfc.jwk import KeySet


def verify(req):
    keys = KeySet.import_key_set(req["keys"])
    token = jwt.decode(req["token"], keys, algorithms=req["algorithms"])
    options = {claim: {"essential": True} for claim in req["required"]}
    if req["issuer"] is not None:
        options["iss"] = {"essential": True, "value": req["issuer"]}
    if req["audience"] is not None:
        options["aud"] = {"essential": True, "value": req["audience"]}
    registry = jwt.JWTClaimsRegistry(now=req["now"], leeway=req["leeway"], **options)
    registry.validate(token.claims)
    return token.claims


for line in sys.stdin:
    req = json.loads(line)
    try:
        out = {"id": req["id"], "result": "accept", "claims": verify(req)}
    except Exception as e:  # the library's own error, unmapped
        out = {"id": req["id"], "result": "reject", "error": f"{type(e).__name__}: {e}"}
    print(json.dumps(out), flush=True)
