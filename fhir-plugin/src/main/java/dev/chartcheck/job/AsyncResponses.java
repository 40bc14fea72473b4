package dev.chartcheck.job;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import jakarta.servlet.http.HttpServletResponse;

/** Gives background-audit answers their status code (202) and headers (Content-Location, X-Progress). */
@Interceptor
public class AsyncResponses {

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public boolean outgoingResponse(RequestDetails request, ResponseDetails response, HttpServletResponse servletResponse) {
		Object code = request.getUserData().get(BackgroundAudits.STATUS_CODE);
		if (code instanceof Integer status) {
			response.setResponseCode(status);
			if (servletResponse != null) {
				Object location = request.getUserData().get(BackgroundAudits.CONTENT_LOCATION);
				if (location != null) {
					servletResponse.addHeader("Content-Location", location.toString());
				}
				Object progress = request.getUserData().get(BackgroundAudits.PROGRESS);
				if (progress != null) {
					servletResponse.addHeader("X-Progress", progress.toString());
				}
			}
		}
		return true;
	}
}
