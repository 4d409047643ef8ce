/*
 * The report's chart renderers, drawn with Apache ECharts (inlined before this script). Each one
 * draws a chart JSON object, chosen by its "kind", from data only (keys with ? are optional):
 *
 *   stackedColumns, stackedRows
 *           {categories: [c..], series: [{name, values: [one per category]}],
 *            percent?, totals?, valueName?, categoryName?, colors?: [css colour..], height?}
 *   lines   {categories: [x..], series: [{name, values: [one per x, null = no point]}],
 *            percent?, min?, max?, interval? (the value axis' ends and step; default 0, the
 *            data's, ECharts'), valueName?, categoryName?, colors?, height?}
 *   heatmap {columns: [c..], rows: [{label, values: [one per column]}], height?}
 *   sankey  {nodes: [{name, depth?}], links: [{source, target, value}], height?}
 *           (source, target: names; depth: the node's column from 0, else ECharts places it)
 *   table   {columns: [c..], rows: [[cell..]], marks?: [note or null, one per row]}
 *           cell: text | number | null | {value?, text?, sub?, bar?: 0..1} | [cell..] (lines)
 *
 * render(node, chart, then) draws into node and calls then(points, drawn) once the chart is on
 * screen: points = the data points the JSON holds, drawn = the filled shapes ECharts painted
 * (table: body rows), so a browser test can tell a chart that drew its data from an empty frame.
 */
