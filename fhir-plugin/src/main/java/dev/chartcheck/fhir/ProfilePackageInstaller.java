package dev.chartcheck.fhir;

import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.packages.PackageInstallOutcomeJson;
import ca.uhn.fhir.jpa.packages.PackageInstallationSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the Chartcheck conformance package (profiles, CodeSystems, ValueSets, SearchParameters,
 * OperationDefinition, Measure) into the server with HAPI's own package installer, so that the
 * resources are served, the search parameters are indexed and {@code $validate} knows the profiles.
 */
public class ProfilePackageInstaller {

	/** Where the {@code profiles} module puts the package on the classpath. */
	public static final String PACKAGE_RESOURCE = "chartcheck-profiles.tgz";
	public static final String PACKAGE_NAME = "dev.chartcheck.fhir";

	static final List<String> INSTALLED_TYPES = List.of(
			"CodeSystem", "ValueSet", "StructureDefinition", "SearchParameter", "OperationDefinition", "Measure",
			"Questionnaire");

	private static final Logger log = LoggerFactory.getLogger(ProfilePackageInstaller.class);

	private final IPackageInstallerSvc installer;
	private final String version;

	public ProfilePackageInstaller(IPackageInstallerSvc installer, String version) {
		this.installer = installer;
		this.version = version;
	}

	public void install() {
		long started = System.currentTimeMillis();
		PackageInstallationSpec spec = new PackageInstallationSpec()
				.setName(PACKAGE_NAME)
				.setVersion(version)
				.setPackageContents(packageBytes())
				.setInstallMode(PackageInstallationSpec.InstallModeEnum.STORE_AND_INSTALL);
		// HAPI's default list leaves out the OperationDefinition and the Measure
		spec.setInstallResourceTypes(INSTALLED_TYPES);
		PackageInstallOutcomeJson outcome = installer.install(spec);
		log.info("Installed FHIR package {}#{} in {} ms: {}", PACKAGE_NAME, version,
				System.currentTimeMillis() - started, outcome.getResourcesInstalled());
	}

	static byte[] packageBytes() {
		try (InputStream in = ProfilePackageInstaller.class.getClassLoader().getResourceAsStream(PACKAGE_RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(PACKAGE_RESOURCE + " is not on the classpath: is the profiles jar missing?");
			}
			return in.readAllBytes();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
