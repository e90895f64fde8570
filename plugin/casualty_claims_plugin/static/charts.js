// Draws every chart on a casualty-claims page. Each chart's Vega-Lite spec sits in a
// <script type="application/json"> the page names in data-chart; vega-embed's tooltip
// handler escapes the text it shows, so article text stays inert in tooltips.
(function () {
  "use strict";
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var source = document.getElementById(element.dataset.chart);
    var spec = JSON.parse(source.textContent);
    vegaEmbed(element, spec, { renderer: "svg", actions: false })
      .then(function () {
        element.dataset.rendered = "true";
      })
      .catch(function (error) {
        element.dataset.rendered = "failed";
        element.textContent = "The chart could not be drawn (" + error.message + "); the table below lists the same claims.";
      });
  });
})();
