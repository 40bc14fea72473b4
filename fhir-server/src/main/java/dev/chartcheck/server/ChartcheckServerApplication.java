package dev.chartcheck.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.quartz.QuartzAutoConfiguration;
import org.springframework.boot.autoconfigure.thymeleaf.ThymeleafAutoConfiguration;
import org.springframework.context.annotation.Import;

/** A HAPI FHIR R4 JPA server with the Chartcheck plugin, at {@code /fhir}. */
@SpringBootApplication(exclude = {
	ElasticsearchRestClientAutoConfiguration.class,
	QuartzAutoConfiguration.class,
	ThymeleafAutoConfiguration.class,
	FlywayAutoConfiguration.class
})
@Import(FhirServerConfig.class)
public class ChartcheckServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(ChartcheckServerApplication.class, args);
	}
}
