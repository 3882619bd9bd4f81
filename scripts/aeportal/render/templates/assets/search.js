// The portal's search: a button in the header opens a dialog whose box searches the
// portal's own Pagefind index (pagefind/, written by the build next to the pages). Every
// file comes from the portal itself. Keyboard: "/" opens it, arrows move between the box
// and the results, Escape closes it (the browser's own <dialog> behaviour).
(function () {
  "use strict";
  var WORDS = {}; // filled in by the build with the portal's language (render/i18n.py)
  var script = document.currentScript;
  // assets/search.js → the portal's root, wherever the portal is served.
  var root = new URL("..", script ? script.src : document.baseURI);
  var pagefind = null;
  var shownQuery = null;

  function engine() {
    if (pagefind === null) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        return pf.options({ baseUrl: root.pathname }).then(function () {
          return pf;
        });
      });
    }
    return pagefind;
  }

  // The index writes đ as d + U+0345 (build/search.py): a typed đ searches as d, and
  // text from the index shows đ again.
  function asQuery(text) {
    return text.normalize("NFC").replace(/đ/g, "d").replace(/Đ/g, "D");
  }
  function shown(text) {
    return text.replace(/([dD])\u0345/g, function (_, d) {
      return d === "d" ? "đ" : "Đ";
    });
  }

  function make(tag, attrs, text) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      el.setAttribute(k, attrs[k]);
    });
    if (text) el.textContent = text;
    return el;
  }

  var opener = make("button", {
    type: "button",
    class: "aep-search-open",
    "aria-haspopup": "dialog",
    "aria-keyshortcuts": "/",
  });
  opener.appendChild(make("span", { class: "aep-search-icon", "aria-hidden": "true" }));
  opener.appendChild(make("span", { class: "aep-search-label" }, WORDS.search));

  var dialog = make("dialog", { class: "aep-search", "aria-label": WORDS.search });
  var form = make("form", { role: "search" });
  var label = make("label", { for: "aep-search-input", class: "aep-visually-hidden" }, WORDS.search);
  var box = make("input", {
    id: "aep-search-input",
    type: "search",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: WORDS.search_placeholder,
    "aria-describedby": "aep-search-status",
  });
  var close = make("button", { type: "button", class: "aep-search-close" }, WORDS.search_close);
  var status = make("p", { id: "aep-search-status", class: "aep-search-status", role: "status" });
  var list = make("ol", { class: "aep-search-results", "aria-label": WORDS.search_results });
  form.append(label, box, close);
  dialog.append(form, status, list);

  function place() {
    var header = document.querySelector(".md-header__inner");
    if (header) {
      header.insertBefore(opener, header.querySelector(".md-header__source"));
    } else {
      document.body.insertBefore(opener, document.body.firstChild);
    }
    document.body.appendChild(dialog);
  }

  function open() {
    if (!dialog.open) dialog.showModal();
    box.focus();
    box.select();
    engine().catch(unavailable);
  }

  function unavailable() {
    status.textContent = WORDS.search_unavailable;
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  // Pagefind's excerpt is the page's text with < and > escaped and <mark> around the
  // matches. Built as text nodes and <mark> elements, never parsed as HTML: whatever a
  // document says stays text.
  function excerpt(html) {
    var span = make("span", { class: "aep-search-excerpt" });
    var marked = false;
    html.split(/(<\/?mark>)/).forEach(function (part) {
      if (part === "<mark>" || part === "</mark>") {
        marked = part === "<mark>";
        return;
      }
      var text = part.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      span.appendChild(marked ? make("mark", {}, text) : document.createTextNode(text));
    });
    return span;
  }

  function render(query, results) {
    if (query !== shownQuery) return; // a newer query is on its way
    list.replaceChildren();
    results.forEach(function (r) {
      var item = make("li");
      var link = make("a", { href: r.url });
      link.appendChild(make("strong", {}, shown((r.meta && r.meta.title) || r.url)));
      link.appendChild(excerpt(shown(r.excerpt || "")));
      item.appendChild(link);
      list.appendChild(item);
    });
    var count = results.length;
    status.textContent =
      count === 0
        ? WORDS.search_none
        : (count === 1 ? WORDS.search_one : WORDS.search_many).replace("#", String(count));
  }

  function search() {
    var query = box.value.trim();
    shownQuery = query;
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    engine()
      .then(function (pf) {
        return pf.debouncedSearch(asQuery(query), {}, 150);
      })
      .then(function (found) {
        if (found === null) return null; // superseded by a later keystroke
        return Promise.all(
          found.results.slice(0, 20).map(function (r) {
            return r.data();
          })
        ).then(function (results) {
          render(query, results);
        });
      })
      .catch(unavailable);
  }

  box.addEventListener("input", search);
  // Enter opens the first result; the form never closes the dialog by itself.
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) first.click();
  });
  opener.addEventListener("click", open);
  close.addEventListener("click", function () {
    dialog.close();
  });
  dialog.addEventListener("close", function () {
    opener.focus();
  });
  // A click on the backdrop (outside the dialog's box) closes it, as Escape does.
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) dialog.close();
  });
  dialog.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      // At once, even from a box with text (a search box would only empty itself first).
      event.preventDefault();
      dialog.close();
    } else if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? box : all[at - 1]).focus();
    }
  });
  document.addEventListener("keydown", function (event) {
    var typing = /^(?:INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName) || event.target.isContentEditable;
    if (event.key === "/" && !typing && !dialog.open && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      open();
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", place);
  } else {
    place();
  }
})();
