// careerbuilder's own script: small progressive enhancements; every page works without it.
(function () {
  "use strict";

  // Preselect the browser's time zone in any time zone select the user has not touched yet.
  function preselectBrowserTimeZone() {
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (error) {
      return;
    }
    if (!zone) return;
    document.querySelectorAll("select[data-browser-time-zone]").forEach(function (select) {
      if (select.dataset.userChosen || select.value !== "UTC") return;
      var option = Array.prototype.find.call(select.options, function (o) { return o.value === zone; });
      if (option) select.value = zone;
    });
  }

  // A search box above each time zone select (about 600 zones): typing hides the zones that do
  // not match and chooses the first that does. Without JavaScript the select alone works.
  function searchableTimeZones() {
    document.querySelectorAll("select[data-browser-time-zone]").forEach(function (select) {
      var search = document.createElement("input");
      search.type = "search";
      search.className = "zone-search";
      search.placeholder = select.dataset.searchPlaceholder || "";
      search.setAttribute("aria-label", select.dataset.searchLabel || "Search");
      search.setAttribute("aria-controls", select.id);
      select.parentNode.insertBefore(search, select);
      search.addEventListener("input", function () {
        var words = search.value.toLowerCase().replace(/_/g, " ").trim();
        var first = null;
        Array.prototype.forEach.call(select.options, function (option) {
          var shown = !words || option.text.toLowerCase().indexOf(words) !== -1;
          option.hidden = !shown;
          if (shown && first === null) first = option;
        });
        if (first && select.selectedOptions[0] && select.selectedOptions[0].hidden) {
          select.value = first.value;
          select.dataset.userChosen = "true";
        }
      });
      select.addEventListener("change", function () { select.dataset.userChosen = "true"; });
    });
  }

  // After a step is added in place, keep the cursor in the "New step" box for the next one.
  document.addEventListener("htmx:afterSettle", function (event) {
    var form = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (form && form.classList && form.classList.contains("add-step")) {
      var input = document.querySelector("#steps .add-step input[type=text]");
      if (input) input.focus();
    }
  });

  // Parts of a form that only apply to one choice (a certification's dates) show only then.
  function showForChoice() {
    document.querySelectorAll("[data-shown-for]").forEach(function (part) {
      var select = document.getElementById(part.dataset.shownFor);
      if (!select) return;
      var update = function () {
        var hasValue = Array.prototype.some.call(part.querySelectorAll("input"), function (i) { return i.value; });
        part.hidden = select.value !== part.dataset.shownValue && !hasValue;
      };
      select.addEventListener("change", update);
      update();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    preselectBrowserTimeZone();
    searchableTimeZones();
    showForChoice();
    // On wide screens the menu is always shown; a closed <details> would hide it.
    var menu = document.querySelector("details.menu");
    if (menu && window.matchMedia("(min-width: 60rem)").matches) menu.open = true;
    // On a phone the Today list is the first screen: the plan's cards below it fold.
    if (window.matchMedia("(max-width: 40rem)").matches) {
      document.querySelectorAll("details[data-fold-narrow]").forEach(function (part) { part.open = false; });
    }
  });
})();
