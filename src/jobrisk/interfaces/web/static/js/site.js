// jobrisk: small progressive enhancements shared by every page (the site works without JavaScript).
(function () {
  "use strict";
  // Move focus to the main content when the skip link is used (some browsers keep it on the link).
  var skip = document.querySelector(".skip-link");
  if (skip) {
    skip.addEventListener("click", function () {
      var main = document.getElementById("main");
      if (main) { main.focus(); }
    });
  }
  // A chart that scrolls sideways on a phone opens on the occupation it highlights (data-focus-x:
  // the middle of its highlighted dots and labels, as a share of the chart's width), not on its left edge.
  var charts = document.querySelectorAll(".chart-scroll[data-focus-x]");
  for (var i = 0; i < charts.length; i++) {
    var fig = charts[i];
    if (fig.scrollWidth > fig.clientWidth) {
      fig.scrollLeft = fig.scrollWidth * parseFloat(fig.getAttribute("data-focus-x")) - fig.clientWidth / 2;
    }
  }
})();
