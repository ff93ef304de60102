// Filters a list or table as you type: <input data-filter="#rows"> hides the children of #rows
// whose data-filter-text (or text) does not contain what was typed, ignoring case and accents.
// Without script the whole list shows, so the box stays hidden until this runs.
(function () {
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function setUp(input) {
    var target = document.querySelector(input.getAttribute("data-filter"));
    if (!target) return;
    var box = input.closest("[hidden]");
    if (box) box.hidden = false;
    var status = document.getElementById(input.id + "-status");
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      var shown = 0;
      Array.prototype.forEach.call(target.children, function (row) {
        var text = fold(row.getAttribute("data-filter-text") || row.textContent);
        var match = !wanted || text.indexOf(wanted) !== -1;
        row.hidden = !match;
        if (match) shown += 1;
      });
      if (status) status.textContent = shown + " / " + target.children.length;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-filter]").forEach(setUp);
  });
})();
