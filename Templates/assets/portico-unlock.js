// Opens the pages of an encrypted portal in the browser with WebCrypto (AES-256-GCM).
// The key comes from the link's #k= fragment (key portals) or from the password through
// PBKDF2-SHA256 (password portals); it is kept in sessionStorage for this tab only, so the
// password is asked once per session. Attachments (*.bin) are fetched and decrypted on demand.
(function () {
  "use strict";
  var payload = document.getElementById("portico-payload");
  if (!payload || !window.crypto || !window.crypto.subtle) return;
  var subtle = window.crypto.subtle;
  var mode = payload.getAttribute("data-mode");
  var scope = payload.getAttribute("data-scope");
  var storageKey = "portico-key:" + scope;
  var status = document.getElementById("portico-status");

  function fromBase64(text) {
    text = text.replace(/-/g, "+").replace(/_/g, "/").replace(/\s+/g, "");
    while (text.length % 4) text += "=";
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function toBase64(bytes) {
    var binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary);
  }

  function say(text) { if (status) status.textContent = text || ""; }

  function decrypt(rawKey, sealed) {
    return subtle.importKey("raw", rawKey, { name: "AES-GCM" }, false, ["decrypt"]).then(function (key) {
      return subtle.decrypt({ name: "AES-GCM", iv: sealed.slice(0, 12) }, key, sealed.slice(12));
    }).then(function (plain) { return new Uint8Array(plain); });
  }

  function remember(rawKey) {
    try { sessionStorage.setItem(storageKey, toBase64(rawKey)); } catch (e) { /* private mode: ask again */ }
  }

  function recalled() {
    try {
      var saved = sessionStorage.getItem(storageKey);
      return saved ? fromBase64(saved) : null;
    } catch (e) { return null; }
  }

  var sealedPage = fromBase64(payload.textContent);

  function show(rawKey) {
    return decrypt(rawKey, sealedPage).then(function (plain) {
      remember(rawKey);
      var html = new TextDecoder().decode(plain);
      document.open();
      document.write(html);
      document.close();
      openAttachments(rawKey);
    });
  }

  // Replaces links and sources that point at encrypted attachments with decrypted blob URLs.
  function openAttachments(rawKey) {
    var selector = "img[src$='.bin'], audio[src$='.bin'], video[src$='.bin'], source[src$='.bin'], a[href$='.bin']";
    var seen = {};
    Array.prototype.forEach.call(document.querySelectorAll(selector), function (element) {
      var attribute = element.hasAttribute("src") ? "src" : "href";
      var url = element.getAttribute(attribute);
      if (!seen[url]) {
        seen[url] = fetch(url).then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.arrayBuffer();
        }).then(function (buffer) {
          return decrypt(rawKey, new Uint8Array(buffer));
        }).then(function (plain) {
          var newline = plain.indexOf(10);
          var type = new TextDecoder().decode(plain.slice(0, newline));
          return URL.createObjectURL(new Blob([plain.slice(newline + 1)], { type: type }));
        });
      }
      seen[url].then(function (blobURL) { element.setAttribute(attribute, blobURL); }, function () {});
    });
  }

  function derive(password, salt, iterations) {
    return subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]).then(function (base) {
      return subtle.deriveBits({ name: "PBKDF2", salt: salt, iterations: iterations, hash: "SHA-256" }, base, 256);
    }).then(function (bits) { return new Uint8Array(bits); });
  }

  function askPassword() {
    var form = document.getElementById("portico-unlock");
    var input = document.getElementById("portico-password");
    if (!form || !input) return;
    form.hidden = false;
    input.focus();
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      say(status.getAttribute("data-opening"));
      var salt = fromBase64(payload.getAttribute("data-salt"));
      var iterations = parseInt(payload.getAttribute("data-iterations"), 10);
      derive(input.value, salt, iterations).then(show).catch(function () {
        say(status.getAttribute("data-wrong"));
        input.select();
      });
    });
  }

  var saved = recalled();
  var fromLink = null;
  var match = /[#&]k=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (mode === "key" && match) fromLink = fromBase64(match[1]);
  var first = fromLink || saved;
  if (first) {
    show(first).catch(function () {
      try { sessionStorage.removeItem(storageKey); } catch (e) { /* ignore */ }
      if (mode === "password") askPassword();
      else { var help = document.getElementById("portico-key-help"); if (help) help.hidden = false; }
    });
  } else if (mode === "password") {
    askPassword();
  } else {
    var help = document.getElementById("portico-key-help");
    if (help) help.hidden = false;
  }
})();
