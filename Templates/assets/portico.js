/* Portico: small progressive enhancements. Everything works without this file;
   any failure here leaves the page exactly as the server sent it. No network access. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  function safely(fn) {
    try { fn(); } catch (e) { /* enhancement only: ignore */ }
  }

  function pageURLWithout(hash) {
    var url = String(window.location.href).split("#")[0];
    return hash ? url + "#" + hash : url;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  // One polite live region announces "Link copied" to screen readers.
  var live = null;
  function announce(message) {
    if (!live) {
      live = document.createElement("p");
      live.className = "visually-hidden";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      document.body.appendChild(live);
    }
    live.textContent = "";
    window.setTimeout(function () { live.textContent = message; }, 50);
  }

  // A "Copy link" button beside each comment's permalink.
  function addCopyButtons() {
    var body = document.body;
    var label = body.getAttribute("data-copy-label");
    var done = body.getAttribute("data-copied-label") || label;
    if (!label) { return; }
    var links = document.querySelectorAll(".comment__permalink");
    Array.prototype.forEach.call(links, function (link) {
      var comment = link.closest(".comment");
      if (!comment || !comment.id) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-link";
      button.textContent = label;
      button.addEventListener("click", function () {
        copyText(pageURLWithout(comment.id)).then(function () {
          button.textContent = done;
          button.setAttribute("data-copied", "");
          announce(done);
          window.setTimeout(function () {
            button.textContent = label;
            button.removeAttribute("data-copied");
          }, 2500);
        }, function () {
          // Copy was refused: fall back to following the permalink so the URL is in the address bar.
          window.location.hash = comment.id;
        });
      });
      var wrap = document.createElement("span");
      wrap.className = "comment__meta";
      link.parentNode.insertBefore(wrap, link);
      wrap.appendChild(link);
      wrap.appendChild(button);
    });
  }

  // A "Print" button on invoices.
  function addPrintButton() {
    var target = document.querySelector("[data-print-target]");
    var label = document.body.getAttribute("data-print-label");
    if (!target || !label || typeof window.print !== "function") { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary";
    button.textContent = label;
    button.addEventListener("click", function () { window.print(); });
    target.appendChild(button);
  }

  // Task-list checkboxes in Markdown are read-only: name each one after its item's text.
  function labelTaskCheckboxes() {
    var boxes = document.querySelectorAll(".prose input[type=checkbox]");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.labels && box.labels.length) { return; }
      if (box.hasAttribute("aria-label") || box.hasAttribute("aria-labelledby")) { return; }
      var item = box.closest("li");
      var text = item ? item.textContent.replace(/\s+/g, " ").trim() : "";
      if (text) { box.setAttribute("aria-label", text); }
    });
  }

  ready(function () {
    safely(labelTaskCheckboxes);
    safely(addCopyButtons);
    safely(addPrintButton);
  });
})();
