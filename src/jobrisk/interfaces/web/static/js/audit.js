// Roster audit pages: upload with a progress bar, then follow the analysis until the report is ready.
// Without JavaScript the forms post normally and the progress page refreshes itself.
(function () {
  "use strict";
  var form = document.getElementById("roster-upload");
  if (form && window.XMLHttpRequest && window.FormData) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var bar = document.getElementById("upload-progress");
      var label = document.getElementById("upload-status");
      var button = form.querySelector("button[type=submit]");
      bar.hidden = false; label.textContent = "Uploading…"; button.disabled = true;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) {
          bar.value = Math.round((e.loaded / e.total) * 100);
          label.textContent = "Uploading… " + bar.value + "%";
        }
      };
      xhr.onload = function () {
        if (xhr.responseURL && xhr.responseURL.indexOf("/audits/aud_") !== -1) {
          window.location.href = xhr.responseURL;
        } else {
          document.open(); document.write(xhr.responseText); document.close();
        }
      };
      xhr.onerror = function () { label.textContent = "The upload failed; check your connection and try again."; button.disabled = false; };
      xhr.send(new FormData(form));
    });
  }
  var watch = document.getElementById("audit-progress");
  if (watch) {
    var url = watch.getAttribute("data-progress-url");
    var bar2 = watch.querySelector("progress");
    var step = watch.querySelector(".step");
    var poll = function () {
      fetch(url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (p) {
        if (p.status === "running") {
          bar2.value = Math.round(p.progress * 100); step.textContent = p.step + "…";
          window.setTimeout(poll, 700);
        } else { window.location.reload(); }
      }).catch(function () { window.setTimeout(poll, 2000); });
    };
    window.setTimeout(poll, 500);
  }
})();
