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
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body larger than {@code chartcheck.max-request-size} with {@code 413} and an OperationOutcome,
 * before HAPI reads it into memory: at once when its {@code Content-Length} says so, else (a chunked body) as soon
 * as more than the limit has been read, through HAPI's own {@link PayloadTooLargeException}. Neither Tomcat nor
 * Spring limits the body of a request that is not a form or a multipart upload.
 */
final class RequestSizeLimit extends OncePerRequestFilter {

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
		chain.doFilter(declared >= 0 ? request : new Limited(request), response);
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

	/** A request of unknown length whose body stops at the limit. */
	private final class Limited extends HttpServletRequestWrapper {

		private ServletInputStream stream;

		Limited(HttpServletRequest request) {
			super(request);
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (stream == null) {
				stream = new CountingStream(super.getInputStream());
			}
			return stream;
		}
	}

	private final class CountingStream extends ServletInputStream {

		private final ServletInputStream in;
		private long read;

		CountingStream(ServletInputStream in) {
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
			return in.isFinished();
		}

		@Override
		public boolean isReady() {
			return in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			in.setReadListener(listener);
		}
	}
}
