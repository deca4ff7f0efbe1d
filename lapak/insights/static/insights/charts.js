/* Lapak dashboards: draws every chart from its JSON block (Django json_script), with the vendored
 * echarts. No inline scripts anywhere: this file finds [data-chart-spec] and [data-geo-spec] elements
 * on load and after every htmx swap. */
(function () {
  "use strict";
  var PALETTE = ["#2f86a6", "#e07a1f", "#6a9f3b", "#8e5ea2", "#c23b3b", "#3b5bc2", "#a3a3a3", "#d4b106"];
  var live = [];

  function formatValue(unit, value) {
    if (value === null || value === undefined) { return "—"; }
    if (unit === "rupiah") { return "Rp" + Math.round(value).toLocaleString("id-ID"); }
    if (unit === "percent") {
      return value.toLocaleString("id-ID", { minimumFractionDigits: 1, maximumFractionDigits: 1 }) + "%";
    }
    return Math.round(value).toLocaleString("id-ID");
  }

  function shortValue(unit, value) {
    if (unit === "rupiah") {
      if (Math.abs(value) >= 1e9) { return "Rp" + (value / 1e9).toLocaleString("id-ID", { maximumFractionDigits: 1 }) + " M"; }
      if (Math.abs(value) >= 1e6) { return "Rp" + (value / 1e6).toLocaleString("id-ID", { maximumFractionDigits: 1 }) + " jt"; }
    }
    return formatValue(unit, value);
  }

  function tooltip(unit) {
    return { trigger: "item", valueFormatter: function (v) { return formatValue(unit, v); } };
  }

  function axisOption(spec, horizontal) {
    var unit = spec.series.length ? spec.series[0].unit : "count";
    var category = { type: "category", data: spec.categories, axisLabel: { hideOverlap: true } };
    var value = { type: "value", axisLabel: { formatter: function (v) { return shortValue(unit, v); } } };
    var kind = spec.kind === "line" ? "line" : "bar";
    return {
      color: PALETTE,
      tooltip: { trigger: "axis", valueFormatter: function (v) { return formatValue(unit, v); } },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? Object.assign(category, { inverse: true }) : value,
      series: spec.series.map(function (s) {
        return { name: s.name, type: kind, data: s.data, smooth: kind === "line", barMaxWidth: 28 };
      })
    };
  }

  function pieOption(spec) {
    var s = spec.series[0];
    return {
      color: PALETTE,
      tooltip: tooltip(s.unit),
      legend: { bottom: 0, type: "scroll" },
      series: [{
        name: s.name, type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"],
        label: { formatter: "{d}%" },
        data: spec.categories.map(function (c, i) { return { name: c, value: s.data[i] }; })
      }]
    };
  }

  function funnelOption(spec) {
    var s = spec.series[0];
    return {
      color: PALETTE,
      tooltip: tooltip(s.unit),
      series: [{
        name: s.name, type: "funnel", sort: "none", left: "10%", width: "80%", minSize: "8%",
        label: { position: "inside", formatter: function (p) { return p.name + ": " + formatValue(s.unit, p.value); } },
        data: spec.categories.map(function (c, i) { return { name: c, value: s.data[i] }; })
      }]
    };
  }

  function option(spec) {
    if (spec.kind === "pie") { return pieOption(spec); }
    if (spec.kind === "funnel") { return funnelOption(spec); }
    return axisOption(spec, spec.kind === "hbar");
  }

  function readSpec(id) {
    var block = document.getElementById(id);
    return block ? JSON.parse(block.textContent) : null;
  }

  function start(element) {
    element.setAttribute("data-drawn", "1");
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    live.push(chart);
    return chart;
  }

  function drawChart(element) {
    var spec = readSpec(element.getAttribute("data-chart-spec"));
    if (spec && spec.series.length) { start(element).setOption(option(spec)); }
  }

  function drawGeo(element) {
    var spec = readSpec(element.getAttribute("data-geo-spec"));
    if (!spec) { return; }
    fetch(element.getAttribute("data-geojson"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (geojson) {
        window.echarts.registerMap("lapak-wilayah", geojson);
        start(element).setOption({
          tooltip: { trigger: "item", formatter: function (p) {
            return p.data ? p.data.label + ": " + p.data.display : p.name;
          } },
          visualMap: { min: spec.min, max: spec.max, inRange: { color: spec.palette }, calculable: true,
                       left: 0, bottom: 0, formatter: function (v) { return shortValue(spec.unit, v); } },
          series: [{
            type: "map", map: "lapak-wilayah", nameProperty: "kode", roam: true,
            data: spec.cells.map(function (c) {
              var item = { name: c.name, value: c.value, label: c.label, display: c.display };
              if (c.poorest) { item.itemStyle = { borderColor: "#c62828", borderWidth: 2.5 }; }
              return item;
            })
          }]
        });
      });
  }

  function drawAll(root) {
    if (!window.echarts) { return; }
    live = live.filter(function (chart) {
      var keep = document.body.contains(chart.getDom());
      if (!keep) { chart.dispose(); }
      return keep;
    });
    root.querySelectorAll("[data-chart-spec]:not([data-drawn])").forEach(drawChart);
    root.querySelectorAll("[data-geo-spec]:not([data-drawn])").forEach(drawGeo);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function () { drawAll(document); });
  window.addEventListener("resize", function () { live.forEach(function (chart) { chart.resize(); }); });
}());
