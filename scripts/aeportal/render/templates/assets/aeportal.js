// Material puts each table in a box that scrolls sideways when the table is wider than
// the screen, as AE Portal does with its charts. A keyboard user can scroll such a box
// only if it can take focus (WCAG 2.1.1): a box that overflows gets a place in the tab
// order, one that fits does not.
(function () {
  function focusable() {
    document.querySelectorAll(".md-typeset__scrollwrap, .aep-chart").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        box.setAttribute("tabindex", "0");
      } else {
        box.removeAttribute("tabindex");
      }
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(focusable); // after Material has wrapped the tables
  } else {
    window.addEventListener("load", focusable);
  }
  window.addEventListener("resize", focusable);
})();
