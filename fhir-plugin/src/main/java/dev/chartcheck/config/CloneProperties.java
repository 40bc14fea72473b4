package dev.chartcheck.config;

import dev.chartcheck.engine.clones.CloneSettings;
import java.time.Duration;

/**
 * How the {@code cloned-documentation} standard measures near-identical notes ({@code chartcheck.clones.*}). The
 * defaults are {@link CloneSettings#defaults()}, chosen by measurement on a planted-clone corpus (see
 * {@code docs/BENCHMARKS.md}); the signature and banding are fixed, since they are what makes the index small.
 */
public class CloneProperties {

	private static final CloneSettings DEFAULTS = CloneSettings.defaults();

	/** The Jaccard similarity of two notes' content (template text left out) from which the later one is a clone. */
	private double threshold = DEFAULTS.threshold();
	/** Words per shingle. */
	private int shingleSize = DEFAULTS.shingleSize();
	/** A phrase is template text only once it recurs in at least this many notes… */
	private int boilerplateMinNotes = DEFAULTS.boilerplateMinNotes();
	/** …and at least this many authors each use it in a good share of their notes. */
	private int boilerplateMinAuthors = DEFAULTS.boilerplateMinAuthors();
	private long verifyCacheMb = 64;
	private Duration syncInterval = Duration.ofSeconds(10);

	/**
	 * The most megabytes of stored notes' shingles held in memory to verify clone candidates (about 1 KB a note of
	 * 120 words); the rest is read from the database when a candidate needs it.
	 */
	public long getVerifyCacheMb() {
		return verifyCacheMb;
	}

	public void setVerifyCacheMb(long verifyCacheMb) {
		if (verifyCacheMb < 1) {
			throw new IllegalArgumentException("chartcheck.clones.verify-cache-mb must be at least 1");
		}
		this.verifyCacheMb = verifyCacheMb;
	}

	/**
	 * How often this server takes into its clone index the notes written through other servers that share its
	 * database; {@code 0s} never (a server alone).
	 */
	public Duration getSyncInterval() {
		return syncInterval;
	}

	public void setSyncInterval(Duration syncInterval) {
		if (syncInterval.isNegative()) {
			throw new IllegalArgumentException("chartcheck.clones.sync-interval must not be negative");
		}
		this.syncInterval = syncInterval;
	}

	/** The settings the clone detector runs with; fails on values out of range, naming them. */
	public CloneSettings toSettings() {
		try {
			return DEFAULTS.withThreshold(threshold)
					.withShingleSize(shingleSize)
					.withBoilerplate(boilerplateMinNotes, boilerplateMinAuthors);
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("chartcheck.clones: " + e.getMessage(), e);
		}
	}

	public double getThreshold() {
		return threshold;
	}

	public void setThreshold(double threshold) {
		this.threshold = threshold;
	}

	public int getShingleSize() {
		return shingleSize;
	}

	public void setShingleSize(int shingleSize) {
		this.shingleSize = shingleSize;
	}

	public int getBoilerplateMinNotes() {
		return boilerplateMinNotes;
	}

	public void setBoilerplateMinNotes(int boilerplateMinNotes) {
		this.boilerplateMinNotes = boilerplateMinNotes;
	}

	public int getBoilerplateMinAuthors() {
		return boilerplateMinAuthors;
	}

	public void setBoilerplateMinAuthors(int boilerplateMinAuthors) {
		this.boilerplateMinAuthors = boilerplateMinAuthors;
	}
}
