// The console: one page, a section per task, over the same REST API and bearer token as every client.
// Every value from the API is set with textContent (never as HTML); controls a role may not use are hidden, and the
// server refuses them anyway.
"use strict";

const TOKEN_KEY = "callguard.console.token";
const LANG_KEY = "callguard.console.lang";
const CATEGORIES = ["IMPERSONATION", "INVESTMENT", "LOAN", "PHISHING", "ROBOCALL", "HARASSMENT", "OTHER"];
const SECTIONS = ["overview", "number", "queues", "explain", "import", "line"];
const $ = (id) => document.getElementById(id);
let lang = localStorage.getItem(LANG_KEY) || "zh";
let roles = [];
let profile = null;

function t(key, vars) {
  let text = (I18N[lang] && I18N[lang][key]) || I18N.zh[key] || key;
  for (const [k, v] of Object.entries(vars || {})) { text = text.replace("{" + k + "}", String(v)); }
  return text;
}

function applyLanguage() {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  $("lang").textContent = t("lang");
}

function token() { return sessionStorage.getItem(TOKEN_KEY); }

function rolesOf(jwt) {
  try {
    const payload = JSON.parse(atob(jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    return { subject: payload.upn || payload.sub || "", groups: payload.groups || [] };
  } catch (e) {
    return { subject: "", groups: [] };
  }
}

function say(text, ok) {
  const m = $("message");
  m.textContent = text || "";
  m.className = ok ? "ok" : "error";
}

async function api(method, path, body, extraHeaders) {
  const headers = Object.assign({ "Authorization": "Bearer " + token(), "Accept": "application/json" }, extraHeaders);
  if (body !== undefined && !headers["Content-Type"]) { headers["Content-Type"] = "application/json"; }
  const response = await fetch("/api/v1" + path, {
    method, headers, credentials: "omit",
    body: body === undefined ? undefined : (typeof body === "string" ? body : JSON.stringify(body))
  });
  if (response.status === 401) { signOut(); throw new Error("401"); }
  const json = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(response.status === 403 ? t("msg.forbidden")
        : (json && json.detail) || String(response.status));
    error.status = response.status;
    throw error;
  }
  return { json, headers: response.headers };
}

function cell(row, text) {
  const td = document.createElement("td");
  td.textContent = text === null || text === undefined ? "" : String(text);
  row.appendChild(td);
  return td;
}

function fill(tableId, items, cells) {
  const body = $(tableId).querySelector("tbody");
  body.replaceChildren();
  for (const item of items) {
    const tr = document.createElement("tr");
    cells(tr, item);
    body.appendChild(tr);
  }
}

function when(iso) { return iso ? new Date(iso).toLocaleString(lang === "zh" ? "zh-CN" : "en-GB", { hour12: false }) : ""; }

function definitions(dl, pairs) {
  dl.replaceChildren();
  for (const [k, v] of pairs) {
    const dt = document.createElement("dt");
    dt.textContent = k;
    const dd = document.createElement("dd");
    dd.textContent = v === null || v === undefined ? "" : String(v);
    dl.append(dt, dd);
  }
}

function gateByRole() {
  document.querySelectorAll("[data-role]").forEach((el) => { el.hidden = !roles.includes(el.dataset.role); });
}

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  roles = [];
  $("nav").hidden = true; $("sign-out").hidden = true; $("who").textContent = "";
  SECTIONS.forEach((s) => { $(s).hidden = true; });
  $("signin").hidden = false;
}

function signedIn() {
  const who = rolesOf(token());
  roles = who.groups;
  $("who").textContent = who.subject + " (" + roles.join(", ") + ")";
  $("signin").hidden = true; $("nav").hidden = false; $("sign-out").hidden = false;
  gateByRole();
  route();
}

function route() {
  if (!token()) { signOut(); return; }
  const [name, arg] = (location.hash.slice(1) || "overview").split("/");
  const section = SECTIONS.includes(name) ? name : "overview";
  SECTIONS.forEach((s) => { $(s).hidden = s !== section; });
  gateByRole();
  say("");
  const loaders = { overview: loadOverview, queues: loadQueues };
  if (section === "number" && arg) { $("number-query").value = decodeURIComponent(arg); loadNumber(decodeURIComponent(arg)); }
  if (loaders[section]) { loaders[section]().catch((e) => say(e.message)); }
}

