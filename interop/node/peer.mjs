#!/usr/bin/env node
// Node peer for jot's interoperability tests (tests/interop_node.rs): the
// `jose` package from npm, pinned by package-lock.json.
//
//   node peer.mjs check      exit 0 if node_modules/jose is installed, else 1 and a hint
//   node peer.mjs versions   prints {"jose": .., "node": ..}
//   node peer.mjs jobs       reads a JSON list of jobs on stdin, prints a JSON list of results
//
// The jobs are the ones interop/python/peer.py takes (see its docstring), with
// "lib": "jose": genkey, sign, verify, import, and for JWE jwe_genkey,
// jwe_encrypt, jwe_decrypt, nested_sign_encrypt, nested_decrypt_verify. Every
// job runs with jose's defaults, plus issuer/audience or the JWE allow-lists
// (keyManagementAlgorithms, contentEncryptionAlgorithms) when the job names them.

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

// ------------------------------------------------------------------ JWE

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

async function jweGenkey(job) {
  if (job.secret_for !== undefined) {
    // generateSecret sizes the secret for the named alg or enc (RFC 7518 §4.4, §5.2, §5.3).
    const jwk = await jose.exportJWK(await jose.generateSecret(job.secret_for, { extractable: true }));
    return { jwk, public: jwk };
  }
  const { privateKey, publicKey } = await jose.generateKeyPair('ECDH-ES', { crv: job.crv, extractable: true });
  return { jwk: await jose.exportJWK(privateKey), public: await jose.exportJWK(publicKey) };
}

async function jweEncrypt(header, jwk, plaintext) {
  const key = await jose.importJWK(jwk, header.alg);
  return new jose.CompactEncrypt(utf8.encode(plaintext)).setProtectedHeader(header).encrypt(key);
}

async function jweDecrypt(alg, jwk, token, algs, encs) {
  const key = await jose.importJWK(jwk, alg);
  const options = {};
  if (algs !== undefined && algs !== null) options.keyManagementAlgorithms = algs;
  if (encs !== undefined && encs !== null) options.contentEncryptionAlgorithms = encs;
  const { plaintext, protectedHeader } = await jose.compactDecrypt(token, key, options);
  return { plaintext: fromUtf8.decode(plaintext), header: protectedHeader };
}

// RFC 7519 §5.2: a signed JWT as the plaintext of a dir JWE with cty "JWT".
async function nestedSignEncrypt(job) {
  const signed = await sign(job.alg, job.sign_jwk, job.claims);
  return jweEncrypt({ alg: 'dir', enc: job.enc, cty: 'JWT' }, job.enc_jwk, signed);
}

async function nestedDecryptVerify(job) {
  const { plaintext, header } = await jweDecrypt('dir', job.enc_jwk, job.token, ['dir'], [job.enc]);
  if (header.cty !== 'JWT') throw new Error(`the JWE's cty is ${JSON.stringify(header.cty)}, not "JWT" (RFC 7519 §5.2)`);
  const claims = await verify(job.alg, job.verify_jwk, plaintext, job.iss, job.aud);
  return { claims, cty: header.cty };
}

async function run(job) {
  switch (job.op) {
    case 'jwe_genkey':
      return jweGenkey(job);
    case 'jwe_encrypt':
      return { token: await jweEncrypt(job.header, job.jwk, job.plaintext) };
    case 'jwe_decrypt':
      return jweDecrypt(job.alg, job.jwk, job.token, job.algs, job.encs);
    case 'nested_sign_encrypt':
      return { token: await nestedSignEncrypt(job) };
    case 'nested_decrypt_verify':
      return nestedDecryptVerify(job);
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
