// The map page: incidents coloured by verdict and sized by fatalities, control layers, disagreement, time slider.
"use strict";
(async function () {
  await JM.init();
  const meta = JM.meta;
  const DAY = 86400000;
  const credibility = { 1: "Confirmed", 2: "Probably true", 3: "Possibly true", 4: "Doubtful", 5: "Improbable", 6: "Cannot be judged" };
  const state = { window: "week", index: 0, verdicts: new Set(Object.keys(JM.outcomeLabel)), eventType: "", actor: "",
    layer: "", diff: false };
  const start = meta.date_min ? Date.parse(meta.date_min + "T00:00:00Z") : Date.now();
  const end = meta.date_max ? Date.parse(meta.date_max + "T00:00:00Z") : Date.now();
  const iso = (t) => new Date(t).toISOString().slice(0, 10);

  const map = L.map("map", { zoomControl: false, minZoom: 3, maxZoom: 14, worldCopyJump: false, attributionControl: true });
  L.control.zoom({ position: "topleft" }).addTo(map);
  L.control.scale({ position: "bottomleft", imperial: false }).addTo(map);
  map.attributionControl.setPrefix(false);
  map.fitBounds([[32.2, 35.6], [37.4, 42.4]]);
  map.createPane("base"); map.getPane("base").style.zIndex = 250;
  map.createPane("control"); map.getPane("control").style.zIndex = 350;
  map.createPane("diff"); map.getPane("diff").style.zIndex = 380;

  if (meta.tile_url) {
    L.tileLayer(meta.tile_url, { attribution: meta.tile_attribution || "", maxZoom: 18 }).addTo(map);
  }
  fetch("/static/vendor/countries-50m.geojson").then((r) => r.json()).then((world) => {
    L.geoJSON(world, {
      pane: "base", interactive: false,
      style: (f) => ({ color: "#8d99a6", weight: f.properties.name === "Syria" ? 1.6 : 0.8,
        fillColor: f.properties.name === "Syria" ? "#fbfaf6" : "#eceee6", fillOpacity: meta.tile_url ? 0 : 1 }),
    }).addTo(map);
    map.attributionControl.addAttribution("Outlines: Natural Earth");
  });
  if (meta.has_boundaries) {
    JM.api("/api/boundaries?level=1").then((fc) => L.geoJSON(fc, { pane: "base", interactive: false,
      style: { color: "#a6afb9", weight: 0.8, dashArray: "3 3", fill: false } }).addTo(map));
  }

  // ---- controls -------------------------------------------------------------------------------------------
  const slider = document.getElementById("time-slider");
  slider.max = Math.max(0, Math.round((end - start) / DAY));
  slider.value = 0;
  const verdictBox = document.getElementById("verdict-filters");
  for (const [key, label] of Object.entries(JM.outcomeLabel)) {
    const row = document.createElement("label");
    row.className = "check";
    row.innerHTML = `<input type="checkbox" checked data-outcome="${key}"><span class="swatch" style="background:${JM.colours[key]}"></span>${label}`;
    verdictBox.appendChild(row);
  }
  verdictBox.addEventListener("change", (e) => {
    const o = e.target.dataset.outcome;
    if (e.target.checked) state.verdicts.add(o); else state.verdicts.delete(o);
    draw();
  });
  const eventSelect = document.getElementById("event-type");
  for (const t of meta.event_types) eventSelect.add(new Option(t, t));
  eventSelect.onchange = () => { state.eventType = eventSelect.value; load(); };
  const actorSelect = document.getElementById("actor");
  for (const [id, label] of Object.entries(meta.actors).sort((a, b) => a[1].localeCompare(b[1]))) actorSelect.add(new Option(label, id));
  actorSelect.onchange = () => { state.actor = actorSelect.value; load(); };
  const layerSelect = document.getElementById("layer");
  for (const l of meta.layers) layerSelect.add(new Option(`${l.name}${l.kind === "joint" ? " (joint)" : ""}`, l.id));
  const joint = meta.layers.find((l) => l.kind === "joint");
  if (joint) { layerSelect.value = joint.id; state.layer = joint.id; }
  layerSelect.onchange = () => { state.layer = layerSelect.value; loadLayers(); };
  document.getElementById("show-diff").onchange = (e) => { state.diff = e.target.checked; loadLayers(); };
  for (const b of document.querySelectorAll("[data-window]")) {
    b.onclick = () => {
      document.querySelectorAll("[data-window]").forEach((x) => x.classList.toggle("on", x === b));
      state.window = b.dataset.window;
      slider.disabled = state.window === "all";
      refresh();
    };
  }
  slider.oninput = () => { state.index = Number(slider.value); refresh(); };

  function interval() {
    if (state.window === "all") return [null, null];
    const from = start + state.index * DAY;
    const to = from + (state.window === "week" ? 6 : 0) * DAY;
    return [iso(from), iso(to)];
  }
  function layerDay() { return interval()[1] || meta.date_max; }
  function label() {
    const [a, b] = interval();
    const text = !a ? `All dates (${JM.fmtDate(meta.date_min)} – ${JM.fmtDate(meta.date_max)})`
      : a === b ? JM.fmtDate(a) : `${JM.fmtDate(a)} – ${JM.fmtDate(b)}`;
    document.getElementById("time-label").textContent = text;
  }

  // ---- legend ---------------------------------------------------------------------------------------------
  const legend = L.control({ position: "bottomright" });
  legend.onAdd = () => {
    const div = L.DomUtil.create("div", "legend");
    const verdictRows = Object.entries(JM.outcomeLabel).map(([k, l]) =>
      `<div class="row"><span class="swatch" style="background:${JM.colours[k]}"></span>${l}</div>`).join("");
    const sizes = [0, 10, 50].map((n) => `<span class="swatch" style="width:${2 * radius(n)}px;height:${2 * radius(n)}px;background:#fff"></span>${n}`).join(" ");
    const groups = Object.entries(JM.groupLabel).map(([k, l]) =>
      `<div class="row"><span class="swatch sq${k === "excluded" ? " dashed" : ""}" style="background:${JM.groupColours[k]};opacity:.55"></span>${l}</div>`).join("");
    div.innerHTML = `<h4>Verdict</h4>${verdictRows}<h4>Fatalities</h4><div class="row">${sizes}</div>` +
      `<h4>Control</h4>${groups}<div class="row"><span class="swatch sq" style="background:repeating-linear-gradient(45deg,#d7301f 0 2px,#fff 2px 5px)"></span>Parties' maps disagree</div>`;
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  legend.addTo(map);

  // ---- layers ---------------------------------------------------------------------------------------------
  let controlLayer = null, diffLayer = null, layerToken = 0;
  async function loadLayers() {
    const token = ++layerToken;
    const day = layerDay();
    const claimed = meta.layers.filter((l) => l.kind === "claimed");
    const [fc, diff] = await Promise.all([
      state.layer ? JM.api(`/api/layers/${encodeURIComponent(state.layer)}?date=${day}`) : null,
      state.diff && claimed.length >= 2 ? JM.api(`/api/layers/diff?a=${claimed[0].id}&b=${claimed[1].id}&date=${day}`) : null,
    ]);
    if (token !== layerToken) return;
    if (controlLayer) controlLayer.remove();
    if (diffLayer) diffLayer.remove();
    controlLayer = diffLayer = null;
    if (fc) {
      controlLayer = L.geoJSON(fc, { pane: "control",
        // Excluded groups: brown with a dashed outline, so their areas never read as the grey of "not covered".
        style: (f) => ({ color: JM.groupColours[f.properties.group], weight: f.properties.group === "excluded" ? 1.4 : 0.6,
          dashArray: f.properties.group === "excluded" ? "5 3" : null, fillColor: JM.groupColours[f.properties.group], fillOpacity: 0.28 }),
        onEachFeature: (f, l) => l.bindTooltip(`${f.properties.actors.map(JM.actor).join(", ")} · ${Math.round(f.properties.km2).toLocaleString()} km²`, { sticky: true }),
      }).addTo(map);
    }
    const note = document.getElementById("diff-note");
    if (diff) {
      const name = (id) => (meta.layers.find((l) => l.id === id) || { name: id }).name;
      diffLayer = L.geoJSON(diff, { pane: "diff",
        style: { color: "#d7301f", weight: 1.6, dashArray: "4 3", fillColor: "#d7301f", fillOpacity: 0.18 },
        pointToLayer: (f, ll) => L.circleMarker(ll, { radius: 5, color: "#d7301f", weight: 2, fillOpacity: 0, dashArray: "2 2", pane: "diff" }),
        onEachFeature: (f, l) => l.bindTooltip(`${f.properties.place ? JM.esc(f.properties.place) + ": " : ""}` +
          `${name(diff.a)}: ${f.properties.actors_a.map(JM.actor).join(", ") || "not mapped"}<br>` +
          `${name(diff.b)}: ${f.properties.actors_b.map(JM.actor).join(", ") || "not mapped"}`, { sticky: true }),
      }).addTo(map);
      const places = diff.features.filter((f) => f.properties.kind === "settlement").length;
      note.textContent = `${name(diff.a)} vs ${name(diff.b)} on ${JM.fmtDate(diff.date)}: ${Math.round(diff.km2).toLocaleString()} km² and ${places} settlements disagree.`;
    } else {
      note.textContent = "";
    }
  }

  // ---- incidents ------------------------------------------------------------------------------------------
  function radius(fatalities) { return Math.min(22, 5 + 2.2 * Math.sqrt(fatalities || 0)); }
  const incidents = L.layerGroup().addTo(map);
  let last = { mode: "points", features: [], cells: [], total: 0 }, loadToken = 0;
  async function load() {
    const token = ++loadToken;
    const b = map.getBounds();
    const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
    const params = new URLSearchParams({
      bbox: [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90), clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)].map((v) => v.toFixed(4)).join(","),
      zoom: String(map.getZoom()),
    });
    const [a, z] = interval();
    if (a) { params.set("start", a); params.set("end", z); }
    if (state.eventType) params.set("event_type", state.eventType);
    if (state.actor) params.set("actor", state.actor);
    const data = await JM.api(`/api/map/incidents?${params}`);
    if (token !== loadToken) return;
    last = data;
    draw();
  }
  function draw() {
    incidents.clearLayers();
    const count = document.getElementById("count");
    if (last.mode === "grid") {
      const max = Math.max(...last.cells.map((c) => c.count), 1);
      for (const c of last.cells) {
        const [x0, y0, x1, y1] = c.bounds;
        const share = c.violations / c.count;
        L.rectangle([[y0, x0], [y1, x1]], { color: "#17212d", weight: 0.5, fillColor: share > 0.2 ? "#d7301f" : "#1f5f99",
          fillOpacity: 0.2 + 0.6 * Math.sqrt(c.count / max), className: "grid-cell" })
          .bindTooltip(`${c.count.toLocaleString()} incidents · ${c.violations.toLocaleString()} violations · ${c.fatalities.toLocaleString()} killed`)
          .addTo(incidents);
      }
      count.dataset.shown = String(last.total);
      count.textContent = `${last.total.toLocaleString()} incidents in view, counted per grid cell (zoom in for points).`;
      return;
    }
    const features = [...last.features].sort((p, q) => (q.properties.fatalities || 0) - (p.properties.fatalities || 0))
      .filter((f) => state.verdicts.has(f.properties.verdict || "none"));
    const shown = features.length;
    for (const { f, at } of place(features)) {
      const p = f.properties;
      const outcome = p.verdict || "none";
      L.circleMarker(at, { radius: radius(p.fatalities), color: "#1d2733", weight: 1.2, fillColor: JM.colours[outcome],
        fillOpacity: 0.9, className: `incident-marker incident-${p.id}` })
        .bindTooltip(`<b>${JM.esc(p.sub_event_type)}</b> · ${JM.esc(p.location_name)}<br>${JM.fmtDate(p.date_start)} · ${JM.outcomeLabel[outcome]}`, { className: "place" })
        .on("click", () => openIncident(p.id))
        .addTo(incidents);
    }
    count.dataset.shown = String(shown);
    count.textContent = `${shown} of ${last.total} incidents in view${shown ? "" : " — try another date or the All window"}.`;
  }

  // Markers that overlap on screen (Aleppo's neighbourhoods at country zoom, or one town's incidents) are
  // nudged apart until no two touch, each joined to its true place by a thin line, so every click lands on
  // exactly one incident. Zoomed in far enough they no longer touch and stay where they are.
  function place(features) {
    const ms = features.map((f, k) => {
      const [lon, lat] = f.geometry.coordinates;
      const pt = map.latLngToLayerPoint([lat, lon]);
      // Identical places start a hair apart (golden-angle spiral), so the push has a direction.
      const a = k * 2.39996;
      return { f, ll: L.latLng(lat, lon), pt, r: radius(f.properties.fatalities),
        x: pt.x + Math.cos(a) * 0.01 * k, y: pt.y + Math.sin(a) * 0.01 * k };
    });
    for (let round = 0; round < 400; round++) {
      let clash = false;
      for (let i = 0; i < ms.length; i++) {
        for (let j = i + 1; j < ms.length; j++) {
          const a = ms[i], b = ms[j];
          const dx = b.x - a.x, dy = b.y - a.y, d = Math.hypot(dx, dy) || 1e-6, min = a.r + b.r + 3;
          if (d >= min) continue;
          clash = true;
          const push = (min - d) / 2 + 0.05;
          a.x -= (dx / d) * push; a.y -= (dy / d) * push;
          b.x += (dx / d) * push; b.y += (dy / d) * push;
        }
      }
      if (!clash && round > 0) break;
      if (round < 200) for (const m of ms) { m.x += (m.pt.x - m.x) * 0.04; m.y += (m.pt.y - m.y) * 0.04; }
    }
    return ms.map((m) => {
      const at = map.layerPointToLatLng(L.point(m.x, m.y));
      if (Math.hypot(m.x - m.pt.x, m.y - m.pt.y) > 2) {
        L.polyline([m.ll, at], { color: "#1d2733", weight: 1, opacity: 0.6, interactive: false, className: "spread-leg" }).addTo(incidents);
        L.circleMarker(m.ll, { radius: 1.8, color: "#1d2733", weight: 1, fillColor: "#1d2733", fillOpacity: 1, interactive: false })
          .addTo(incidents);
      }
      return { f: m.f, at };
    });
  }

  async function openIncident(id) {
    const d = await JM.api(`/api/incidents/${encodeURIComponent(id)}`);
    const s = d.summary;
    const v = d.verdicts[0];
    const outcome = s.verdict || "none";
    const involved = (ids) => ids.length ? ids.map((a) => JM.esc(JM.actor(a))).join(", ") : "unknown";
    const facts = v ? v.facts.map((f) => `<li>${JM.esc(f.statement)}<span class="src">${JM.esc(f.source)}</span></li>`).join("") : "";
    const reports = d.reports.map((r) => `<div class="report"><div><span class="grade" title="Source reliability (Admiralty A–F)">${JM.esc(r.source_reliability)}${s.credibility}</span> ${JM.esc(r.title || r.id)}</div>` +
      `<div class="meta">${JM.esc(r.source)} · received ${JM.fmtDate(r.received_at.slice(0, 10))}</div></div>`).join("");
    document.getElementById("detail-body").innerHTML = `
      <h1>${JM.esc(s.sub_event_type)} · ${JM.esc(s.location_name)}</h1>
      <span class="badge ${outcome}" id="detail-verdict">${JM.outcomeLabel[outcome]}</span>
      <dl class="kv">
        <dt>Date</dt><dd>${JM.fmtDate(s.date_start)}${s.date_end !== s.date_start ? " – " + JM.fmtDate(s.date_end) : ""}</dd>
        <dt>Place</dt><dd>${JM.esc(s.location_name)}${s.admin1_name ? ", " + JM.esc(s.admin1_name) : ""}</dd>
        <dt>Perpetrator</dt><dd>${involved(s.perpetrators)}</dd>
        <dt>Target</dt><dd>${involved(s.targets)}</dd>
        <dt>Fatalities</dt><dd>${s.fatalities}</dd>
        <dt>Grade</dt><dd>${s.credibility} – ${credibility[s.credibility] || ""}</dd>
        ${v ? `<dt>Rule</dt><dd>${JM.esc(v.rule || "—")}</dd><dt>Confidence</dt><dd>${Math.round(v.confidence * 100)}%</dd>` : ""}
      </dl>
      <h2>Explanation</h2>
      <div class="explanation" id="detail-explanation">${v ? JM.esc(v.explanation) : "This incident has not been judged yet."}</div>
      ${facts ? `<h2>Facts used</h2><ol class="facts">${facts}</ol>` : ""}
      <h2>Reports (${d.reports.length})</h2>${reports || '<p class="muted">No linked reports.</p>'}`;
    document.getElementById("detail").hidden = false;
    document.querySelector(".map-layout").classList.add("detail-open");  // the legend moves clear of the panel
  }
  document.getElementById("detail-close").onclick = () => {
    document.getElementById("detail").hidden = true;
    document.querySelector(".map-layout").classList.remove("detail-open");
  };

  function refresh() { label(); load(); loadLayers(); }
  map.on("moveend", load);
  label();
  await Promise.all([load(), loadLayers()]);
  document.body.dataset.ready = "1";
})();
