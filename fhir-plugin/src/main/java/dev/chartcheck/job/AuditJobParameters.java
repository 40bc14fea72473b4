package dev.chartcheck.job;

import ca.uhn.fhir.model.api.IModelJson;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/** What a background population audit was asked, fixed when it starts so that a resumed job gives the same answer. */
public class AuditJobParameters implements IModelJson {

	@JsonProperty("subject")
	public String subject;

	@JsonProperty("periodStart")
	public String periodStart;

	@JsonProperty("periodEnd")
	public String periodEnd;

	@JsonProperty("standards")
	public List<String> standards = new ArrayList<>();

	@JsonProperty("persist")
	public boolean persist;

	/** Check every record again, even those whose findings are kept current. */
	@JsonProperty("full")
	public boolean full;

	@JsonProperty("sampleSize")
	public Integer sampleSize;

	@JsonProperty("seed")
	public long seed;

	/** The records drawn, decided when the audit was asked for. */
	@JsonProperty("drawn")
	public List<String> drawn = new ArrayList<>();

	@JsonProperty("population")
	public int population;

	/** The audit's "now", an instant: every chunk checks as of the moment the audit was asked for. */
	@JsonProperty("now")
	public String now;
}
