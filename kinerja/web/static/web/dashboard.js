// Draws the dashboard's budget absorption chart from the JSON the page carries (no inline script: CSP).
document.addEventListener("DOMContentLoaded", function () {
  var data = document.getElementById("absorption-data");
  var canvas = document.getElementById("absorption-chart");
  if (!data || !canvas || typeof Chart === "undefined") { return; }
  var chart = JSON.parse(data.textContent);
  new Chart(canvas, {
    type: "line",
    data: {
      labels: chart.labels,
      datasets: [
        { label: chart.label_absorption, data: chart.absorption, borderColor: "#1f5f99", spanGaps: false },
        { label: chart.label_plan, data: chart.plan, borderColor: "#9aa5b1", borderDash: [6, 4] }
      ]
    },
    options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true, suggestedMax: 100 } } }
  });
});
