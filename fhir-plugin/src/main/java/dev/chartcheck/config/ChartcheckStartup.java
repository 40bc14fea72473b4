package dev.chartcheck.config;

import dev.chartcheck.check.StandardMode;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import dev.chartcheck.conformance.ChartcheckDevice;
import dev.chartcheck.storage.NoteClones;
import dev.chartcheck.standards.ClonedDocumentation;
import dev.chartcheck.conformance.ProfilePackageInstaller;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Makes sure the Chartcheck Device exists, installs the profiles package (unless the Device records that very package
 * as installed), and builds the clone index from the stored notes (unless {@code cloned-documentation} is off). It runs
 * once the context is refreshed, after HAPI has registered its Batch2 job definitions (installing SearchParameters
 * starts a reindex job). The web server already answers by then; Spring Boot reports the application ready
 * ({@code /actuator/health/readiness}) only once this is done.
 */
public class ChartcheckStartup {

	private static final Logger log = LoggerFactory.getLogger(ChartcheckStartup.class);

	private final ObjectProvider<IPackageInstallerSvc> packageInstaller;
	private final DaoRegistry daos;
	private final ChartcheckProperties properties;
	private final NoteClones noteClones;
	private boolean done;

	public ChartcheckStartup(
			ObjectProvider<IPackageInstallerSvc> packageInstaller,
			DaoRegistry daos,
			ChartcheckProperties properties,
			NoteClones noteClones) {
		this.packageInstaller = packageInstaller;
		this.daos = daos;
		this.properties = properties;
		this.noteClones = noteClones;
	}

	@EventListener(ContextRefreshedEvent.class)
	@Order(Ordered.LOWEST_PRECEDENCE)
	public synchronized void onContextRefreshed() {
		if (done) {
			return;
		}
		done = true;
		// first, as it takes milliseconds: the web server already answers, and every gap names the Device
		Optional<String> installedPackage = ChartcheckDevice.installedPackage(daos);
		ChartcheckDevice.ensureExists(daos, ChartcheckAutoConfiguration.VERSION, installedPackage.orElse(null));
		if (properties.isInstallProfiles()) {
			packageInstaller.ifAvailable(svc -> {
				ProfilePackageInstaller installer = new ProfilePackageInstaller(svc, ChartcheckAutoConfiguration.VERSION);
				if (installer.installUnlessInstalled(installedPackage)) {
					// recorded only once the install is whole: a start cut short installs it again
					ChartcheckDevice.ensureExists(daos, ChartcheckAutoConfiguration.VERSION, installer.identity());
				}
			});
		}
		if (properties.modeOf(ClonedDocumentation.CODE) != StandardMode.OFF) {
			try {
				noteClones.rebuild();
			} catch (RuntimeException e) {
				// the server still serves; cloned-documentation then judges nothing until the next start
				// the type only: a message may quote a stored note
				log.error("The clone index could not be built; cloned-documentation is not checked until the next start: {}",
						e.getClass().getName());
			}
		}
	}
}
