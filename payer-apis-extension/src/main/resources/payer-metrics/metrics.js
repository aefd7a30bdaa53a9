// payer-auth: the Patient Access API metrics page. Plain browser JavaScript, no library; the sign-in and the admin REST
// API calls are staff-pages.js. Reads GET /admin/realms/{realm}/patient-access-metrics (realm-management role
// view-events) and shows the two CMS numbers, a table and a bar chart by month, and the per-app table. Everything shown
// is written with textContent or as SVG elements (never as HTML).
(function () {
  "use strict";

  var el = PayerStaffPages.el;
  var show = PayerStaffPages.show;
  var SVG = "http://www.w3.org/2000/svg";
  var metricsPage = PayerStaffPages.page({ pagePath: "/patient-access-metrics/report", storageKey: "payer-metrics",
    signedInId: "metrics-signed-in", remember: null,
    forbidden: "You are not allowed to see the metrics: ask an administrator for the realm-management role view-events." });

  function query() {
    return "?from=" + encodeURIComponent(document.getElementById("metrics-from").value)
      + "&to=" + encodeURIComponent(document.getElementById("metrics-to").value);
  }

  function rows(tbody, entries) {
    tbody.replaceChildren.apply(tbody, entries.map(function (entry) {
      return el("tr", { "data-key": entry[0] }, [el("td", { text: entry[0] }), el("td", { text: String(entry[1]) })]);
    }));
  }

  function svg(tag, attributes, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // One bar per month; a suppressed cell ("<11") is a light bar as high as the largest count it may stand for.
  function chart(perMonth, threshold) {
    var months = Object.keys(perMonth);
    var values = months.map(function (m) {
      var v = perMonth[m];
      return typeof v === "number" ? { height: v, label: String(v), small: false }
        : { height: threshold - 1, label: String(v), small: true };
    });
    var max = Math.max(1, Math.max.apply(null, values.map(function (v) { return v.height; })));
    var width = Math.max(320, months.length * 48);
    var top = 18;
    var bottom = 30;
    var plot = 200 - top - bottom;
    var image = svg("svg", { viewBox: "0 0 " + width + " 200", role: "img", preserveAspectRatio: "xMinYMid meet",
      "aria-label": "Unique patients by month" });
    image.appendChild(svg("line", { "class": "axis", x1: 0, y1: top + plot, x2: width, y2: top + plot }));
    var slot = width / Math.max(1, months.length);
    values.forEach(function (v, i) {
      var h = Math.round(plot * v.height / max);
      var x = i * slot + slot * 0.15;
      image.appendChild(svg("rect", { "class": v.small ? "bar small" : "bar", x: x, y: top + plot - h,
        width: slot * 0.7, height: h, "data-month": months[i] }));
      image.appendChild(svg("text", { x: i * slot + slot / 2, y: top + plot - h - 4, "text-anchor": "middle" }, v.label));
      image.appendChild(svg("text", { x: i * slot + slot / 2, y: 200 - 10, "text-anchor": "middle" }, months[i]));
    });
    var box = document.getElementById("metrics-chart");
    box.replaceChildren(image, el("p", { "class": "note",
      text: "Light bars: fewer than " + threshold + " patients (the exact count is not shown)." }));
  }

  function render(report) {
    document.getElementById("metrics-unique").textContent = String(report.uniquePatients);
    document.getElementById("metrics-more-than-once").textContent = String(report.patientsTransferredMoreThanOnce);
    var incomplete = document.getElementById("metrics-incomplete");
    incomplete.textContent = report.complete ? "" : (report.recordedFrom
      ? "Recording began on " + report.recordedFrom + ": nothing before that day is counted, so this period's numbers "
        + "are incomplete."
      : "Nothing has been recorded in this realm yet.");
    incomplete.hidden = report.complete;
    rows(document.querySelector("#metrics-months tbody"), Object.keys(report.perMonth).map(function (m) {
      return [m, report.perMonth[m]];
    }));
    var apps = Object.keys(report.perApp);
    rows(document.querySelector("#metrics-apps tbody"), apps.length === 0 ? [["(none)", 0]]
      : apps.map(function (app) { return [app, report.perApp[app]]; }));
    chart(report.perMonth, report.definitions.smallCellThreshold);
    var definitions = report.definitions;
    document.getElementById("metrics-definitions").replaceChildren(
      el("li", { text: "Period " + report.from + " to " + report.to + " (UTC days)." }),
      el("li", { text: definitions.transfer === "token"
        ? "A transfer: an access token for the patient issued to an app (sign-in or refresh)."
        : "A transfer: the FHIR server checked (introspected) an app's valid token for the patient." }),
      el("li", { text: "More than once: " + definitions.moreThanOnce + "." }),
      el("li", { text: definitions.excludedClients.length === 0 ? "No app is left out as the payer's own."
        : "Left out as the payer's own apps: " + definitions.excludedClients.join(", ") + "." }),
      el("li", { text: "A representative's access counts for the patient represented." }));
    document.getElementById("metrics-report").hidden = false;
  }

  async function load(event) {
    if (event) { event.preventDefault(); }
    show("metrics-error");
    try {
      render(await metricsPage.admin("GET", "/patient-access-metrics" + query()));
    } catch (e) {
      show("metrics-error", e.message);
    }
  }

  async function download() {
    show("metrics-error");
    try {
      var csv = await metricsPage.admin("GET", "/patient-access-metrics" + query() + "&format=csv", null, "text/csv");
      var link = el("a", { href: URL.createObjectURL(new Blob([csv], { type: "text/csv" })),
        download: "patient-access-metrics-" + document.getElementById("metrics-from").value + "-to-"
          + document.getElementById("metrics-to").value + ".csv" });
      document.body.appendChild(link);
      link.click();
      link.remove();
    } catch (e) {
      show("metrics-error", e.message);
    }
  }

  async function start() {
    var lastYear = new Date().getUTCFullYear() - 1;
    document.getElementById("metrics-from").value = lastYear + "-01-01";
    document.getElementById("metrics-to").value = lastYear + "-12-31";
    document.getElementById("metrics-period").addEventListener("submit", load);
    document.getElementById("metrics-csv").addEventListener("click", download);
    await metricsPage.start(function () { return load(); });
  }

  start().catch(function (e) { show("metrics-error", e.message); });
})();
