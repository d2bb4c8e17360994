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

  // Eight columns don't fit a laptop screen: near the board's visible left or right edge,
  // a drag scrolls the board, so Client, Not now and Not a fit are reachable mid-drag.
  var EDGE = 72;
  var STEP = 14;
  var pointerX = null;
  var scrolling = false;

  function board() {
    return document.querySelector(".board");
  }

  function edgeSpeed(x) {
    var scroller = board();
    if (!scroller || x === null) return 0;
    var rect = scroller.getBoundingClientRect();
    var left = Math.max(rect.left, 0);
    var right = Math.min(rect.right, window.innerWidth);
    if (x < left + EDGE) return -STEP * (1 - Math.max(x - left, 0) / EDGE);
    if (x > right - EDGE) return STEP * (1 - Math.max(right - x, 0) / EDGE);
    return 0;
  }

  function scrollLoop() {
    var speed = dragged ? edgeSpeed(pointerX) : 0;
    if (!speed) {
      scrolling = false;
      return;
    }
    // Snapping would pull each small step back to the column it started at.
    board().classList.add("board-scrolling");
    board().scrollLeft += speed;
    window.requestAnimationFrame(scrollLoop);
  }

  function followPointer(x) {
    pointerX = x;
    if (!scrolling && edgeSpeed(x)) {
      scrolling = true;
      window.requestAnimationFrame(scrollLoop);
    }
  }

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    if (board()) board().classList.remove("board-scrolling");
    dragged = null;
    pointerX = null;
    clearTargets();
  });

  document.addEventListener("dragover", function (event) {
    if (dragged) followPointer(event.clientX);
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
    pointerX = null;
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
