#!/usr/bin/env python3
"""Python peer for jot's interoperability tests (tests/interop_python.rs).

Two libraries answer: PyJWT ("pyjwt") and joserfc ("joserfc"; also JWE).

    python3 peer.py check        exit 0 if the pinned modules import, else 1 and a hint
    python3 peer.py versions     prints {"pyjwt": .., "joserfc": .., "cryptography": ..}
    python3 peer.py jobs         reads a JSON list of jobs on stdin, prints a JSON list of results

One process runs a whole batch, because interpreter start-up costs more than
the signatures. A job is an object with "op" and "lib":

    {"op": "genkey", "lib": L, "alg": A}
        -> {"ok": true, "jwk": <private or oct JWK>, "public": <public JWK>}
    {"op": "sign", "lib": L, "alg": A, "jwk": <JWK>, "claims": {...}}
        -> {"ok": true, "token": "..."}
    {"op": "verify", "lib": L, "alg": A, "jwk": <JWK>, "token": "...", "iss": opt, "aud": opt}
        -> {"ok": true, "claims": {...}} or {"ok": false, "error": "..."}
    {"op": "import", "lib": L, "jwk": <JWK>}
        -> {"ok": true, "jwk": <re-exported, same privacy>, "public": <public part>,
            "thumbprint": RFC 7638 thumbprint or null (PyJWT has no thumbprint API)}

JWE (RFC 7516 compact serialization), joserfc only (PyJWT has no JWE):

    {"op": "jwe_genkey", "lib": L, "secret_for": "A256GCM" | "A128GCM" | ...}
    {"op": "jwe_genkey", "lib": L, "crv": "P-256" | "P-384" | "X25519"}
        -> {"ok": true, "jwk": <oct or private JWK>, "public": <public JWK>}
    {"op": "jwe_encrypt", "lib": L, "header": {"alg": .., "enc": .., ...}, "jwk": <JWK>,
     "plaintext": "text"}
        -> {"ok": true, "token": "..."}
    {"op": "jwe_decrypt", "lib": L, "alg": A, "jwk": <JWK>, "token": "...",
     "algs": opt [..], "encs": opt [..]}      (the allow-lists; absent = the library's defaults)
        -> {"ok": true, "plaintext": "text", "header": {protected header}}
    {"op": "nested_sign_encrypt", "lib": L, "alg": JWS alg, "sign_jwk": <JWK>,
     "enc_jwk": <oct JWK>, "enc": E, "claims": {...}}
        -> {"ok": true, "token": "..."}   (RFC 7519 §5.2: a JWS JWT inside dir/E, cty "JWT")
    {"op": "nested_decrypt_verify", "lib": L, "alg": JWS alg, "verify_jwk": <JWK>,
     "enc_jwk": <oct JWK>, "enc": E, "token": "...", "iss": opt, "aud": opt}
        -> {"ok": true, "claims": {...}, "cty": <the JWE's cty>}

Every job runs with the library's defaults, plus iss/aud when the job names
them: the point is to see what a user of the library gets.
"""

import json
import os
import sys
import warnings

REQUIRED = {"jwt": "pyjwt", "joserfc": "joserfc", "cryptography": "cryptography"}
INSTALL_HINT = "python3 -m pip install -r interop/python/requirements.txt"


def pinned():
    """The exact versions interop/python/requirements.txt pins (package -> version)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "requirements.txt")
    pins = {}
    with open(path) as f:
        for line in f:
            line = line.split("#")[0].strip()
            if "==" in line:
                name, version = line.split("==")
                pins[name.strip().lower()] = version.strip()
    return pins


def check():
    """The probes document these exact versions' behaviour: other versions fail the check."""
    from importlib import metadata

    problems = []
    for module, package in REQUIRED.items():
        try:
            __import__(module)
        except ImportError:
            problems.append("%s is missing" % package)
    for package, version in pinned().items():
        try:
            installed = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
        if installed != version:
            problems.append("%s is %s, not the pinned %s" % (package, installed, version))
    if problems:
        print("Python peer: %s; install with: %s" % ("; ".join(problems), INSTALL_HINT), file=sys.stderr)
        return 1
    return 0


if len(sys.argv) > 1 and sys.argv[1] == "check":
    sys.exit(check())
if check() != 0:
    sys.exit(1)

# PyJWT warns about short HMAC keys; the warning would go to stderr only, and
# the strictness probes check the behaviour itself.
warnings.simplefilter("ignore")

