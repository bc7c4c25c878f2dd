// The dashboard: draws the budget absorption chart from the JSON the page carries (no inline script: CSP), with
// values written as the page writes them (Indonesian 12,50 %, or English 12.50 %), and opens a program's
// indicators when its row in the program table is followed.
document.addEventListener("DOMContentLoaded", function () {
  function openProgram() {
    var id = window.location.hash.slice(1);
    var target = id ? document.getElementById(id) : null;
    if (target && target.tagName === "DETAILS") { target.open = true; }
  }
  window.addEventListener("hashchange", openProgram);
  openProgram();

  var data = document.getElementById("absorption-data");
  var canvas = document.getElementById("absorption-chart");
  if (!data || !canvas || typeof Chart === "undefined") { return; }
  var chart = JSON.parse(data.textContent);
  var number = new Intl.NumberFormat(chart.lang === "en" ? "en-US" : "id-ID", { maximumFractionDigits: 2 });
  var texts = [chart.absorption_text, chart.plan_text];
  new Chart(canvas, {
    type: "line",
    data: {
      labels: chart.labels,
      datasets: [
        { label: chart.label_absorption, data: chart.absorption, borderColor: "#1f5f99", backgroundColor: "#1f5f99",
          pointRadius: 5, spanGaps: false },
        { label: chart.label_plan, data: chart.plan, borderColor: "#9aa5b1", backgroundColor: "#9aa5b1",
          borderDash: [6, 4] }
      ]
    },
    options: {
      animation: false, maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, suggestedMax: 100,
                     ticks: { callback: function (value) { return number.format(value) + " %"; } } } },
      plugins: { tooltip: { callbacks: { label: function (item) {
        return item.dataset.label + ": " + texts[item.datasetIndex][item.dataIndex];
      } } } }
    }
  });
});
