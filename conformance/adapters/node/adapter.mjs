// jot-conformance adapter for npm `jose` (conformance/PROTOCOL.md).
//
// Recommended safe use (https://github.com/panva/jose/blob/main/docs/jwt/verify/functions/jwtVerify.md):
// jwtVerify(token, createLocalJWKSet(jwks), { algorithms, issuer, audience,
// clockTolerance, currentDate, requiredClaims }): the key is picked from the
// set by kid, alg and key type; the clock is the request's `now`. A local JWK
// Set holds public keys only, so a set of `oct` secrets is read the way the
// docs show for HMAC: a key function that picks the JWK by kid (or the only
// one) and importJWK()s it for the header's alg.
import { createInterface } from 'node:readline'
import { createLocalJWKSet, importJWK, jwtVerify } from 'jose'

function secrets(set) {
  return async (header) => {
    const found = set.keys.filter((k) => header.kid === undefined || k.kid === header.kid)
    if (found.length !== 1) throw Object.assign(new Error(`${found.length} keys match`), { code: 'ERR_JWKS_NO_MATCHING_KEY' })
    return importJWK(found[0], header.alg)
  }
}

async function verify(req) {
  const symmetric = req.keys.keys.every((k) => k.kty === 'oct')
  const keys = symmetric ? secrets(req.keys) : createLocalJWKSet(req.keys)
  const options = {
    algorithms: req.algorithms,
    clockTolerance: req.leeway,
    currentDate: new Date(req.now * 1000),
    requiredClaims: req.required,
  }
  if (req.issuer !== null) options.issuer = req.issuer
  if (req.audience !== null) options.audience = req.audience
  const { payload } = await jwtVerify(req.token, keys, options)
  return payload
}

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  const req = JSON.parse(line)
  let out
  try {
    out = { id: req.id, result: 'accept', claims: await verify(req) }
  } catch (e) {
    // The library's own error, unmapped: its code, then its message.
    out = { id: req.id, result: 'reject', error: `${typeof e.code === 'string' ? e.code : e.name}: ${e.message}` }
  }
  let text
  try {
    text = JSON.stringify(out)
  } catch (e) {
    // Claims too deep for JSON.stringify: still an accept, said so.
    text = JSON.stringify({ id: req.id, result: 'accept', claims: { unprintable: e.message } })
  }
  process.stdout.write(text + '\n')
}
