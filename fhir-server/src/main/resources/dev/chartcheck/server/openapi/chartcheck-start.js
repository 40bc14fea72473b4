// Starts Swagger UI on the OpenAPI document that the page names; a file of its own (not an inline script), so that
// the page's Content Security Policy can allow scripts from this server only.
window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-openapi"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    // no calls to an outside validator
    validatorUrl: null
  });
});
