// Dates in the emails they get follow their own clock.
(function () {
  var field = document.getElementById("tz");
  if (field && !field.value && window.Intl) {
    field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  }
})();