import cryptography  # noqa: E402
import jwt  # noqa: E402
import joserfc  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa  # noqa: E402
from jwt.algorithms import get_default_algorithms  # noqa: E402
from joserfc import jwe as jrfc_jwe  # noqa: E402
from joserfc import jwt as jrfc_jwt  # noqa: E402
from joserfc.jwk import ECKey, JWKRegistry, OctKey, OKPKey, RSAKey  # noqa: E402

HASH_LEN = {"HS256": 32, "HS384": 48, "HS512": 64}
CURVE = {"ES256": "P-256", "ES384": "P-384"}


def family(alg):
    if alg.startswith("HS"):
        return "oct"
    if alg[:2] in ("RS", "PS"):
        return "RSA"
    if alg.startswith("ES"):
        return "EC"
    return "OKP"


# ---------------------------------------------------------------- PyJWT


def pyjwt_algorithm(alg):
    algorithms = get_default_algorithms()
    if alg not in algorithms:
        raise ValueError("PyJWT does not implement alg %s" % alg)
    return algorithms[alg]


def pyjwt_key(alg, jwk):
    """The key object PyJWT builds from a JWK (PyJWK, as PyJWT's docs show)."""
    return jwt.PyJWK(jwk, algorithm=alg).key


def pyjwt_genkey(alg):
    fam = family(alg)
    impl = pyjwt_algorithm(alg)
    if fam == "oct":
        key = os.urandom(HASH_LEN[alg])
        private = impl.to_jwk(key, as_dict=True)
        return private, private
    if fam == "RSA":
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    elif fam == "EC":
        key = ec.generate_private_key(ec.SECP256R1() if alg == "ES256" else ec.SECP384R1())
    else:
        key = ed25519.Ed25519PrivateKey.generate()
    return impl.to_jwk(key, as_dict=True), impl.to_jwk(key.public_key(), as_dict=True)


def pyjwt_sign(alg, jwk, claims):
    return jwt.encode(claims, pyjwt_key(alg, jwk), algorithm=alg)


def pyjwt_verify(alg, jwk, token, iss, aud):
    kwargs = {}
    if iss is not None:
        kwargs["issuer"] = iss
    if aud is not None:
        kwargs["audience"] = aud
    return jwt.decode(token, pyjwt_key(alg, jwk), algorithms=[alg], **kwargs)


def pyjwt_import(jwk):
    alg = jwk.get("alg") or {"oct": "HS256", "RSA": "RS256", "EC": "ES256", "OKP": "EdDSA"}[jwk["kty"]]
    if jwk["kty"] == "EC" and jwk.get("crv") == "P-384":
        alg = "ES384"
    impl = pyjwt_algorithm(alg)
    key = impl.from_jwk(jwk)
    exported = impl.to_jwk(key, as_dict=True)
    public = exported if jwk["kty"] == "oct" else impl.to_jwk(
        key.public_key() if hasattr(key, "public_key") else key, as_dict=True
    )
    return {"jwk": exported, "public": public, "thumbprint": None}


# ---------------------------------------------------------------- joserfc


def joserfc_genkey(alg):
    fam = family(alg)
    if fam == "oct":
        key = OctKey.generate_key(HASH_LEN[alg] * 8)
    elif fam == "RSA":
        key = RSAKey.generate_key(2048)
    elif fam == "EC":
        key = ECKey.generate_key(CURVE[alg])
    else:
        key = OKPKey.generate_key("Ed25519")
    private = key.as_dict(private=True)
    public = private if fam == "oct" else key.as_dict(private=False)
    return private, public


def joserfc_sign(alg, jwk, claims):
    key = JWKRegistry.import_key(jwk)
    # joserfc allows only its "recommended" algorithms unless told the list.
    return jrfc_jwt.encode({"alg": alg}, claims, key, algorithms=[alg])


def joserfc_verify(alg, jwk, token, iss, aud):
    key = JWKRegistry.import_key(jwk)
    token = jrfc_jwt.decode(token, key, algorithms=[alg])
    options = {}
    if iss is not None:
        options["iss"] = {"essential": True, "value": iss}
    if aud is not None:
        options["aud"] = {"essential": True, "value": aud}
    jrfc_jwt.JWTClaimsRegistry(**options).validate(token.claims)
    return token.claims


def joserfc_import(jwk):
    key = JWKRegistry.import_key(jwk)
    private = "d" in jwk or jwk["kty"] == "oct"
    return {
        "jwk": key.as_dict(private=private),
        "public": key.as_dict(private=jwk["kty"] == "oct"),
        "thumbprint": key.thumbprint(),
    }


# Key sizes, in bits, of the secrets the JWE jobs ask for (RFC 7518 §4.4, §5.2, §5.3).
SECRET_BITS = {"A128GCM": 128, "A256GCM": 256, "A128CBC-HS256": 256, "A256KW": 256}


