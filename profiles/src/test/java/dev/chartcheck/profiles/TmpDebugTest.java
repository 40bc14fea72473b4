package dev.chartcheck.profiles;
import static dev.chartcheck.profiles.ChartcheckPackageFixture.*;
import org.junit.jupiter.api.Test;
class TmpDebugTest {
	@Test
	void print() {
		resources().forEach((name, r) -> {
			if (name.matches(".*(Questionnaire|Provenance|MeasureReport|Measure-|audit-sample|compliance-goal|goal-met|overall|previous|overdue).*")) {
				validator.validateWithResult(r).getMessages().forEach(m ->
					System.out.println("DBG " + name + " " + m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage()));
			}
		});
	}
}
