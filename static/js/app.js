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

  document.addEventListener("DOMContentLoaded", function () {
    preselectBrowserTimeZone();
    // On wide screens the menu is always shown; a closed <details> would hide it.
    var menu = document.querySelector("details.menu");
    if (menu && window.matchMedia("(min-width: 60rem)").matches) menu.open = true;
  });
})();
