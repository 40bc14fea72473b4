package dev.chartcheck.config;

import dev.chartcheck.check.StandardMode;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.hapi.fhir.cdshooks.api.ICdsHooksDaoAuthorizationSvc;
import ca.uhn.hapi.fhir.cdshooks.api.ICdsServiceRegistry;
import ca.uhn.hapi.fhir.cdshooks.config.CdsHooksConfig;
import ca.uhn.hapi.fhir.cdshooks.controller.CdsHooksController;
import ca.uhn.hapi.fhir.cdshooks.svc.CdsHooksContextBooter;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chartcheck.cds.CdsErrorResponses;
import dev.chartcheck.cds.CdsJson;
import dev.chartcheck.cds.ChartcheckCdsServiceBooter;
import dev.chartcheck.audittrail.OperationAuditTrail;
import dev.chartcheck.cds.ChartcheckCdsServices;
import dev.chartcheck.cds.DischargeCards;
import dev.chartcheck.cds.FeedbackEnvelope;
import dev.chartcheck.cds.GapCards;
import dev.chartcheck.cds.GapFeedback;
import dev.chartcheck.cds.InServerPrefetchAuthorization;
import dev.chartcheck.cds.PatientViewCards;
import dev.chartcheck.cds.StandardTitles;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.StandardsCatalog;
import dev.chartcheck.check.CheckCore;
import dev.chartcheck.storage.DetectedIssueStore;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves Chartcheck's CDS Hooks services at {@code /cds-services} (discovery, {@code chartcheck-patient-view},
 * {@code chartcheck-encounter-discharge} and their feedback) with HAPI FHIR's CDS Hooks module, on the host's
 * Spring MVC. It needs the module on the classpath and the Chartcheck engine running; it backs off when
 * {@code chartcheck.cds-hooks.enabled=false} or when the host already runs a CDS Hooks registry of its own.
 *
 * <p>Ordered after Jackson's auto-configuration so that the module's ObjectMapper joins the host's (which stays
 * the primary one) instead of replacing it.
 */
@AutoConfiguration(after = {ChartcheckAutoConfiguration.class, JacksonAutoConfiguration.class})
@ConditionalOnClass({CdsHooksConfig.class, WebMvcConfigurer.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean({CheckCore.class, DaoRegistry.class})
@ConditionalOnMissingBean(ICdsServiceRegistry.class)
@ConditionalOnProperty(prefix = "chartcheck.cds-hooks", name = "enabled", matchIfMissing = true)
@Import(CdsHooksConfig.class)
public class ChartcheckCdsHooksAutoConfiguration {

	@Bean
	public ChartcheckCdsServices chartcheckCdsServices(
			CheckCore core,
			DetectedIssueStore gaps,
			DaoRegistry daos,
			StandardsCatalog catalog,
			ChartcheckProperties properties,
			ObjectProvider<OperationAuditTrail> auditTrail) {
		GapCards cards = new GapCards(StandardTitles.published(), properties.getRemediationPeriod());
		List<Standard> enabled = catalog.all().stream()
				.filter(standard -> properties.modeOf(standard.code()) != StandardMode.OFF)
				.toList();
		return new ChartcheckCdsServices(
				new PatientViewCards(cards, core),
				new DischargeCards(core, gaps, enabled, cards),
				new GapFeedback(daos),
				auditTrail.getIfAvailable());
	}

	/** Lists Chartcheck's services for HAPI's registry (which {@link CdsHooksConfig} defines). */
	@Bean
	public CdsHooksContextBooter chartcheckCdsServiceBooter(ChartcheckCdsServices services) {
		return new ChartcheckCdsServiceBooter(services);
	}

	@Bean
	@ConditionalOnMissingBean
	public ICdsHooksDaoAuthorizationSvc chartcheckCdsPrefetchAuthorization() {
		return new InServerPrefetchAuthorization();
	}

	@Bean
	public CdsHooksController chartcheckCdsHooksController(ICdsServiceRegistry registry) {
		return new CdsHooksController(registry);
	}

	@Bean
	public CdsErrorResponses chartcheckCdsErrorResponses(FhirContext fhir) {
		return new CdsErrorResponses(fhir);
	}

	/** Cards carry FHIR resources: the CDS Hooks JSON types are written with the module's ObjectMapper. */
	@Bean
	public WebMvcConfigurer chartcheckCdsJson(@Qualifier(CdsHooksConfig.CDS_HOOKS_OBJECT_MAPPER_FACTORY) ObjectMapper mapper) {
		return new WebMvcConfigurer() {
			@Override
			public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
				converters.add(0, new CdsJson(mapper));
			}
		};
	}

	@Bean
	public FilterRegistrationBean<FeedbackEnvelope> chartcheckCdsFeedbackEnvelope(
			ICdsServiceRegistry registry,
			@Qualifier(CdsHooksConfig.CDS_HOOKS_OBJECT_MAPPER_FACTORY) ObjectMapper mapper,
			FhirContext fhir) {
		FilterRegistrationBean<FeedbackEnvelope> registration =
				new FilterRegistrationBean<>(new FeedbackEnvelope(registry, mapper, fhir));
		registration.addUrlPatterns("/cds-services/*");
		registration.setName("chartcheckCdsFeedbackEnvelope");
		return registration;
	}
}
