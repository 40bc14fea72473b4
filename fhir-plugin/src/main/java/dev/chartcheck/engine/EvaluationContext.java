package dev.chartcheck.engine;

import java.time.Instant;

/** The moment a check runs and the configured windows it measures against. */
public record EvaluationContext(Instant now, Windows windows) {}
