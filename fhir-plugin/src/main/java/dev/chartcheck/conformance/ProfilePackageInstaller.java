package dev.chartcheck.conformance;

import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.packages.PackageInstallOutcomeJson;
import ca.uhn.fhir.jpa.packages.PackageInstallationSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the Chartcheck conformance package (profiles, CodeSystems, ValueSets, SearchParameters,
 * OperationDefinition, Measure) into the server with HAPI's own package installer, so that the
 * resources are served, the search parameters are indexed and {@code $validate} knows the profiles. A package whose
 * exact content the server records as installed (see {@link ChartcheckDevice}) is not installed again: HAPI's
 * installer would compare every resource with its stored copy, some ten seconds of every start for nothing.
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
	private final byte[] contents = packageBytes();
	private final String identity;

	public ProfilePackageInstaller(IPackageInstallerSvc installer, String version) {
		this.installer = installer;
		this.version = version;
		this.identity = PACKAGE_NAME + "#" + version + " sha256:" + HexFormat.of().formatHex(sha256(contents));
	}

	/** The package's name, version and the SHA-256 of its bytes: what the server records once it is installed. */
	public String identity() {
		return identity;
	}

	/**
	 * Installs the package unless {@code recorded} (what the server records as installed) is this very package;
	 * answers whether it installed it.
	 */
	public boolean installUnlessInstalled(Optional<String> recorded) {
		if (recorded.filter(identity::equals).isPresent()) {
			log.info("FHIR package {}#{} already installed, with the same content: not installed again", PACKAGE_NAME, version);
			return false;
		}
		install();
		return true;
	}

	private void install() {
		long started = System.currentTimeMillis();
		PackageInstallationSpec spec = new PackageInstallationSpec()
				.setName(PACKAGE_NAME)
				.setVersion(version)
				.setPackageContents(contents)
				.setInstallMode(PackageInstallationSpec.InstallModeEnum.STORE_AND_INSTALL);
		// HAPI's default list leaves out the OperationDefinition and the Measure
		spec.setInstallResourceTypes(INSTALLED_TYPES);
		PackageInstallOutcomeJson outcome = installer.install(spec);
		log.info("Installed FHIR package {}#{} in {} ms: {}", PACKAGE_NAME, version,
				System.currentTimeMillis() - started, outcome.getResourcesInstalled());
	}

	private static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java runtime has SHA-256", e);
		}
	}

	private static byte[] packageBytes() {
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
