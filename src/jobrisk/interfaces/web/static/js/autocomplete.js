// Job title autocomplete following the ARIA 1.2 combobox pattern (list autocomplete).
// Keyboard: Down/Up move through suggestions, Enter opens the chosen occupation (or submits the
// search when none is chosen), Escape closes the list. Suggestions are inserted as text only.
(function () {
  "use strict";
  var input = document.getElementById("title-search-input");
  var list = document.getElementById("title-suggestions");
  var status = document.getElementById("title-search-status");
  if (!input || !list || !window.fetch) { return; }
  var url = input.getAttribute("data-suggest-url");
  var items = [];
  var active = -1;
  var timer = null;
  var latest = 0;
  var MIN_CHARS = 2;

  function setStatus(text) { if (status) { status.textContent = text; } }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    var options = list.querySelectorAll('[role="option"]');
    for (var i = 0; i < options.length; i++) {
      options[i].setAttribute("aria-selected", i === index ? "true" : "false");
    }
    active = index;
    if (index >= 0 && options[index]) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function go(index) {
    var item = items[index];
    if (item) { window.location.assign(item.url); }
  }

  function keyOf(item) { return item ? item.url + "\n" + item.label : null; }

  function render(suggestions) {
    // A reply that arrives after the reader has chosen a suggestion keeps that choice highlighted
    // when it is still offered, so Enter opens what the reader chose, not a search.
    var chosen = active >= 0 ? keyOf(items[active]) : null;
    items = suggestions;
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!items.length) {
      close();
      setStatus(input.value.trim().length >= MIN_CHARS ? "No suggestions." : "");
      return;
    }
    items.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = "title-suggestion-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.setAttribute("data-url", item.url);
      var label = document.createElement("span");
      label.className = "suggestion-label";
      label.textContent = item.label;
      li.appendChild(label);
      if (item.occupation_title && item.occupation_title !== item.label) {
        var occ = document.createElement("span");
        occ.className = "suggestion-occupation";
        occ.textContent = item.occupation_title;
        li.appendChild(occ);
      }
      li.addEventListener("mousedown", function (event) { event.preventDefault(); go(i); });
      list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
    for (var j = 0; chosen !== null && j < items.length; j++) {
      if (keyOf(items[j]) === chosen) { highlight(j); break; }
    }
    setStatus(items.length + (items.length === 1 ? " suggestion" : " suggestions") +
              " available; use the arrow keys to choose.");
  }

  function fetchSuggestions() {
    var q = input.value.trim();
    if (q.length < MIN_CHARS) { render([]); return; }
    var ticket = ++latest;
    fetch(url + "?q=" + encodeURIComponent(q) + "&limit=8", { headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (body) { if (ticket === latest) { render(body.suggestions || []); } })
      .catch(function () { if (ticket === latest) { render([]); } });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 120);
  });

  input.addEventListener("keydown", function (event) {
    var open = !list.hidden && items.length > 0;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open) { fetchSuggestions(); return; }
      highlight(active + 1 >= items.length ? 0 : active + 1);
    } else if (event.key === "ArrowUp") {
      if (!open) { return; }
      event.preventDefault();
      highlight(active - 1 < 0 ? items.length - 1 : active - 1);
    } else if (event.key === "Enter") {
      if (open && active >= 0) { event.preventDefault(); go(active); }
    } else if (event.key === "Escape") {
      if (open) { event.preventDefault(); close(); }
    } else if (event.key === "Tab") {
      close();
    }
  });

  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