var KizashiCharts = (function () {
  "use strict";
  var PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
  var FONT = '"Noto Sans CJK JP","Hiragino Sans","Yu Gothic",system-ui,sans-serif';
  var AXIS = {color: "#52606d", fontSize: 11};
  var instances = [];

  function h(tag, text, parent, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    if (parent) parent.appendChild(e);
    return e;
  }
  function num(v) { return typeof v === "number" && isFinite(v); }
  function pct(v) { return num(v) ? (v * 100).toFixed(1) + "%" : "–"; }
  function fmt(v) { return num(v) ? v.toLocaleString("ja-JP") : v === undefined || v === null ? "–" : String(v); }
  function esc(s) { return echarts.format.encodeHTML(String(s)); }

  // Filled shapes in the chart's SVG (bars, cells, nodes, links, symbols, legend icons); axes,
  // grid lines and text are not filled, so an empty frame counts (almost) nothing.
  function drawnShapes(box) {
    var n = 0;
    box.querySelectorAll("svg path, svg rect, svg circle, svg polygon").forEach(function (e) {
      var f = e.getAttribute("fill");
      if (f && f !== "none" && f !== "transparent" && e.getAttribute("fill-opacity") !== "0") n++;
    });
    return n;
  }

  // Draws an ECharts option into a new box in node and reports once, on the first finished frame.
  function plot(node, option, points, height, then) {
    var box = h("div", null, node, "ec");
    if (height) box.style.height = height + "px";
    var chart = echarts.init(box, null, {renderer: "svg"});
    var reported = false;
    chart.on("finished", function () {
      if (reported) return;
      reported = true;
      then(points, drawnShapes(box));
    });
    option.animation = false; // a static report: drawn at once, also for the headless browser
    option.textStyle = {fontFamily: FONT};
    chart.setOption(option);
    instances.push(chart);
    return chart;
  }

  // A plain ECharts legend wraps but the grid does not move: estimate its lines to make room.
  function legendLines(names, width) {
    var lines = 1, x = 0;
    names.forEach(function (n) {
      var w = 34;
      for (var i = 0; i < String(n).length; i++) w += String(n).charCodeAt(i) > 255 ? 12 : 6.5;
      if (x > 0 && x + w > width) { lines++; x = 0; }
      x += w;
    });
    return lines;
  }
  // a legend of the series (none for one) and the grid below it
  function legendAndGrid(option, c, node, horizontal) {
    var names = c.series.map(function (s) { return s.name; }), shown = names.length > 1;
    var lines = shown ? legendLines(names, node.clientWidth || 600) : 0;
    option.legend = {show: shown, data: names, top: 0, left: 0, itemWidth: 12, itemHeight: 10, textStyle: {fontSize: 11}};
    // right: room for the totals beside rows, and for the last label of a line (on the edge)
    option.grid = {left: 8, right: horizontal ? 48 : c.kind === "lines" ? 32 : 16, containLabel: true,
      top: 10 + lines * 22 + (!horizontal && c.valueName ? 18 : 0),
      bottom: (horizontal ? c.valueName : c.categoryName) ? 26 : 6};
  }
  // axis tooltip: the category, its non-empty values and (stacks) their total
  function axisTip(series, fv, withTotal) {
    return function (items) {
      var out = [], total = 0;
      items.forEach(function (p) {
        if (p.seriesIndex >= series.length || !num(p.value)) return;
        total += p.value;
        out.push(p.marker + esc(p.seriesName) + ": <b>" + esc(fv(p.value)) + "</b>");
      });
      if (withTotal && out.length > 1) out.push("合計 total: <b>" + esc(fv(total)) + "</b>");
      return items.length ? esc(items[0].axisValueLabel) + "<br>" + out.join("<br>") : "";
    };
  }
  function axes(c, horizontal, fv) {
    // a vertical axis' name starts at the axis: centred on it, it would be cut at the card's edge
    var value = {type: "value", name: c.valueName || "",
      nameTextStyle: {color: AXIS.color, fontSize: 11, align: horizontal ? "center" : "left"},
      max: c.percent && c.kind !== "lines" ? 1 : null, // stacked shares add up to 100%
      axisLabel: {color: AXIS.color, fontSize: 11, formatter: function (v) { return c.percent ? Math.round(v * 100) + "%" : fv(v); }}};
    var category = {type: "category", data: c.categories, name: c.categoryName || "", nameTextStyle: AXIS,
      nameLocation: "middle", nameGap: horizontal ? 60 : 26, inverse: !!horizontal,
      axisTick: {alignWithLabel: true}, axisLabel: {color: AXIS.color, fontSize: 11, hideOverlap: true},
      boundaryGap: c.kind !== "lines"};
    if (horizontal) {
      value.nameLocation = "middle";
      value.nameGap = 24;
      category.nameLocation = "end";
    }
    return horizontal ? {xAxis: value, yAxis: category} : {xAxis: category, yAxis: value};
  }

  function stacked(node, c, horizontal, then) {
    var fv = c.percent ? pct : fmt, n = c.series.length;
    // the stacks' totals over the series shown (a click on the legend hides one)
    function sums(shown) {
      return c.categories.map(function (_, i) {
        return c.series.reduce(function (a, s) {
          return a + (num(s.values[i]) && shown[s.name] !== false ? s.values[i] : 0);
        }, 0);
      });
    }
    var totals = sums({});
    var points = totals.filter(function (t) { return t > 0; }).length;
    var series = c.series.map(function (s) {
      return {name: s.name, type: "bar", stack: "all", barMaxWidth: 48, emphasis: {focus: "series"},
        // a zero is no segment: it would only add an empty entry to the stack
        data: s.values.map(function (v) { return num(v) && v !== 0 ? v : null; })};
    });
    if (horizontal || c.totals) {
      // an invisible last segment of 0 that carries the stack's total as its label
      series.push({name: "total", type: "bar", stack: "all", silent: true, itemStyle: {color: "transparent"},
        data: totals.map(function () { return 0; }),
        label: {show: true, position: horizontal ? "right" : "top", color: "#3e4c59", fontSize: 11,
          formatter: function (p) { return totals[p.dataIndex] > 0 ? fv(totals[p.dataIndex]) : ""; }}});
    }
    var option = axes(c, horizontal, fmt);
    option.color = c.colors || PALETTE;
    legendAndGrid(option, c, node, horizontal);
    option.tooltip = {trigger: "axis", axisPointer: {type: "shadow"}, formatter: axisTip(c.series, fv, n > 1)};
    option.series = series;
    var height = c.height || (horizontal ? 40 + option.grid.top + 34 * c.categories.length : 280);
    var chart = plot(node, option, points, height, then);
    if (horizontal || c.totals) {
      chart.on("legendselectchanged", function (e) {
        totals = sums(e.selected);
        // new data for the totals' segment, so ECharts draws its labels again
        var update = series.map(function () { return {}; });
        update[update.length - 1] = {data: totals.map(function () { return 0; })};
        chart.setOption({series: update});
      });
    }
  }

  var R = {};
  R.stackedColumns = function (node, c, then) { stacked(node, c, false, then); };
  R.stackedRows = function (node, c, then) { stacked(node, c, true, then); };

  R.lines = function (node, c, then) {
    var fv = c.percent ? pct : fmt, points = 0;
    c.series.forEach(function (s) { s.values.forEach(function (v) { if (num(v)) points++; }); });
    var option = axes(c, false, fmt);
    option.yAxis.min = num(c.min) ? c.min : 0;
    if (num(c.max)) option.yAxis.max = c.max;
    if (num(c.interval)) option.yAxis.interval = c.interval;
    option.color = c.colors || PALETTE;
    legendAndGrid(option, c, node, false);
    option.tooltip = {trigger: "axis", formatter: axisTip(c.series, fv, false)};
    option.series = c.series.map(function (s) {
      return {name: s.name, type: "line", showSymbol: true, showAllSymbol: true, symbolSize: 6,
        connectNulls: false, emphasis: {focus: "series"},
        data: s.values.map(function (v) { return num(v) ? v : null; })};
    });
    plot(node, option, points, c.height || 280, then);
  };

  R.heatmap = function (node, c, then) {
    var data = [], max = 0, points = 0;
    c.rows.forEach(function (r, y) {
      r.values.forEach(function (v, x) {
        data.push([x, y, v]);
        if (v > max) max = v;
        if (v > 0) points++;
      });
    });
    var option = {
      tooltip: {formatter: function (p) {
        return esc(c.rows[p.value[1]].label) + " / " + esc(c.columns[p.value[0]]) + ": <b>" + esc(fmt(p.value[2])) + "</b>";
      }},
      grid: {left: 8, right: 8, top: 28, bottom: 4, containLabel: true},
      xAxis: {type: "category", position: "top", data: c.columns, axisLabel: AXIS},
      yAxis: {type: "category", inverse: true, data: c.rows.map(function (r) { return r.label; }), axisLabel: AXIS},
      visualMap: {show: false, min: 0, max: Math.max(1, max), inRange: {color: ["#fdf1ef", "#c0392b"]}},
      series: [{type: "heatmap", data: data, itemStyle: {borderColor: "#fff", borderWidth: 2},
        label: {show: true, fontSize: 11, fontWeight: "bold", color: "#1f2933", textBorderColor: "#fff", textBorderWidth: 2}}]
    };
    plot(node, option, points, c.height || 40 + 30 * c.rows.length, then);
  };

  R.sankey = function (node, c, then) {
    var names = [], seen = {}, out = {}, depth = {};
    function add(n) { if (!seen[n]) { seen[n] = true; names.push(n); } }
    (c.nodes || []).forEach(function (n) { add(n.name); if (num(n.depth)) depth[n.name] = n.depth; });
    var links = c.links.filter(function (l) { return num(l.value) && l.value > 0; });
    links.forEach(function (l) { add(l.source); add(l.target); out[l.source] = true; });
    var option = {
      color: c.colors || PALETTE,
      tooltip: {formatter: function (p) {
        return p.dataType === "edge"
          ? esc(p.data.source) + " → " + esc(p.data.target) + ": <b>" + esc(fmt(p.data.value)) + "</b>"
          : esc(p.name) + ": <b>" + esc(fmt(p.value)) + "</b>";
      }},
      series: [{type: "sankey", left: 8, right: 8, top: 8, bottom: 8, nodeGap: 10, nodeWidth: 14,
        emphasis: {focus: "adjacency"}, lineStyle: {color: "gradient", curveness: 0.5, opacity: 0.35},
        // the last column's labels go left of their nodes, inside the chart
        data: names.map(function (n) {
          var d = {name: n, label: {position: out[n] ? "right" : "left", fontSize: 11}};
          if (n in depth) d.depth = depth[n];
          return d;
        }),
        links: links.map(function (l) { return {source: l.source, target: l.target, value: l.value}; })}]
    };
    plot(node, option, links.length, c.height || 340, then);
  };

  function cellValue(x) { return x !== null && typeof x === "object" && !Array.isArray(x) ? x.value : x; }
  function cell(td, x) {
    if (x === null || x === undefined) { td.appendChild(document.createTextNode("–")); return; }
    if (Array.isArray(x)) { x.forEach(function (y) { cell(h("span", null, td, "line"), y); }); return; }
    if (typeof x === "object") {
      if (num(x.bar)) {
        td.className += " nowrap"; // the bar stays beside its number
        h("span", null, td, "hbar").style.width = Math.round(60 * Math.max(0, Math.min(1, x.bar))) + "px";
      }
      td.appendChild(document.createTextNode(x.text !== undefined && x.text !== null ? x.text : fmt(x.value)));
      if (x.sub) { td.appendChild(document.createTextNode(" ")); h("small", x.sub, td); }
      return;
    }
    td.appendChild(document.createTextNode(fmt(x)));
  }
  R.table = function (node, c, then) {
    var rows = c.rows || [], marks = c.marks || [];
    var withMarks = marks.some(function (m) { return m; });
    var numeric = c.columns.map(function (_, i) {
      return rows.length > 0 && rows.every(function (r) { var v = cellValue(r[i]); return v === null || v === undefined || num(v); });
    });
    var t = h("table", null, node), tr = h("tr", null, h("thead", null, t));
    c.columns.forEach(function (x, i) { h("th", x, tr, numeric[i] ? "num" : ""); });
    if (withMarks) h("th", "", tr);
    var tb = h("tbody", null, t);
    rows.forEach(function (r, j) {
      var row = h("tr", null, tb, marks[j] ? "marked" : "");
      c.columns.forEach(function (_, i) { cell(h("td", null, row, numeric[i] ? "num" : ""), r[i]); });
      if (withMarks) h("td", marks[j] || "", row, "mark");
    });
    then(rows.length, tb.children.length);
  };

  function render(node, chart, then) {
    var f = chart && Object.prototype.hasOwnProperty.call(R, chart.kind) ? R[chart.kind] : null;
    if (!f) throw new Error("unknown chart kind: " + (chart && chart.kind));
    f(node, chart, then);
  }
  function resize() { instances.forEach(function (c) { c.resize(); }); }
  window.addEventListener("resize", resize);
  window.addEventListener("beforeprint", resize);
  return {render: render, h: h, fmt: fmt, pct: pct};
})();
