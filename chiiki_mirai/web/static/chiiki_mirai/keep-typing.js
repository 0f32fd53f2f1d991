/* Nothing typed is lost (issue 22 §2). A form marked data-keep="<key>" is kept in this browser as it is typed; a
   page left with unsaved changes asks first; and if the text never reached the server (the session expired, the
   browser crashed, the network failed), the next visit to the form offers it back. A draft is dropped once the
   server holds a newer version than the one it was typed on (the save went through). Kept in localStorage only:
   nothing is sent anywhere until the person saves. */
(function () {
  "use strict";
  var PREFIX = "chiiki-mirai:draft:";

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "hidden" && el.type !== "submit" && el.type !== "button" && el.type !== "file";
    });
  }

  function snapshot(form) {
    var values = {};
    fields(form).forEach(function (el) {
      values[el.name] = el.type === "checkbox" || el.type === "radio" ? (el.checked ? el.value : null) : el.value;
    });
    return values;
  }

  function differs(form, values) {
    var now = snapshot(form);
    return Object.keys(values).some(function (name) { return name in now && now[name] !== values[name]; });
  }

  function restore(form, values) {
    fields(form).forEach(function (el) {
      if (!(el.name in values)) return;
      if (el.type === "checkbox" || el.type === "radio") el.checked = values[el.name] === el.value;
      else el.value = values[el.name];
    });
    form.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function offer(form, key, draft) {
    var box = document.createElement("div");
    box.className = "notice keep-offer";
    box.setAttribute("role", "status");
    var text = document.createElement("p");
    text.textContent = form.dataset.keepOffer.replace("%s", new Date(draft.at).toLocaleString());
    var back = document.createElement("button");
    back.type = "button";
    back.textContent = form.dataset.keepRestore;
    var drop = document.createElement("button");
    drop.type = "button";
    drop.className = "secondary";
    drop.textContent = form.dataset.keepDiscard;
    back.addEventListener("click", function () { restore(form, draft.values); box.remove(); });
    drop.addEventListener("click", function () { localStorage.removeItem(key); box.remove(); });
    box.appendChild(text);
    box.appendChild(back);
    box.appendChild(document.createTextNode(" "));
    box.appendChild(drop);
    form.parentNode.insertBefore(box, form);
  }

  function keep(form) {
    var key = PREFIX + form.dataset.keep;
    var version = form.dataset.keepVersion || "";
    var dirty = false, submitting = false, timer = null;
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    if (saved && saved.version !== version) {
      localStorage.removeItem(key); // typed on an older version: that save went through, or was overtaken
    } else if (saved && differs(form, saved.values)) {
      offer(form, key, saved);
    }
    function store() {
      try {
        localStorage.setItem(key, JSON.stringify({ version: version, at: Date.now(), values: snapshot(form) }));
      } catch (e) { /* storage full or refused: the unload warning still protects the text */ }
    }
    form.addEventListener("input", function () {
      dirty = true;
      clearTimeout(timer);
      timer = setTimeout(store, 500);
    });
    form.addEventListener("submit", function () { submitting = true; store(); });
    window.addEventListener("beforeunload", function (event) {
      if (dirty && !submitting) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  document.querySelectorAll("form[data-keep]").forEach(keep);
})();
