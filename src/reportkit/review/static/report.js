// reportkit report: sort the documents table by a column, filter its rows. No network, no libraries.
(function () {
  "use strict";
  var table = document.getElementById("docs");
  if (!table) return;
  var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
  var shown = document.getElementById("shown"), filter = document.getElementById("filter");
  function count(n) { shown.textContent = n + " of " + rows.length + " shown"; }
  count(rows.length);
  table.tHead.addEventListener("click", function (ev) {
    var th = ev.target.closest("th");
    if (!th) return;
    var col = Array.prototype.indexOf.call(th.parentNode.children, th), numeric = th.dataset.k === "n";
    var desc = th.classList.contains("sorted-asc");
    Array.prototype.forEach.call(th.parentNode.children, function (h) { h.classList.remove("sorted-asc", "sorted-desc"); });
    th.classList.add(desc ? "sorted-desc" : "sorted-asc");
    var key = function (r) {
      var t = r.cells[col].textContent.trim();
      if (!numeric) return t;
      var v = parseFloat(t.replace(/,/g, ""));
      return isNaN(v) ? -Infinity : v;
    };
    rows.sort(function (a, b) {
      var x = key(a), y = key(b), c = numeric ? x - y : String(x).localeCompare(String(y), "zh-CN");
      return desc ? -c : c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
  filter.addEventListener("input", function () {
    var q = filter.value.trim().toLowerCase(), n = 0;
    rows.forEach(function (r) {
      var hit = !q || r.textContent.toLowerCase().indexOf(q) >= 0;
      r.hidden = !hit;
      if (hit) n++;
    });
    count(n);
  });
})();
