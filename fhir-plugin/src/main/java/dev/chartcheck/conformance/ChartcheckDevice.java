package dev.chartcheck.conformance;

import dev.chartcheck.check.ChartcheckCanonicals;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Optional;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.IdType;

/**
 * The Device that authors Chartcheck's DetectedIssues ({@code Device/chartcheck}), created if missing. Besides
 * Chartcheck's version it records which profiles package was last installed whole (a {@code version} typed
 * {@value #PACKAGE_VERSION_TYPE}), so that a restart need not install the same package again.
 */
public final class ChartcheckDevice {

	/** The {@code Device.version.type} text of the installed profiles package. */
	static final String PACKAGE_VERSION_TYPE = "installed FHIR package";

	private ChartcheckDevice() {}

	/** The profiles package recorded as installed ({@link ProfilePackageInstaller#identity()}), if any. */
	public static Optional<String> installedPackage(DaoRegistry daos) {
		Device device;
		try {
			device = daos.getResourceDao(Device.class).read(new IdType("Device", ChartcheckCanonicals.DEVICE_ID), new SystemRequestDetails());
		} catch (ResourceNotFoundException | ResourceGoneException none) {
			return Optional.empty();
		}
		return device.getVersion().stream()
				.filter(version -> PACKAGE_VERSION_TYPE.equals(version.getType().getText()))
				.map(Device.DeviceVersionComponent::getValue)
				.findFirst();
	}

	/** Stores the Device as this version of Chartcheck, recording {@code installedPackage} (none when null). */
	public static void ensureExists(DaoRegistry daos, String version, String installedPackage) {
		Device device = new Device();
		device.setId(ChartcheckCanonicals.DEVICE_ID);
		device.setStatus(Device.FHIRDeviceStatus.ACTIVE);
		device.addDeviceName().setName("Chartcheck").setType(Device.DeviceNameType.MANUFACTURERNAME);
		device.getType().setText("Documentation-compliance checker");
		device.addVersion().setValue(version);
		if (installedPackage != null) {
			device.addVersion().setValue(installedPackage).getType().setText(PACKAGE_VERSION_TYPE);
		}
		// update is idempotent: HAPI stores no new version when nothing changed
		daos.getResourceDao(Device.class).update(device, new SystemRequestDetails());
	}
}
