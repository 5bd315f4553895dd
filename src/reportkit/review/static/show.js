// reportkit show: details of the findings under the pointer, legend switches. No network, no libraries.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("rk-data").textContent);
  var panel = document.getElementById("detail");
  var pinned = null, lit = [];

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function show(value) {
    if (value === null || value === undefined) return "—";
    if (Array.isArray(value)) return value.map(show).join("、");
    if (typeof value === "object") {
      if ("text" in value) return value.text + ("span" in value ? " [" + value.span.join(", ") + ")" : "");
      return Object.keys(value).filter(function (k) { return value[k] !== null && !(Array.isArray(value[k]) && !value[k].length); })
        .map(function (k) { return k + ": " + show(value[k]); }).join("; ");
    }
    return String(value);
  }
  function card(id) {
    var entry = data.findings[id], f = entry.f;
    var box = el("div", "f-card x-" + entry.x.replace(/[^\w-]/g, "_"));
    box.appendChild(el("h3", null, entry.x));
    box.appendChild(el("div", "quote", f.text));
    var table = el("table");
    Object.keys(f).forEach(function (k) {
      if (k === "text") return;
      var v = f[k];
      if (v === null || (Array.isArray(v) && !v.length)) return;
      var tr = el("tr");
      tr.appendChild(el("td", null, k));
      var isSpan = /span$/.test(k) && Array.isArray(v) && v.length === 2;
      tr.appendChild(el("td", null, isSpan ? "[" + v[0] + ", " + v[1] + ")" : show(v)));
      table.appendChild(tr);
    });
    box.appendChild(table);
    return box;
  }
  function idsAt(node) {
    var ids = [];
    for (var e = node; e && e.nodeType === 1 && !e.classList.contains("doc-text"); e = e.parentElement) {
      if (e.dataset && e.dataset.f && ids.indexOf(e.dataset.f) < 0) ids.push(e.dataset.f);
    }
    return ids;
  }
  function light(ids) {
    lit.forEach(function (e) { e.classList.remove("hi", "linked"); });
    lit = [];
    var all = ids.slice();
    ids.forEach(function (id) {  // a problem's ledger entry, its measures, owners and deadline light up too
      var links = data.findings[id] && data.findings[id].links;
      (links || []).forEach(function (other) { if (all.indexOf(other) < 0) all.push(other); });
    });
    all.forEach(function (id) {
      var cls = ids.indexOf(id) < 0 ? "linked" : "hi";
      document.querySelectorAll('mark[data-f="' + id + '"], [data-of="' + id + '"]').forEach(function (e) {
        e.classList.add(cls); lit.push(e);
      });
    });
  }
  function open(ids) {
    panel.textContent = "";
    ids.forEach(function (id) { if (data.findings[id]) panel.appendChild(card(id)); });
    panel.hidden = !ids.length;
    light(ids);
  }
  document.addEventListener("mouseover", function (ev) {
    if (pinned) return;
    var ids = idsAt(ev.target);
    if (ids.length) open(ids);
  });
  function pin(ids) {
    pinned = ids.length ? ids : null;
    panel.classList.toggle("pinned", !!pinned);
    open(ids);
    // a pinned finding is a link: #f=<id> opens the page with it pinned
    if (window.history && history.replaceState) history.replaceState(null, "", ids.length ? "#f=" + ids[0] : " ");
  }
  document.addEventListener("click", function (ev) {
    if (panel.contains(ev.target)) return;
    var ids = idsAt(ev.target);
    if (ids.length) pin(ids);
    else if (pinned) pin([]);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") pin([]);
    else if (ev.key === "Enter" && ev.target.dataset && ev.target.dataset.f) pin(idsAt(ev.target));
  });
  document.addEventListener("focusin", function (ev) {  // Tab moves from finding to finding
    if (!pinned && ev.target.dataset && ev.target.dataset.f) open(idsAt(ev.target));
  });
  var m = /^#f=(.+)$/.exec(location.hash);
  if (m && data.findings[decodeURIComponent(m[1])]) {
    var first = document.querySelector('mark[data-f="' + decodeURIComponent(m[1]) + '"]');
    pin(idsAt(first));
    var box = first.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) first.scrollIntoView({block: "center"});
  }
  document.querySelectorAll(".legend input[data-x]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.dataset.x.replace(/[^\w-]/g, "_"), !box.checked);
    });
  });
})();
