// jot debugger: plain JavaScript, no framework, no build step.
// The page decodes base64url and JSON locally only to show the parts as one
// types; every verdict, step and explanation comes from /debugger/api/, that
// is from the jot library. Element ids are a contract (see the hooks).
"use strict";

const $ = (sel) => document.querySelector(sel);
let info = { demo: null };
let refreshToken = null;
let verifySeq = 0;
let decodeSeq = 0;

// --- the API ------------------------------------------------------------------
async function api(path, body) {
  const res = await fetch("/debugger/api/" + path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  let data = null;
  try { data = await res.json(); } catch (_) { data = { error: "http", message: "status " + res.status }; }
  return { ok: res.ok, status: res.status, data };
}

// --- local decoding, for display only -----------------------------------------
function b64urlToText(seg) {
  if (!/^[A-Za-z0-9_-]*$/.test(seg)) return null;
  const b64 = seg.replace(/-/g, "+").replace(/_/g, "/");
  try {
    const bin = atob(b64 + "===".slice((b64.length + 3) % 4));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (_) { return null; }
}

function pretty(text) {
  if (text === null || text === undefined) return "";
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch (_) { return text; }
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c === null || c === undefined ? "" : c);
  return e;
}

function showSegments(token) {
  const box = $("#segments");
  box.replaceChildren();
  if (!token || token.startsWith("{")) return;
  const parts = token.split(".");
  const classes = parts.length === 5
    ? ["seg-h", "seg-k", "seg-iv", "seg-p", "seg-s"]
    : ["seg-h", "seg-p", "seg-s"];
  parts.forEach((p, i) => {
    if (i > 0) box.append(el("span", { class: "seg-dot" }, "."));
    box.append(el("span", { class: classes[i] || "" }, p));
  });
}

function localDecode(token) {
  const parts = token.split(".");
  if (parts.length === 3) {
    $("#header").textContent = pretty(b64urlToText(parts[0]));
    $("#payload").textContent = pretty(b64urlToText(parts[1]));
  } else if (parts.length === 5) {
    $("#header").textContent = pretty(b64urlToText(parts[0]));
    $("#payload").textContent = "(encrypted: decrypt it below)";
  }
}

// --- decode pane (server explanations) ------------------------------------------
function fillTable(sel, rows, cells) {
  const body = $(sel + " tbody");
  body.replaceChildren(...rows.map((r) => el("tr", {}, ...cells(r).map((c) => el("td", {}, c)))));
}

function valueText(v) { return typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v); }

function explainRow(r) {
  const what = r.title ? `${r.title} (${r.section}): ${r.meaning}` : r.meaning;
  const time = r.time ? ` = ${r.time.utc || ""} ${r.time.relative}` : "";
  return [r.name, valueText(r.value) + time, what];
}

function showWarnings(list) {
  $("#warnings").replaceChildren(...(list || []).map((w) =>
    el("li", { "data-code": w.code }, w.message + " ", el("span", { class: "rule" }, "(" + w.rule + ")"))));
}

async function decode() {
  const token = $("#token").value.trim();
  const seq = ++decodeSeq;
  showSegments(token);
  if (!token) {
    for (const s of ["#header", "#payload", "#form", "#alg"]) $(s).textContent = "";
    for (const s of ["#claims", "#header-members", "#sizes"]) $(s + " tbody").replaceChildren();
    showWarnings([]);
    return;
  }
  localDecode(token);
  const now = $("#now").value === "" ? null : Number($("#now").value);
  const { ok, data } = await api("decode", { token, aud: $("#aud").value, now });
  if (seq !== decodeSeq) return;
  if (!ok) {
    $("#form").textContent = `cannot decode: ${data.error}: ${data.message}`;
    showWarnings([]);
    return;
  }
  const kinds = { jws: "a JWS, compact serialization (RFC 7515 §7.1)", "jws-json": "a JWS, JSON serialization (RFC 7515 §7.2)", jwe: "a JWE, compact serialization (RFC 7516 §7.1)" };
  $("#form").textContent = `${kinds[data.kind]}, ${data.size} bytes. Decoded only: nothing here is verified.`;
  if (data.kind !== "jws") {
    $("#header").textContent = JSON.stringify(data.header, null, 2);
    $("#payload").textContent = data.kind === "jwe" ? "(encrypted: decrypt it below)"
      : data.payload ? JSON.stringify(data.payload, null, 2) : (data.payload_text || "");
  }
  const a = data.alg || {};
  $("#alg").textContent = a.error ? `alg: ${a.error}`
    : data.kind === "jwe" ? "" : `alg ${a.name}: ${a.describe}. Family ${a.family}, key type ${a.key_type}` + (a.hash ? `, hash ${a.hash}.` : ".");
  fillTable("#header-members", data.header_members || [], explainRow);
  fillTable("#claims", data.claims || [], explainRow);
  const jwe = data.kind === "jwe";
  $("#sizes").hidden = !jwe;
  $("#jwe").hidden = !jwe;
  fillTable("#sizes", jwe ? data.segments : [], (s) => [s.name, `${s.bytes} bytes`, `${s.chars} characters of base64url`]);
  showWarnings(data.warnings);
}

