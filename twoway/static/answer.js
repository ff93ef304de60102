// Keeps answers in progress on this device (localStorage) until they are sent, and forgets
// them on the thanks page.
(function () {
  var done = document.querySelector("[data-clear-drafts]");
  if (done && window.localStorage) {
    var prefix = done.getAttribute("data-clear-drafts");
    try {
      Object.keys(localStorage).filter(function (k) { return k.indexOf(prefix) === 0; })
        .forEach(function (k) { localStorage.removeItem(k); });
    } catch (e) { /* storage unavailable: nothing to forget */ }
  }
})();
(function () {
  var form = document.querySelector("form[data-draft-key]");
  if (!form || !window.localStorage) return;
  var key = form.getAttribute("data-draft-key");
  var hasServerValues = form.querySelector("input[type=radio]:checked, textarea:not(:empty)");
  try {
    var saved = JSON.parse(localStorage.getItem(key) || "{}");
    if (!hasServerValues) {
      Object.keys(saved).forEach(function (name) {
        var value = saved[name];
        var radio = form.querySelector('input[type=radio][name="' + name + '"][value="' + value + '"]');
        if (radio) radio.checked = true;
        var text = form.querySelector('textarea[name="' + name + '"]');
        if (text) text.value = value;
      });
    }
  } catch (e) { /* a broken draft is simply ignored */ }
  function save() {
    var data = {};
    new FormData(form).forEach(function (value, name) {
      if (name.indexOf("item-") === 0) data[name] = value;
    });
    try { localStorage.setItem(key, JSON.stringify(data)); } catch (e) {}
  }
  form.addEventListener("change", save);
  form.addEventListener("input", save);
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
