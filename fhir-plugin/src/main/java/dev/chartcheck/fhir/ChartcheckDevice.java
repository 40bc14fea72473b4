package dev.chartcheck.fhir;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.r4.model.Device;

/** The Device that authors Chartcheck's DetectedIssues ({@code Device/chartcheck}), created if missing. */
public final class ChartcheckDevice {

	private ChartcheckDevice() {}

	public static void ensureExists(DaoRegistry daos, String version) {
		Device device = new Device();
		device.setId(ChartcheckCanonicals.DEVICE_ID);
		device.setStatus(Device.FHIRDeviceStatus.ACTIVE);
		device.addDeviceName().setName("Chartcheck").setType(Device.DeviceNameType.MANUFACTURERNAME);
		device.getType().setText("Documentation-compliance checker");
		device.addVersion().setValue(version);
		// update is idempotent: HAPI stores no new version when nothing changed
		daos.getResourceDao(Device.class).update(device, new SystemRequestDetails());
	}
}
