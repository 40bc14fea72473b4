package dev.chartcheck.server;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The health probes during start-up. The web server answers before start-up is done (Chartcheck then installs its
 * profiles package and builds its clone index), and Spring Boot would answer both probes {@code 503} until the end:
 * an orchestrator's liveness probe could then kill a server that is only starting. So the server is live from the
 * moment it answers, and ready ({@code /actuator/health/readiness}) only once start-up is done.
 */
@Configuration(proxyBeanMethods = false)
public class Probes {

	@Bean
	public ApplicationListener<WebServerInitializedEvent> liveOnceTheServerAnswers() {
		return event -> AvailabilityChangeEvent.publish(event.getApplicationContext(), LivenessState.CORRECT);
	}
}