// --- verify pane ----------------------------------------------------------------
function checkedAlgs() {
  return [...document.querySelectorAll('input[name="alg"]:checked')].map((c) => c.value);
}

function setAlgs(names) {
  for (const c of document.querySelectorAll('input[name="alg"]')) c.checked = names.includes(c.value);
}

function showVerdict(text, ok) {
  const v = $("#verdict");
  v.textContent = text;
  v.className = "verdict " + (ok ? "ok" : "bad");
}

async function verify() {
  const token = $("#token").value.trim();
  const seq = ++verifySeq;
  if (!token || !$("#key").value) {
    $("#verdict").textContent = "";
    $("#steps").replaceChildren();
    $("#mac").hidden = true;
    return;
  }
  const leeway = $("#leeway").value === "" ? null : Number($("#leeway").value);
  const now = $("#now").value === "" ? null : Number($("#now").value);
  const body = {
    token, key: $("#key").value, key_encoding: $("#key-encoding").value, algs: checkedAlgs(),
    iss: $("#iss").value, aud: $("#aud").value, leeway, now,
    exp_optional: $("#exp-optional").checked, typ: $("#typ").value,
  };
  const { ok, data } = await api("verify", body);
  if (seq !== verifySeq) return;
  if (!ok) {
    showVerdict(`${data.error}: ${data.message}`, false);
    $("#steps").replaceChildren();
    $("#mac").hidden = true;
    return;
  }
  showVerdict(data.verified ? "VERIFIED: every step passed" : data.verdict, data.verified);
  const marks = { true: "✓", false: "✗", skip: "–" };
  $("#steps").replaceChildren(...data.steps.map((s) =>
    el("li", { "data-step": s.name, "data-ok": s.ok },
      el("span", { class: "mark", "aria-label": s.ok === "true" ? "passed" : s.ok === "false" ? "failed" : "skipped" }, marks[s.ok]),
      el("span", { class: "name" }, s.name), el("span", {}, s.detail))));
  const mac = $("#mac");
  if (data.mac) {
    mac.hidden = false;
    mac.replaceChildren(
      el("strong", {}, data.mac.matches ? "The signature matches, and the key is still refused. " : "The signature does not match. "),
      data.mac.message + ` (${data.mac.key_bytes} bytes given, ${data.mac.required_bytes} required by ${data.mac.rule}.)`);
  } else {
    mac.hidden = true;
    mac.replaceChildren();
  }
}

// --- the demo server (jot serve) ------------------------------------------------
async function useJwks() {
  const res = await fetch("/.well-known/jwks.json");
  const text = await res.text();
  $("#key").value = text;
  try {
    const algs = JSON.parse(text).keys.map((k) => k.alg).filter(Boolean);
    if (algs.length) setAlgs(algs);
  } catch (_) { /* shown as a key error by verify */ }
  if (info.demo) {
    $("#iss").value = info.demo.issuer;
    $("#aud").value = info.demo.audience;
    $("#typ").value = info.demo.typ;
  }
}

async function takeTokens(res, what) {
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    $("#demo-status").textContent = `${what} refused (${res.status}): ${data.error || ""} ${data.error_description || ""}`;
    return;
  }
  const old = refreshToken;
  refreshToken = data.refresh_token;
  $("#refresh").disabled = false;
  $("#token").value = data.access_token;
  $("#demo-status").textContent = old
    ? "Refreshed: a new access token, and the refresh token was rotated. The old refresh token is spent; presenting it again would revoke the whole login."
    : `Logged in: an access token valid for ${data.expires_in} s, verified below against this server's JWKS, issuer and audience.`;
  await useJwks();
  await Promise.all([decode(), verify()]);
}

async function login() {
  const res = await fetch("/login", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: $("#demo-username").value, password: $("#demo-password").value }),
  });
  await takeTokens(res, "login");
}

async function refresh() {
  if (!refreshToken) return;
  const res = await fetch("/refresh", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ refresh_token: refreshToken }),
  });
  await takeTokens(res, "refresh");
}