async function loadOverview() {
  const o = (await api("GET", "/overview")).json;
  $("ov-open").textContent = o.openDisputes;
  $("ov-overdue").textContent = o.overdueDisputes;
  $("ov-labels").textContent = o.decisions.labelsCreatedToday;
  const minutes = new Map();
  for (const m of o.decisions.lastHour) {
    const row = minutes.get(m.minute) || { BLOCK: 0, WARN: 0 };
    row[m.decision] = m.count;
    minutes.set(m.minute, row);
  }
  fill("ov-minutes", [...minutes.entries()].reverse(), (tr, [minute, c]) => {
    cell(tr, when(minute)); cell(tr, c.BLOCK); cell(tr, c.WARN);
  });
  fill("ov-reasons", o.decisions.topReasonsToday, (tr, r) => { cell(tr, r.reason); cell(tr, r.count); });
}

async function loadNumber(raw) {
  try {
    profile = (await api("GET", "/numbers/" + encodeURIComponent(raw))).json;
  } catch (e) {
    $("number-result").hidden = true;
    say(e.message);
    return;
  }
  $("number-result").hidden = false;
  $("n-number").textContent = profile.number;
  const e = profile.entry;
  $("n-none").hidden = Boolean(e);
  definitions($("n-entry"), e ? [
    [t("f.action"), e.action], [t("f.key"), e.kind === "PREFIX" ? "prefix:" + e.value : e.value],
    [t("col.category"), e.category], [t("col.why"), e.reason], [t("f.source"), e.source],
    [t("f.createdBy"), e.createdBy], [t("f.createdAt"), when(e.createdAt)],
    [t("f.expiresAt"), e.expiresAt ? when(e.expiresAt) : t("f.never")]] : []);
  const r = profile.reports;
  $("n-reports").textContent = r ? t("number.reports") + ": " + t("col.score") + " " + r.score + ", "
      + t("col.reporters") + " " + r.reporters + " " + JSON.stringify(r.byChannel)
      + (profile.clearance ? " · " + t("number.cleared") + " " + when(profile.clearance.until) : "") : "";
  $("n-roaming").textContent = t("number.roaming") + ": " + (profile.roaming
      ? t("number.abroad") + profile.roaming.visitedCountry + " (" + when(profile.roaming.since) + ")" : t("number.notAbroad"));
  fill("n-disputes", profile.disputes, (tr, d) => {
    cell(tr, d.status); cell(tr, when(d.openedAt)); cell(tr, when(d.dueAt)); cell(tr, d.statement); cell(tr, d.note);
  });
  fill("n-history", profile.history, (tr, h) => { cell(tr, when(h.at)); cell(tr, h.change); cell(tr, h.actor); cell(tr, h.why); });
  fill("n-decisions", profile.recentDecisions, (tr, d) => {
    cell(tr, when(d.setupTime || d.decidedAt)); cell(tr, d.decision); cell(tr, d.reasons.join(", "));
    cell(tr, d.calledNumber); cell(tr, d.callId);
  });
  if (!profile.readModel) { say(t("msg.readModel")); }
}

function reasonOrWarn(input) {
  const reason = input.value.trim();
  if (!reason) { say(t("msg.reasonRequired")); input.focus(); return null; }
  return reason;
}

async function act(action) {
  if (!profile) { return; }
  const number = encodeURIComponent(profile.number);
  const reason = reasonOrWarn($("b-reason"));
  if (reason === null) { return; }
  try {
    if (action === "remove") {
      const e = profile.entry;
      const list = !e || e.action === "BLOCK" ? "blocklist" : e.action === "ALLOW" ? "allowlist" : "dno";
      await api("DELETE", "/" + list + "/numbers/" + number + "?reason=" + encodeURIComponent(reason));
    } else {
      const list = { block: "blocklist", allow: "allowlist", dno: "dno" }[action];
      const body = { category: $("b-category").value, reason, source: "FRAUD_TEAM" };
      if ($("b-duration").value && action === "block") { body.ttl = $("b-duration").value; }
      await api("PUT", "/" + list + "/numbers/" + number, body);
    }
    say(t("msg.saved"), true);
    await loadNumber(profile.number);
  } catch (e) {
    say(e.message);
  }
}

