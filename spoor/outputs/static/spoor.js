// Spoor's only script: map layer switches and the time slider.
// It reads data-* attributes that the server wrote (escaped) and changes
// visibility; it never builds HTML from data, so page text cannot become code.
(function () {
  "use strict";

  function update(box) {
    var slider = box.querySelector("[data-slider]");
    var until = slider ? parseInt(slider.value, 10) : 9999;
    var label = box.querySelector("[data-slider-label]");
    if (label) {
      label.textContent = slider && slider.value === slider.max ? "all years" : "up to " + until;
    }
    var hidden = {};
    box.querySelectorAll("input[data-layer]").forEach(function (input) {
      hidden[input.getAttribute("data-layer")] = !input.checked;
    });
    box.querySelectorAll(".layer[data-pred]").forEach(function (layer) {
      layer.style.display = hidden[layer.getAttribute("data-pred")] ? "none" : "";
    });
    var shown = 0;
    box.querySelectorAll(".mark[data-year]").forEach(function (mark) {
      var year = parseInt(mark.getAttribute("data-year"), 10) || 0;
      var visible = year === 0 || year <= until;
      mark.style.display = visible ? "" : "none";
      var layer = mark.closest(".layer");
      if (visible && !(layer && hidden[layer.getAttribute("data-pred")])) {
        shown += 1;
      }
    });
    var count = box.querySelector("[data-shown]");
    if (count) {
      count.textContent = String(shown);
    }
  }

  document.querySelectorAll("[data-mapbox]").forEach(function (box) {
    box.querySelectorAll("input").forEach(function (input) {
      input.addEventListener("input", function () { update(box); });
      input.addEventListener("change", function () { update(box); });
    });
    update(box);
  });
})();
