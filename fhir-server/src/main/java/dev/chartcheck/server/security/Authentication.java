package dev.chartcheck.server.security;

import org.springframework.core.env.PropertyResolver;

/**
 * Whether bearer-token authentication is configured: Spring Security's resource server is given the issuer's keys
 * ({@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri}, {@code …issuer-uri} for discovery, or
 * {@code …public-key-location} for a fixed key).
 */
public final class Authentication {

	static final String PREFIX = "spring.security.oauth2.resourceserver.jwt.";
	static final String ISSUER_URI = PREFIX + "issuer-uri";
	static final String JWK_SET_URI = PREFIX + "jwk-set-uri";
	static final String PUBLIC_KEY_LOCATION = PREFIX + "public-key-location";

	private Authentication() {}

	/** True when tokens can be validated: a key source is configured. */
	public static boolean configured(PropertyResolver properties) {
		return hasText(properties.getProperty(ISSUER_URI))
				|| hasText(properties.getProperty(JWK_SET_URI))
				|| hasText(properties.getProperty(PUBLIC_KEY_LOCATION));
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}
}
