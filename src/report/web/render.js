(function () {
  var status = document.getElementById("hospsim-report-status");
  var charts = JSON.parse(document.getElementById("hospsim-charts").textContent);
  var failures = [];
  function finish(results) {
    var rendered = 0;
    results.forEach(function (result, i) {
      var element = document.getElementById(charts[i].id);
      var svg = element ? element.querySelector("svg") : null;
      var marks = svg ? svg.querySelectorAll("path, rect, line, text, circle").length : 0;
      var width = svg ? svg.getBoundingClientRect().width : 0;
      if (result.status === "fulfilled" && svg && marks > 0 && width > 0) {
        rendered++;
      } else {
        failures.push(charts[i].id + ": " + (result.status === "rejected" ? String(result.reason)
                                                                           : "no SVG with marks"));
      }
    });
    status.setAttribute("data-charts", String(charts.length));
    status.setAttribute("data-rendered", String(rendered));
    status.setAttribute("data-errors", JSON.stringify(window.hospsimErrors.concat(failures)));
    status.setAttribute("data-state", "done");
    status.textContent = rendered + " of " + charts.length + " charts rendered";
  }
  if (typeof vegaEmbed !== "function") {
    window.hospsimErrors.push("vega-embed did not load");
    finish(charts.map(function () { return {status: "rejected", reason: "vega-embed did not load"}; }));
    return;
  }
  var embeds = charts.map(function (chart) {
    return vegaEmbed("#" + chart.id, chart.spec, {actions: false, renderer: "svg"});
  });
  Promise.allSettled(embeds).then(finish);
})();
