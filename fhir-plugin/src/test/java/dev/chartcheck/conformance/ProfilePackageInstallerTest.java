package dev.chartcheck.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.packages.PackageInstallOutcomeJson;
import ca.uhn.fhir.jpa.packages.PackageInstallationSpec;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The profiles package is installed unless the server records this very package (name, version and bytes) as installed. */
class ProfilePackageInstallerTest {

	private final List<PackageInstallationSpec> installs = new ArrayList<>();
	private final IPackageInstallerSvc hapi = (IPackageInstallerSvc) Proxy.newProxyInstance(getClass().getClassLoader(),
			new Class<?>[] {IPackageInstallerSvc.class}, (proxy, method, args) -> {
				if (!method.getName().equals("install")) {
					throw new UnsupportedOperationException(method.getName());
				}
				installs.add((PackageInstallationSpec) args[0]);
				return new PackageInstallOutcomeJson();
			});

	@Test
	void theIdentityNamesThePackageItsVersionAndTheDigestOfItsBytes() {
		String identity = new ProfilePackageInstaller(hapi, "0.1.0").identity();
		assertThat(identity).matches("dev\\.chartcheck\\.fhir#0\\.1\\.0 sha256:[0-9a-f]{64}");
		assertThat(new ProfilePackageInstaller(hapi, "0.1.0").identity()).isEqualTo(identity);
		assertThat(new ProfilePackageInstaller(hapi, "0.2.0").identity()).isNotEqualTo(identity);
	}

	@Test
	void nothingRecordedIsInstalled() {
		assertThat(new ProfilePackageInstaller(hapi, "0.1.0").installUnlessInstalled(Optional.empty())).isTrue();
		assertThat(installs).hasSize(1);
		assertThat(installs.get(0).getName()).isEqualTo(ProfilePackageInstaller.PACKAGE_NAME);
		assertThat(installs.get(0).getInstallResourceTypes()).containsAll(ProfilePackageInstaller.INSTALLED_TYPES);
	}

	@Test
	void theSamePackageRecordedIsNotInstalledAgain() {
		ProfilePackageInstaller installer = new ProfilePackageInstaller(hapi, "0.1.0");
		assertThat(installer.installUnlessInstalled(Optional.of(installer.identity()))).isFalse();
		assertThat(installs).isEmpty();
	}

	@Test
	void anotherPackageRecordedIsReplaced() {
		ProfilePackageInstaller installer = new ProfilePackageInstaller(hapi, "0.1.0");
		String otherBytes = installer.identity().replaceAll("sha256:.*", "sha256:" + "0".repeat(64));
		assertThat(installer.installUnlessInstalled(Optional.of(otherBytes))).isTrue();
		assertThat(installer.installUnlessInstalled(Optional.of("dev.chartcheck.fhir#0.0.9 sha256:" + "1".repeat(64)))).isTrue();
		assertThat(installs).hasSize(2);
	}
}