async function openDispute() {
  const statement = reasonOrWarn($("d-statement"));
  if (statement === null) { return; }
  try {
    const body = { number: profile.number, statement };
    if ($("d-contact").value.trim()) { body.contact = $("d-contact").value.trim(); }
    await api("POST", "/disputes", body);
    say(t("msg.saved"), true);
    $("d-statement").value = "";
    await loadNumber(profile.number);
  } catch (e) {
    say(e.message);
  }
}

function button(parent, key, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = t(key);
  b.addEventListener("click", onClick);
  parent.appendChild(b);
  return b;
}

function labelled(parent, id, key, element) {
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = t(key);
  element.id = id;
  parent.append(label, element);
  return element;
}

async function loadQueues() {
  const analyst = roles.includes("fraud-analyst");
  const disputes = (await api("GET", "/disputes?status=OPEN&limit=100")).json.items;
  fill("q-disputes", disputes, (tr, d) => {
    const number = cell(tr, "");
    const link = document.createElement("a");
    link.href = "#number/" + encodeURIComponent(d.number);
    link.textContent = d.number;
    number.appendChild(link);
    cell(tr, d.statement);
    const left = d.overdue ? t("queues.overdue") : Math.floor(d.secondsLeft / 3600) + "h " + Math.floor((d.secondsLeft % 3600) / 60) + "m";
    cell(tr, left).className = d.overdue ? "overdue" : "";
    const actions = cell(tr, "");
    if (analyst) {
      const note = labelled(actions, "note-" + d.disputeId, "dispute.note", document.createElement("input"));
      const resolve = (resolution) => async () => {
        const text = reasonOrWarn(note);
        if (text === null) { return; }
        try {
          await api("POST", "/disputes/" + encodeURIComponent(d.disputeId) + "/resolve",
              { resolution, note: text }, { "If-Match": "\"" + d.version + "\"" });
          say(t("msg.saved"), true);
          await loadQueues();
        } catch (e) { say(e.message); }
      };
      button(actions, "queues.lift", resolve("LIFT")).className = "lift";
      button(actions, "queues.uphold", resolve("UPHOLD")).className = "uphold";
    }
  });
  const reported = (await api("GET", "/reports/queue?limit=100")).json;
  fill("q-reports", reported, (tr, q) => {
    cell(tr, q.reports.number); cell(tr, q.reports.score); cell(tr, q.reports.reporters);
    cell(tr, Object.entries(q.reports.byChannel).map(([k, v]) => k + " " + v).join(", "));
    cell(tr, q.entry ? q.entry.source + " " + q.entry.action : (q.clearance ? t("number.cleared") + " " + when(q.clearance.until) : ""));
    const actions = cell(tr, "");
    if (analyst) {
      const reason = labelled(actions, "why-" + q.reports.number, "col.why", document.createElement("input"));
      const path = "/reports/numbers/" + encodeURIComponent(q.reports.number);
      button(actions, "queues.confirm", async () => {
        const text = reasonOrWarn(reason);
        if (text === null) { return; }
        // The category most reporters gave.
        const category = Object.entries(q.reports.byCategory).sort((a, b) => b[1] - a[1])
            .map(([c]) => c).find((c) => CATEGORIES.includes(c)) || "OTHER";
        try { await api("POST", path + "/confirm", { category, reason: text }); say(t("msg.saved"), true); await loadQueues(); }
        catch (e) { say(e.message); }
      });
      button(actions, "queues.clear", async () => {
        const text = reasonOrWarn(reason);
        if (text === null) { return; }
        try { await api("POST", path + "/clear", { reason: text }); say(t("msg.saved"), true); await loadQueues(); }
        catch (e) { say(e.message); }
      });
    }
  });
}

async function explainCall(event) {
  event.preventDefault();
  const time = $("x-time").value ? new Date($("x-time").value).getTime() : Date.now();
  const body = { callId: "console-explain", calledNumber: $("x-callee").value.trim(), setupTime: time,
    origin: $("x-origin").value };
  if ($("x-caller").value.trim()) { body.callingNumber = $("x-caller").value.trim(); }
  if ($("x-attestation").value) { body.attestation = $("x-attestation").value; }
  try {
    const x = (await api("POST", "/screen", body)).json;
    $("x-result").hidden = false;
    $("x-decision").textContent = x.decision + " " + x.reasons.join(", ");
    fill("x-trace", x.trace, (tr, r) => {
      cell(tr, r.rule); cell(tr, r.reason + " → " + r.verdict); cell(tr, r.deciding ? "★" : (r.matched ? "✓" : ""));
      cell(tr, r.detail);
    });
  } catch (e) { say(e.message); }
}