// --- sign, keys, JWE ------------------------------------------------------------
async function keygen() {
  const { ok, data } = await api("keygen", { alg: $("#sign-alg").value });
  if (!ok) { $("#sign-status").textContent = `${data.error}: ${data.message}`; return; }
  $("#keygen-out").hidden = false;
  $("#gen-private").value = data.private_jwk;
  $("#gen-public").value = data.public_jwk || "(a shared secret has no public part)";
  $("#gen-pem").value = data.public_pem || "";
  $("#sign-key").value = data.private_jwk;
  $("#sign-status").textContent = "Generated a key with Jwk::generate; it signs below.";
}

async function sign() {
  const body = {
    header: $("#sign-header").value, payload: $("#sign-payload").value, alg: $("#sign-alg").value,
    key: $("#sign-key").value, key_encoding: $("#sign-key-encoding").value,
  };
  const { ok, data } = await api("sign", body);
  if (!ok) { $("#sign-status").textContent = `${data.error}: ${data.message}`; $("#signed").value = ""; return; }
  $("#signed").value = data.token;
  $("#sign-status").textContent = ["Signed with " + data.alg + ".", ...data.notes].join(" ");
  // The token flows into the decode and verify panes, with the key that
  // verifies it: the public part of an asymmetric key (a verifier refuses a
  // private one), or the same secret.
  $("#token").value = data.token;
  $("#key").value = data.public_jwk || body.key;
  $("#key-encoding").value = body.key_encoding;
  setAlgs([data.alg]);
  await Promise.all([decode(), verify()]);
}

async function decrypt() {
  const { ok, data } = await api("decrypt", { token: $("#token").value.trim(), key: $("#jwe-key").value });
  if (!ok) { $("#decrypt-status").textContent = `${data.error}: ${data.message}`; $("#decrypted").textContent = ""; return; }
  $("#decrypt-status").textContent = data.note;
  $("#decrypted").textContent = JSON.stringify(data.header, null, 2) + "\n\n" + (data.plaintext === null ? `(${data.bytes} bytes, not text)` : data.plaintext);
  if (data.nested) {
    $("#token").value = data.nested;
    await Promise.all([decode(), verify()]);
  }
}

// --- sharing --------------------------------------------------------------------
function copyLink() {
  const token = $("#token").value.trim();
  const url = location.origin + location.pathname + "#token=" + encodeURIComponent(token);
  history.replaceState(null, "", "#token=" + encodeURIComponent(token));
  $("#share-link").value = url;
  if (navigator.clipboard) navigator.clipboard.writeText(url).catch(() => {});
}

function fromFragment() {
  const m = /^#token=(.*)$/.exec(location.hash);
  if (!m) return false;
  try { $("#token").value = decodeURIComponent(m[1]); } catch (_) { return false; }
  return true;
}

// --- wiring ---------------------------------------------------------------------
function debounce(fn, ms) {
  let t = null;
  return () => { clearTimeout(t); t = setTimeout(fn, ms); };
}

async function start() {
  const later = debounce(() => { decode(); verify(); }, 250);
  const laterVerify = debounce(verify, 250);
  $("#token").addEventListener("input", later);
  $("#aud").addEventListener("input", later);
  $("#now").addEventListener("input", later);
  for (const s of ["#key", "#iss", "#leeway", "#typ"]) $(s).addEventListener("input", laterVerify);
  for (const s of ["#key-encoding", "#exp-optional"]) $(s).addEventListener("change", laterVerify);
  for (const c of document.querySelectorAll('input[name="alg"]')) c.addEventListener("change", laterVerify);
  $("#verify").addEventListener("click", () => { verify(); });
  $("#sign").addEventListener("click", () => { sign(); });
  $("#keygen").addEventListener("click", () => { keygen(); });
  $("#decrypt").addEventListener("click", () => { decrypt(); });
  $("#copy-link").addEventListener("click", copyLink);
  $("#login").addEventListener("click", () => { login(); });
  $("#refresh").addEventListener("click", () => { refresh(); });
  $("#use-jwks").addEventListener("click", () => { useJwks().then(verify); });
  window.addEventListener("hashchange", () => { if (fromFragment()) { decode(); verify(); } });

  try {
    const res = await fetch("/debugger/api/info");
    info = await res.json();
  } catch (_) { /* the page still decodes */ }
  if (info.demo) {
    $("#demo").hidden = false;
    $("#use-jwks").hidden = false;
  }
  if (fromFragment()) { decode(); verify(); }
  document.body.dataset.ready = "true";
}

start();
