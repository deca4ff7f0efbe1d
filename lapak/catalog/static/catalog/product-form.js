// Product form: show the attribute boxes of the chosen category; add rows to the SKU and material formsets.
(function () {
  "use strict";
  var category = document.getElementById("id_category");
  if (!category) {
    return;
  }
  function showAttributes() {
    document.querySelectorAll("#attributes .attribute-box").forEach(function (box) {
      var input = box.querySelector("input");
      var codes = ((input && input.dataset.categories) || "").split(" ");
      box.hidden = codes.indexOf(category.value) < 0;
    });
  }
  category.addEventListener("change", showAttributes);
  showAttributes();
  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    button.addEventListener("click", function () {
      var prefix = button.dataset.addRow;
      var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
      var html = document.getElementById(prefix + "-empty").innerHTML.replace(/__prefix__/g, total.value);
      document.getElementById(prefix + "-rows").insertAdjacentHTML("beforeend", html);
      total.value = parseInt(total.value, 10) + 1;
    });
  });
})();
