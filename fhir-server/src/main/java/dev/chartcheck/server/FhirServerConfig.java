package dev.chartcheck.server;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.batch2.maintenance.JobMaintenanceServiceImpl;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.ResponseHighlighterInterceptor;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import dev.chartcheck.server.security.Authentication;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.util.unit.DataSize;

/** HAPI FHIR's JPA server (R4), wired for Spring Boot. The Chartcheck plugin joins it by auto-configuration. */
@Configuration
@Import({
	JpaR4Config.class,
	HapiJpaConfig.class,
	ThreadPoolFactoryConfig.class,
	JpaBatch2Config.class,
	Batch2JobsConfig.class,
	SubscriptionChannelConfig.class
})
public class FhirServerConfig {

	@Bean
	public JpaStorageSettings storageSettings() {
		JpaStorageSettings settings = new JpaStorageSettings();
		// EHR data refers to practitioners and organizations loaded in other bundles, sometimes later
		settings.setAutoCreatePlaceholderReferenceTargets(false);
		settings.setAllowExternalReferences(true);
		settings.setAllowInlineMatchUrlReferences(true);
		settings.setDeleteExpungeEnabled(false);
		// pre-expansion needs Hibernate Search, which this server does not run; expansions happen in memory
		settings.setPreExpandValueSets(false);
		return settings;
	}

	@Bean
	public PartitionSettings partitionSettings() {
		return new PartitionSettings();
	}

	@Bean
	@Primary
	public LocalContainerEntityManagerFactoryBean entityManagerFactory(
			DataSource dataSource,
			ConfigurableListableBeanFactory beanFactory,
			FhirContext fhirContext,
			JpaStorageSettings storageSettings,
			Environment environment) {
		LocalContainerEntityManagerFactoryBean factory =
				HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
		factory.setPersistenceUnitName("HAPI_PU");
		factory.setDataSource(dataSource);
		Properties jpa = new Properties();
		jpa.putAll(Binder.get(environment)
				.bind("spring.jpa.properties", Bindable.mapOf(String.class, String.class))
				.orElse(Map.of()));
		factory.setJpaProperties(jpa);
		return factory;
	}

	@Bean
	@Primary
	public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new JpaTransactionManager(entityManagerFactory);
	}

	@Bean
	public RestfulServer restfulServer(
			IFhirSystemDao<?, ?> systemDao,
			ResourceProviderFactory resourceProviders,
			IJpaSystemProvider systemProvider,
			JpaStorageSettings storageSettings,
			ISearchParamRegistry searchParamRegistry,
			IValidationSupport validationSupport,
			DatabaseBackedPagingProvider pagingProvider,
			Environment environment) {
		RestfulServer server = new RestfulServer(systemDao.getContext());
		server.registerProviders(resourceProviders.createProviders());
		server.registerProvider(systemProvider);
		JpaCapabilityStatementProvider capabilities = new JpaCapabilityStatementProvider(
				server, systemDao, storageSettings, searchParamRegistry, validationSupport);
		capabilities.setImplementationDescription("Chartcheck FHIR server");
		server.setServerConformanceProvider(capabilities);
		server.setPagingProvider(pagingProvider);
		server.setDefaultPrettyPrint(true);
		server.registerInterceptor(new ResponseHighlighterInterceptor());
		// failed requests logged without what the request said (HAPI's own handler logs the exception's message)
		server.registerInterceptor(new RequestFailureLog());
		// the OpenAPI document and Swagger UI of this API, open like the CapabilityStatement they are made from
		server.registerInterceptor(new FhirApiDocs(Authentication.configured(environment)));
		return server;
	}

	/**
	 * How often Batch2 job maintenance runs ({@code chartcheck.jobs.maintenance-interval}, HAPI's one minute by
	 * default): each step of a background job waits for a pass. Set before HAPI schedules the pass.
	 */
	@Bean
	public static BeanPostProcessor jobMaintenanceInterval(Environment environment) {
		Duration interval = environment.getProperty("chartcheck.jobs.maintenance-interval", Duration.class, Duration.ofMinutes(1));
		return new BeanPostProcessor() {
			@Override
			public Object postProcessBeforeInitialization(Object bean, String name) {
				if (bean instanceof JobMaintenanceServiceImpl maintenance) {
					maintenance.setScheduledJobFrequencyMillis(interval.toMillis());
				}
				return bean;
			}
		};
	}

	/**
	 * The largest request body the FHIR API reads ({@code chartcheck.max-request-size}, 32 MB: a note carrying an
	 * attachment at the 20 MB reading limit, base64-encoded, fits); a larger one is a 413. A negative size turns
	 * the limit off.
	 */
	@Bean
	public FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(Environment environment, FhirContext fhirContext) {
		DataSize limit = environment.getProperty("chartcheck.max-request-size", DataSize.class, DataSize.ofMegabytes(32));
		FilterRegistrationBean<RequestSizeLimit> registration = new FilterRegistrationBean<>(new RequestSizeLimit(limit, fhirContext));
		registration.addUrlPatterns("/fhir/*");
		registration.setEnabled(!limit.isNegative());
		return registration;
	}

	@Bean
	public ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer server) {
		ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
		registration.setName("fhir");
		registration.setLoadOnStartup(1);
		return registration;
	}
}
