/* Portico search: finds words in this portal's own index, which the search page carries as
   JSON inside an inert <template> element (so it works from file:// and inside encrypted
   portals, and the page has no script but the theme's). No network access, no library;
   results are built with DOM nodes and text only, never as HTML. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  // Lower case without accents, so "vencki" finds "venčki" and "CAFE" finds "café".
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // The folded text and, for each of its characters, where it came from in the original.
  function foldWithMap(text) {
    var folded = "";
    var map = [];
    var chars = Array.from(String(text));
    var offset = 0;
    for (var i = 0; i < chars.length; i++) {
      var piece = fold(chars[i]);
      for (var j = 0; j < piece.length; j++) { map.push(offset); }
      folded += piece;
      offset += chars[i].length;
    }
    map.push(offset);
    return { text: folded, map: map };
  }

  function terms(query) {
    return fold(query).split(/[\s,.;:!?()"'\u201c\u201d\u2018\u2019]+/).filter(function (t) { return t.length > 0; });
  }

  function score(entry, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var word = words[i];
      var inTitle = entry.ft.indexOf(word);
      var inText = entry.fx.text.indexOf(word);
      var inContext = entry.fc.indexOf(word);
      var inAuthor = entry.fa.indexOf(word);
      if (inTitle < 0 && inText < 0 && inContext < 0 && inAuthor < 0) { return 0; }
      if (inAuthor >= 0) { total += 3; }
      if (inTitle >= 0) { total += inTitle === 0 || /\W/.test(entry.ft.charAt(inTitle - 1)) ? 12 : 8; }
      if (inContext >= 0) { total += 2; }
      if (inText >= 0) { total += 1 + Math.min(4, entry.fx.text.split(word).length - 1); }
    }
    return total;
  }

  // Appends `text` to `parent`, with every match of `words` in <mark>.
  function appendMarked(parent, text, words) {
    var folded = foldWithMap(text);
    var hits = [];
    words.forEach(function (word) {
      var at = folded.text.indexOf(word);
      while (at >= 0) {
        hits.push([folded.map[at], folded.map[at + word.length]]);
        at = folded.text.indexOf(word, at + word.length);
      }
    });
    hits.sort(function (a, b) { return a[0] - b[0]; });
    var position = 0;
    hits.forEach(function (hit) {
      if (hit[0] < position) { return; }
      parent.appendChild(document.createTextNode(text.slice(position, hit[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(hit[0], hit[1]);
      parent.appendChild(mark);
      position = hit[1];
    });
    parent.appendChild(document.createTextNode(text.slice(position)));
  }

  // About 200 characters of text around the first match.
  function snippet(entry, words) {
    var text = entry.x;
    var first = -1;
    words.forEach(function (word) {
      var at = entry.fx.text.indexOf(word);
      if (at >= 0 && (first < 0 || at < first)) { first = at; }
    });
    if (first < 0) { return text.length > 200 ? text.slice(0, 200) + "…" : text; }
    var start = Math.max(0, entry.fx.map[first] - 60);
    var end = Math.min(text.length, start + 200);
    if (start > 0) { var space = text.indexOf(" ", start); if (space >= 0 && space < start + 20) { start = space + 1; } }
    return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
  }

  ready(function () {
    var data = document.getElementById("portico-search-index");
    var form = document.getElementById("portico-search");
    var input = document.getElementById("portico-search-input");
    var status = document.getElementById("portico-search-status");
    var list = document.getElementById("portico-search-results");
    if (!data || !form || !input || !status || !list) { return; }
    var entries;
    try { entries = JSON.parse(data.content ? data.content.textContent : data.textContent); } catch (e) { return; }
    entries.forEach(function (entry) {
      entry.ft = fold(entry.t);
      entry.fc = fold(entry.c);
      entry.fa = fold(entry.a || "");
      entry.fx = foldWithMap(entry.x);
    });
    form.hidden = false;

    function show(query) {
      while (list.firstChild) { list.removeChild(list.firstChild); }
      var words = terms(query);
      if (!words.length) {
        status.textContent = form.getAttribute("data-hint") || "";
        return;
      }
      var found = [];
      entries.forEach(function (entry, index) {
        var points = score(entry, words);
        if (points > 0) { found.push({ entry: entry, points: points, index: index }); }
      });
      found.sort(function (a, b) { return b.points - a.points || a.index - b.index; });
      status.textContent = found.length
        ? (form.getAttribute("data-results") || "{count}").replace("{count}", String(found.length))
        : (form.getAttribute("data-none") || "").replace("{query}", query.trim());
      found.slice(0, 50).forEach(function (hit) {
        var entry = hit.entry;
        var item = document.createElement("li");
        item.className = "search-result";
        var title = document.createElement("a");
        title.className = "search-result__title";
        title.href = entry.u;
        appendMarked(title, entry.t, words);
        var meta = document.createElement("p");
        meta.className = "search-result__meta";
        meta.textContent = [entry.k, entry.a, entry.c].filter(function (part) { return part; }).join(" · ");
        item.appendChild(title);
        item.appendChild(meta);
        if (entry.x) {
          var text = document.createElement("p");
          text.className = "search-result__text";
          appendMarked(text, snippet(entry, words), words);
          item.appendChild(text);
        }
        list.appendChild(item);
      });
    }

    var timer = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        show(input.value);
        try {
          var url = window.location.pathname + (input.value.trim() ? "?q=" + encodeURIComponent(input.value.trim()) : "");
          window.history.replaceState(null, "", url + window.location.hash);
        } catch (e) { /* file:// may refuse: the search still works */ }
      }, 120);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      show(input.value);
    });
    var initial = /[?&]q=([^&#]*)/.exec(window.location.search);
    if (initial) {
      try { input.value = decodeURIComponent(initial[1].replace(/\+/g, " ")); } catch (e) { input.value = ""; }
    }
    if (input.value) { show(input.value); }
  });
})();
