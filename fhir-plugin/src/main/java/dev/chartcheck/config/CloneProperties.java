package dev.chartcheck.config;

import dev.chartcheck.engine.clones.CloneSettings;

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
