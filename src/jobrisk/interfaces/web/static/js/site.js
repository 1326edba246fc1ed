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
})();
