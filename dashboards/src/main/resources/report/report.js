/*
 * The report page: draws the model (the JSON in #report-data, see ReportModel) with the renderers
 * of charts.js. The fixed charts adapt the model's shapes to a renderer's; "sections" of the
 * model are further cards, each drawn from its own chart JSON by kind.
 *
 * When a chart is on screen its element gets data-rendered="true" and data-points="N" (and
 * data-drawn, the shapes painted); <body> counts them in data-charts-rendered and says
 * data-render-status="ok" once every chart has reported without an error, so a headless browser
 * can prove the charts rendered with data.
 */
(function () {
  "use strict";
  var C = KizashiCharts, h = C.h, fmt = C.fmt, pct = C.pct;
  var D = JSON.parse(document.getElementById("report-data").textContent);
  var NO_OUTCOMES = "churn outcomes are not known for this data (no labels.csv and no churned field)";
  var expected = 0, reported = 0, rendered = 0, errors = [];

  function status() {
    var b = document.body;
    b.setAttribute("data-charts-rendered", String(rendered));
    b.setAttribute("data-render-errors", errors.join(" | "));
    b.setAttribute("data-render-status", errors.length ? "error" : reported < expected ? "pending" : "ok");
  }
  function done(node, points, drawn) {
    node.setAttribute("data-rendered", points > 0 ? "true" : "empty");
    node.setAttribute("data-points", String(points));
    node.setAttribute("data-drawn", String(drawn));
    if (points > 0) rendered++;
    reported++;
    status();
  }
  function notAvailable(node, msg) {
    h("div", msg, node, "na");
    node.setAttribute("data-rendered", "unavailable");
    node.setAttribute("data-points", "0");
    reported++;
    status();
  }
  function reportTo(node) { return function (points, drawn) { done(node, points, drawn); }; }
  function byId(id) { return document.getElementById(id); }
  // the model's {series: [names], buckets: [{label, values}]} as categories x series
  function buckets(c, kind, extra) {
    var out = {kind: kind, categories: c.buckets.map(function (b) { return b.label; }),
      series: c.series.map(function (name, s) {
        return {name: name, values: c.buckets.map(function (b) { return b.values[s]; })};
      })};
    for (var k in extra) out[k] = extra[k];
    return out;
  }

  function kpis(node, k) {
    var items = [["顧客 customers", fmt(k.customers)], ["アラート alerts", fmt(k.alerts)],
      ["アラート顧客 alerted customers", fmt(k.alertedCustomers)],
      ["高リスク at risk (score ≥ " + k.atRiskThreshold + ")", fmt(k.atRisk), "risk"],
      ["継続率 continuation rate", pct(k.continuationRate)], ["解約率 churn rate", pct(k.churnRate), "risk"],
      ["適合率 precision / 再現率 recall", pct(k.precision) + " / " + pct(k.recall)]];
    var known = 0;
    items.forEach(function (it) {
      var d = h("div", null, node, "kpi" + (it[2] ? " " + it[2] : ""));
      h("div", it[1], d, "v");
      h("div", it[0], d, "l");
      if (it[1].charAt(0) !== "–") known++;
    });
    // no data at all (no customers, no alerts) is an empty report, not seven zeros
    done(node, k.customers + k.alerts > 0 ? known : 0, items.length);
  }

  function retention(node, chart) {
    if (!chart.available || chart.rows.length === 0) return notAvailable(node, NO_OUTCOMES);
    C.render(node, {kind: "stackedColumns", percent: true, colors: ["#2ca02c", "#d62728"],
      valueName: "share of the cohort", height: 220,
      categories: chart.rows.map(function (r) { return r.cohort + " (n=" + r.customers + ")"; }),
      series: [{name: "継続率 continuation", values: chart.rows.map(function (r) { return r.continuationRate; })},
        {name: "解約率 churn", values: chart.rows.map(function (r) { return r.churnRate; })}]}, reportTo(node));
    C.render(node, {kind: "table", columns: ["cohort", "customers", "churned", "継続率", "解約率"],
      rows: chart.rows.map(function (r) {
        return [r.cohort, r.customers, r.churned, {value: r.continuationRate, text: pct(r.continuationRate)},
          {value: r.churnRate, text: pct(r.churnRate)}];
      })}, function () {});
  }

  function precision(node, chart) {
    if (!chart.available || chart.rows.length === 0) return notAvailable(node, NO_OUTCOMES);
    var times = chart.churnTimesKnown;
    C.render(node, {kind: "stackedRows", percent: true, colors: ["#c0392b"], valueName: "適合率 precision",
      categories: chart.rows.map(function (r) { return r.pattern; }),
      series: [{name: "適合率 precision", values: chart.rows.map(function (r) { return r.precision; })}]}, reportTo(node));
    var columns = ["pattern", "alerted customers", "went on to churn", "precision"];
    if (times) columns.push("median lead (days)", "alerts after the churn (not counted)");
    C.render(node, {kind: "table", columns: columns, rows: chart.rows.map(function (r) {
      var row = [r.pattern, r.alerted, r.churned, {value: r.precision, text: pct(r.precision)}];
      if (times) {
        var lead = r.medianLeadDays;
        row.push(lead === undefined ? null : {value: lead, text: lead.toFixed(1)}, r.afterChurn);
      }
      return row;
    })}, function () {});
    byId("precisionNote").textContent = times
      ? "Lead: days from a pattern's first alert for a customer to that customer's churn (median over the churners it alerted on), so how long there was to act. " +
        "Only alerts raised before the churn count, for precision and for lead: an alert after the customer had already churned (e.g. DORMANT, which fires 30 days into a silence) " +
        "neither predicted the churn nor was a false alarm; it is left out and counted in the last column (" + fmt(chart.alertsAfterChurn) + " alerts in all)."
      : "Lead times are not available: the churn outcomes come from the score documents' churned field, which says whether a customer churned but not when " +
        "(the generator's labels.csv has them: beside alerts.jsonl, or with --es as --labels FILE). For the same reason alerts raised after the churn cannot be left out here: " +
        "this precision counts every alerted customer whose latest score document says churned, including DORMANT, which the churned field itself counts as churn.";
  }

  function topAtRisk(node, rows) {
    if (rows.length === 0) return notAvailable(node, "no customer at risk who can still be saved");
    var days = function (v) { return v === undefined ? null : {value: v, text: v.toFixed(1)}; };
    C.render(node, {kind: "table",
      columns: ["#", "customer", "score", "spend to date", "value at risk", "LTV tier", "segment", "reasons",
        "last order", "days overdue", "open condition", "channel / action"],
      rows: rows.map(function (r, i) {
        return [i + 1, r.customerId, {value: r.score, text: r.score.toFixed(3), bar: r.score},
          Math.round(r.totalSpend), Math.round(r.valueAtRisk), r.ltvTier || null, r.segment || null,
          (r.reasons || []).map(function (x) { return {text: x.ja, sub: x.en}; }),
          r.lastOrder ? r.lastOrder.substring(0, 10) : null, days(r.daysOverdue),
          r.openPattern ? r.openPattern + " (" + r.openSeverity + ")" : "no open alert",
          r.channel ? r.channel + " / " + r.action : null];
      })}, reportTo(node));
  }

  // a further card of the model: {id, title, sub?, wide?, note?, chart: {kind, ...} | na: why not}
  function section(s) {
    var card = document.createElement("section");
    card.className = "card" + (s.wide ? " wide" : "");
    h("h2", s.title, card);
    if (s.sub) h("p", s.sub, card, "sub");
    var node = h("div", null, card);
    node.id = s.id;
    node.setAttribute("data-chart", s.id);
    if (s.note) h("p", s.note, card, "note");
    byId("foot").parentNode.insertBefore(card, byId("foot"));
    if (s.na) return notAvailable(node, s.na);
    C.render(node, s.chart, reportTo(node));
  }

  byId("meta").textContent = "source: " + D.source + " · data " +
    (D.dataFrom || "?").substring(0, 10) + " – " + (D.dataTo || "?").substring(0, 10) + " · generated " + D.generatedAt;
  byId("foot").textContent = "churn outcomes: " + (D.outcomeSource || "not available") +
    ". Kizashi (兆し) — the same KPIs as the Kibana dashboard 「解約予兆ダッシュボード」. Charts: Apache ECharts " +
    echarts.version + " (Apache-2.0), inlined.";
  var steps = [
    function () { kpis(byId("kpis"), D.kpis); },
    function () {
      C.render(byId("alertsOverTime"), buckets(D.alertsOverTime, "stackedColumns",
        {valueName: "alerts", categoryName: "week (Monday, UTC)", height: 300}), reportTo(byId("alertsOverTime")));
    },
    function () {
      C.render(byId("severityChannel"), buckets(D.severityChannel, "stackedRows", {valueName: "alerts"}),
        reportTo(byId("severityChannel")));
    },
    function () {
      C.render(byId("scoreHistogram"), buckets(D.scoreHistogram, "stackedColumns",
        {valueName: "customers", categoryName: "latest score (bin from)", colors: ["#d62728"], height: 250}),
        reportTo(byId("scoreHistogram")));
    },
    function () {
      var s = D.segmentBand;
      C.render(byId("segmentBand"), {kind: "heatmap", columns: s.columns, rows: s.rows}, reportTo(byId("segmentBand")));
    },
    function () { retention(byId("retention"), D.retention); },
    function () { precision(byId("precision"), D.precision); },
    function () { topAtRisk(byId("topAtRisk"), D.topAtRisk); }
  ];
  (D.sections || []).forEach(function (s) { steps.push(function () { section(s); }); });
  expected = steps.length;
  // an error of ECharts after setOption (in its frame) would not reach the catch below
  window.addEventListener("error", function (e) { errors.push(String(e.message)); status(); });
  steps.forEach(function (f) { try { f(); } catch (e) { errors.push(String(e)); } });
  status();
})();
