#!/usr/bin/env node
// Node peer for jot's interoperability tests (tests/interop_node.rs): the
// `jose` package from npm, pinned by package-lock.json.
//
//   node peer.mjs check      exit 0 if node_modules/jose is installed, else 1 and a hint
//   node peer.mjs versions   prints {"jose": .., "node": ..}
//   node peer.mjs jobs       reads a JSON list of jobs on stdin, prints a JSON list of results
//
// The jobs are the ones interop/python/peer.py takes (see its docstring), with
// "lib": "jose". Every job runs with jose's defaults, plus issuer/audience when
// the job names them.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const hint = 'install it with: npm ci --prefix interop/node';

async function loadJose() {
  try {
    return await import('jose');
  } catch (error) {
    process.stderr.write(`the npm package jose is missing (${error.code ?? error.message}); ${hint}\n`);
    process.exit(1);
  }
}

const mode = process.argv[2];
const jose = await loadJose();
if (mode === 'check') process.exit(0);

if (mode === 'versions') {
  const pkg = JSON.parse(readFileSync(join(here, 'node_modules', 'jose', 'package.json'), 'utf8'));
  process.stdout.write(JSON.stringify({ jose: pkg.version, node: process.versions.node }));
  process.exit(0);
}
if (mode !== 'jobs') {
  process.stderr.write('usage: peer.mjs check | versions | jobs < jobs.json\n');
  process.exit(2);
}

const HASH_BITS = { HS256: 256, HS384: 384, HS512: 512 };

async function genkey(alg) {
  if (HASH_BITS[alg]) {
    const secret = await jose.generateSecret(alg, { extractable: true });
    const jwk = await jose.exportJWK(secret);
    return { jwk, public: jwk };
  }
  const { privateKey, publicKey } = await jose.generateKeyPair(alg, { extractable: true });
  return { jwk: await jose.exportJWK(privateKey), public: await jose.exportJWK(publicKey) };
}

async function sign(alg, jwk, claims) {
  const key = await jose.importJWK(jwk, alg);
  return new jose.SignJWT(claims).setProtectedHeader({ alg }).sign(key);
}

async function verify(alg, jwk, token, iss, aud) {
  const key = await jose.importJWK(jwk, alg);
  const options = { algorithms: [alg] };
  if (iss !== undefined && iss !== null) options.issuer = iss;
  if (aud !== undefined && aud !== null) options.audience = aud;
  const { payload } = await jose.jwtVerify(token, key, options);
  return payload;
}

async function importJwk(jwk) {
  // jose needs an algorithm to import an asymmetric JWK; any of the key's family will do.
  const alg =
    jwk.alg ?? { oct: 'HS256', RSA: 'RS256', OKP: 'EdDSA' }[jwk.kty] ?? (jwk.crv === 'P-384' ? 'ES384' : 'ES256');
  const key = await jose.importJWK(jwk, alg, { extractable: true });
  const exported = await jose.exportJWK(key);
  let pub = exported;
  if (jwk.kty !== 'oct' && exported.d !== undefined) {
    const { d, p, q, dp, dq, qi, ...rest } = exported;
    pub = await jose.exportJWK(await jose.importJWK(rest, alg));
  }
  return { jwk: exported, public: pub, thumbprint: await jose.calculateJwkThumbprint(exported) };
}

async function run(job) {
  switch (job.op) {
    case 'genkey':
      return genkey(job.alg);
    case 'sign':
      return { token: await sign(job.alg, job.jwk, job.claims) };
    case 'verify':
      return { claims: await verify(job.alg, job.jwk, job.token, job.iss, job.aud) };
    case 'import':
      return importJwk(job.jwk);
    default:
      throw new Error(`unknown op ${job.op}`);
  }
}

const jobs = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const job of jobs) {
  try {
    results.push({ ...(await run(job)), ok: true });
  } catch (error) {
    results.push({ ok: false, error: `${error.code ?? error.name}: ${error.message}` });
  }
}
process.stdout.write(JSON.stringify(results));
