// vnie serve: the column glossary above a table folds away (open it when you need it).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("dl.column-descriptions").forEach(function (glossary) {
    var details = document.createElement("details");
    details.className = "column-glossary";
    var summary = document.createElement("summary");
    summary.textContent = "What the columns mean (" + glossary.querySelectorAll("dt").length + " columns)";
    glossary.parentNode.insertBefore(details, glossary);
    details.appendChild(summary);
    details.appendChild(glossary);
  });
});
