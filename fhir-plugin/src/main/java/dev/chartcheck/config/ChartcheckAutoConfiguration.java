package dev.chartcheck.config;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.storage.interceptor.balp.BalpAuditCaptureInterceptor;
import dev.chartcheck.check.CheckCore;
import dev.chartcheck.check.CheckSettings;
import dev.chartcheck.content.NoteReader;
import dev.chartcheck.engine.ClinicalCodes;
import dev.chartcheck.engine.StandardsCatalog;
import dev.chartcheck.remediation.AttestationRules;
import dev.chartcheck.operation.AuditOperationProvider;
import dev.chartcheck.audit.AuditReportPage;
import dev.chartcheck.audit.AuditScopeResolver;
import dev.chartcheck.check.CheckActivity;
import dev.chartcheck.remediation.GapTransitions;
import dev.chartcheck.storage.DetectedIssueStore;
import dev.chartcheck.storage.NoteClones;
import dev.chartcheck.storage.CheckStateTable;
import dev.chartcheck.storage.RecordWrites;
import dev.chartcheck.content.AttachmentSettings;
import dev.chartcheck.storage.PatientLocks;
import dev.chartcheck.storage.RecordSnapshotLoader;
import dev.chartcheck.storage.NoteShinglesTable;
import dev.chartcheck.storage.StoredNotes;
import jakarta.persistence.EntityManager;
import dev.chartcheck.audit.PatientAudit;
import dev.chartcheck.audit.PopulationAudit;
import dev.chartcheck.remediation.RemediationTasks;
import dev.chartcheck.write.StrictParsing;
import dev.chartcheck.write.WriteChecks;
import dev.chartcheck.write.WriteOutcomes;
import dev.chartcheck.job.AsyncResponses;
import dev.chartcheck.job.BackgroundAudits;
import dev.chartcheck.audittrail.AuditContext;
import dev.chartcheck.audittrail.AuditTrailGuard;
import dev.chartcheck.audittrail.DurableAuditSink;
import dev.chartcheck.audittrail.OperationAuditTrail;
import dev.chartcheck.security.AccessResolver;
import dev.chartcheck.security.ChartcheckAuthorization;
import dev.chartcheck.security.ProviderPatients;
import dev.chartcheck.security.ProviderSearchNarrowing;
import dev.chartcheck.security.RestrictedData;
import dev.chartcheck.standards.DocumentationStandards;
import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.context.annotation.Import;

/**
 * Wires Chartcheck into a HAPI FHIR JPA server (R4): the engine, the {@code $audit} operation, the
 * readable report page, the attestation rules and the conformance package.
 */
