// reportkit annotate: correct reportkit's findings and export gold (docs/gold.md). No network but the
// optional local server of `reportkit annotate --serve`; no libraries. Offsets are code points, as in
// Python; the DOM counts UTF-16 units, so every conversion goes through cp()/u16().
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("rk-data").textContent);
  var FIELDS = ["problems", "measures", "counts", "leadership_groups"];
  var NAMES = {problems: "problem", measures: "measure", counts: "count", leadership_groups: "group"};
  var ROLES = ["leaders", "deputy_leaders", "members"];
  var STATUS = ["done", "in_progress", "ongoing", "planned"];
  var tokenMeta = document.querySelector('meta[name="rk-token"]');
  var SERVE = tokenMeta ? tokenMeta.content : null;
  var docs = DATA.docs, cur = -1, sel = null, undo = [], saveTimers = {}, renderQueued = false, dragging = false;
  var segIndex = {}, rendered = {secondary: false};  // finding key -> its segments; what the last render drew
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function button(label, key, fn, cls) {
    var b = el("button", cls || null, label);
    b.type = "button";
    if (key) { var k = el("kbd", null, key); b.appendChild(k); }
    b.addEventListener("click", function (ev) { ev.preventDefault(); fn(); });
    return b;
  }

  // -- code points ---------------------------------------------------------------------------------
  function prepare(doc) {
    if (doc.map !== undefined) return;
    var t = doc.text;
    doc.map = null;
    if (/[\uD800-\uDFFF]/.test(t)) {  // astral characters: index maps both ways
      var cp2u = [], u2cp = new Int32Array(t.length + 1), c = 0;
      for (var i = 0; i < t.length; c++) {
        cp2u.push(i);
        var code = t.charCodeAt(i), w = (code >= 0xD800 && code < 0xDC00 && i + 1 < t.length) ? 2 : 1;
        u2cp[i] = c; if (w === 2) u2cp[i + 1] = c + 1;
        i += w;
      }
      cp2u.push(t.length); u2cp[t.length] = c;
      doc.map = {cp2u: cp2u, u2cp: u2cp};
      doc.n = c;
    } else doc.n = t.length;
  }
  function u16(doc, i) { return doc.map ? doc.map.cp2u[i] : i; }
  function cp(doc, j) { return doc.map ? doc.map.u2cp[j] : j; }
  function slice(doc, s, e) { return doc.text.slice(u16(doc, s), u16(doc, e)); }

  // -- state, storage, undo ------------------------------------------------------------------------
  function storeKey(doc) { return "rka:" + doc.key; }
  function load(doc) {
    if (doc.state) return;
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(storeKey(doc)) || "null"); } catch (e) { saved = null; }
    doc.state = saved && saved.state ? saved.state : JSON.parse(JSON.stringify(doc.initial));
    if (!doc.state.next) doc.state.next = 1;
  }
  function persist(doc) {
    var rec = {id: doc.id, state: doc.state, done: !!doc.state.done};
    if (doc.state.done) rec.entry = entryOf(doc);
    try { localStorage.setItem(storeKey(doc), JSON.stringify(rec)); } catch (e) { status("not kept in this browser: " + e.message, true); }
    if (SERVE && doc.state.done) {
      clearTimeout(saveTimers[doc.key]);  // one save per document after a burst of changes
      saveTimers[doc.key] = setTimeout(function () { send(doc, rec.entry); }, 300);
    }
  }
  // light: the change moves no span (a decision, a count's fields, the type): the text is restyled, not rebuilt
  function change(fn, keepSel, light) {
    var doc = docs[cur];
    undo.push({d: cur, s: JSON.stringify(doc.state), sel: sel});
    if (undo.length > 500) undo.shift();
    fn(doc.state);
    if (!keepSel && sel && !find(doc, sel)) sel = null;
    persist(doc);
    draw(light);
  }
  function undoLast() {
    var u = undo.pop();
    if (!u) { status("nothing to undo"); return; }
    var doc = docs[u.d];
    doc.state = JSON.parse(u.s);
    persist(doc);
    if (u.d !== cur) openDoc(u.d, true);
    sel = u.sel && find(doc, u.sel) ? u.sel : null;
    draw();
    status("undone");
  }

  // -- items ---------------------------------------------------------------------------------------
  function find(doc, k) { return doc.state.items.filter(function (it) { return it.k === k; })[0] || null; }
  function included(it) { return it.d === "a" || (it.d === null && !!it["in"]); }
  function ordered(items) {
    return items.slice().sort(function (a, b) { return a.s - b.s || a.e - b.e || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0); });
  }
  function disagreements(doc) {
    load(doc);
    var n = 0;
    doc.state.items.forEach(function (it) {
      if (it.d !== null) return;
      if (it.o === "gold" && it.agree === false) n++;
      else if (it.o === "model" && !it["in"]) n++;
    });
    var p = doc.state.predicted_type;
    if (p && p !== doc.state.doc_type && (doc.state.doc_type_also || []).indexOf(p) < 0) n++;
    return n;
  }

  // -- gold entry: mirrors reportkit.annotate.gold.entry_from_state --------------------------------
  function span(a) { return [a[0], a[1]]; }
  function groupEntry(doc, g) {
    var name = g.name, e = {}, s = {};
    e.name = Array.isArray(name) ? slice(doc, name[0], name[1]) : (name || null);
    s.quote = [g.s, g.e];
    s.name = Array.isArray(name) ? span(name) : null;
    ROLES.forEach(function (r) {
      e[r] = (g[r] || []).map(function (x) { return slice(doc, x[0], x[1]); });
      s[r] = (g[r] || []).map(span);
    });
    e.office = g.office ? slice(doc, g.office[0], g.office[1]) : null;
    s.office = g.office ? span(g.office) : null;
    var subs = (g.subgroups || []).map(function (sub) { return groupEntry(doc, sub); });
    e.subgroups = subs.map(function (x) { return x[0]; });
    s.subgroups = subs.map(function (x) { return x[1]; });
    e.quote = slice(doc, g.s, g.e);
    return [{name: e.name, leaders: e.leaders, deputy_leaders: e.deputy_leaders, members: e.members,
             office: e.office, subgroups: e.subgroups, quote: e.quote},
            {quote: s.quote, name: s.name, leaders: s.leaders, deputy_leaders: s.deputy_leaders,
             members: s.members, office: s.office, subgroups: s.subgroups}];
  }
  function entryOf(doc) {
    prepare(doc); load(doc);
    var st = doc.state, entry = {doc_type: st.doc_type, doc_type_also: (st.doc_type_also || []).slice(),
                                  doc_type_note: st.doc_type_note || ""};
    var spans = {}, chosen = ordered(st.items.filter(included));
    var groups = chosen.filter(function (it) { return it.x === "leadership_groups"; }).map(function (g) { return groupEntry(doc, g); });
    entry.leadership_groups = groups.map(function (g) { return g[0]; });
    spans.leadership_groups = groups.map(function (g) { return g[1]; });
    var counts = chosen.filter(function (it) { return it.x === "counts"; });
    entry.counts = counts.map(function (it) {
      return {value: it.value, unit: it.unit, approx: it.approx, subject: it.subject || null, text: slice(doc, it.s, it.e)};
    });
    spans.counts = counts.map(function (it) { return [it.s, it.e]; });
    ["problems", "measures"].forEach(function (f) {
      var picked = chosen.filter(function (it) { return it.x === f; });
      entry[f] = picked.map(function (it) { return slice(doc, it.s, it.e); });
      spans[f] = picked.map(function (it) { return [it.s, it.e]; });
    });
    var keys = {}, rows = [], seen = {};
    chosen.forEach(function (it) { keys[it.k] = it; });
    (st.ledger || []).forEach(function (row) {
      var p = keys[row.p];
      var ms = ordered((row.m || []).filter(function (m) { return keys[m] && keys[m].x === "measures"; }).map(function (m) { return keys[m]; }));
      if (!p || p.x !== "problems" || !ms.length || seen[p.k]) return;
      seen[p.k] = true;
      var stat = row.status_text ? row.status : null;
      rows.push({p: p, e: {
        problem: slice(doc, p.s, p.e),
        measures: ms.map(function (m) { return slice(doc, m.s, m.e); }),
        units: (row.units || []).map(function (u) { return slice(doc, u[0], u[1]); }),
        deadline: row.deadline ? slice(doc, row.deadline[0], row.deadline[1]) : null,
        status: stat,
        status_text: stat ? slice(doc, row.status_text[0], row.status_text[1]) : null
      }, s: {
        units: (row.units || []).map(span),
        deadline: row.deadline ? span(row.deadline) : null,
        status_text: stat ? span(row.status_text) : null
      }});
    });
    rows.sort(function (a, b) { return a.p.s - b.p.s || a.p.e - b.p.e || (a.p.k < b.p.k ? -1 : 1); });
    if (rows.length) {
      entry.ledger = rows.map(function (r) { return r.e; });
      spans.ledger = rows.map(function (r) { return r.s; });
    }
    entry.source = {path: doc.path, sha256: doc.sha256, chars: doc.n};
    entry.spans = spans;
    return entry;
  }
  function problemsOf(doc) {  // what keeps a document from being done (the gold would not validate)
    var st = doc.state, out = [];
    if (!st.doc_type) out.push("set the document type");
    st.items.filter(included).forEach(function (it) {
      if (it.x !== "counts") return;
      var where = "count “" + slice(doc, it.s, it.e) + "”: ";
      if (typeof it.value !== "number" || !isFinite(it.value)) out.push(where + "the value is not a number");
      if (!it.unit) out.push(where + "the unit is empty");
      else if (/[万亿]/.test(it.unit)) out.push(where + "the unit keeps 万/亿 (multiply it into the value)");
    });
    (st.ledger || []).forEach(function (row) {
      var p = find(doc, row.p);
      if (p && included(p) && row.status && !row.status_text) out.push("ledger of “" + slice(doc, p.s, p.e).slice(0, 20) + "”: the status needs the words that say it");
    });
    return out;
  }

  // -- export and the local server -----------------------------------------------------------------
  function gatherGold() {
    var gold = {}, ids = [];
    DATA.set.forEach(function (d) {
      var i = onPage(d.key), entry = null;
      if (i >= 0) { load(docs[i]); if (docs[i].state.done) entry = entryOf(docs[i]); }
      else {
        var rec = stored(d.key);
        if (rec && rec.done) entry = rec.entry;
      }
      if (entry) { gold[d.id] = entry; ids.push(d.id); }
    });
    var out = {};
    ids.sort().forEach(function (id) { out[id] = gold[id]; });
    return out;
  }
  function exportGold() {
    var gold = gatherGold(), n = Object.keys(gold).length;
    var blob = new Blob([JSON.stringify(gold, null, 1) + "\n"], {type: "application/json"});
    var a = el("a");
    a.href = URL.createObjectURL(blob);
    a.download = DATA.export_name || "gold.json";
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
    status("exported " + n + " document" + (n === 1 ? "" : "s") + " to " + a.download);
  }
  function send(doc, entry) {
    var body = JSON.stringify({id: doc.id, entry: entry});
    fetch("api/gold", {method: "POST", headers: {"Content-Type": "application/json", "X-Reportkit-Token": SERVE}, body: body})
      .then(function (r) { return r.json().then(function (j) { return {ok: r.ok, j: j}; }); })
      .then(function (r) {
        if (r.ok) { status("saved " + doc.id + " to " + r.j.gold); doc.saved = true; }
        else status("not saved: " + (r.j.error || "server error"), true);
        drawList();
      })
      .catch(function (e) { status("not saved (is reportkit annotate --serve still running?): " + e.message, true); });
  }

  // -- text and highlights ---------------------------------------------------------------------------
  function visible(doc) {
    var its = doc.state.items.slice();
    return its;
  }
  function renderText(doc) {
    var box = $("text");
    box.textContent = "";
    box.dataset.doc = String(cur);
    var its = visible(doc), bounds = {0: 1}, n = doc.n, marks = [];
    bounds[n] = 1;
    its.forEach(function (it) { bounds[it.s] = 1; bounds[it.e] = 1; });
    var extra = secondary(doc);
    extra.forEach(function (m) { bounds[m.s] = 1; bounds[m.e] = 1; });
    var pts = Object.keys(bounds).map(Number).sort(function (a, b) { return a - b; });
    // items by start for a sweep; covering set per segment, innermost first
    var byStart = ordered(its), next = 0, active = [], frag = document.createDocumentFragment();
    var extraByStart = extra.slice().sort(function (a, b) { return a.s - b.s; }), nx = 0, activeX = [];
    segIndex = {};
    rendered = {secondary: extra.length > 0, doc: cur};
    for (var i = 0; i + 1 < pts.length; i++) {
      var a = pts[i], b = pts[i + 1];
      while (next < byStart.length && byStart[next].s <= a) active.push(byStart[next++]);
      active = active.filter(function (it) { return it.e > a; });
      while (nx < extraByStart.length && extraByStart[nx].s <= a) activeX.push(extraByStart[nx++]);
      activeX = activeX.filter(function (m) { return m.e > a; });
      var seg = el("span", "seg", slice(doc, a, b));
      seg.dataset.o = String(a);
      if (active.length || activeX.length) {
        var cover = active.slice().sort(function (p, q) { return (p.e - p.s) - (q.e - q.s) || (p.k < q.k ? -1 : 1); });
        if (cover.length) {
          var inner = cover[0];
          seg.className = "seg hl x-" + inner.x + stateClass(inner);
          seg.dataset.k = cover.map(function (c) { return c.k; }).join(" ");
          cover.forEach(function (c) { (segIndex[c.k] = segIndex[c.k] || []).push(seg); });
          var shadows = cover.slice(0, 4).map(function (c, j) {
            return "0 " + (2 + 3 * j) + "px 0 -0px var(--c-" + c.x + ")";
          });
          seg.style.boxShadow = shadows.join(",");
          if (cover.some(function (c) { return c.k === sel; })) seg.classList.add("sel");
        }
        if (activeX.length) { seg.classList.add("role", "role-" + activeX[0].role); seg.dataset.r = activeX[0].role; }
      }
      frag.appendChild(seg);
    }
    box.appendChild(frag);
    placeHandles();
  }
  function restyle(doc) {  // the classes of the drawn segments, from the findings' current state
    var byKey = {};
    doc.state.items.forEach(function (it) { byKey[it.k] = it; });
    var segs = $("text").children;
    for (var i = 0; i < segs.length; i++) {
      var seg = segs[i], ks = seg.dataset.k;
      if (!ks) continue;
      var keys = ks.split(" "), inner = byKey[keys[0]];
      if (!inner) continue;
      seg.className = "seg hl x-" + inner.x + stateClass(inner) + (keys.indexOf(sel) >= 0 ? " sel" : "") +
        (seg.dataset.r ? " role role-" + seg.dataset.r : "");
    }
    placeHandles();
  }
  function stateClass(it) {
    if (it.d === "r") return " rej";
    if (it.d === "a") return " acc";
    if (it.o === "model" && !it["in"]) return " sugg";
    if (it.o === "gold" && it.agree === false) return " missed";
    if (it.o === "user") return " user";
    return "";
  }
  function secondary(doc) {  // the selected group's roles, the selected problem's ledger pieces
    var it = sel && find(doc, sel), out = [];
    if (!it) return out;
    if (it.x === "leadership_groups") {
      ROLES.forEach(function (r) { (it[r] || []).forEach(function (x) { out.push({s: x[0], e: x[1], role: r}); }); });
      if (Array.isArray(it.name)) out.push({s: it.name[0], e: it.name[1], role: "name"});
      if (it.office) out.push({s: it.office[0], e: it.office[1], role: "office"});
    } else if (it.x === "problems") {
      var row = ledgerRow(doc, it.k);
      if (row) {
        (row.units || []).forEach(function (u) { out.push({s: u[0], e: u[1], role: "unit"}); });
        if (row.deadline) out.push({s: row.deadline[0], e: row.deadline[1], role: "deadline"});
        if (row.status_text) out.push({s: row.status_text[0], e: row.status_text[1], role: "status"});
      }
    }
    return out.filter(function (m) { return m.e > m.s; });
  }
  function ledgerRow(doc, k) { return (doc.state.ledger || []).filter(function (r) { return r.p === k; })[0] || null; }

  // positions of the text in the DOM (code points of the document)
  function segOf(node) {
    for (var e = node; e; e = e.parentNode) { if (e.nodeType === 1 && e.classList.contains("seg")) return e; if (e.id === "text") return null; }
    return null;
  }
  function posOf(node, offset) {
    var doc = docs[cur], box = $("text");
    if (node === box) {
      var child = box.childNodes[offset];
      return child ? +child.dataset.o : doc.n;
    }
    var seg = segOf(node);
    if (!seg) return null;
    var base = +seg.dataset.o;
    if (node.nodeType === 3) return cp(doc, u16(doc, base) + offset);
    return offset ? base + cp(doc, u16(doc, base) + seg.textContent.length) - base : base;
  }
  function rangeAt(s, e) {
    var box = $("text"), segs = box.children, r = document.createRange();
    function point(p, end) {
      var lo = 0, hi = segs.length - 1;
      while (lo < hi) {  // the last segment starting at or before p
        var mid = (lo + hi + 1) >> 1;
        if (+segs[mid].dataset.o <= p) lo = mid; else hi = mid - 1;
      }
      var seg = segs[lo];
      if (end && +seg.dataset.o === p && lo > 0) seg = segs[lo - 1];
      var t = seg.firstChild, doc = docs[cur];
      var off = t ? u16(doc, p) - u16(doc, +seg.dataset.o) : 0;
      return [t || seg, Math.max(0, Math.min(off, t ? t.length : 0))];
    }
    var a = point(s, false), b = point(e, true);
    r.setStart(a[0], a[1]); r.setEnd(b[0], b[1]);
    return r;
  }
  function selection() {  // the text selected in the document, trimmed of surrounding white space
    var s = window.getSelection();
    if (!s || s.isCollapsed || !s.rangeCount) return null;
    var r = s.getRangeAt(0), box = $("text");
    if (!box.contains(r.startContainer) || !box.contains(r.endContainer)) return null;
    var a = posOf(r.startContainer, r.startOffset), b = posOf(r.endContainer, r.endOffset);
    if (a === null || b === null) return null;
    var doc = docs[cur];
    while (a < b && /\s/.test(slice(doc, a, a + 1))) a++;
    while (b > a && /\s/.test(slice(doc, b - 1, b))) b--;
    return b > a ? [a, b] : null;
  }

  // -- handles: drag a selected finding's ends, snapping to characters -------------------------------
  function placeHandles() {
    var hs = $("handle-s"), he = $("handle-e"), doc = docs[cur], it = sel && find(doc, sel);
    if (!it || it.e <= it.s) { hs.hidden = he.hidden = true; return; }
    var rects = rangeAt(it.s, it.e).getClientRects();
    if (!rects.length) { hs.hidden = he.hidden = true; return; }
    var first = rects[0], last = rects[rects.length - 1];
    hs.hidden = he.hidden = false;
    hs.style.left = (first.left + window.scrollX - 5) + "px"; hs.style.top = (first.top + window.scrollY) + "px"; hs.style.height = first.height + "px";
    he.style.left = (last.right + window.scrollX - 1) + "px"; he.style.top = (last.top + window.scrollY) + "px"; he.style.height = last.height + "px";
  }
  function caretAt(x, y) {
    var node, off;
    if (document.caretPositionFromPoint) { var p = document.caretPositionFromPoint(x, y); if (!p) return null; node = p.offsetNode; off = p.offset; }
    else if (document.caretRangeFromPoint) { var r = document.caretRangeFromPoint(x, y); if (!r) return null; node = r.startContainer; off = r.startOffset; }
    else return null;
    return $("text").contains(node) ? posOf(node, off) : null;
  }
  function dragHandle(which, ev) {
    ev.preventDefault();
    var doc = docs[cur], it = find(doc, sel);
    if (!it) return;
    var before = JSON.stringify(doc.state), moved = false;
    dragging = true;
    function move(e) {
      var p = caretAt(e.clientX, e.clientY);
      if (p === null) return;
      var s = which === "s" ? Math.min(p, it.e - 1) : it.s, en = which === "e" ? Math.max(p, it.s + 1) : it.e;
      if (s !== it.s || en !== it.e) { it.s = s; it.e = en; moved = true; queueRender(); }
    }
    function up() {
      dragging = false;
      document.removeEventListener("mousemove", move); document.removeEventListener("mouseup", up);
      if (moved) { undo.push({d: cur, s: before, sel: sel}); persist(doc); draw(); }
    }
    document.addEventListener("mousemove", move); document.addEventListener("mouseup", up);
  }
  function queueRender() {
    if (renderQueued) return;
    renderQueued = true;
    requestAnimationFrame(function () { renderQueued = false; renderText(docs[cur]); drawPanel(); });
  }

  // -- the panels --------------------------------------------------------------------------------------
  function status(msg, bad) { var s = $("status"); s.textContent = msg; s.classList.toggle("bad", !!bad); }
  function stored(key) {
    try { return JSON.parse(localStorage.getItem("rka:" + key) || "null"); } catch (e) { return null; }
  }
  function onPage(key) {
    for (var i = 0; i < docs.length; i++) if (docs[i].key === key) return i;
    return -1;
  }
  function drawList() {
    var list = $("doclist"), onlyDis = $("only-dis").checked, done = 0;
    list.textContent = "";
    DATA.set.forEach(function (d) {
      var i = onPage(d.key), doc = i >= 0 ? docs[i] : null, isDone, dis = 0;
      if (doc) { load(doc); isDone = !!doc.state.done; dis = disagreements(doc); }
      else { var rec = stored(d.key); isDone = !!(rec && rec.done); }
      if (isDone) done++;
      if (onlyDis && doc && !dis && i !== cur) return;
      var li = el("li", (i === cur ? "cur " : "") + (isDone ? "done" : ""));
      var a = el("a", null, d.title || d.id);
      a.href = doc ? "#d=" + encodeURIComponent(d.id) : d.page;
      a.title = d.path;
      li.appendChild(el("span", "tick", isDone ? "✓" : "·"));
      li.appendChild(a);
      if (dis) li.appendChild(el("span", "dis", String(dis)));
      list.appendChild(li);
    });
    var total = DATA.set.length;
    $("progress").textContent = done + " done / " + (total - done) + " left";
    $("progress-bar").style.width = (total ? 100 * done / total : 0) + "%";
  }
  function goDoc(dir) {  // the next or previous document, on this page or (a folder of pages) on its own page
    var j = cur + dir;
    if (j >= 0 && j < docs.length) { openDoc(j); return; }
    var keys = DATA.set.map(function (d) { return d.key; }), at = keys.indexOf(docs[cur].key) + dir;
    if (at >= 0 && at < DATA.set.length && DATA.set[at].page) location.href = DATA.set[at].page;
    else status(dir > 0 ? "last document" : "first document");
  }
  function drawHead(doc) {
    var st = doc.state;
    $("doc-title").textContent = doc.title || doc.id;
    $("doc-meta").textContent = doc.path + " · " + doc.n.toLocaleString() + " characters · sha256 " + doc.sha256.slice(0, 12) + "…";
    var t = $("doc-type");
    t.textContent = "";
    t.appendChild(el("option", null, "— type —")).value = "";
    DATA.labels.forEach(function (l, i) { var o = el("option", null, (i < 9 ? (i + 1) + " " : "") + l); o.value = l; t.appendChild(o); });
    t.value = st.doc_type || "";
    var also = $("doc-also");
    also.textContent = "";
    DATA.labels.forEach(function (l) {
      if (l === st.doc_type) return;
      var lab = el("label", "also"), box = el("input");
      box.type = "checkbox"; box.checked = (st.doc_type_also || []).indexOf(l) >= 0;
      box.addEventListener("change", function () {
        change(function (s) {
          s.doc_type_also = DATA.labels.filter(function (x) { return x === l ? box.checked : (s.doc_type_also || []).indexOf(x) >= 0; });
        });
      });
      lab.appendChild(box); lab.appendChild(document.createTextNode(l));
      also.appendChild(lab);
    });
    $("doc-note").value = st.doc_type_note || "";
    var pred = doc.predicted, note = $("doc-pred");
    note.textContent = "";
    if (pred && pred.label) {
      var differs = pred.label !== st.doc_type && (st.doc_type_also || []).indexOf(pred.label) < 0;
      note.textContent = "reportkit: " + pred.label + (pred.confidence !== null ? " (" + Math.round(pred.confidence * 100) + "%)" : "");
      note.className = differs ? "pred differs" : "pred";
    }
    var d = $("doc-done");
    d.textContent = st.done ? "✓ done (d to reopen)" : "mark done (d)";
    d.classList.toggle("on", !!st.done);
    var counts = {};
    FIELDS.forEach(function (f) { counts[f] = 0; });
    st.items.forEach(function (it) { if (included(it)) counts[it.x]++; });
    var chips = $("doc-chips");
    chips.textContent = "";
    FIELDS.forEach(function (f) { var c = el("span", "chip x-" + f); c.appendChild(el("i")); c.appendChild(document.createTextNode(f + " " + counts[f])); chips.appendChild(c); });
    var dis = disagreements(doc);
    if (dis) chips.appendChild(el("span", "chip dis", dis + " where reportkit disagrees"));
    var notes = $("doc-notes");
    notes.textContent = "";
    (doc.notes || []).forEach(function (n) { notes.appendChild(el("li", null, n)); });
    notes.hidden = !(doc.notes || []).length;
  }
  function spanLine(doc, sp) { return "“" + slice(doc, sp[0], sp[1]) + "” [" + sp[0] + ", " + sp[1] + ")"; }
  function pieceList(doc, title, pieces, onRemove, addLabel, addKey, onAdd) {
    var box = el("div", "pieces");
    box.appendChild(el("div", "cap", title));
    var ul = el("ul");
    pieces.forEach(function (sp, i) {
      var li = el("li", null, spanLine(doc, sp));
      li.appendChild(button("×", null, function () { onRemove(i); }, "x"));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    if (onAdd) box.appendChild(button(addLabel, addKey, onAdd, "add"));
    return box;
  }
  function drawPanel() {
    var doc = docs[cur], panel = $("panel");
    panel.textContent = "";
    var it = sel && find(doc, sel);
    if (!it) {
      panel.appendChild(el("p", "hint", "j/k: next/previous finding · a accept · r reject · select text and press p m c g to add · ? for all keys"));
      return;
    }
    var card = el("div", "card x-" + it.x + stateClass(it));
    card.dataset.k = it.k;
    var h = el("h3", null, NAMES[it.x]);
    var origin = it.o === "model" ? "reportkit" + (it.score !== undefined ? " " + it.score : "") : it.o === "gold" ? "gold" : "added by you";
    h.appendChild(el("span", "origin", origin));
    card.appendChild(h);
    var verdict = it.d === "a" ? "accepted" : it.d === "r" ? "rejected" : included(it) ? "in the gold unless rejected" : "not in the gold unless accepted";
    if (it.o === "gold" && it.agree === false) verdict += " · reportkit did not find this";
    if (it.o === "model" && !it["in"]) verdict += " · reportkit found this; the gold does not have it";
    card.appendChild(el("p", "verdict", verdict));
    card.appendChild(el("div", "quote", slice(doc, it.s, it.e)));
    card.appendChild(el("p", "where", "[" + it.s + ", " + it.e + ")  ·  drag the handles, or [ ] move the start, { } the end"));
    var acts = el("div", "acts");
    acts.appendChild(button("accept", "a", function () { decide("a"); }, it.d === "a" ? "on" : ""));
    acts.appendChild(button("reject", "r", function () { decide("r"); }, it.d === "r" ? "on" : ""));
    card.appendChild(acts);
    if (it.x === "counts") card.appendChild(countEditor(doc, it));
    if (it.x === "leadership_groups") card.appendChild(groupEditor(doc, it));
    if (it.x === "problems") card.appendChild(ledgerEditor(doc, it));
    if (it.x === "measures") {
      var answers = (doc.state.ledger || []).filter(function (r) { return (r.m || []).indexOf(it.k) >= 0; });
      if (answers.length) {
        card.appendChild(el("div", "cap", "answers"));
        answers.forEach(function (r) { var p = find(doc, r.p); if (p) card.appendChild(el("div", "small", slice(doc, p.s, p.e).slice(0, 60))); });
      }
    }
    panel.appendChild(card);
  }
  function field(label, input) { var l = el("label", "field"); l.appendChild(el("span", null, label)); l.appendChild(input); return l; }
  function countEditor(doc, it) {
    var box = el("div", "editor");
    var value = el("input"); value.name = "value"; value.value = it.value === null || it.value === undefined ? "" : String(it.value);
    value.addEventListener("change", function () {
      var v = value.value.trim().replace(/,/g, ""), num = v === "" ? null : Number(v);
      change(function () { it.value = num !== null && isFinite(num) ? num : v; }, true, true);
    });
    var unit = el("input"); unit.name = "unit"; unit.value = it.unit || "";
    unit.addEventListener("change", function () { change(function () { it.unit = unit.value.trim(); }, true, true); });
    var approx = el("select"); approx.name = "approx";
    [["", "exact"], ["over", "over (余, 以上)"], ["under", "under (近, 不到)"], ["about", "about (约, 左右)"]].forEach(function (o) {
      var opt = el("option", null, o[1]); opt.value = o[0]; approx.appendChild(opt);
    });
    approx.value = it.approx || "";
    approx.addEventListener("change", function () { change(function () { it.approx = approx.value || null; }, true, true); });
    var subject = el("input"); subject.name = "subject"; subject.value = it.subject || "";
    subject.addEventListener("change", function () { change(function () { it.subject = subject.value.trim() || null; }, true, true); });
    box.appendChild(field("value", value)); box.appendChild(field("unit", unit));
    box.appendChild(field("approx", approx)); box.appendChild(field("subject", subject));
    return box;
  }
  function fromSelection(fn) {
    var r = selection();
    if (!r) { status("select the words in the text first", true); return; }
    change(function () { fn(r); }, true);
    window.getSelection().removeAllRanges();
  }
  function groupEditor(doc, g) {
    var box = el("div", "editor");
    var name = el("div", "pieces");
    name.appendChild(el("div", "cap", "name"));
    name.appendChild(el("div", null, Array.isArray(g.name) ? spanLine(doc, g.name) : (g.name ? g.name + " (not in the text as written)" : "—")));
    if (g.name) name.appendChild(button("×", null, function () { change(function () { g.name = null; }, true); }, "x"));
    name.appendChild(button("name from selection", "5", function () { fromSelection(function (r) { g.name = r; }); }, "add"));
    box.appendChild(name);
    var labels = {leaders: ["leaders", "1"], deputy_leaders: ["deputy leaders", "2"], members: ["members", "3"]};
    ROLES.forEach(function (r) {
      box.appendChild(pieceList(doc, labels[r][0], g[r] || [], function (i) { change(function () { g[r].splice(i, 1); }, true); },
        "add selection", labels[r][1], function () { fromSelection(function (sp) { g[r] = (g[r] || []).concat([sp]); sortSpans(g[r]); }); }));
    });
    box.appendChild(pieceList(doc, "office", g.office ? [g.office] : [], function () { change(function () { g.office = null; }, true); },
      "office from selection", "4", function () { fromSelection(function (sp) { g.office = sp; }); }));
    if ((g.subgroups || []).length) {
      box.appendChild(pieceList(doc, "subgroups", g.subgroups.map(function (s) { return [s.s, s.e]; }),
        function (i) { change(function () { g.subgroups.splice(i, 1); }, true); }));
    }
    return box;
  }
  function sortSpans(list) { list.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; }); }
  function ensureRow(doc, k) {
    var row = ledgerRow(doc, k);
    if (!row) { row = {p: k, m: [], units: [], deadline: null, status: null, status_text: null}; doc.state.ledger.push(row); }
    return row;
  }
  function ledgerEditor(doc, p) {
    var box = el("div", "editor ledger"), row = ledgerRow(doc, p.k) || {m: [], units: [], deadline: null, status: null, status_text: null};
    box.appendChild(el("div", "cap", "ledger: the measures that answer this problem"));
    var ms = ordered(doc.state.items.filter(function (it) { return it.x === "measures" && included(it); }));
    var list = el("div", "links");
    if (!ms.length) list.appendChild(el("div", "small", "no measures in this document yet"));
    ms.forEach(function (m) {
      var lab = el("label", "link"), box2 = el("input");
      box2.type = "checkbox"; box2.checked = (row.m || []).indexOf(m.k) >= 0; box2.dataset.k = m.k;
      box2.addEventListener("change", function () {
        change(function () {
          var r = ensureRow(doc, p.k);
          r.m = box2.checked ? r.m.concat([m.k]) : r.m.filter(function (x) { return x !== m.k; });
        }, true);
      });
      lab.appendChild(box2); lab.appendChild(document.createTextNode(slice(doc, m.s, m.e).slice(0, 50)));
      list.appendChild(lab);
    });
    box.appendChild(list);
    box.appendChild(pieceList(doc, "responsible units", row.units || [], function (i) { change(function () { ensureRow(doc, p.k).units.splice(i, 1); }, true); },
      "unit from selection", "6", function () { fromSelection(function (sp) { var r = ensureRow(doc, p.k); r.units.push(sp); sortSpans(r.units); }); }));
    box.appendChild(pieceList(doc, "deadline", row.deadline ? [row.deadline] : [], function () { change(function () { ensureRow(doc, p.k).deadline = null; }, true); },
      "deadline from selection", "7", function () { fromSelection(function (sp) { ensureRow(doc, p.k).deadline = sp; }); }));
    var st = el("select"); st.name = "status";
    [""].concat(STATUS).forEach(function (s) { var o = el("option", null, s || "— status —"); o.value = s; st.appendChild(o); });
    st.value = row.status || "";
    st.addEventListener("change", function () { change(function () { ensureRow(doc, p.k).status = st.value || null; if (!st.value) ensureRow(doc, p.k).status_text = null; }, true); });
    box.appendChild(field("status", st));
    box.appendChild(pieceList(doc, "status words", row.status_text ? [row.status_text] : [], function () { change(function () { ensureRow(doc, p.k).status_text = null; }, true); },
      "status words from selection", "8", function () { fromSelection(function (sp) { ensureRow(doc, p.k).status_text = sp; }); }));
    return box;
  }
  function draw(light) {
    var doc = docs[cur];
    drawHead(doc);
    if (light && rendered.doc === cur) restyle(doc); else renderText(doc);
    drawPanel();
    drawList();
    drawToolbar();
  }
  function drawToolbar() {
    var tb = $("toolbar"), r = selection(), doc = docs[cur], it = sel && find(doc, sel);
    tb.textContent = "";
    if (!r) { tb.hidden = true; return; }
    tb.appendChild(el("span", "cap", "add “" + slice(doc, r[0], r[1]).slice(0, 16) + "” as"));
    tb.appendChild(button("problem", "p", function () { add("problems"); }));
    tb.appendChild(button("measure", "m", function () { add("measures"); }));
    tb.appendChild(button("count", "c", function () { add("counts"); }));
    tb.appendChild(button("group", "g", function () { add("leadership_groups"); }));
    if (it && it.x === "leadership_groups") tb.appendChild(el("span", "cap", "· group: 1 leader 2 deputy 3 member 4 office 5 name"));
    if (it && it.x === "problems") tb.appendChild(el("span", "cap", "· ledger: 6 unit 7 deadline 8 status words"));
    var rects = window.getSelection().getRangeAt(0).getClientRects();
    var last = rects[rects.length - 1];
    tb.hidden = false;
    if (last) { tb.style.left = Math.max(8, last.left + window.scrollX) + "px"; tb.style.top = (last.bottom + window.scrollY + 6) + "px"; }
  }

  // -- actions -----------------------------------------------------------------------------------------
  function decide(d) {
    var doc = docs[cur], it = sel && find(doc, sel);
    if (!it) { status("no finding selected (j/k to move to one)", true); return; }
    change(function () { it.d = it.d === d ? null : d; }, true, true);
    if (d === "r" || d === "a") step(1, true);
  }
  var CN = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9};
  function cnNumber(s) {  // 一百二十三 -> 123, 两 -> 2, 十五 -> 15
    var total = 0, digit = 0, units = {"十": 10, "百": 100, "千": 1000};
    for (var i = 0; i < s.length; i++) {
      var ch = s[i];
      if (ch in CN) digit = CN[ch];
      else if (ch in units) { total += (digit || 1) * units[ch]; digit = 0; }
    }
    return total + digit;
  }
  function guessCount(text) {
    var out = {value: null, unit: "", approx: null, subject: null};
    var m = /([0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?)|([零〇一二两三四五六七八九十百千]+)/.exec(text);
    var rest = text;
    if (m) {
      var raw = m[1] ? m[1].replace(/[０-９．]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFEE0); }).replace(/[,，]/g, "") : null;
      var v = raw !== null ? Number(raw) : cnNumber(m[2]);
      rest = text.slice(m.index + m[0].length);
      var mag = /^(万|亿)/.exec(rest);
      if (mag) { v = v * (mag[1] === "万" ? 1e4 : 1e8); rest = rest.slice(1); }
      out.value = Math.round(v * 1e6) / 1e6;
    }
    if (/余|多|以上|超过/.test(text)) out.approx = "over";
    else if (/近|不到|不足/.test(text)) out.approx = "under";
    else if (/约|左右/.test(text)) out.approx = "about";
    if (/^%|^％/.test(rest) || /^百分之/.test(text)) out.unit = "%";
    else {
      var u = /^(?:余|多)?([^\s\d余多以上左右]{1,2})/.exec(rest);
      out.unit = u ? u[1].replace(/^(个)(.)/, "$1") : "";
      if (/^元/.test(rest)) out.unit = "元";
    }
    return out;
  }
  function add(x) {
    var r = selection();
    if (!r) { status("select the words in the text first", true); return; }
    var doc = docs[cur], k;
    change(function (st) {
      k = "u" + (st.next++);
      var it = {k: k, x: x, s: r[0], e: r[1], o: "user", "in": true, d: null, fid: null};
      if (x === "counts") { var g = guessCount(slice(doc, r[0], r[1])); it.value = g.value; it.unit = g.unit; it.approx = g.approx; it.subject = null; }
      if (x === "leadership_groups") { it.name = null; it.leaders = []; it.deputy_leaders = []; it.members = []; it.office = null; it.subgroups = []; }
      st.items.push(it);
    });
    sel = k;
    window.getSelection().removeAllRanges();
    draw();
    status("added a " + NAMES[x]);
  }
  function nudge(which, delta) {
    var doc = docs[cur], it = sel && find(doc, sel);
    if (!it) return;
    var s = it.s + (which === "s" ? delta : 0), e = it.e + (which === "e" ? delta : 0);
    if (s < 0 || e > doc.n || e <= s) return;
    change(function () { it.s = s; it.e = e; }, true);
  }
  function step(dir, quiet) {
    var doc = docs[cur], its = ordered(doc.state.items);
    if (!its.length) { if (!quiet) status("no findings in this document"); return; }
    var i = sel ? its.map(function (x) { return x.k; }).indexOf(sel) : -1;
    i = i < 0 ? (dir > 0 ? 0 : its.length - 1) : i + dir;
    if (i < 0 || i >= its.length) { if (!quiet) status(dir > 0 ? "last finding (N: next document)" : "first finding"); return; }
    select(its[i].k, true);
  }
  function select(k, scroll) {
    var old = sel;
    sel = k;
    if (rendered.secondary || rendered.doc !== cur || secondary(docs[cur]).length) renderText(docs[cur]);
    else {  // only the highlight of the selection moves
      (segIndex[old] || []).forEach(function (seg) { seg.classList.remove("sel"); });
      (segIndex[k] || []).forEach(function (seg) { seg.classList.add("sel"); });
      placeHandles();
    }
    drawPanel();
    drawToolbar();
    var seg = document.querySelector('#text .seg.sel');
    if (scroll && seg) {
      var b = seg.getBoundingClientRect();
      if (b.top < 80 || b.bottom > window.innerHeight - 40) seg.scrollIntoView({block: "center"});
      placeHandles();
    }
  }
  function openDoc(i, keepUndo) {
    if (i < 0 || i >= docs.length) return;
    cur = i; sel = null;
    prepare(docs[i]); load(docs[i]);
    if (!keepUndo) { /* undo spans documents: each entry remembers its own */ }
    window.scrollTo(0, 0);
    draw();
    if (history.replaceState) history.replaceState(null, "", "#d=" + encodeURIComponent(docs[i].id));
  }
  function toggleDone() {
    var doc = docs[cur];
    if (!doc.state.done) {
      var bad = problemsOf(doc);
      if (bad.length) { status("not done yet: " + bad.join("; "), true); return; }
    }
    change(function (st) { st.done = !st.done; }, true, true);
    if (doc.state.done) {
      status("done: " + doc.id);
      var nxt = -1;
      for (var j = 1; j <= docs.length && nxt < 0; j++) { var c = (cur + j) % docs.length; load(docs[c]); if (!docs[c].state.done) nxt = c; }
      if (nxt >= 0 && nxt !== cur) openDoc(nxt);
    }
  }
  function setType(label) { change(function (st) { st.doc_type = label || null; st.doc_type_also = (st.doc_type_also || []).filter(function (x) { return x !== label; }); }, true, true); }

  // -- events ------------------------------------------------------------------------------------------
  function typing(t) { return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT"); }
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey && (ev.key === "z" || ev.key === "Z") && !typing(ev.target)) { ev.preventDefault(); undoLast(); return; }
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev.target)) {
      if (ev.key === "Escape" && typing(ev.target)) ev.target.blur();
      return;
    }
    var k = ev.key, doc = docs[cur], it = sel && find(doc, sel), r = selection(), done = true;
    if (k === "?") $("help").hidden = !$("help").hidden;
    else if (k === "Escape") { sel = null; $("help").hidden = true; window.getSelection().removeAllRanges(); draw(); }
    else if (k === "j" || k === "ArrowDown") step(1);
    else if (k === "k" || k === "ArrowUp") step(-1);
    else if (k === "N" || k === "PageDown") goDoc(1);
    else if (k === "P" || k === "PageUp") goDoc(-1);
    else if (k === "a") decide("a");
    else if (k === "r") decide("r");
    else if (k === "u") undoLast();
    else if (k === "d") toggleDone();
    else if (k === "E") exportGold();
    else if (k === "[") nudge("s", -1);
    else if (k === "]") nudge("s", 1);
    else if (k === "{") nudge("e", -1);
    else if (k === "}") nudge("e", 1);
    else if (r && k === "p") add("problems");
    else if (r && k === "m") add("measures");
    else if (r && k === "c") add("counts");
    else if (r && k === "g") add("leadership_groups");
    else if (r && it && it.x === "leadership_groups" && "12345".indexOf(k) >= 0) {
      var role = {"1": "leaders", "2": "deputy_leaders", "3": "members"}[k];
      fromSelection(function (sp) {
        if (role) { it[role] = (it[role] || []).concat([sp]); sortSpans(it[role]); }
        else if (k === "4") it.office = sp; else it.name = sp;
      });
    } else if (r && it && it.x === "problems" && "678".indexOf(k) >= 0) {
      fromSelection(function (sp) {
        var row = ensureRow(doc, it.k);
        if (k === "6") { row.units.push(sp); sortSpans(row.units); } else if (k === "7") row.deadline = sp; else row.status_text = sp;
      });
    } else if (!r && /^[1-9]$/.test(k) && DATA.labels[+k - 1]) setType(DATA.labels[+k - 1]);
    else done = false;
    if (done) ev.preventDefault();
  });
  document.addEventListener("mouseup", function (ev) {
    // the end of a handle drag, or a click in the panels, is not a click on the text
    if (dragging || $("toolbar").contains(ev.target) || $("panel").contains(ev.target)) return;
    setTimeout(function () {
      if (selection()) { drawToolbar(); return; }
      $("toolbar").hidden = true;
      if (!$("text").contains(ev.target)) return;
      var seg = segOf(ev.target);
      if (!seg || !seg.dataset.k) { if (sel) { sel = null; renderText(docs[cur]); drawPanel(); } return; }
      var ks = seg.dataset.k.split(" "), i = ks.indexOf(sel);
      select(ks[(i + 1) % ks.length] || ks[0], false);  // a second click picks the finding around it
    }, 0);
  });
  $("handle-s").addEventListener("mousedown", function (ev) { dragHandle("s", ev); });
  $("handle-e").addEventListener("mousedown", function (ev) { dragHandle("e", ev); });
  $("doc-type").addEventListener("change", function () { setType($("doc-type").value); });
  $("doc-note").addEventListener("change", function () { var v = $("doc-note").value; change(function (st) { st.doc_type_note = v; }, true); });
  $("doc-done").addEventListener("click", function () { toggleDone(); });
  $("export").addEventListener("click", exportGold);
  $("only-dis").addEventListener("change", drawList);
  $("help-btn").addEventListener("click", function () { $("help").hidden = !$("help").hidden; });
  window.addEventListener("resize", placeHandles);
  window.addEventListener("hashchange", fromHash);
  function fromHash() {
    var m = /^#d=([^&]*)(?:&s=(\d+)-(\d+))?/.exec(location.hash);
    if (!m) return false;
    var id = decodeURIComponent(m[1]), i = docs.map(function (d) { return d.id; }).indexOf(id);
    if (i < 0) return false;
    if (i !== cur) openDoc(i);
    if (m[2] !== undefined) {
      var s = +m[2], e = +m[3], hit = ordered(docs[i].state.items).filter(function (it) { return it.s === s && it.e === e; })[0];
      if (hit) select(hit.k, true);
      else {
        var r = rangeAt(Math.min(s, docs[i].n), Math.min(e, docs[i].n)), ws = window.getSelection();
        ws.removeAllRanges(); ws.addRange(r);
        var b = r.getBoundingClientRect(); window.scrollTo(0, Math.max(0, b.top + window.scrollY - window.innerHeight / 3));
        drawToolbar();
      }
    }
    return true;
  }
  if (SERVE) status("saving each document you mark done to " + (DATA.gold_name || "the gold file"));
  if (!docs.length) { $("text").textContent = "no documents"; return; }
  if (!fromHash()) {
    var first = 0;
    for (var j = 0; j < docs.length; j++) { load(docs[j]); if (!docs[j].state.done) { first = j; break; } }
    openDoc(first);
  }
  window.reportkitAnnotate = {gold: gatherGold, entry: function (i) { return entryOf(docs[i === undefined ? cur : i]); }};
})();
