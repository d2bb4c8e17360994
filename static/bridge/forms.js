// Small helpers for the coach's forms. Every page works without them; they only save clicks.
(function () {
  "use strict";

  // A revisit date means something only for Not now: show its field when that stage is chosen,
  // with the usual three-month default, and hide it for every other stage.
  function syncRevisit(select) {
    var form = select.form;
    if (!form) return;
    form.querySelectorAll("[data-revisit-for]").forEach(function (field) {
      var shown = select.value !== "" && select.value === field.dataset.revisitFor;
      field.hidden = !shown;
      var input = field.querySelector("input[type=date]");
      if (shown && input && !input.value) input.value = field.dataset.revisitDefault || "";
    });
  }

  // "Select everyone on this page" (and "all N matching") tick the page's boxes too.
  function selectAll(box) {
    var form = box.form;
    if (!form) return;
    form.querySelectorAll('input[type=checkbox][name="' + box.dataset.selectAll + '"]').forEach(
      function (each) {
        each.checked = box.checked;
      }
    );
  }

  // Copy buttons (Settings: the sign-up form's snippets). Without a clipboard, select the text.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy]") : null;
    if (!button) return;
    var field = document.getElementById(button.dataset.copy);
    var status = document.querySelector("[data-copy-status]");
    if (!field) return;
    field.select();
    function said(text) {
      if (status) status.textContent = text;
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(
        function () { said("Copied. Paste it into your website."); },
        function () { said("Selected: press Ctrl-C (⌘-C) to copy."); }
      );
    } else {
      said("Selected: press Ctrl-C (⌘-C) to copy.");
    }
  });

  document.addEventListener("change", function (event) {
    if (!event.target.matches) return;
    if (event.target.matches("[data-select-all]")) selectAll(event.target);
    if (event.target.matches("select[name=stage]")) syncRevisit(event.target);
    // A choice that only changes what is shown (Preview for): show it at once.
    var form = event.target.form;
    if (form && form.hasAttribute("data-submit-on-change")) form.requestSubmit();
  });
})();
