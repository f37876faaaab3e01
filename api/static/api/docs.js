// Starts Swagger UI on the API docs page (a static file: the page's
// Content-Security-Policy allows no inline script). The schema comes from
// this site; the validator badge, which would call an outside service, is off.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout",
    requestInterceptor: function (request) {
      // The session's CSRF token, for "Try it out" on a signed-in page.
      var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
      if (match) {
        request.headers["X-CSRFToken"] = decodeURIComponent(match[1]);
      }
      return request;
    },
  });
})();
