package dev.chartcheck.server.security;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when a token issuer is configured (see {@link Authentication}). */
public class AuthenticationConfigured implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return Authentication.configured(context.getEnvironment());
	}
}
