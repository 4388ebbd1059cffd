// The console works without JavaScript; this only asks before actions that cannot be undone
// (a revoked laptop wipes itself), on forms marked data-confirm.
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
