// Client-side search over occupation titles and alternate titles (static site; no network).
(function () {
  "use strict";
  var data = [];
  try { data = JSON.parse(document.getElementById("search-data").textContent || "[]"); } catch (e) { data = []; }
  var input = document.getElementById("q"), list = document.getElementById("results");
  if (!input || !list) { return; }
  function norm(s) { return (s || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9+#]+/g, " ").trim(); }
  var rows = data.map(function (r) { return { r: r, t: norm(r.t), a: (r.a || []).map(norm) }; });
  function score(row, words, phrase) {
    var best = 0;
    [row.t].concat(row.a).forEach(function (text, i) {
      if (!words.every(function (w) { return text.indexOf(w) !== -1; })) { return; }
      var s = (i === 0 ? 3 : 2) + (text.indexOf(phrase) === 0 ? 2 : 0) + (text === phrase ? 3 : 0) - text.length / 200;
      if (s > best) { best = s; }
    });
    return best;
  }
  function band(b) { return "pill band-" + (b || "none").toLowerCase().replace(/ /g, "-"); }
  function render() {
    var phrase = norm(input.value), words = phrase.split(" ").filter(Boolean);
    list.textContent = "";
    if (!words.length) { return; }
    var hits = rows.map(function (row) { return [score(row, words, phrase), row.r]; })
      .filter(function (x) { return x[0] > 0; }).sort(function (a, b) { return b[0] - a[0]; }).slice(0, 12);
    if (!hits.length) { var li = document.createElement("li"); li.textContent = "No occupation title matches."; list.appendChild(li); return; }
    hits.forEach(function (h) {
      var r = h[1], li = document.createElement("li"), pill = document.createElement("span"), a = document.createElement("a");
      pill.className = band(r.b); pill.textContent = r.s === null ? "–" : String(r.s); pill.title = r.b || "not scored";
      a.href = "occupations/" + r.c + ".html"; a.textContent = r.t;
      li.appendChild(pill); li.appendChild(a);
      var alt = (r.a || []).filter(function (t) { return norm(t).indexOf(words[0]) !== -1; })[0];
      if (alt) { var m = document.createElement("span"); m.className = "small muted"; m.textContent = " also: " + alt; li.appendChild(m); }
      list.appendChild(li);
    });
  }
  input.addEventListener("input", render);
  var given = new URLSearchParams(window.location.search).get("q");
  if (given) { input.value = given; }
  if (input.value) { render(); }
}());
