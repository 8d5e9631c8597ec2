// The dashboard: totals and charts, each downloadable as PNG and CSV.
"use strict";
(async function () {
  await JM.init();
  const d = await JM.api("/api/dashboard");
  const palette = ["#1f5f99", "#d7301f", "#3f8f4f", "#e89a1c", "#8e5bb8", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 12;
  Chart.defaults.color = "#334";
  Chart.defaults.animation = false;
  const weekLabels = d.weeks.map((w) => JM.fmtDate(w));
  const outcomes = d.outcomes;
  const total = Object.values(outcomes).reduce((a, b) => a + b, 0);
  const cards = [
    ["violation", "Violations", outcomes.violation || 0],
    ["", "Indeterminate", outcomes.indeterminate || 0],
    ["", "No violation", outcomes.no_violation || 0],
    ["", "Not covered", outcomes.not_covered || 0],
    ["", "Judged since " + JM.fmtDate(d.since), total],
    ["", "Access denials", Object.values(d.access_denials_by_party).reduce((a, b) => a + b, 0)],
  ];
  document.getElementById("cards").innerHTML = cards.map(([cls, l, n]) =>
    `<div class="card ${cls}"><div class="n">${n.toLocaleString()}</div><div class="l">${JM.esc(l)}</div></div>`).join("");

  const tables = {};
  function series(obj, labelOf) {
    return Object.entries(obj).map(([k, values], i) => ({ label: labelOf(k), data: values, backgroundColor: palette[i % palette.length],
      borderColor: palette[i % palette.length] }));
  }
  function make(id, config, table) {
    const canvas = document.getElementById(`chart-${id}`);
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false,
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } } }, config.options || {});
    config.plugins = [{ id: "white", beforeDraw: (chart) => { const c = chart.ctx; c.save(); c.fillStyle = "#fff"; c.fillRect(0, 0, chart.width, chart.height); c.restore(); } }];
    const chart = new Chart(canvas, config);
    tables[id] = table;
    const tools = canvas.closest(".chart-card").querySelector(".tools");
    tools.innerHTML = `<button type="button" data-png="${id}">PNG</button><button type="button" data-csv="${id}">CSV</button>`;
    tools.querySelector("[data-png]").onclick = () => download(`${id}.png`, chart.toBase64Image("image/png", 1));
    tools.querySelector("[data-csv]").onclick = () => {
      const csv = table.map((row) => row.map((v) => /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : v).join(",")).join("\n");
      download(`${id}.csv`, "data:text/csv;charset=utf-8," + encodeURIComponent(csv + "\n"));
    };
    canvas.dataset.rendered = "1";
    return chart;
  }
  function download(name, href) {
    const a = document.createElement("a");
    a.href = href; a.download = name; document.body.appendChild(a); a.click(); a.remove();
  }
  const stacked = { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } };
  const weekTable = (obj, head) => [["week", ...Object.keys(obj).map(head)], ...d.weeks.map((w, i) => [w, ...Object.values(obj).map((v) => v[i])])];

  make("running", { type: "line", data: { labels: weekLabels, datasets: [
    { label: "Running total", data: d.running_total, borderColor: "#d7301f", backgroundColor: "rgba(215,48,31,.12)", fill: true, tension: 0.2 },
    { label: "This week", data: d.weekly_total, borderColor: "#1f5f99", backgroundColor: "#1f5f99", type: "bar" }] },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } },
    [["week", "violations", "running_total"], ...d.weeks.map((w, i) => [w, d.weekly_total[i], d.running_total[i]])]);
  make("party", { type: "bar", data: { labels: weekLabels, datasets: series(d.weekly_by_party, JM.actor) }, options: stacked },
    weekTable(d.weekly_by_party, (k) => k));
  make("rule", { type: "bar", data: { labels: weekLabels, datasets: series(d.weekly_by_rule, (k) => k) }, options: stacked },
    weekTable(d.weekly_by_rule, (k) => k));
  const accusers = Object.keys(d.allegations_by_accuser);
  const kinds = [...new Set(accusers.flatMap((a) => Object.keys(d.allegations_by_accuser[a])))].sort();
  const orgName = (id) => ((JM.meta.organisations.find((o) => o.id === id) || {}).name || JM.actor(id));
  make("accuser", { type: "bar", data: { labels: accusers.map(orgName), datasets: kinds.map((k, i) => ({ label: k.replace(/_/g, " "),
    data: accusers.map((a) => d.allegations_by_accuser[a][k] || 0), backgroundColor: palette[i % palette.length] })) },
    options: Object.assign({ indexAxis: "y" }, { scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } } }) },
    [["accuser", ...kinds], ...accusers.map((a) => [a, ...kinds.map((k) => d.allegations_by_accuser[a][k] || 0)])]);
  const deniers = Object.keys(d.access_denials_by_party);
  make("denials", { type: "bar", data: { labels: deniers.map(JM.actor), datasets: [{ label: "Denied or blocked", data: deniers.map((k) => d.access_denials_by_party[k]), backgroundColor: "#e89a1c" }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } },
    [["party", "denials"], ...deniers.map((k) => [k, d.access_denials_by_party[k]])]);
  const keys = Object.keys(JM.outcomeLabel).filter((k) => k !== "none");
  make("outcomes", { type: "doughnut", data: { labels: keys.map((k) => JM.outcomeLabel[k]), datasets: [{ data: keys.map((k) => outcomes[k] || 0),
    backgroundColor: keys.map((k) => JM.colours[k]) }] }, options: { plugins: { legend: { position: "right" } } } },
    [["outcome", "verdicts"], ...keys.map((k) => [k, outcomes[k] || 0])]);
  document.body.dataset.ready = "1";
})();
