package io.moat.journeys.calendar;

import java.time.Instant;
import java.time.LocalDate;

/** A slot on one local day, and the instant that day's local time falls on in the workspace's zone. */
public record Occurrence(SopSlot slot, LocalDate date, Instant at) {}
