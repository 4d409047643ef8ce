package dev.kizashi.dashboards.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The report page: one self-contained HTML file (inline CSS, inline script that draws SVG charts,
 * the numbers as embedded JSON; no external assets, works offline and from a mail attachment).
 *
 * <p>When the script has drawn a chart it sets {@code data-rendered="true"} and {@code
 * data-points="N"} on the chart's element, and {@code data-charts-rendered} on {@code <body>}, so a
 * headless browser can prove the charts rendered with data.
 */
public final class HtmlReport {
    private HtmlReport() {}

    public static String render(ObjectNode model) {
        String json =
                model.toString()
                        .replace("<", "\\u003c")
                        .replace(">", "\\u003e")
                        .replace("&", "\\u0026");
        return TEMPLATE.replace("@@TITLE@@", HtmlPages.escape(model.path("title").asText()))
                .replace("@@DATA@@", json);
    }

    /** Computes the model from an input and writes the page; returns the model. */
    public static ObjectNode write(ReportInput input, Path out) throws IOException {
        ObjectNode model = ReportModel.compute(input, Instant.now());
        HtmlPages.write(out, render(model));
        return model;
    }

    private static final String TEMPLATE =
            """
<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>@@TITLE@@</title>
<style>
  :root { --ink:#1f2933; --muted:#616e7c; --line:#e4e7eb; --bg:#f5f7fa; --card:#fff; --accent:#c0392b; }
  * { box-sizing: border-box; }
  body { margin:0; font-family: "Noto Sans CJK JP","Hiragino Sans","Yu Gothic",system-ui,sans-serif; color:var(--ink); background:var(--bg); }
  header { background:#102a43; color:#fff; padding:18px 28px; }
  header h1 { margin:0 0 4px; font-size:22px; }
  header p { margin:0; color:#bcccdc; font-size:12px; }
  main { padding:18px 28px 40px; display:grid; grid-template-columns: repeat(2, minmax(0,1fr)); gap:16px; }
  .card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:14px 16px; }
  .wide { grid-column: 1 / -1; }
  .card h2 { font-size:15px; margin:0 0 2px; }
  .card .sub { font-size:11px; color:var(--muted); margin:0 0 8px; }
  .kpis { display:grid; grid-template-columns: repeat(7, minmax(0,1fr)); gap:10px; }
  .kpi { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:10px 12px; }
  .kpi .v { font-size:24px; font-weight:700; }
  .kpi .l { font-size:11px; color:var(--muted); }
  .kpi.risk .v { color:var(--accent); }
  svg { display:block; width:100%; height:auto; }
  svg text { font-size:10px; fill:#52606d; }
  .legend { display:flex; flex-wrap:wrap; gap:4px 12px; font-size:11px; color:#3e4c59; margin-top:4px; }
  .legend i { display:inline-block; width:10px; height:10px; border-radius:2px; margin-right:4px; vertical-align:-1px; }
  table { width:100%; border-collapse:collapse; font-size:12px; }
  th, td { text-align:left; padding:5px 6px; border-bottom:1px solid var(--line); vertical-align:top; }
  th { color:var(--muted); font-weight:600; background:#fafbfc; }
  td.num, th.num { text-align:right; font-variant-numeric: tabular-nums; }
  .hbar { display:inline-block; height:8px; background:var(--accent); border-radius:2px; vertical-align:middle; margin-right:6px; }
  .heat td.cell { text-align:center; font-weight:600; }
  .na { color:var(--muted); font-size:12px; padding:20px 0; }
  .note { font-size:11px; color:var(--muted); margin:8px 0 0; }
  .reason { display:block; color:#3e4c59; }
  .reason small { color:var(--muted); }
  footer { grid-column: 1 / -1; font-size:11px; color:var(--muted); }
</style>
</head>
<body data-charts-rendered="0">
<header>
  <h1>解約予兆レポート <span style="font-weight:400">Kizashi churn early warning</span></h1>
  <p id="meta"></p>
</header>
<main>
  <section class="wide kpis" id="kpis" data-chart="kpis"></section>
  <section class="card wide"><h2>アラート推移（パターン別） Alerts over time by pattern</h2><p class="sub">alerts per week of event time, stacked by churn pattern</p><div id="alertsOverTime" data-chart="alertsOverTime"></div></section>
  <section class="card"><h2>重大度×通知チャネル Alerts by severity and routed channel</h2><p class="sub">all alerts in the period, by severity, split by the channel they were routed to</p><div id="severityChannel" data-chart="severityChannel"></div></section>
  <section class="card"><h2>スコア分布 Score distribution</h2><p class="sub">customers by their latest churn score (1.0: cancelled)</p><div id="scoreHistogram" data-chart="scoreHistogram"></div></section>
  <section class="card"><h2>セグメント×リスク帯 Segment × score band</h2><p class="sub">customers by lifecycle segment (latest alert) and band of their latest score</p><div id="segmentBand" data-chart="segmentBand"></div></section>
  <section class="card"><h2>継続率・解約率（獲得月コホート別） Retention by signup cohort</h2><p class="sub">per month of first activity: continuation rate (継続率) and churn rate (解約率)</p><div id="retention" data-chart="retention"></div></section>
  <section class="card wide"><h2>パターン別適合率 Precision per pattern</h2><p class="sub">customers each pattern alerted on before they churned (or who have not churned), and how many of them went on to churn (precision so far)</p><div id="precision" data-chart="precision"></div><p class="note" id="precisionNote"></p></section>
  <section class="card wide"><h2>高リスク顧客 Top at-risk customers</h2><p class="sub">call list: customers at risk (latest score ≥ the at-risk threshold) who can still be saved (not churned — cancelled, or 30 days without activity — in their latest score document), by value at risk = score × spend to date (the expected loss); routed by the most severe alert of their open episode</p><div id="topAtRisk" data-chart="topAtRisk"></div></section>
  <footer id="foot"></footer>
</main>
<script id="report-data" type="application/json">@@DATA@@</script>
<script>
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("report-data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  var PALETTE = ["#1f77b4","#ff7f0e","#2ca02c","#d62728","#9467bd","#8c564b","#e377c2","#7f7f7f","#bcbd22","#17becf"];
  var rendered = 0;
  function el(tag, attrs, parent) {
    var e = document.createElementNS(NS, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function h(tag, text, parent, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    if (parent) parent.appendChild(e);
    return e;
  }
  function pct(v) { return v === undefined || v === null ? "–" : (v * 100).toFixed(1) + "%"; }
  function fmt(v) { return v === undefined || v === null ? "–" : Number(v).toLocaleString("ja-JP"); }
  function done(node, points) {
    node.setAttribute("data-rendered", points > 0 ? "true" : "empty");
    node.setAttribute("data-points", String(points));
    if (points > 0) rendered++;
  }
  function notAvailable(node, msg) {
    h("div", msg, node, "na");
    node.setAttribute("data-rendered", "unavailable");
    node.setAttribute("data-points", "0");
  }
  function legend(node, series, offset) {
    var lg = h("div", null, node, "legend");
    series.forEach(function (s, i) {
      var span = h("span", null, lg);
      var sw = h("i", null, span); sw.style.background = PALETTE[((offset || 0) + i) % PALETTE.length];
      span.appendChild(document.createTextNode(s));
    });
  }
  function niceMax(v) {
    if (v <= 0) return 1;
    var p = Math.pow(10, Math.floor(Math.log10(v))), m = v / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  }
  // vertical stacked bars: chart = {series:[..], buckets:[{label, values:[..]}]}
  function stackedColumns(node, chart, opts) {
    var W = opts.width || 900, H = opts.height || 260, L = 44, B = 38, T = 8, R = 8;
    var svg = el("svg", {viewBox: "0 0 " + W + " " + H, role: "img"}, node);
    var n = chart.buckets.length, max = 0, points = 0;
    chart.buckets.forEach(function (b) {
      var s = b.values.reduce(function (a, c) { return a + c; }, 0);
      if (s > max) max = s; if (s > 0) points++;
    });
    max = niceMax(max);
    var pw = W - L - R, ph = H - T - B, bw = pw / Math.max(1, n);
    for (var g = 0; g <= 4; g++) {
      var y = T + ph - ph * g / 4;
      el("line", {x1: L, x2: W - R, y1: y, y2: y, stroke: "#e4e7eb"}, svg);
      el("text", {x: L - 4, y: y + 3, "text-anchor": "end"}, svg).textContent = opts.pctAxis ? pct(max * g / 4) : fmt(max * g / 4);
    }
    var every = Math.max(1, Math.ceil(n / 14));
    chart.buckets.forEach(function (b, i) {
      var x = L + i * bw, acc = 0;
      b.values.forEach(function (v, s) {
        if (v <= 0) return;
        var hgt = ph * v / max;
        var r = el("rect", {x: x + bw * 0.12, y: T + ph - ph * acc / max - hgt, width: Math.max(1, bw * 0.76), height: hgt,
          fill: PALETTE[((opts.colorOffset || 0) + s) % PALETTE.length]}, svg);
        el("title", {}, r).textContent = b.label + " " + chart.series[s] + ": " + fmt(v);
        acc += v;
      });
      if (i % every === 0) el("text", {x: x + bw / 2, y: H - B + 14, "text-anchor": "middle"}, svg).textContent = b.label;
    });
    if (chart.series.length > 1) legend(node, chart.series, opts.colorOffset);
    done(node, points);
  }
  // horizontal stacked bars
  function stackedRows(node, chart) {
    var rowH = 30, L = 80, R = 40, W = 440, H = chart.buckets.length * rowH + 10;
    var svg = el("svg", {viewBox: "0 0 " + W + " " + H, role: "img"}, node);
    var max = 0, points = 0;
    chart.buckets.forEach(function (b) {
      var s = b.values.reduce(function (a, c) { return a + c; }, 0);
      if (s > max) max = s; if (s > 0) points++;
    });
    max = Math.max(1, max);
    chart.buckets.forEach(function (b, i) {
      var y = 5 + i * rowH, acc = 0, total = 0;
      el("text", {x: L - 6, y: y + rowH / 2 + 3, "text-anchor": "end"}, svg).textContent = b.label;
      b.values.forEach(function (v, s) {
        if (v <= 0) return;
        var w = (W - L - R) * v / max;
        var r = el("rect", {x: L + (W - L - R) * acc / max, y: y + 4, width: w, height: rowH - 8, fill: PALETTE[s % PALETTE.length]}, svg);
        el("title", {}, r).textContent = b.label + " / " + chart.series[s] + ": " + fmt(v);
        acc += v; total += v;
      });
      el("text", {x: L + (W - L - R) * acc / max + 4, y: y + rowH / 2 + 3}, svg).textContent = fmt(total);
    });
    legend(node, chart.series);
    done(node, points);
  }
  function heatmap(node, chart) {
    var t = h("table", null, node, "heat"), tr = h("tr", null, h("thead", null, t));
    h("th", "segment", tr);
    chart.columns.forEach(function (c) { h("th", c, tr, "num"); });
    var max = 1, points = 0;
    chart.rows.forEach(function (r) { r.values.forEach(function (v) { if (v > max) max = v; if (v > 0) points++; }); });
    var tb = h("tbody", null, t);
    chart.rows.forEach(function (r) {
      var row = h("tr", null, tb);
      h("td", r.label, row);
      r.values.forEach(function (v, i) {
        var td = h("td", fmt(v), row, "cell");
        var a = v / max;
        td.style.background = "rgba(192,57,43," + (0.08 + 0.8 * a).toFixed(2) + ")";
        td.style.color = a > 0.5 ? "#fff" : "#1f2933";
      });
    });
    done(node, points);
  }
  function retention(node, chart) {
    if (!chart.available || chart.rows.length === 0) {
      notAvailable(node, "churn outcomes are not known for this data (no labels.csv and no churned field)");
      return;
    }
    var c = {series: ["継続率 continuation", "解約率 churn"], buckets: chart.rows.map(function (r) {
      return {label: r.cohort + " (n=" + r.customers + ")", values: [r.continuationRate, r.churnRate]};
    })};
    stackedColumns(node, c, {width: 520, height: 200, pctAxis: true, colorOffset: 2});
    var t = h("table", null, node), tr = h("tr", null, h("thead", null, t));
    ["cohort", "customers", "churned", "継続率", "解約率"].forEach(function (x, i) { h("th", x, tr, i ? "num" : ""); });
    var tb = h("tbody", null, t);
    chart.rows.forEach(function (r) {
      var row = h("tr", null, tb);
      h("td", r.cohort, row); h("td", fmt(r.customers), row, "num"); h("td", fmt(r.churned), row, "num");
      h("td", pct(r.continuationRate), row, "num"); h("td", pct(r.churnRate), row, "num");
    });
  }
  function precision(node, chart) {
    var note = document.getElementById("precisionNote");
    if (!chart.available || chart.rows.length === 0) {
      notAvailable(node, "churn outcomes are not known for this data (no labels.csv and no churned field)");
      return;
    }
    var times = chart.churnTimesKnown;
    var cols = ["pattern", "alerted customers", "went on to churn", "precision", ""];
    if (times) cols.push("median lead (days)", "alerts after the churn (not counted)");
    var t = h("table", null, node), tr = h("tr", null, h("thead", null, t));
    cols.forEach(function (x, i) { h("th", x, tr, i && i !== 4 ? "num" : ""); });
    var tb = h("tbody", null, t), points = 0;
    chart.rows.forEach(function (r) {
      var row = h("tr", null, tb);
      h("td", r.pattern, row); h("td", fmt(r.alerted), row, "num"); h("td", fmt(r.churned), row, "num");
      h("td", pct(r.precision), row, "num");
      var cell = h("td", null, row), bar = h("span", null, cell, "hbar");
      bar.style.width = Math.round(160 * (r.precision || 0)) + "px";
      if (times) {
        h("td", r.medianLeadDays === undefined ? "–" : r.medianLeadDays.toFixed(1), row, "num");
        h("td", fmt(r.afterChurn), row, "num");
      }
      if (r.alerted > 0 || r.afterChurn > 0) points++;
    });
    note.textContent = times
      ? "Lead: days from a pattern's first alert for a customer to that customer's churn (median over the churners it alerted on), so how long there was to act. " +
        "Only alerts raised before the churn count, for precision and for lead: an alert after the customer had already churned (e.g. DORMANT, which fires 30 days into a silence) " +
        "neither predicted the churn nor was a false alarm; it is left out and counted in the last column (" + fmt(chart.alertsAfterChurn) + " alerts in all)."
      : "Lead times are not available: the churn outcomes come from the score documents' churned field, which says whether a customer churned but not when " +
        "(the generator's labels.csv has them: beside alerts.jsonl, or with --es as --labels FILE). For the same reason alerts raised after the churn cannot be left out here: " +
        "this precision counts every alerted customer whose latest score document says churned, including DORMANT, which the churned field itself counts as churn.";
    done(node, points);
  }
  function topTable(node, rows) {
    if (rows.length === 0) {
      notAvailable(node, "no customer at risk who can still be saved");
      return;
    }
    var t = h("table", null, node), tr = h("tr", null, h("thead", null, t));
    ["#", "customer", "score", "spend to date", "value at risk", "LTV tier", "segment", "reasons", "last order", "days overdue", "open condition", "channel / action"].forEach(function (x, i) {
      h("th", x, tr, (i === 2 || i === 3 || i === 4 || i === 9) ? "num" : "");
    });
    var tb = h("tbody", null, t);
    rows.forEach(function (r, i) {
      var row = h("tr", null, tb);
      h("td", String(i + 1), row);
      h("td", r.customerId, row);
      var sc = h("td", null, row, "num"), bar = h("span", null, sc, "hbar");
      bar.style.width = Math.round(60 * Math.max(0, Math.min(1, r.score))) + "px";
      sc.appendChild(document.createTextNode(r.score.toFixed(3)));
      h("td", fmt(Math.round(r.totalSpend)), row, "num");
      h("td", fmt(Math.round(r.valueAtRisk)), row, "num");
      h("td", r.ltvTier || "–", row);
      h("td", r.segment || "–", row);
      var rs = h("td", null, row);
      (r.reasons || []).forEach(function (x) {
        var s = h("span", x.ja + " ", rs, "reason"); h("small", x.en, s);
      });
      h("td", r.lastOrder ? r.lastOrder.substring(0, 10) : "–", row);
      h("td", r.daysOverdue === undefined ? "–" : r.daysOverdue.toFixed(1), row, "num");
      h("td", r.openPattern ? r.openPattern + " (" + r.openSeverity + ")" : "no open alert", row);
      h("td", r.channel ? r.channel + " / " + r.action : "–", row);
    });
    done(node, rows.length);
  }
  function kpis(node, k) {
    var items = [["顧客 customers", fmt(k.customers)], ["アラート alerts", fmt(k.alerts)],
      ["アラート顧客 alerted customers", fmt(k.alertedCustomers)],
      ["高リスク at risk (score ≥ " + k.atRiskThreshold + ")", fmt(k.atRisk), "risk"],
      ["継続率 continuation rate", pct(k.continuationRate)], ["解約率 churn rate", pct(k.churnRate), "risk"],
      ["適合率 precision / 再現率 recall", pct(k.precision) + " / " + pct(k.recall)]];
    items.forEach(function (it) {
      var d = h("div", null, node, "kpi" + (it[2] ? " " + it[2] : ""));
      h("div", it[1], d, "v"); h("div", it[0], d, "l");
    });
    done(node, k.customers + k.alerts);
  }
  document.getElementById("meta").textContent = "source: " + D.source + " · data " +
    (D.dataFrom || "?").substring(0, 10) + " – " + (D.dataTo || "?").substring(0, 10) + " · generated " + D.generatedAt;
  document.getElementById("foot").textContent = "churn outcomes: " + (D.outcomeSource || "not available") +
    ". Kizashi (兆し) — the same KPIs as the Kibana dashboard 「解約予兆ダッシュボード」.";
  var steps = [
    function () { kpis(document.getElementById("kpis"), D.kpis); },
    function () { stackedColumns(document.getElementById("alertsOverTime"), D.alertsOverTime, {height: 260}); },
    function () { stackedRows(document.getElementById("severityChannel"), D.severityChannel); },
    function () { stackedColumns(document.getElementById("scoreHistogram"), D.scoreHistogram, {width: 520, height: 240, colorOffset: 3}); },
    function () { heatmap(document.getElementById("segmentBand"), D.segmentBand); },
    function () { retention(document.getElementById("retention"), D.retention); },
    function () { precision(document.getElementById("precision"), D.precision); },
    function () { topTable(document.getElementById("topAtRisk"), D.topAtRisk); }
  ];
  var errors = [];
  steps.forEach(function (f) { try { f(); } catch (e) { errors.push(String(e)); } });
  document.body.setAttribute("data-charts-rendered", String(rendered));
  document.body.setAttribute("data-render-errors", errors.join(" | "));
  document.body.setAttribute("data-render-status", errors.length ? "error" : "ok");
})();
</script>
</body>
</html>
""";
}
