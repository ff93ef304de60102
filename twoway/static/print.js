// Buttons marked data-print print the page (no inline handler: the content policy allows
// scripts from twoway's own files only).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
