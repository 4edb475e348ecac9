// vnie dashboard: draws the Plotly figures the page carries as JSON (no inline script, no CDN).
document.addEventListener("DOMContentLoaded", function () {
  var data = document.getElementById("vnie-figures");
  if (!data || typeof Plotly === "undefined") { return; }
  var figures = JSON.parse(data.textContent);
  document.querySelectorAll("[data-figure]").forEach(function (element) {
    var figure = figures[element.dataset.figure];
    if (!figure) {
      element.textContent = "Nothing to chart for this choice.";
      element.classList.add("empty");
      return;
    }
    Plotly.newPlot(element, figure.data, figure.layout, { displaylogo: false, responsive: true });
  });
  // changing a select applies the filter; a new province forgets the district
  var form = document.querySelector("form.filters");
  if (form) {
    form.querySelectorAll("select").forEach(function (select) {
      select.addEventListener("change", function () {
        if (select.name === "province") { form.elements.district.value = ""; }
        form.submit();
      });
    });
  }
});
