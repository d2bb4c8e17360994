// Until they have told us, suggest the time zone their device is set to.
(function () {
  var select = document.getElementById("timezone");
  if (!select || select.dataset.theirs === "1" || !window.Intl) return;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  // UTC is what privacy-minded browsers report to everyone: it says nothing about them.
  if (!zone || zone === "UTC" || zone.indexOf("Etc/") === 0) return;
  for (var i = 0; i < select.options.length; i++) {
    if (select.options[i].value === zone) { select.selectedIndex = i; return; }
  }
})();
