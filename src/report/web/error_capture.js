window.hospsimErrors = [];
(function () {
  var original = console.error;
  console.error = function () {
    var parts = [];
    for (var i = 0; i < arguments.length; i++) parts.push(String(arguments[i]));
    window.hospsimErrors.push(parts.join(" "));
    return original.apply(console, arguments);
  };
  window.addEventListener("error", function (e) { window.hospsimErrors.push("error: " + e.message); });
  window.addEventListener("unhandledrejection", function (e) {
    window.hospsimErrors.push("unhandled rejection: " + String(e.reason));
  });
})();
