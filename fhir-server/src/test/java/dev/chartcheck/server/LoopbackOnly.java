package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.HttpURLConnection;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/**
 * Secure defaults, on the packaged jar as the quick start runs it: without a token issuer the server says so in its
 * log, serves requests without a token, and listens on the loopback interface only (an address of this machine that
 * is not loopback is refused). Asserted on the first server of {@link RestartIT} on the embedded database, which is
 * started that way; {@link LoopbackRuleIT} has the server that refuses to listen on every interface.
 */
final class LoopbackOnly {

	private LoopbackOnly() {}

	static void assertServesLoopbackOnly(ServerProcess server) throws Exception {
		assertThat(server.output()).contains("AUTHENTICATION IS OFF");
		// open, on loopback: no token needed
		assertThat(new FhirHttp(server.http().base(), null).send("GET", "/Patient?_count=1", null, Map.of()).statusCode())
				.isEqualTo(200);
		Optional<InetAddress> external = externalAddress();
		if (external.isPresent()) {
			int port = URI.create(server.http().base()).getPort();
			HttpURLConnection connection = (HttpURLConnection) URI.create(
					"http://" + external.get().getHostAddress() + ":" + port + "/fhir/metadata").toURL().openConnection();
			connection.setConnectTimeout(3000);
			assertThatThrownBy(connection::getResponseCode).isInstanceOf(java.io.IOException.class);
		}
	}

	/** An address of this machine that is not loopback, if it has one. */
	private static Optional<InetAddress> externalAddress() throws Exception {
		for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
			if (!network.isUp() || network.isLoopback()) {
				continue;
			}
			for (InetAddress address : Collections.list(network.getInetAddresses())) {
				if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
					return Optional.of(address);
				}
			}
		}
		return Optional.empty();
	}
}
