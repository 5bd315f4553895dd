// reportkit annotate: the index of a folder of pages. Each page keeps its work in this browser's storage
// (localStorage, one entry per document); this page shows which are done and exports them all.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("rk-data").textContent);
  function stored(key) {
    try { return JSON.parse(localStorage.getItem("rka:" + key) || "null"); } catch (e) { return null; }
  }
  function draw() {
    var done = 0;
    DATA.set.forEach(function (d) {
      var rec = stored(d.key), row = document.querySelector('tr[data-key="' + d.key + '"] .tick');
      var isDone = !!(rec && rec.done);
      if (isDone) done++;
      if (row) row.textContent = isDone ? "✓" : "·";
    });
    var total = DATA.set.length;
    document.getElementById("progress").textContent = done + " done / " + (total - done) + " left";
    document.getElementById("progress-bar").style.width = (total ? 100 * done / total : 0) + "%";
  }
  function exportGold() {
    var out = {}, ids = [], by = {};
    DATA.set.forEach(function (d) { var rec = stored(d.key); if (rec && rec.done && rec.entry) { by[d.id] = rec.entry; ids.push(d.id); } });
    ids.sort().forEach(function (id) { out[id] = by[id]; });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([JSON.stringify(out, null, 1) + "\n"], {type: "application/json"}));
    a.download = DATA.export_name || "gold.json";
    document.body.appendChild(a); a.click(); a.remove();
    document.getElementById("status").textContent = "exported " + ids.length + " documents to " + a.download;
  }
  document.getElementById("export").addEventListener("click", exportGold);
  document.addEventListener("keydown", function (ev) { if (ev.key === "E" && !ev.ctrlKey && !ev.metaKey) exportGold(); });
  window.addEventListener("focus", draw);
  window.addEventListener("storage", draw);
  draw();
})();
