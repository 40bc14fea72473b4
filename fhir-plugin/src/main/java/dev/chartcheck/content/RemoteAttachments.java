package dev.chartcheck.content;

import dev.chartcheck.engine.AttachmentContent;
import dev.chartcheck.engine.AttachmentContent.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Fetches an allowed external attachment URL: no redirects (a redirect could lead anywhere, past the allow-list),
 * bounded in time by the caller's timeout and in size by reading at most one byte past the limit.
 */
final class RemoteAttachments {

	/** The fetched bytes and the server's content type, or a failure (its kind and reason only). */
	record Fetched(byte[] bytes, String contentType, AttachmentContent failure) {}

	private final HttpClient http = HttpClient.newBuilder()
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();

	Fetched fetch(String url, long maxBytes, Duration timeout) {
		HttpRequest request;
		try {
			request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
		} catch (IllegalArgumentException e) {
			return failed(Kind.UNFETCHABLE, "its URL is not valid");
		}
		try {
			HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
			try (InputStream body = response.body()) {
				if (response.statusCode() != 200) {
					return failed(Kind.UNFETCHABLE, "its server answered HTTP " + response.statusCode());
				}
				long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
				if (declared > maxBytes) {
					return failed(Kind.TOO_LARGE, "its server announces " + NoteReader.megabytes(declared)
							+ ", more than the limit of " + NoteReader.megabytes(maxBytes));
				}
				byte[] bytes = readAtMost(body, maxBytes + 1);
				if (bytes.length > maxBytes) {
					return failed(Kind.TOO_LARGE, "it holds more than the limit of " + NoteReader.megabytes(maxBytes));
				}
				return new Fetched(bytes, response.headers().firstValue("Content-Type").orElse(null), null);
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return failed(Kind.TIMED_OUT, "fetching it was interrupted");
		} catch (IOException e) {
			return failed(Kind.UNFETCHABLE, "fetching it failed (" + e.getClass().getSimpleName() + ")");
		}
	}

	private static byte[] readAtMost(InputStream in, long limit) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		long total = 0;
		for (int n; total < limit && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total))) > 0; ) {
			out.write(buffer, 0, n);
			total += n;
		}
		return out.toByteArray();
	}

	private static Fetched failed(Kind kind, String reason) {
		return new Fetched(null, null, AttachmentContent.unreadable(0, kind, null, reason));
	}
}
