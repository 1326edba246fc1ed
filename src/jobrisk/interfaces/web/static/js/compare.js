// Browse page: tick two or three occupations to compare; more than three are not offered.
(function () {
  "use strict";
  var form = document.getElementById("compare-form");
  if (!form) { return; }
  var button = document.getElementById("compare-button");
  var status = document.getElementById("compare-status");
  var MAX = 3, MIN = 2;

  function update() {
    var boxes = form.querySelectorAll(".compare-pick");
    var chosen = form.querySelectorAll(".compare-pick:checked").length;
    for (var i = 0; i < boxes.length; i++) {
      boxes[i].disabled = !boxes[i].checked && chosen >= MAX;
    }
    button.disabled = chosen < MIN;
    if (chosen === 0) { status.textContent = "Tick two or three occupations to compare them."; }
    else if (chosen < MIN) { status.textContent = "1 chosen: tick one or two more."; }
    else { status.textContent = chosen + " chosen" + (chosen >= MAX ? " (the most you can compare)." : "."); }
    button.textContent = chosen >= MIN ? "Compare " + chosen + " occupations" : "Compare selected";
  }

  form.addEventListener("change", update);
  update();
})();