async function countLines(file) {
  const reader = file.stream().getReader();
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) { return lines; }
    for (let i = 0; i < value.length; i++) { if (value[i] === 10) { lines++; } }
  }
}

async function upload() {
  const file = $("i-file").files[0];
  if (!file) { $("i-file").focus(); return; }
  const totalLines = await countLines(file);
  const type = /\.(ndjson|jsonl)$/i.test(file.name) ? "application/x-ndjson" : "text/csv";
  $("i-progress-box").hidden = false; $("i-report").hidden = true;
  const xhr = new XMLHttpRequest();
  xhr.open("POST", "/api/v1/blocklist/import");
  xhr.setRequestHeader("Authorization", "Bearer " + token());
  xhr.setRequestHeader("Content-Type", type);
  xhr.upload.addEventListener("progress", (e) => {
    const share = e.lengthComputable ? e.loaded / e.total : 0;
    $("i-progress").value = Math.round(share * 100);
    $("i-progress-text").textContent = t("import.sent",
        { bytes: e.loaded, total: file.size, lines: Math.round(share * totalLines), totalLines });
  });
  xhr.addEventListener("load", () => {
    let report = null;
    try { report = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
    if (xhr.status === 401) { signOut(); return; }
    if (xhr.status >= 400 && !(report && report.lines !== undefined)) {
      say(xhr.status === 403 ? t("msg.forbidden") : (report && report.detail) || String(xhr.status));
      return;
    }
    $("i-progress").value = 100;
    $("i-progress-text").textContent = t("import.sent", { bytes: file.size, total: file.size, lines: totalLines, totalLines });
    $("i-report").hidden = false;
    $("i-summary").textContent = t("import.summary", report);
    fill("i-rejected", report.rejections || [], (tr, r) => { cell(tr, r.line); cell(tr, r.reason); });
  });
  xhr.send(file);
}

async function lookUpLine(event) {
  event.preventDefault();
  try {
    const l = (await api("GET", "/protected-lines/" + encodeURIComponent($("line-query").value.trim()))).json;
    $("line-result").hidden = false;
    definitions($("line-result"), [
      [t("col.number"), l.line], [t("line.family"), l.familyNumbers.join(", ")],
      [t("line.trusted"), l.trustedNumbers.join(", ")], [t("line.policy"), JSON.stringify(l.policy)]]);
  } catch (e) { $("line-result").hidden = true; say(e.message); }
}

document.addEventListener("DOMContentLoaded", () => {
  for (const c of CATEGORIES) {
    const o = document.createElement("option");
    o.value = c; o.textContent = c;
    $("b-category").appendChild(o);
  }
  applyLanguage();
  $("lang").addEventListener("click", () => {
    lang = lang === "zh" ? "en" : "zh";
    localStorage.setItem(LANG_KEY, lang);
    applyLanguage();
    if (token()) { route(); }
  });
  $("signin-button").addEventListener("click", () => {
    const value = $("token").value.trim();
    if (!value) { $("token").focus(); return; }
    sessionStorage.setItem(TOKEN_KEY, value);
    $("token").value = "";
    signedIn();
  });
  $("sign-out").addEventListener("click", () => { signOut(); say(t("msg.signedOut"), true); });
  $("number-search").addEventListener("submit", (e) => {
    e.preventDefault();
    location.hash = "number/" + encodeURIComponent($("number-query").value.trim());
  });
  $("do-block").addEventListener("click", () => act("block"));
  $("do-allow").addEventListener("click", () => act("allow"));
  $("do-dno").addEventListener("click", () => act("dno"));
  $("do-remove").addEventListener("click", () => act("remove"));
  $("do-dispute").addEventListener("click", openDispute);
  $("explain-form").addEventListener("submit", explainCall);
  $("i-upload").addEventListener("click", upload);
  $("line-search").addEventListener("submit", lookUpLine);
  window.addEventListener("hashchange", route);
  if (token()) { signedIn(); } else { signOut(); }
});
