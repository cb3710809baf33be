// careerbuilder's own script: small progressive enhancements; every page works without it.
(function () {
  "use strict";

  // Django's JavaScript catalog (loaded before this script) translates; without it, English.
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (singular, plural, count) { return count === 1 ? singular : plural; };
  var interpolate = window.interpolate || function (format, values, named) {
    return named
      ? format.replace(/%\(\w+\)s/g, function (match) { return String(values[match.slice(2, -2)]); })
      : format.replace(/%s/g, function () { return String(values.shift()); });
  };

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
      search.setAttribute("aria-label", select.dataset.searchLabel || gettext("Search"));
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

  // Forms that may be written offline (a check-in, a logged conversation) carry a random key:
  // the service worker keeps them while offline, and the server saves each key once, however
  // often it arrives (apps/core/http.py::submitted_once). crypto.randomUUID needs HTTPS (or
  // localhost), like the service worker itself; without it the form is sent as before.
  function keyOutboxForms() {
    if (!window.crypto || !window.crypto.randomUUID) return;
    document.querySelectorAll("form[data-outbox]").forEach(function (form) {
      if (form.querySelector("input[name=client_key]")) return;
      var key = document.createElement("input");
      key.type = "hidden";
      key.name = "client_key";
      key.value = window.crypto.randomUUID();
      form.appendChild(key);
    });
  }

  // The service worker (templates/dashboard/sw.js): the app shell, the offline page and the
  // outbox. Online, each page asks it to send what the outbox kept (Background Sync does it by
  // itself where the browser has it); if something could not be sent, the page says so.
  function startServiceWorker() {
    var worker = document.body.dataset.serviceWorker;
    if (!worker || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register(worker, { scope: "/" }).catch(function () {});
    navigator.serviceWorker.addEventListener("message", function (event) {
      var refused = document.getElementById("outbox-refused");
      if (event.data && event.data.type === "outbox" && event.data.refused && refused) {
        refused.hidden = false;
      }
    });
    var replay = function () {
      if (navigator.onLine && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage({ type: "replay" });
      }
    };
    window.addEventListener("online", replay);
    replay();
  }

  document.addEventListener("DOMContentLoaded", function () {
    keyOutboxForms();
    startServiceWorker();
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
