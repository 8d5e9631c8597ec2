// Shared by every page: who is signed in, CSRF-aware fetch, labels and colours.
"use strict";
const JM = {
  me: null,
  meta: null,
  colours: {
    violation: "#d7301f", indeterminate: "#e89a1c", no_violation: "#2b83ba", not_covered: "#8a8f98", none: "#ffffff",
  },
  outcomeLabel: {
    violation: "Violation", indeterminate: "Indeterminate", no_violation: "No violation",
    not_covered: "Not covered", none: "Not yet judged",
  },
  groupColours: {
    government: "#c8553d", opposition: "#3f8f4f", excluded: "#7a4a1e", entangled: "#8e5bb8",
    mixed: "#d9a43b", other: "#7d8fa3",
  },
  groupLabel: {
    government: "Government side", opposition: "Opposition parties", excluded: "Excluded groups (ISIL, al-Nusra)",
    entangled: "Parties entangled with excluded groups", mixed: "Shared / contested", other: "Other actors",
  },
  async api(path, options = {}) {
    const opts = Object.assign({ credentials: "same-origin", headers: {} }, options);
    if (opts.body && typeof opts.body !== "string") {
      opts.body = JSON.stringify(opts.body);
      opts.headers["Content-Type"] = "application/json";
    }
    if (opts.method && opts.method !== "GET" && JM.me && JM.me.csrf_token) opts.headers["X-CSRF-Token"] = JM.me.csrf_token;
    const response = await fetch(path, opts);
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.error || `${response.status} ${response.statusText}`);
    return data;
  },
  actor(id) { return (JM.meta && JM.meta.actors[id]) || id; },
  esc(text) {
    return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  },
  fmtDate(iso) {
    const d = new Date(iso + "T00:00:00Z");
    return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  },
  async init() {
    [JM.me, JM.meta] = await Promise.all([JM.api("/api/me"), JM.api("/api/meta")]);
    const who = document.getElementById("who");
    if (JM.me.role !== "public") {
      who.innerHTML = `${JM.esc(JM.me.username)} · ${JM.esc(JM.me.organisation)} · ${JM.esc(JM.me.role.replace("_", " "))}` +
        (JM.me.via === "session" ? ' <button type="button" id="sign-out">Sign out</button>' : "");
      const out = document.getElementById("sign-out");
      if (out) out.onclick = async () => { await JM.api("/api/session", { method: "DELETE" }); location.reload(); };
    } else {
      who.innerHTML = 'Public view · <a href="/login">Sign in</a>';
    }
    if (JM.meta.agreement) document.getElementById("agreement-name").textContent = JM.meta.agreement.name;
    return JM;
  },
};