def joserfc_jwe_genkey(job):
    if "secret_for" in job:
        key = OctKey.generate_key(SECRET_BITS[job["secret_for"]])
        private = key.as_dict(private=True)
        return private, private
    crv = job["crv"]
    key = OKPKey.generate_key(crv) if crv == "X25519" else ECKey.generate_key(crv)
    return key.as_dict(private=True), key.as_dict(private=False)


def joserfc_jwe_encrypt(header, jwk, plaintext):
    # joserfc allows only its "recommended" algorithms unless told the list:
    # the sender names exactly what its header uses.
    names = [header["alg"], header["enc"]] + ([header["zip"]] if "zip" in header else [])
    key = JWKRegistry.import_key(jwk)
    return jrfc_jwe.encrypt_compact(dict(header), plaintext.encode("utf-8"), key, algorithms=names)


def joserfc_jwe_decrypt(jwk, token, algs, encs):
    allowed = None if algs is None and encs is None else list(algs or []) + list(encs or [])
    obj = jrfc_jwe.decrypt_compact(token, JWKRegistry.import_key(jwk), algorithms=allowed)
    return obj.plaintext.decode("utf-8"), obj.protected


def joserfc_nested_sign_encrypt(job):
    signed = joserfc_sign(job["alg"], job["sign_jwk"], job["claims"])
    header = {"alg": "dir", "enc": job["enc"], "cty": "JWT"}
    return joserfc_jwe_encrypt(header, job["enc_jwk"], signed)


def joserfc_nested_decrypt_verify(job):
    plaintext, header = joserfc_jwe_decrypt(job["enc_jwk"], job["token"], ["dir"], [job["enc"]])
    cty = header.get("cty")
    if cty != "JWT":
        raise ValueError("the JWE's cty is %r, not \"JWT\" (RFC 7519 §5.2)" % cty)
    claims = joserfc_verify(job["alg"], job["verify_jwk"], plaintext, job.get("iss"), job.get("aud"))
    return claims, cty


LIBS = {
    "pyjwt": (pyjwt_genkey, pyjwt_sign, pyjwt_verify, pyjwt_import),
    "joserfc": (joserfc_genkey, joserfc_sign, joserfc_verify, joserfc_import),
}


def run_jwe(job):
    if job["lib"] != "joserfc":
        raise ValueError("%s has no JWE" % job["lib"])
    op = job["op"]
    if op == "jwe_genkey":
        private, public = joserfc_jwe_genkey(job)
        return {"jwk": private, "public": public}
    if op == "jwe_encrypt":
        return {"token": joserfc_jwe_encrypt(job["header"], job["jwk"], job["plaintext"])}
    if op == "jwe_decrypt":
        plaintext, header = joserfc_jwe_decrypt(job["jwk"], job["token"], job.get("algs"), job.get("encs"))
        return {"plaintext": plaintext, "header": header}
    if op == "nested_sign_encrypt":
        return {"token": joserfc_nested_sign_encrypt(job)}
    if op == "nested_decrypt_verify":
        claims, cty = joserfc_nested_decrypt_verify(job)
        return {"claims": claims, "cty": cty}
    raise ValueError("unknown op %r" % op)


def run(job):
    op = job["op"]
    if op.startswith("jwe_") or op.startswith("nested_"):
        return run_jwe(job)
    genkey, sign, verify, import_ = LIBS[job["lib"]]
    if op == "genkey":
        private, public = genkey(job["alg"])
        return {"jwk": private, "public": public}
    if op == "sign":
        return {"token": sign(job["alg"], job["jwk"], job["claims"])}
    if op == "verify":
        claims = verify(job["alg"], job["jwk"], job["token"], job.get("iss"), job.get("aud"))
        return {"claims": claims}
    if op == "import":
        return import_(job["jwk"])
    raise ValueError("unknown op %r" % op)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "versions":
        print(json.dumps({
            "pyjwt": jwt.__version__,
            "joserfc": joserfc.__version__,
            "cryptography": cryptography.__version__,
        }))
        return 0
    if len(sys.argv) < 2 or sys.argv[1] != "jobs":
        print("usage: peer.py check | versions | jobs < jobs.json", file=sys.stderr)
        return 2
    results = []
    for job in json.load(sys.stdin):
        try:
            result = run(job)
            result["ok"] = True
        except Exception as error:  # every failure is data for the Rust side
            result = {"ok": False, "error": "%s: %s" % (type(error).__name__, error)}
        results.append(result)
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
