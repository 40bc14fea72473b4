package dev.chartcheck.server.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Secure by default: a server without authentication serves only on the loopback interface. With no token issuer
 * configured (see {@link Authentication}) it binds to {@code 127.0.0.1} unless told otherwise, and says so loudly;
 * told to bind to any other address, it refuses to start. Medical records must never be served to the network
 * without authentication by an oversight in the configuration.
 */
public class LoopbackGuard implements EnvironmentPostProcessor, Ordered {

	static final String SERVER_ADDRESS = "server.address";
	static final String LOOPBACK = "127.0.0.1";

	private final Log log;

	public LoopbackGuard(DeferredLogFactory logs) {
		this.log = logs.getLog(LoopbackGuard.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (Authentication.configured(environment)) {
			return;
		}
		String address = environment.getProperty(SERVER_ADDRESS);
		if (address == null || address.isBlank()) {
			environment.getPropertySources().addLast(new MapPropertySource("chartcheck-loopback", Map.of(SERVER_ADDRESS, LOOPBACK)));
			log.warn("AUTHENTICATION IS OFF: no token issuer is configured, so this server listens on " + LOOPBACK
					+ " only. To serve other hosts, configure " + Authentication.JWK_SET_URI + " or "
					+ Authentication.ISSUER_URI + " (see docs/SECURITY.md).");
			return;
		}
		if (!isLoopback(address)) {
			throw new IllegalStateException("Refusing to start: authentication is off (no " + Authentication.ISSUER_URI + ", "
					+ Authentication.JWK_SET_URI + " or " + Authentication.PUBLIC_KEY_LOCATION + " is configured), and "
					+ SERVER_ADDRESS + "=" + address + " is not a loopback address. Configure a token issuer, or bind to "
					+ LOOPBACK + ".");
		}
		log.warn("AUTHENTICATION IS OFF: no token issuer is configured; this server listens on " + address + " (loopback) only.");
	}

	static boolean isLoopback(String address) {
		try {
			for (InetAddress resolved : InetAddress.getAllByName(address)) {
				if (!resolved.isLoopbackAddress()) {
					return false;
				}
			}
			return true;
		} catch (UnknownHostException e) {
			return false;
		}
	}

	@Override
	public int getOrder() {
		// after the configuration files and command line are read
		return Ordered.LOWEST_PRECEDENCE;
	}
}
