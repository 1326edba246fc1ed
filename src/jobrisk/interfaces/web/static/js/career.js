// jobrisk career audit form: sliders that keep shares at 100% and a live score (the form works without this).
(function () {
  "use strict";
  var form = document.getElementById("career-form");
  if (!form) { return; }
  var totalOut = document.getElementById("share-total");
  var live = document.getElementById("live-score");
  var timer = null;

  function rows() {
    return Array.prototype.map.call(form.querySelectorAll(".form-tasks tbody tr"), function (tr) {
      return { box: tr.querySelector("input[type=checkbox]"), share: tr.querySelector("input.share"),
               slider: tr.querySelector("input[type=range]") };
    });
  }
  function textShares() {
    return Array.prototype.filter.call(form.querySelectorAll(".text-task"), function (div) {
      return div.querySelector("input").value.trim() !== "";
    }).map(function (div) { return div.querySelector("input.share"); });
  }
  function num(input) { var v = parseFloat(input.value); return isFinite(v) && v > 0 ? v : 0; }
  function setShare(row, value) {
    var v = Math.max(0, Math.round(value * 100) / 100);
    row.share.value = v.toFixed(2);
    if (row.slider) { row.slider.value = v; }
  }
  function total() {
    var t = 0;
    rows().forEach(function (r) { if (r.box.checked) { t += num(r.share); } });
    textShares().forEach(function (s) { t += num(s); });
    return t;
  }
  function showTotal() {
    var t = total();
    totalOut.textContent = t.toFixed(0);
    totalOut.parentNode.classList.toggle("off", Math.abs(t - 100) > 0.5);
  }
  // Scale the kept O*NET tasks other than `fixed` so that everything adds up to 100%.
  function rebalance(fixed) {
    var others = rows().filter(function (r) { return r.box.checked && (!fixed || r.share !== fixed.share); });
    var fixedTotal = textShares().reduce(function (a, s) { return a + num(s); }, 0) +
      (fixed && fixed.box.checked ? num(fixed.share) : 0);
    var rest = Math.max(0, 100 - fixedTotal);
    var current = others.reduce(function (a, r) { return a + num(r.share); }, 0);
    others.forEach(function (r) {
      setShare(r, current > 0 ? num(r.share) * rest / current : rest / others.length);
    });
    showTotal();
  }
  rows().forEach(function (r) {
    var slider = document.createElement("input");
    slider.type = "range"; slider.min = "0"; slider.max = "100"; slider.step = "0.5";
    slider.value = num(r.share);
    slider.setAttribute("aria-label", r.share.getAttribute("aria-label") + " (slider)");
    r.share.parentNode.insertBefore(slider, r.share);
    r.slider = slider;
    slider.addEventListener("input", function () { r.share.value = parseFloat(slider.value).toFixed(2); rebalance(r); changed(); });
    r.share.addEventListener("change", function () { slider.value = num(r.share); rebalance(r); changed(); });
    r.box.addEventListener("change", function () {
      if (r.box.checked && num(r.share) === 0) { setShare(r, parseFloat(r.share.getAttribute("data-default")) || 1); }
      if (!r.box.checked) { setShare(r, 0); }
      r.share.disabled = r.slider.disabled = !r.box.checked;
      rebalance(r.box.checked ? r : null); changed();
    });
    r.share.disabled = slider.disabled = !r.box.checked;
  });
  Array.prototype.forEach.call(form.querySelectorAll(".text-task input"), function (input) {
    input.addEventListener("change", function () { rebalance(null); changed(); });
  });
  form.addEventListener("submit", function () {
    rows().forEach(function (r) { r.share.disabled = false; });  // disabled inputs are not posted
  });

  function profile() {
    var data = { onet_soc_code: form.elements.onet_soc_code.value, tasks: [], skills: [], tools: [] };
    var atDefaults = true;
    rows().forEach(function (r) {
      if (!r.box.checked) { atDefaults = false; return; }
      if (Math.abs(num(r.share) - parseFloat(r.share.getAttribute("data-default"))) > 1e-9) { atDefaults = false; }
      data.tasks.push({ task_id: parseInt(r.box.getAttribute("data-task"), 10), share: num(r.share) / 100 });
    });
    Array.prototype.forEach.call(form.querySelectorAll(".text-task"), function (div) {
      var inputs = div.querySelectorAll("input");
      var text = inputs[0].value.trim();
      if (text && num(inputs[1]) > 0) { data.tasks.push({ text: text, share: num(inputs[1]) / 100 }); atDefaults = false; }
    });
    if (atDefaults) { delete data.tasks; }
    Array.prototype.forEach.call(form.querySelectorAll("input[name=skill]:checked"), function (b) { data.skills.push(b.value); });
    Array.prototype.forEach.call(form.querySelectorAll("input[name=tool]:checked"), function (b) { data.tools.push(b.value); });
    var pay = parseFloat(form.elements.annual_pay_usd.value);
    if (isFinite(pay) && pay > 0) { data.annual_pay_usd = pay; }
    return data;
  }
  function changed() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(score, 600);
  }
  function score() {
    var body = profile();
    if (body.tasks && body.tasks.length === 0) { live.hidden = false; live.textContent = "Keep at least one task."; return; }
    live.hidden = false;
    live.textContent = "Scoring…";
    fetch(form.getAttribute("data-api"), { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
      .then(function (res) {
        if (!res.ok) { live.textContent = res.body.error ? res.body.error.message : "Could not score this."; return; }
        var p = res.body.personal, o = res.body.occupation;
        live.textContent = "Live score: you " + Math.round(p.risk_score) + " (" + p.band + "), range " +
          Math.round(p.risk_low) + "–" + Math.round(p.risk_high) + "; " + o.title + " " + Math.round(o.risk_score) + ".";
        live.setAttribute("data-score", p.risk_score.toFixed(3));
      })
      .catch(function () { live.textContent = "Live score unavailable; submit the form instead."; });
  }
  showTotal();
  form.addEventListener("change", function (ev) {
    if (ev.target.name === "skill" || ev.target.name === "tool" || ev.target.name === "annual_pay_usd") { changed(); }
  });
})();
