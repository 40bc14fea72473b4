package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MeasureReport;

/** A background audit seen from outside, as the kill and shutdown tests follow it: start, progress, answer, scores. */
final class BackgroundAuditJob {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final Pattern PROGRESS = Pattern.compile("(\\d+) of (\\d+) records checked");

	/** How far the job was: records checked, of how many. */
	record Progress(int done, int total) {}

	private BackgroundAuditJob() {}

	/** Starts {@code audit} ({@code Prefer: respond-async}) and answers its status path ({@code /$audit-status?…}). */
	static String start(ServerProcess server, String audit) {
		HttpResponse<String> started = server.http().send("GET", audit, null, Map.of("Prefer", "respond-async"));
		assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
		String location = started.headers().firstValue("Content-Location").orElseThrow();
		return location.substring(location.indexOf("/$audit-status"));
	}

	/** Polls the job until it has checked some records; it must still be running then. */
	static Progress awaitSomeProgress(ServerProcess server, String statusUrl) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
		while (Instant.now().isBefore(deadline)) {
			HttpResponse<String> status = server.http().send("GET", statusUrl, null, Map.of());
			assertThat(status.statusCode())
					.as("the audit finished before it could be interrupted; give it more records: %s", status.body())
					.isEqualTo(202);
			Matcher progress = PROGRESS.matcher(status.headers().firstValue("X-Progress").orElse(""));
			if (progress.matches() && Integer.parseInt(progress.group(1)) > 0) {
				return new Progress(Integer.parseInt(progress.group(1)), Integer.parseInt(progress.group(2)));
			}
			Thread.sleep(100);
		}
		throw new AssertionError("the audit made no progress within 3 minutes:\n" + server.tail());
	}

	/** Polls the status until it is no longer {@code 202} or {@code patience} has passed; answers the last status. */
	static HttpResponse<String> await(ServerProcess server, String statusUrl, Duration patience) throws InterruptedException {
		Instant deadline = Instant.now().plus(patience);
		HttpResponse<String> status = server.http().send("GET", statusUrl, null, Map.of());
		while (status.statusCode() == 202 && Instant.now().isBefore(deadline)) {
			Thread.sleep(500);
			status = server.http().send("GET", statusUrl, null, Map.of());
		}
		return status;
	}

	/** The MeasureReport an audit's answer (a Bundle) opens with. */
	static MeasureReport report(HttpResponse<String> response) {
		return (MeasureReport) FHIR.newJsonParser().parseResource(Bundle.class, response.body()).getEntryFirstRep().getResource();
	}

	/** Every group's populations and score, and every stratum's populations, in order. */
	static List<String> scores(MeasureReport report) {
		List<String> scores = new ArrayList<>();
		for (MeasureReport.MeasureReportGroupComponent group : report.getGroup()) {
			scores.add(group.getId() + " " + group.getPopulation().stream()
					.map(p -> p.getCode().getCodingFirstRep().getCode() + "=" + p.getCount()).toList()
					+ " " + group.getMeasureScore().getValue());
			for (MeasureReport.MeasureReportGroupStratifierComponent stratifier : group.getStratifier()) {
				for (MeasureReport.StratifierGroupComponent stratum : stratifier.getStratum()) {
					scores.add(group.getId() + " " + stratifier.getCodeFirstRep().getText() + "=" + stratum.getValue().getText()
							+ " " + stratum.getPopulation().stream().map(p -> String.valueOf(p.getCount())).toList());
				}
			}
		}
		return scores;
	}
}
