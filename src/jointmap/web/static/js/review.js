// The review queue: accept / reject / edit each candidate with a required reason (each one a log entry).
"use strict";
(async function () {
  await JM.init();
  const status = document.getElementById("review-status");
  const queue = document.getElementById("queue");
  if (JM.me.role === "public") {
    status.innerHTML = 'Sign in as a reviewer to work on the queue. <a href="/login?next=/review">Sign in</a>';
    document.body.dataset.ready = "1";
    return;
  }
  let page;
  try {
    page = await JM.api("/api/review/candidates?limit=100");
  } catch (e) {
    status.textContent = e.message;
    document.body.dataset.ready = "1";
    return;
  }
  const canDecide = JM.me.role === "reviewer";
  status.textContent = `${page.total} candidate${page.total === 1 ? "" : "s"} awaiting review` + (canDecide ? "." : " (read-only: your role cannot decide).");
  for (const c of page.items) {
    const li = document.createElement("li");
    li.className = "candidate";
    li.dataset.id = c.id;
    const evidence = c.evidence.map((e) => `<blockquote>${JM.esc(e)}</blockquote>`).join("");
    li.innerHTML = `
      <div>
        <h3>${JM.esc(c.sub_event_type)} · ${JM.esc(c.location_name)}</h3>
        <div class="muted">${JM.fmtDate(c.date_start)} · ${JM.esc(c.event_type)} · ${c.fatalities} killed ·
          perpetrator ${c.perpetrators.map(JM.actor).map(JM.esc).join(", ") || "unknown"} · target ${c.targets.map(JM.actor).map(JM.esc).join(", ") || "unknown"}</div>
        ${evidence}
        <div class="muted">From ${c.reports.map(JM.esc).join(", ")} · ${JM.esc(c.id)}</div>
      </div>
      <div class="actions">
        <textarea rows="2" placeholder="Reason (required)" aria-label="Reason"></textarea>
        <div class="edit-fields" hidden>
          <label>Fatalities <input type="number" min="0" name="fatalities" value="${c.fatalities}"></label>
          <label>Date <input type="date" name="date" value="${c.date_start}"></label>
        </div>
        <div class="buttons">
          <button type="button" class="primary" data-action="accept">Accept</button>
          <button type="button" class="danger" data-action="reject">Reject</button>
          <button type="button" data-action="edit">Edit</button>
        </div>
        <div class="outcome-msg" role="status"></div>
      </div>`;
    if (!canDecide) li.querySelectorAll("button, textarea").forEach((x) => { x.disabled = true; });
    li.querySelector(".buttons").onclick = (e) => decide(li, c, e.target.dataset.action);
    queue.appendChild(li);
  }
  async function decide(li, c, action) {
    if (!action) return;
    const msg = li.querySelector(".outcome-msg");
    const reason = li.querySelector("textarea").value.trim();
    const fields = li.querySelector(".edit-fields");
    if (action === "edit" && fields.hidden) { fields.hidden = false; msg.textContent = "Change the fields, give a reason, press Edit again."; return; }
    if (reason.length < 3) { msg.textContent = "A reason is required."; msg.className = "outcome-msg error"; return; }
    const body = { action, reason };
    if (action === "edit") {
      const n = Number(fields.querySelector("[name=fatalities]").value);
      const day = fields.querySelector("[name=date]").value;
      body.changes = { fatalities: { best: n, low: Math.min(n, c.record.fatalities.low), high: Math.max(n, c.record.fatalities.high) },
        when: Object.assign({}, c.record.when, { start: day, end: day < c.record.when.end ? c.record.when.end : day }) };
    }
    try {
      const done = await JM.api(`/api/review/${encodeURIComponent(c.id)}`, { method: "POST", body });
      msg.className = "outcome-msg";
      msg.textContent = `${action === "edit" ? "Edited" : action === "accept" ? "Accepted" : "Rejected"} — log entry #${done.seq}.`;
      if (action !== "edit") { li.classList.add("done"); li.querySelectorAll("button, textarea").forEach((x) => { x.disabled = true; }); }
      li.dataset.decided = action;
    } catch (e) {
      msg.className = "outcome-msg error";
      msg.textContent = e.message;
    }
  }
  document.body.dataset.ready = "1";
})();
