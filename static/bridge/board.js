// The pipeline board's drag and drop. Dropping a card on a column submits the card's own
// "Move to" form with that column's stage, so a drag is the same request as the keyboard
// path: the server (move_stage) decides, and a refusal comes back on the board.
(function () {
  "use strict";
  var dragged = null;

  function columnOf(target) {
    return target && target.closest ? target.closest(".column[data-stage]") : null;
  }

  function clearTargets() {
    document.querySelectorAll(".column.drop-target").forEach(function (column) {
      column.classList.remove("drop-target");
    });
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest ? event.target.closest(".card[draggable]") : null;
    if (!card) return;
    dragged = card;
    card.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.prospect);
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    clearTargets();
  });

  document.addEventListener("dragover", function (event) {
    var column = columnOf(event.target);
    if (!dragged || !column) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (!column.classList.contains("drop-target")) {
      clearTargets();
      column.classList.add("drop-target");
    }
  });

  document.addEventListener("drop", function (event) {
    var column = columnOf(event.target);
    if (!dragged || !column) return;
    event.preventDefault();
    clearTargets();
    var form = dragged.querySelector(".move-form");
    var select = form && form.querySelector("select[name=stage]");
    var stage = column.dataset.stage;
    // Its own column has no option: dropping a card where it was changes nothing.
    if (!select || !select.querySelector('option[value="' + stage + '"]')) return;
    select.value = stage;
    dragged.classList.add("moving");
    form.requestSubmit();
  });
})();
