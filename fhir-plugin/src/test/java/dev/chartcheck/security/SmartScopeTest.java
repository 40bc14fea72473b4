package dev.chartcheck.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.security.SmartScope.Context;
import dev.chartcheck.security.SmartScope.Permission;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class SmartScopeTest {

	@Test
	void v2ScopesGrantTheirLetters() {
		SmartScope scope = SmartScope.parse("patient/Observation.rs").orElseThrow();
		assertThat(scope.context()).isEqualTo(Context.PATIENT);
		assertThat(scope.resourceType()).isEqualTo("Observation");
		assertThat(scope.permissions()).containsExactlyInAnyOrder(Permission.READ, Permission.SEARCH);
		assertThat(scope.allows("Observation", Permission.READ)).isTrue();
		assertThat(scope.allows("Observation", Permission.CREATE)).isFalse();
		assertThat(scope.allows("Encounter", Permission.READ)).isFalse();

		assertThat(SmartScope.parse("system/*.cruds").orElseThrow().permissions())
				.isEqualTo(EnumSet.allOf(Permission.class));
		assertThat(SmartScope.parse("user/DocumentReference.cu").orElseThrow().allows("DocumentReference", Permission.UPDATE)).isTrue();
	}

	@Test
	void v1ScopesMapToV2Permissions() {
		assertThat(SmartScope.parse("patient/*.read").orElseThrow().permissions())
				.containsExactlyInAnyOrder(Permission.READ, Permission.SEARCH);
		assertThat(SmartScope.parse("user/Encounter.write").orElseThrow().permissions())
				.containsExactlyInAnyOrder(Permission.CREATE, Permission.UPDATE, Permission.DELETE);
		assertThat(SmartScope.parse("system/*.*").orElseThrow().permissions()).isEqualTo(EnumSet.allOf(Permission.class));
	}

	@Test
	void anythingElseGrantsNothing() {
		for (String text : new String[] {"openid", "fhirUser", "launch/patient", "offline_access", "patient/Observation.sr",
				"patient/Observation.rr", "patient/Observation.", "patient/Observation.x", "patient/observation.rs",
				"clinic/*.read", "patient/Observation.rs?category=laboratory", "system/*.cruds extra"}) {
			assertThat(SmartScope.parse(text)).as(text).isEmpty();
		}
	}
}
