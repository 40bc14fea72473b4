package dev.chartcheck.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body larger than {@code chartcheck.max-request-size} with {@code 413} and an OperationOutcome,
 * before HAPI reads it into memory: at once when its {@code Content-Length} says so, else (a chunked body) as soon
 * as more than the limit has been read, through HAPI's own {@link PayloadTooLargeException}. Neither Tomcat nor
 * Spring limits the body of a request that is not a form or a multipart upload.
 *
 * <p>A gzip body ({@code Content-Encoding: gzip}) is inflated here, within the limit, and passed on as plain: HAPI
 * would inflate it whole into memory, so that 32 MB of compressed zeros would become gigabytes.
 */
final class RequestSizeLimit extends OncePerRequestFilter {

	private static final String CONTENT_ENCODING = "Content-Encoding";

	private final long limit;
	private final FhirContext fhirContext;

	RequestSizeLimit(DataSize limit, FhirContext fhirContext) {
		this.limit = limit.toBytes();
		this.fhirContext = fhirContext;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > limit) {
			refuse(response, declared);
			return;
		}
		boolean gzip = "gzip".equals(request.getHeader(CONTENT_ENCODING));
		chain.doFilter(declared >= 0 && !gzip ? request : new Limited(request, gzip), response);
	}

	private String message(long size) {
		return "The request body (" + (size < 0 ? "more than " + limit : size) + " bytes) is larger than this server accepts: "
				+ DataSize.ofBytes(limit).toMegabytes() + " MB (" + limit + " bytes, chartcheck.max-request-size)";
	}

	private void refuse(HttpServletResponse response, long size) throws IOException {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(OperationOutcome.IssueType.TOOLONG)
				.setDiagnostics(message(size));
		byte[] body = fhirContext.newJsonParser().setPrettyPrint(true).encodeResourceToString(outcome)
				.getBytes(StandardCharsets.UTF_8);
		response.setStatus(413);
		// the unread body is not worth swallowing: the connection closes after the answer
		response.setHeader("Connection", "close");
		response.setContentType("application/fhir+json;charset=UTF-8");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/** A request of unknown length, or a gzip one, whose body (inflated) stops at the limit. */
	private final class Limited extends HttpServletRequestWrapper {

		private final boolean gzip;
		private ServletInputStream stream;

		Limited(HttpServletRequest request, boolean gzip) {
			super(request);
			this.gzip = gzip;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (stream == null) {
				ServletInputStream body = super.getInputStream();
				stream = new CountingStream(body, gzip ? new GZIPInputStream(body) : body);
			}
			return stream;
		}

		@Override
		public long getContentLengthLong() {
			return gzip ? -1 : super.getContentLengthLong();
		}

		@Override
		public int getContentLength() {
			return gzip ? -1 : super.getContentLength();
		}

		@Override
		public String getHeader(String name) {
			return gzip && isInflatedAway(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return gzip && isInflatedAway(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			List<String> names = Collections.list(super.getHeaderNames());
			names.removeIf(name -> gzip && isInflatedAway(name));
			return Collections.enumeration(names);
		}

		private static boolean isInflatedAway(String header) {
			return CONTENT_ENCODING.equalsIgnoreCase(header) || "Content-Length".equalsIgnoreCase(header);
		}
	}

	private final class CountingStream extends ServletInputStream {

		private final ServletInputStream servlet;
		private final InputStream in;
		private long read;

		CountingStream(ServletInputStream servlet, InputStream in) {
			this.servlet = servlet;
			this.in = in;
		}

		private int count(int bytes) {
			if (bytes > 0) {
				read += bytes;
				if (read > limit) {
					throw new PayloadTooLargeException(message(-1));
				}
			}
			return bytes;
		}

		@Override
		public int read() throws IOException {
			int b = in.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			return count(in.read(buffer, offset, length));
		}

		@Override
		public boolean isFinished() {
			return servlet.isFinished();
		}

		@Override
		public boolean isReady() {
			return servlet.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			servlet.setReadListener(listener);
		}
	}
}
