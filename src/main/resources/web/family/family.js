// The family page: sign in with the app's token (kept in sessionStorage only), see what was stopped for the
// parent's line, manage its trusted numbers. Text is always set with textContent: nothing from the API is HTML.
"use strict";

const REASONS = {
  BLOCKLISTED: "已知诈骗号码", REPORTED: "多人举报的号码", HIDDEN_CALLER: "隐藏号码",
  INTERNATIONAL: "境外来电", HIGH_RISK_RANGE: "高风险号段", HIGH_VELOCITY: "短时间内大量呼叫",
  UNVERIFIED_CALLER: "未经验证的号码", QUIET_HOURS: "免打扰时段", DO_NOT_ORIGINATE: "伪冒号码",
  SPOOFED_NUMBER: "伪冒号码"
};
const TOKEN_KEY = "callguard.family.token";
const $ = (id) => document.getElementById(id);
let current = null;
let nextCursor = null;

function token() { return sessionStorage.getItem(TOKEN_KEY); }

async function api(method, path, body) {
  const headers = { "Authorization": "Bearer " + token(), "Accept": "application/json" };
  if (body !== undefined) { headers["Content-Type"] = "application/merge-patch+json"; }
  const response = await fetch("/api/v1/family" + path,
      { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "omit" });
  if (response.status === 401) { signOut(); throw new Error("请重新登录"); }
  const json = await response.json().catch(() => null);
  if (!response.ok) { throw new Error(json && json.detail ? json.detail : "出错了（" + response.status + "）"); }
  return json;
}

function show(id, visible) { $(id).hidden = !visible; }

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  show("lines", false); show("sign-out", false); show("sign-in", true);
}

async function start() {
  if (!token()) { signOut(); return; }
  show("sign-in", false); show("sign-out", true); show("lines", true);
  try {
    const lines = await api("GET", "/lines");
    show("no-lines", lines.length === 0);
    const select = $("line-select");
    select.replaceChildren();
    for (const l of lines) {
      const option = document.createElement("option");
      option.value = l.line; option.textContent = l.line;
      select.appendChild(option);
    }
    show("line-select", lines.length > 1); show("line-select-label", lines.length > 1);
    if (lines.length > 0) { await openLine(lines[0].line); }
  } catch (e) {
    $("sign-in-error").textContent = e.message;
  }
}

async function openLine(line) {
  current = await api("GET", "/lines/" + encodeURIComponent(line));
  show("line", true);
  $("line-number").textContent = current.line;
  $("others").textContent = current.otherFamilyNumbers.length ? current.otherFamilyNumbers.join("，") : "无";
  renderTrusted();
  $("calls").replaceChildren();
  nextCursor = null;
  await loadCalls();
}

async function loadCalls() {
  const query = nextCursor ? "?limit=20&cursor=" + encodeURIComponent(nextCursor) : "?limit=20";
  const page = await api("GET", "/lines/" + encodeURIComponent(current.line) + "/stopped-calls" + query);
  for (const c of page.items) {
    const li = document.createElement("li");
    li.className = "call";
    const number = document.createElement("div");
    number.className = "call-number";
    number.textContent = c.callingNumber || "隐藏号码";
    const when = document.createElement("div");
    // The senior's own clock: "the call at 14:05" means 14:05 where the line is.
    when.textContent = new Date(c.at).toLocaleString("zh-CN",
        { hour12: false, timeZone: current.policy.timeZone || "Asia/Shanghai" });
    const why = document.createElement("div");
    why.className = "reason";
    why.textContent = (c.decision === "WARN" ? "已提醒：" : "已拦截：") + (REASONS[c.reason] || c.reason)
        + (c.familyNotified ? "（已通知家人）" : "");
    li.append(number, when, why);
    $("calls").appendChild(li);
  }
  nextCursor = page.nextCursor;
  show("more-calls", Boolean(nextCursor));
  show("no-calls", $("calls").children.length === 0);
}

function renderTrusted() {
  const list = $("trusted");
  list.replaceChildren();
  for (const n of current.trustedNumbers) {
    const li = document.createElement("li");
    li.className = "trusted-number";
    li.textContent = n + " ";
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = "删除";
    remove.setAttribute("aria-label", "删除信任号码 " + n);
    remove.addEventListener("click", () => changeTrusted(current.trustedNumbers.filter((t) => t !== n)));
    li.appendChild(document.createElement("br"));
    li.appendChild(remove);
    list.appendChild(li);
  }
}

async function changeTrusted(numbers) {
  const result = $("change-result");
  try {
    current = await api("PATCH", "/lines/" + encodeURIComponent(current.line), { trustedNumbers: numbers });
    renderTrusted();
    result.className = "ok";
    result.textContent = "已保存，下一通电话起生效。";
    $("new-trusted").value = "";
  } catch (e) {
    result.className = "error";
    result.textContent = e.message;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("sign-in-button").addEventListener("click", () => {
    const value = $("token").value.trim();
    if (!value) { $("sign-in-error").textContent = "请粘贴登录令牌"; return; }
    sessionStorage.setItem(TOKEN_KEY, value);
    $("token").value = "";
    $("sign-in-error").textContent = "";
    start();
  });
  $("sign-out").addEventListener("click", signOut);
  $("line-select").addEventListener("change", (e) => openLine(e.target.value));
  $("more-calls").addEventListener("click", loadCalls);
  $("add-trusted").addEventListener("click", () => {
    const n = $("new-trusted").value.trim();
    if (n) { changeTrusted(current.trustedNumbers.concat([n])); }
  });
  start();
});
