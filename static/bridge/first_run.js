// Suggest the time zone this device is set to, until the coach picks one.
(function () {
  var field = document.getElementById("welcome_timezone");
  if (!field || !window.Intl || (field.value && field.value !== "UTC")) return;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  // UTC is what privacy-minded browsers report to everyone: it says nothing about them.
  if (zone && zone !== "UTC" && zone.indexOf("Etc/") !== 0) field.value = zone;
})();