@AutoConfiguration
@ConditionalOnClass(RestfulServer.class)
@ConditionalOnBean(DaoRegistry.class)
@ConditionalOnProperty(prefix = "chartcheck", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(ChartcheckProperties.class)
@Import({ChartcheckMetrics.class, ChartcheckJobsConfiguration.class})
public class ChartcheckAutoConfiguration {

	/** Plugin version, written on the Chartcheck Device and used as the package version. */
	public static final String VERSION = "0.1.0";

	@Bean
	@ConditionalOnMissingBean
	public Clock chartcheckClock() {
		return Clock.systemUTC();
	}

	@Bean
	public StandardsCatalog chartcheckStandards() {
		return new StandardsCatalog(DocumentationStandards.all());
	}

	/** Reads notes' attachments for the checks, under {@code chartcheck.attachments.*} limits; closed with the context. */
	@Bean
	public NoteReader chartcheckNoteReader(DaoRegistry daos, ChartcheckProperties properties, Clock clock) {
		return new NoteReader(daos, properties.getAttachments(), clock);
	}

	/**
	 * Every stored note's clone signature, for {@code cloned-documentation}, over the notes' shingles kept in the
	 * database; built at start-up, kept current on writes (this server's at once, other servers' every few seconds).
	 */
	@Bean
	public NoteClones chartcheckNoteClones(DaoRegistry daos, NoteReader noteReader, ChartcheckProperties properties, Clock clock,
			IHapiTransactionService transactions, EntityManagerFactory entityManagers, NoteShinglesTable table) {
		EntityManager entityManager = SharedEntityManagerCreator.createSharedEntityManager(entityManagers);
		CloneProperties clones = properties.getClones();
		return new NoteClones(noteReader, clones.toSettings(), clock, table, new StoredNotes(daos, transactions, entityManager),
				clones.getVerifyCacheMb() << 20, clones.getSyncInterval());
	}

	/** The notes' shingles in the server's database (table {@code CC_NOTE_SHINGLES}, created here unless it exists). */
	@Bean
	public NoteShinglesTable chartcheckNoteShingles(IHapiTransactionService transactions, EntityManagerFactory entityManagers) {
		NoteShinglesTable table = new NoteShinglesTable(transactions, SharedEntityManagerCreator.createSharedEntityManager(entityManagers));
		table.create();
		return table;
	}

	@Bean
	public RecordSnapshotLoader chartcheckSnapshotLoader(DaoRegistry daos, NoteReader noteReader, NoteClones noteClones) {
		return new RecordSnapshotLoader(daos, noteReader, noteClones);
	}

	/** The gaps as DetectedIssues, each patient's persisted checks one at a time. */
	@Bean
	public DetectedIssueStore chartcheckGapStore(DaoRegistry daos, PatientLocks locks) {
		return new DetectedIssueStore(daos, locks);
	}

	/** Each record's check state (table {@code CC_CHECK_STATE}, created here unless it exists). */
	@Bean
	public CheckStateTable chartcheckCheckStates(IHapiTransactionService transactions, EntityManagerFactory entityManagers,
			NoteClones noteClones, NoteShinglesTable shingles) {
		CheckStateTable table = new CheckStateTable(transactions,
				SharedEntityManagerCreator.createSharedEntityManager(entityManagers), noteClones, shingles);
		table.create();
		return table;
	}

	/** The one path of every check (see {@link CheckCore}); how attachments are read and notes compared count as settings. */
	@Bean
	public CheckCore chartcheckCheckCore(RecordSnapshotLoader records, DetectedIssueStore gaps, RemediationTasks remediation,
			ChartcheckProperties properties, ClinicalCodes codes, Clock clock, CheckStateTable states) {
		AttachmentSettings attachments = properties.getAttachments();
		String environment = "attachments " + attachments.getMaxBytes() + " " + attachments.getExtractionTimeout() + " "
				+ attachments.getMaxDecodedStream() + " " + attachments.getUrlAllow() + "\nclones " + properties.getClones().toSettings();
		return new CheckCore(records, gaps, remediation::resolve,
				new CheckSettings(properties.toWindows(), codes, properties.getRemediationPeriod()), clock, states, environment);
	}

	@Bean
	public RemediationTasks chartcheckRemediationTasks(DaoRegistry daos) {
		return new RemediationTasks(daos);
	}

	/** The code sets the standards recognise: the profiles package's, with the configured claim services if any. */
	@Bean
	public ClinicalCodes chartcheckClinicalCodes(ChartcheckProperties properties) {
		return properties.getClaimRecords().applyTo(ClinicalCodes.published());
	}

	@Bean
	public PatientAudit chartcheckPatientAudit(CheckCore core) {
		return new PatientAudit(core);
	}

	/** One persisted check per patient at a time, across every server on the database (a row lock on the Patient). */
	@Bean
	public PatientLocks chartcheckPatientLocks(IHapiTransactionService transactions, EntityManagerFactory entityManagers) {
		return new PatientLocks(transactions, SharedEntityManagerCreator.createSharedEntityManager(entityManagers));
	}

	/** Counts of what the checks did, for the metrics (see {@link ChartcheckMetrics}). */
	@Bean
	public CheckActivity chartcheckCheckActivity() {
		return new CheckActivity();
	}

	@Bean
	public WriteChecks chartcheckWriteChecks(
			CheckCore core,
			StandardsCatalog catalog,
			ChartcheckProperties properties,
			Clock clock,
			CheckActivity activity) {
		return new WriteChecks(core, catalog, properties, clock, activity);
	}

	@Bean
	public PopulationAudit chartcheckPopulationAudit(
			DaoRegistry daos,
			CheckCore core,
			RemediationTasks remediation,
			ChartcheckProperties properties,
			Clock clock) {
		return new PopulationAudit(
				new AuditScopeResolver(daos), core, remediation, daos, clock, properties.getComplianceGoal());
	}

	@Bean
	public AuditOperationProvider chartcheckAuditOperation(
			PatientAudit patientAudit,
			PopulationAudit populationAudit,
			BackgroundAudits backgroundAudits,
			StandardsCatalog catalog,
			ChartcheckProperties properties,
			CheckActivity activity) {
		return new AuditOperationProvider(patientAudit, populationAudit, backgroundAudits, catalog, properties, activity);
	}

	@Bean
	public ChartcheckStartup chartcheckStartup(
			ObjectProvider<IPackageInstallerSvc> packageInstaller, DaoRegistry daos, ChartcheckProperties properties,
			NoteClones noteClones) {
		return new ChartcheckStartup(packageInstaller, daos, properties, noteClones);
	}

	@Bean
	public AuditReportPage chartcheckAuditReportPage() {
		return new AuditReportPage();
	}

	@Bean
	public AttestationRules chartcheckAttestationRules(DaoRegistry daos) {
		return new AttestationRules(daos);
	}

	/**
	 * Request bodies parsed strictly, unless {@code chartcheck.strict-parsing=false}: an element FHIR does not define
	 * is refused, not dropped (see {@link StrictParsing}). Set on the host's RestfulServer before it serves.
	 */
	@Bean
	public SmartInitializingSingleton chartcheckStrictParsing(
			ObjectProvider<RestfulServer> restfulServer, ChartcheckProperties properties) {
		return () -> {
			if (properties.isStrictParsing()) {
				restfulServer.ifAvailable(StrictParsing::apply);
			}
		};
	}

	/** The audit trail's store: AuditEvents written to this database, in the request's own transaction. */
	@Bean
	@ConditionalOnProperty(prefix = "chartcheck.audit-trail", name = "enabled", matchIfMissing = true)
	public DurableAuditSink chartcheckAuditSink(DaoRegistry daos, ObjectProvider<EntityManagerFactory> entityManagers) {
		return new DurableAuditSink(daos, entityManagers.getIfUnique());
	}

	/** AuditEvents of Chartcheck's operations and CDS Hooks calls (BALP's interceptor records the rest). */
	@Bean
	@ConditionalOnProperty(prefix = "chartcheck.audit-trail", name = "enabled", matchIfMissing = true)
	public OperationAuditTrail chartcheckOperationAuditTrail(
			DurableAuditSink sink, ObjectProvider<AccessResolver> accessResolver, DaoRegistry daos) {
		return new OperationAuditTrail(sink, new AuditContext(accessResolver.getIfAvailable(), daos));
	}

	/**
	 * Once every bean exists: the operations join the host's RestfulServer, and the storage rules join the
	 * JPA interceptor service, so that they see every write, transactions included.
	 */
	@Bean
	public SmartInitializingSingleton chartcheckOperations(
			ObjectProvider<RestfulServer> restfulServer,
			IInterceptorService storageInterceptors,
			AuditOperationProvider auditOperation,
			AuditReportPage auditReportPage,
			AttestationRules attestationRules,
			WriteChecks writeChecks,
			NoteClones noteClones,
			CheckStateTable checkStates,
			CheckActivity activity,
			ObjectProvider<AccessResolver> accessResolver,
			ObjectProvider<DurableAuditSink> auditSink,
			ObjectProvider<OperationAuditTrail> operationAuditTrail,
			DaoRegistry daos,
			FhirContext fhirContext) {
		return () -> {
			restfulServer.ifAvailable(server -> {
				// the audit trail (IHE BALP): every read, search and write by a client, durably; append-only
				auditSink.ifAvailable(sink -> server.registerInterceptor(
						new BalpAuditCaptureInterceptor(sink, new AuditContext(accessResolver.getIfAvailable(), daos))));
				operationAuditTrail.ifAvailable(server::registerInterceptor);
				server.registerInterceptor(new AuditTrailGuard());
				// who may do what, when the host authenticates its callers (see dev.chartcheck.security)
				accessResolver.ifAvailable(resolver -> {
					ProviderPatients patients = new ProviderPatients(daos);
					server.registerInterceptor(new ProviderSearchNarrowing(resolver, patients));
					server.registerInterceptor(new ChartcheckAuthorization(resolver, patients, fhirContext));
					server.registerInterceptor(new RestrictedData(resolver));
				});
				server.registerProvider(auditOperation);
				server.registerInterceptor(auditReportPage);
				server.registerInterceptor(new AsyncResponses());
				server.registerInterceptor(new WriteOutcomes(writeChecks));
			});
			storageInterceptors.registerInterceptor(attestationRules);
			storageInterceptors.registerInterceptor(writeChecks);
			storageInterceptors.registerInterceptor(noteClones);
			storageInterceptors.registerInterceptor(new RecordWrites(checkStates));
			storageInterceptors.registerInterceptor(new GapTransitions(activity));
		};
	}
}
